/**
 * Login attempt limiting per (username, address) and per address: a fixed budget of failures
 * per window, after which attempts are refused until the window passes. In memory: a restart
 * resets it, which is acceptable for a LAN server and keeps the login path free of disk writes.
 */

/** Options of {@link LoginRateLimiter}. */
export interface RateLimitOptions {
  /** Failures allowed per user+address within the window. */
  maxPerUser: number;
  /** Failures allowed per address (any user) within the window. */
  maxPerAddress: number;
  windowMs: number;
  now?: () => number;
}

interface Bucket {
  count: number;
  resetAt: number;
}

/** Counts failed logins and says when to refuse. */
export class LoginRateLimiter {
  #buckets = new Map<string, Bucket>();
  #opts: Required<RateLimitOptions>;

  constructor(opts: Partial<RateLimitOptions> = {}) {
    this.#opts = {
      maxPerUser: opts.maxPerUser ?? 5,
      maxPerAddress: opts.maxPerAddress ?? 20,
      windowMs: opts.windowMs ?? 15 * 60_000,
      now: opts.now ?? Date.now,
    };
  }

  #keys(username: string, address: string): [string, number][] {
    return [
      [`u:${username.toLowerCase()}|${address}`, this.#opts.maxPerUser],
      [`a:${address}`, this.#opts.maxPerAddress],
    ];
  }

  /** Seconds to wait before another attempt is allowed, or 0 when allowed now. */
  retryAfter(username: string, address: string): number {
    const now = this.#opts.now();
    let wait = 0;
    for (const [key, max] of this.#keys(username, address)) {
      const b = this.#buckets.get(key);
      if (!b) continue;
      if (b.resetAt <= now) {
        this.#buckets.delete(key);
        continue;
      }
      if (b.count >= max) wait = Math.max(wait, Math.ceil((b.resetAt - now) / 1000));
    }
    return wait;
  }

  /** Records a failed attempt. */
  fail(username: string, address: string): void {
    const now = this.#opts.now();
    for (const [key] of this.#keys(username, address)) {
      const b = this.#buckets.get(key);
      if (!b || b.resetAt <= now) {
        this.#buckets.set(key, { count: 1, resetAt: now + this.#opts.windowMs });
      } else b.count++;
    }
    if (this.#buckets.size > 10_000) this.#sweep(now);
  }

  /** Clears the user's failures after a successful login. */
  succeed(username: string, address: string): void {
    this.#buckets.delete(this.#keys(username, address)[0][0]);
  }

  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) if (b.resetAt <= now) this.#buckets.delete(key);
  }
}
