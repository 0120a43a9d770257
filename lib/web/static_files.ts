/**
 * Files under `static/` served at `/static/…` through the shared byte server (ETags, ranges,
 * conditional requests). Island bundles under `static/_rf/<build_id>/` and URLs made by
 * {@link assetUrl} (`?v=<content hash>`) never change content, so they are cached for a year
 * as immutable; everything else is revalidated with its ETag on each use.
 *
 * Paths resolve against this module's URL, so `deno compile --include static` works unchanged.
 */
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { FileNotFoundError, serveFile } from "../http/serve_file.ts";
import { contentTypeFor } from "../http/content_type.ts";
import { HttpError } from "../errors.ts";

/** The static folder on disk (inside the binary when compiled). */
export const STATIC_DIR = fileURLToPath(new URL("../../static/", import.meta.url));

/** Cache-Control for content that never changes under its URL. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/** Cache-Control for other static files: cache, but revalidate with the ETag each time. */
export const REVALIDATE = "public, no-cache";

/**
 * Checks a path relative to static/ from a URL and returns its segments, or undefined when it
 * must not be served: empty, `.`/`..` segments, hidden files, backslashes, NUL, or the build's
 * own bookkeeping (`_rf/manifest.json`).
 */
export function safeStaticPath(rel: string): string[] | undefined {
  if (rel === "" || rel.length > 1024 || /[\\\0]/.test(rel)) return undefined;
  const parts = rel.split("/");
  for (const p of parts) {
    if (p === "" || p.startsWith(".")) return undefined;
  }
  if (parts[0] === "_rf" && parts.length < 3) return undefined;
  return parts;
}

/** The Cache-Control for a static file request. */
export function staticCacheControl(parts: string[], url: URL): string {
  // `_rf/<build_id>/…`: the build id is a hash of the build's content.
  if (parts[0] === "_rf") return IMMUTABLE;
  const v = url.searchParams.get("v");
  if (v && v === fileHash(parts.join("/"))) return IMMUTABLE;
  return REVALIDATE;
}

/** Serves `static/<rel>` for a GET or HEAD; a 404 HttpError when it is not there. */
export async function serveStatic(req: Request, rel: string): Promise<Response> {
  const parts = safeStaticPath(rel);
  if (!parts) throw new HttpError("not_found", "File not found");
  const path = join(STATIC_DIR, ...parts);
  try {
    return await serveFile(req, path, {
      contentType: contentTypeFor(path),
      cacheControl: staticCacheControl(parts, new URL(req.url)),
    });
  } catch (err) {
    if (err instanceof FileNotFoundError) throw new HttpError("not_found", "File not found");
    throw err;
  }
}

const hashes = new Map<string, string>();

function fileHash(rel: string): string | undefined {
  let h = hashes.get(rel);
  if (h === undefined) {
    try {
      const bytes = Deno.readFileSync(join(STATIC_DIR, ...rel.split("/")));
      h = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
    } catch {
      return undefined;
    }
    hashes.set(rel, h);
  }
  return h;
}

/**
 * The URL of a static file with its content hash (`/static/style.css?v=1a2b3c4d5e`), so pages
 * can let browsers cache it for good. The hash is computed once per process.
 */
export function assetUrl(rel: string): string {
  const h = fileHash(rel);
  return h ? `/static/${rel}?v=${h}` : `/static/${rel}`;
}
