/**
 * Matches request paths to routes: a Map for static paths first, then the sorted URLPattern
 * list (the two-level design of Fresh 2's router, with Deno's built-in URLPattern).
 */
import { compareRoutePatterns } from "./route_path.ts";

/** A match: the route's value and decoded params. */
export interface RouteMatch<T> {
  value: T;
  pattern: string;
  params: Record<string, string>;
}

/** Routes by pattern. */
export class Router<T> {
  #static = new Map<string, { value: T; pattern: string }>();
  #dynamic: { pattern: string; re: URLPattern; value: T }[] = [];

  /** Adds a route; throws when the pattern is already taken. */
  add(pattern: string, value: T): void {
    if (!pattern.includes(":")) {
      if (this.#static.has(pattern)) throw new Error(`Two routes for "${pattern}"`);
      this.#static.set(pattern, { value, pattern });
      return;
    }
    if (this.#dynamic.some((r) => r.pattern === pattern)) {
      throw new Error(`Two routes for "${pattern}"`);
    }
    this.#dynamic.push({ pattern, re: new URLPattern({ pathname: pattern }), value });
    this.#dynamic.sort((a, b) => compareRoutePatterns(a.pattern, b.pattern));
  }

  /** Finds the route for a path; a trailing slash is ignored. */
  match(pathname: string): RouteMatch<T> | undefined {
    const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    const hit = this.#static.get(path);
    if (hit) return { value: hit.value, pattern: hit.pattern, params: {} };
    for (const r of this.#dynamic) {
      const m = r.re.exec({ pathname: path });
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.pathname.groups)) {
        if (v === undefined) continue;
        try {
          params[k] = decodeURIComponent(v);
        } catch {
          return undefined; // malformed percent-encoding: no route can match it
        }
      }
      return { value: r.value, pattern: r.pattern, params };
    }
    return undefined;
  }

  /** All patterns, static first then in match order. */
  patterns(): string[] {
    return [...this.#static.keys(), ...this.#dynamic.map((r) => r.pattern)];
  }
}
