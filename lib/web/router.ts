/**
 * Matches request paths to routes: a Map for static paths first, then the sorted dynamic
 * patterns (the two-level design of Fresh 2's router). Patterns use URLPattern's syntax
 * (`:id`, `:rest*`) but are compiled to one anchored RegExp each: media requests go through
 * here hundreds of times a second, and URLPattern.exec costs an order of magnitude more.
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
  #dynamic: { pattern: string; re: RegExp; names: string[]; value: T }[] = [];

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
    const { re, names } = compilePattern(pattern);
    this.#dynamic.push({ pattern, re, names, value });
    this.#dynamic.sort((a, b) => compareRoutePatterns(a.pattern, b.pattern));
  }

  /** Finds the route for a path; a trailing slash is ignored. */
  match(pathname: string): RouteMatch<T> | undefined {
    const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    const hit = this.#static.get(path);
    if (hit) return { value: hit.value, pattern: hit.pattern, params: {} };
    for (const r of this.#dynamic) {
      const m = r.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < r.names.length; i++) {
        const v = m[i + 1];
        if (v === undefined) continue;
        try {
          params[r.names[i]] = decodeURIComponent(v);
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

/**
 * Compiles a route pattern to an anchored RegExp: `:name` matches one non-empty segment,
 * `:name*` any rest of the path (also empty, with its leading slash optional).
 */
export function compilePattern(pattern: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  let source = "";
  for (const segment of pattern.split("/").slice(1)) {
    const rest = /^:([A-Za-z_][A-Za-z0-9_]*)\*$/.exec(segment);
    const param = /^:([A-Za-z_][A-Za-z0-9_]*)$/.exec(segment);
    if (rest) {
      names.push(rest[1]);
      source += "(?:/(.*))?";
    } else if (param) {
      names.push(param[1]);
      source += "/([^/]+)";
    } else source += "/" + segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return { re: new RegExp(`^${source}$`), names };
}
