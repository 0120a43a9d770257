/**
 * Fresh-style file-route conventions: turns a file path under `routes/` into a URL pattern and
 * orders routes so static segments win over dynamic ones.
 *
 * `index` → the folder's path, `[id]` → `:id`, `[...rest]` → `:rest*` (any depth), `(group)` folders
 * drop out of the URL. Names starting with `_` are special files (`_app`, `_layout`,
 * `_middleware`, `_404`, `_error`), not routes.
 */

/** Kinds of file under routes/. */
export type RouteFileKind = "route" | "app" | "layout" | "middleware" | "notFound" | "error";

/** What a file under routes/ is, and where it applies. */
export interface RouteFileInfo {
  kind: RouteFileKind;
  /** URL pattern for routes; the folder's URL prefix for special files ("/", "/api"). */
  pattern: string;
  /** True when the pattern has no parameters. */
  isStatic: boolean;
}

const SPECIAL: Record<string, RouteFileKind> = {
  _app: "app",
  _layout: "layout",
  _middleware: "middleware",
  _404: "notFound",
  _error: "error",
};

/** True for files that are tests, not routes (`*_test.ts`, `*.test.tsx`). */
export function isTestFile(path: string): boolean {
  return /(^|[/_.])test\.(ts|tsx|js|jsx)$/.test(path);
}

/**
 * Classifies a path relative to routes/ (with `/` separators and extension), e.g.
 * `api/items/[id]/stream.ts` → `{kind: "route", pattern: "/api/items/:id/stream"}`.
 * Throws a SyntaxError for names the conventions do not allow.
 */
export function routeFileInfo(relPath: string): RouteFileInfo {
  const noExt = relPath.replace(/\.(tsx|ts|jsx|js)$/, "");
  if (noExt === relPath) {
    throw new SyntaxError(`Route file "${relPath}" needs a .ts/.tsx extension`);
  }
  const parts = noExt.split("/");
  const base = parts.pop()!;
  const segments: string[] = [];
  for (const dir of parts) {
    if (/^\(.+\)$/.test(dir)) continue;
    segments.push(segmentPattern(dir, relPath));
  }
  const prefix = "/" + segments.join("/");
  const special = SPECIAL[base];
  if (special) return { kind: special, pattern: prefix, isStatic: !prefix.includes(":") };
  if (base.startsWith("_")) {
    throw new SyntaxError(
      `Route file "${relPath}": unknown special file "${base}" (use _app, _layout, _middleware, _404 or _error)`,
    );
  }
  if (base !== "index") segments.push(segmentPattern(base, relPath));
  const pattern = "/" + segments.join("/");
  return { kind: "route", pattern, isStatic: !pattern.includes(":") };
}

function segmentPattern(segment: string, relPath: string): string {
  const rest = /^\[\.\.\.([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(segment);
  if (rest) return `:${rest[1]}*`;
  const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(segment);
  if (param) return `:${param[1]}`;
  if (/[\[\]]/.test(segment)) {
    throw new SyntaxError(
      `Route file "${relPath}": segment "${segment}" mixes text and [params]; use one [param] per segment`,
    );
  }
  return segment;
}

/**
 * Sort order for route patterns: fewer dynamic segments first at each position; a catch-all
 * (`:x*`) last. Used by the manifest and the router so matching is deterministic.
 */
export function compareRoutePatterns(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  const n = Math.max(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const ra = rank(sa[i]);
    const rb = rank(sb[i]);
    if (ra !== rb) return ra - rb;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function rank(segment: string | undefined): number {
  if (segment === undefined) return 0;
  if (segment.endsWith("*")) return 3;
  if (segment.startsWith(":")) return 2;
  return 1;
}
