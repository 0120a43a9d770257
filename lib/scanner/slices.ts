/**
 * Cooperative slicing for long synchronous computations. The planner and the index diff are
 * written as generators that `yield` between files; the scanner runs them a few milliseconds at
 * a time so requests (streams, page loads) are served during a scan, while tests and tools run
 * them to completion in one go.
 */

/** A computation that pauses (yields nothing) at points where it may be interrupted. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to completion synchronously. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs steps, yielding to the event loop whenever `sliceMs` of work has passed. `setTimeout`
 * (not a microtask or MessageChannel) is what lets Deno poll I/O in between.
 */
export async function runStepsSliced<T>(steps: Steps<T>, sliceMs = 16): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      start = performance.now();
    }
  }
}

/** How many files a step loop handles between pause points. */
export const STEP_EVERY = 256;
