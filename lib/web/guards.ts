/** Request guards and input helpers shared by API handlers. */
import { HttpError } from "../errors.ts";
import type { User } from "../db/users.ts";
import type { RouteContext } from "./types.ts";

/** The signed-in user, or a 401. */
export function requireUser(ctx: RouteContext): User {
  const user = ctx.state.user;
  if (!user) {
    throw new HttpError("unauthorized", "Sign in first", {
      "www-authenticate": 'Bearer realm="rustfin"',
    });
  }
  return user;
}

/** The signed-in admin, or 401/403. */
export function requireAdmin(ctx: RouteContext): User {
  const user = requireUser(ctx);
  if (!user.is_admin) throw new HttpError("forbidden", "Only admins may do this");
  return user;
}

/** Parses the JSON body as an object, or a 400. */
export async function readJsonObject(ctx: RouteContext): Promise<Record<string, unknown>> {
  const type = ctx.req.headers.get("content-type") ?? "";
  const text = await ctx.req.text();
  if (text.length > 1_000_000) throw new HttpError("bad_request", "Body too large");
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError("bad_request", "Body is not valid JSON");
  }
  if (!type.includes("json") && text !== "") {
    throw new HttpError("bad_request", "Send the body as application/json");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError("bad_request", "Body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** A required non-empty string field, or a 400 naming it. */
export function stringField(body: Record<string, unknown>, name: string, max = 500): string {
  const v = body[name];
  if (typeof v !== "string" || v.trim() === "") {
    throw new HttpError("bad_request", `"${name}" must be a non-empty string`);
  }
  if (v.length > max) throw new HttpError("bad_request", `"${name}" is longer than ${max}`);
  return v;
}

/** An optional integer query parameter within bounds, or a 400 naming it. */
export function intParam(
  url: URL,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError("bad_request", `"${name}" must be an integer`);
  const n = Number(raw);
  if (n < min || n > max) {
    throw new HttpError("bad_request", `"${name}" must be between ${min} and ${max}`);
  }
  return n;
}

/** An optional enumerated query parameter, or a 400 listing the choices. */
export function enumParam<T extends string>(
  url: URL,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new HttpError("bad_request", `"${name}" must be one of ${choices.join(", ")}`);
  }
  return raw as T;
}
