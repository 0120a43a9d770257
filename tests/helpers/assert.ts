/**
 * Minimal assertions for tests (the @std/assert package is on JSR, which is not reachable
 * here). Each throws an AssertionError with a readable message.
 */
import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";

/** An assertion failure. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/** Deep, strict equality. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  try {
    deepStrictEqual(actual, expected);
  } catch (err) {
    throw new AssertionError(`${msg ? msg + ": " : ""}${(err as Error).message}`);
  }
}

/** Deep, strict inequality. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  try {
    notDeepStrictEqual(actual, expected);
  } catch {
    throw new AssertionError(msg ?? `Expected values to differ: ${Deno.inspect(actual)}`);
  }
}

/** A truthy value. */
export function assert(value: unknown, msg = "Expected a truthy value"): asserts value {
  if (!value) throw new AssertionError(msg);
}

/** A string containing a substring. */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (!actual.includes(expected)) {
    throw new AssertionError(
      msg ??
        `Expected ${JSON.stringify(actual.slice(0, 500))} to include ${JSON.stringify(expected)}`,
    );
  }
}

/** A string matching a regular expression. */
export function assertMatch(actual: string, re: RegExp, msg?: string): void {
  if (!re.test(actual)) {
    throw new AssertionError(
      msg ?? `Expected ${JSON.stringify(actual.slice(0, 500))} to match ${re}`,
    );
  }
}

/** Numbers within epsilon. */
export function assertAlmostEquals(actual: number, expected: number, epsilon = 1e-7, msg?: string) {
  if (Math.abs(actual - expected) > epsilon) {
    throw new AssertionError(msg ?? `Expected ${actual} to be within ${epsilon} of ${expected}`);
  }
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** `fn` throws (an instance of `cls`, whose message includes `includes`); returns the error. */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  cls?: ErrorClass<E>,
  includes?: string,
): E {
  try {
    fn();
  } catch (err) {
    checkError(err, cls, includes);
    return err as E;
  }
  throw new AssertionError("Expected the function to throw");
}

/** The promise rejects (an instance of `cls`, whose message includes `includes`). */
export async function assertRejects<E extends Error = Error>(
  fn: () => Promise<unknown>,
  cls?: ErrorClass<E>,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (err) {
    checkError(err, cls, includes);
    return err as E;
  }
  throw new AssertionError("Expected the promise to reject");
}

function checkError(err: unknown, cls?: ErrorClass<Error>, includes?: string): void {
  if (cls && !(err instanceof cls)) {
    throw new AssertionError(`Expected ${cls.name}, got ${Deno.inspect(err)}`);
  }
  if (includes && !String((err as Error)?.message).includes(includes)) {
    throw new AssertionError(
      `Expected message to include ${JSON.stringify(includes)}, got ${
        JSON.stringify((err as Error)?.message)
      }`,
    );
  }
}
