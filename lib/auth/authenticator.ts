/**
 * Logins and credentials: Argon2id passwords, opaque random session tokens stored as SHA-256
 * hashes with a sliding expiry, accepted as `Authorization: Bearer`, `?api_key=` (media URLs,
 * since players cannot set headers) or the HttpOnly session cookie of the web pages.
 */
import type { User, UsersRepo } from "../db/users.ts";
import { newToken, sha256Hex } from "../ids.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { LoginRateLimiter } from "./rate_limit.ts";

/** Name of the session cookie of the web pages. */
export const SESSION_COOKIE = "rustfin_session";

/** How long a checked token is trusted without looking it up again. */
export const TOKEN_CACHE_MS = 5000;

/** Session lifetime, extended while in use. */
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

/** Why a login failed. */
export class LoginError extends Error {
  constructor(
    readonly code: "unauthorized" | "too_many_requests",
    message: string,
    readonly retryAfterS = 0,
  ) {
    super(message);
    this.name = "LoginError";
  }
}

/** The credentials found on a request. */
export interface ResolvedAuth {
  user: User;
  via: "bearer" | "api_key" | "cookie";
  token: string;
}

// A hash to verify against when the user does not exist, so a login for an unknown name
// costs the same time as one with a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** Issues and checks credentials. */
export class Authenticator {
  readonly limiter: LoginRateLimiter;
  #recent = new Map<string, { user: User; until: number }>();

  constructor(private readonly users: UsersRepo, limiter = new LoginRateLimiter()) {
    this.limiter = limiter;
  }

  /** Checks a password and opens a session; throws {@link LoginError}. */
  async login(
    username: string,
    password: string,
    address: string,
    client?: string,
  ): Promise<{ token: string; user: User; expires_at: string }> {
    const wait = this.limiter.retryAfter(username, address);
    if (wait > 0) {
      throw new LoginError(
        "too_many_requests",
        `Too many failed logins; try again in ${wait} s`,
        wait,
      );
    }
    const found = this.users.getWithHash(username);
    const ok = found
      ? await verifyPassword(password, found.password_hash)
      : (await verifyPassword(password, await (dummyHash ??= hashPassword("dummy-password"))),
        false);
    if (!found || !ok) {
      this.limiter.fail(username, address);
      throw new LoginError("unauthorized", "Wrong user name or password");
    }
    this.limiter.succeed(username, address);
    const { password_hash: _, ...user } = found;
    const token = newToken();
    const { expires_at } = this.users.createSession({
      token_hash: await sha256Hex(token),
      user_id: user.id,
      ttl_ms: SESSION_TTL_MS,
      client,
      address,
    });
    return { token, user, expires_at };
  }

  /** Ends the session of a token. */
  async logout(token: string): Promise<void> {
    this.#recent.delete(token);
    this.users.deleteSession(await sha256Hex(token));
  }

  /**
   * Sets a user's password and ends every session of that user at once, remembered tokens
   * included: whoever had the old password is out on their next request.
   */
  async changePassword(userId: string, password: string): Promise<void> {
    this.users.setPassword(userId, await hashPassword(password));
    this.forgetUser(userId);
  }

  /**
   * Forgets the remembered tokens of a user, so its next request is checked against the
   * database again: call it after any change to the user (renamed, promoted or demoted,
   * deleted). A demoted admin's token then carries no admin rights on the very next request,
   * and a deleted user's tokens (whose sessions went with the user) are refused at once.
   */
  forgetUser(userId: string): void {
    for (const [token, entry] of this.#recent) {
      if (entry.user.id === userId) this.#recent.delete(token);
    }
  }

  /**
   * The user of a token, or undefined. A player fetching ranges or segments presents the same
   * token hundreds of times a minute, so a valid token is remembered for a few seconds instead
   * of hashing and querying each time; logout, {@link changePassword} and {@link forgetUser}
   * forget it at once.
   */
  async userForToken(token: string): Promise<User | undefined> {
    if (!token || token.length > 200) return undefined;
    const now = Date.now();
    const cached = this.#recent.get(token);
    if (cached && cached.until > now) return cached.user;
    const hash = await sha256Hex(token);
    const user = this.users.userForSession(hash);
    if (!user) {
      this.#recent.delete(token);
      return undefined;
    }
    this.users.touchSession(hash, SESSION_TTL_MS);
    if (this.#recent.size >= 1000) this.#recent.clear();
    this.#recent.set(token, { user, until: now + TOKEN_CACHE_MS });
    return user;
  }

  /**
   * Finds credentials on a request: Bearer header, then `api_key` query parameter, then the
   * session cookie. Returns undefined when none is valid.
   */
  async resolve(req: Request, url: URL): Promise<ResolvedAuth | undefined> {
    const header = req.headers.get("authorization");
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const candidates: [ResolvedAuth["via"], string | undefined][] = [
      ["bearer", bearer],
      ["api_key", url.searchParams.get("api_key") ?? undefined],
      ["cookie", readCookie(req.headers.get("cookie"), SESSION_COOKIE)],
    ];
    for (const [via, token] of candidates) {
      if (!token) continue;
      const user = await this.userForToken(token);
      if (user) return { user, via, token };
    }
    return undefined;
  }
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A Set-Cookie value for the session cookie (HttpOnly, SameSite=Lax, Path=/). */
export function sessionCookie(token: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${
    encodeURIComponent(token)
  }; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? "; Secure" : ""}`;
}
