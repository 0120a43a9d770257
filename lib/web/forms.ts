/**
 * Helpers for the HTML pages' forms, which work without JavaScript: POST, then 303 to a page
 * (post/redirect/get). Form posts must come from our own pages (Origin / Sec-Fetch-Site), on top
 * of the session cookie's SameSite=Lax, so another site cannot submit them in a user's name.
 */
import { HttpError } from "../errors.ts";
import { SESSION_COOKIE, SESSION_TTL_MS, sessionCookie } from "../auth/authenticator.ts";
import type { RouteContext } from "./types.ts";

/** Largest form body accepted (forms here carry a few short fields). */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * True when a state-changing request comes from this origin: the `Origin` header, when sent,
 * must match; else `Sec-Fetch-Site` must be `same-origin` or `none` (typed URL); requests with
 * neither (old clients, curl) are allowed, since the cookie is SameSite=Lax anyway.
 */
export function isSameOrigin(req: Request, url: URL): boolean {
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== "null") return origin === url.origin;
  if (origin === "null") return false;
  const site = req.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/** Reads a urlencoded or multipart form after the same-origin check; 403/400 otherwise. */
export async function readForm(ctx: RouteContext): Promise<URLSearchParams> {
  if (!isSameOrigin(ctx.req, ctx.url)) {
    throw new HttpError("forbidden", "This form must be sent from Rustfin's own pages");
  }
  const length = Number(ctx.req.headers.get("content-length") ?? "0");
  if (length > MAX_FORM_BYTES) throw new HttpError("bad_request", "Form too large");
  const type = ctx.req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const data = await ctx.req.formData();
    const out = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === "string") out.append(k, v);
    return out;
  }
  const text = await ctx.req.text();
  if (text.length > MAX_FORM_BYTES) throw new HttpError("bad_request", "Form too large");
  return new URLSearchParams(text);
}

/**
 * A local path to go to after login, or `fallback`: only same-origin paths (`/x?y#z`), never
 * `//host`, `/\host`, `javascript:` or absolute URLs (open-redirect protection).
 */
export function safeNext(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || raw.length > 2000 || !raw.startsWith("/") || raw.startsWith("//")) return fallback;
  // Browsers treat a backslash like a slash and drop tabs/newlines, so "/\evil.com" or
  // "/\t/evil.com" would leave the site.
  if ([...raw].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c === "\x7f")) {
    return fallback;
  }
  try {
    const base = "http://rustfin.invalid";
    const u = new URL(raw, base);
    if (u.origin !== base) return fallback;
    return u.pathname + u.search + u.hash;
  } catch {
    return fallback;
  }
}

/** A 303 See Other to a local path, with optional extra headers (Set-Cookie). */
export function redirect(location: string, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("location", location);
  h.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers: h });
}

/** The Set-Cookie value that signs the browser in, Secure on HTTPS. */
export function loginCookie(token: string, url: URL): string {
  return sessionCookie(token, Math.floor(SESSION_TTL_MS / 1000), url.protocol === "https:");
}

/** The Set-Cookie value that removes the session cookie. */
export function logoutCookie(url: URL): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${
    url.protocol === "https:" ? "; Secure" : ""
  }`;
}
