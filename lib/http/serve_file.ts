/**
 * The one audited byte server: answers GET and HEAD for a file on disk (or bytes in memory) with
 * validators, conditional requests (RFC 9110 §13), byte ranges (§14) and multipart/byteranges,
 * streaming the file in bounded chunks. The stream, subtitle, image and static endpoints all go
 * through {@linkcode serveFile} so that these rules live in a single place.
 *
 * @module
 */

import { errorResponse } from "../errors.ts";
import { evaluatePreconditions, formatHttpDate, strongEtag } from "./conditional.ts";
import { contentTypeFor } from "./content_type.ts";
import { type ByteRange, parseRangeHeader, rangesLength } from "./range.ts";

/**
 * Bytes read from disk per chunk of a JS-streamed body (bounded ranges and multipart). Large
 * enough that a 1 MiB range — what players and the benchmark ask for — is one read and one
 * socket write (per-chunk overhead, not copying, dominated at 256 KiB), small enough that 16
 * streams hold 16 MiB; a stream holds at most one chunk (it reads only when asked for more).
 */
export const CHUNK_SIZE = 1024 * 1024;

/**
 * Default `Cache-Control`: caches may keep the bytes but must revalidate (cheap with our strong
 * ETag) before reuse, and shared caches must not keep them since media URLs are per-user.
 * Static assets with content-hashed names should pass their own `public, max-age=…, immutable`.
 */
export const DEFAULT_CACHE_CONTROL = "private, no-cache";

/** The only methods served; anything else gets 405 with this `Allow`. */
export const ALLOWED_METHODS = "GET, HEAD";

/**
 * The file to serve does not exist or is not a regular file (a directory, a FIFO, a device).
 * `code` is `not_found` so the error mapping answers 404; the message carries no path.
 */
export class FileNotFoundError extends Error {
  /** Error code for the API error mapping. */
  readonly code = "not_found";
  /** Why the file cannot be served, for logs. */
  readonly reason: "missing" | "not_a_file";
  constructor(reason: "missing" | "not_a_file", options?: ErrorOptions) {
    super(reason === "missing" ? "File not found" : "Not a regular file", options);
    this.name = "FileNotFoundError";
    this.reason = reason;
  }
}

/** Options shared by {@linkcode serveFile} and {@linkcode serveBytes}. */
export interface ServeOptions {
  /** `Content-Type`; by default derived from the path's extension (files) or octet-stream. */
  contentType?: string;
  /** `Cache-Control`; defaults to {@linkcode DEFAULT_CACHE_CONTROL}. */
  cacheControl?: string;
  /** A strong ETag to use instead of the default one. A weak one disables If-Range matches. */
  etag?: string;
  /**
   * Added to every response (200, 206, 304, 412, 416, 405), e.g. CORS or Content-Disposition.
   * They override the defaults above but never the framing headers (`Content-Length`,
   * `Content-Range`, the multipart `Content-Type`); a 304 keeps only those §15.4.5 allows.
   */
  extraHeaders?: HeadersInit;
}

/** Options of {@linkcode serveFile}. */
export interface ServeFileOptions extends ServeOptions {
  /** A `Deno.stat` result the caller already has, to save a second stat. */
  stat?: Deno.FileInfo;
  /** Read size, for tests; defaults to {@linkcode CHUNK_SIZE}. */
  chunkSize?: number;
}

/** Options of {@linkcode serveBytes}. */
export interface ServeBytesOptions extends ServeOptions {
  /** When the content last changed; sent as `Last-Modified`. */
  lastModified?: Date;
}

/**
 * A piece of a response body: literal bytes (multipart headers) or an inclusive range of the
 * source to copy.
 */
export type BodyPiece = Uint8Array<ArrayBuffer> | ByteRange;

/**
 * Serves the file at `path` for a GET or HEAD request.
 *
 * - 200 with the whole file, or 206 with one range (`Content-Range`) or several
 *   (`multipart/byteranges`, exact `Content-Length`); 416 with `Content-Range: bytes *` and the
 *   size when no range is satisfiable; malformed or capped Range headers are ignored (200).
 * - Preconditions in RFC 9110 §13.2.2 order: 412, 304 (with only the headers §15.4.5 keeps),
 *   If-Range keeps the Range only on a strong match.
 * - Always `Accept-Ranges: bytes`, `Last-Modified`, a strong `ETag` (size, mtime and inode),
 *   `Content-Type`, `Cache-Control` and `X-Content-Type-Options: nosniff`.
 * - HEAD gets exactly GET's status and headers without a body, and never opens the file; Range
 *   is honoured on HEAD too so that a HEAD predicts its GET.
 * - Methods other than GET and HEAD get 405 with `Allow: GET, HEAD` before the file is touched.
 *
 * The body is read lazily in {@linkcode CHUNK_SIZE} chunks after one seek per range, so memory
 * stays constant whatever the file size; the file is closed at the end or as soon as the client
 * goes away (the response stream is cancelled).
 *
 * @throws {FileNotFoundError} when the file is missing or is not a regular file
 */
export async function serveFile(
  req: Request,
  path: string,
  opts: ServeFileOptions = {},
): Promise<Response> {
  if (!_isGetOrHead(req.method)) return _methodNotAllowed(req, opts);
  const stat = opts.stat ?? await statFile(path);
  // Refuse directories, FIFOs and devices: opening a FIFO would block and a device never ends.
  if (!stat.isFile) throw new FileNotFoundError("not_a_file");
  const chunkSize = opts.chunkSize ?? CHUNK_SIZE;
  return _respond(req, {
    size: stat.size,
    etag: opts.etag ?? fileEtag(stat),
    lastModified: stat.mtime ?? undefined,
    contentType: opts.contentType ?? contentTypeFor(path),
    opts,
  }, (pieces) =>
    pieces.length === 1 && !(pieces[0] instanceof Uint8Array) &&
      pieces[0].end === stat.size - 1
      ? fileTailBody(path, pieces[0].start)
      : fileBodyStream(path, pieces, chunkSize));
}

/**
 * The body of a response that runs from `start` to the end of the file (the whole file, an
 * open-ended `bytes=N-` or a suffix range — what browsers' media elements ask for): the file's
 * own resource-backed stream after one seek, which `Deno.serve` pipes from file to socket
 * without a round trip through JS per chunk (about 1.4× the throughput of a JS stream).
 *
 * Only for tails: that stream always runs to end of file, and a body longer than the
 * `Content-Length` would be cut by HTTP/1.1 but is a protocol error in HTTP/2. A file that
 * shrank after the stat ends the body early; the transport then aborts the response since the
 * promised length was not sent. The file is closed at the end or when the client goes away.
 */
async function fileTailBody(path: string, start: number): Promise<ReadableStream<Uint8Array>> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    // Removed between the stat and now: the same answer as a file missing at the stat.
    throw _missingAsNotFound(err);
  }
  try {
    if (start > 0) await file.seek(start, Deno.SeekMode.Start);
    return file.readable;
  } catch (err) {
    file.close();
    throw err;
  }
}

/**
 * Serves bytes held in memory (a converted subtitle, a resized image) with the same rules as
 * {@linkcode serveFile}. Without `opts.etag`, the ETag is a SHA-256 of the content.
 */
export async function serveBytes(
  req: Request,
  data: Uint8Array<ArrayBuffer>,
  opts: ServeBytesOptions = {},
): Promise<Response> {
  if (!_isGetOrHead(req.method)) return _methodNotAllowed(req, opts);
  const etag = opts.etag ?? await contentEtag(data);
  return _respond(req, {
    size: data.byteLength,
    etag,
    lastModified: opts.lastModified,
    contentType: opts.contentType ?? "application/octet-stream",
    opts,
  }, (pieces) => {
    const parts = pieces.map((p) =>
      p instanceof Uint8Array ? p : data.subarray(p.start, p.end + 1)
    );
    return new Blob(parts);
  });
}

/**
 * `Deno.stat` that turns "no such file" (and a path through a non-directory) into
 * {@linkcode FileNotFoundError}; other failures (permissions, I/O) are rethrown as they are.
 */
export async function statFile(path: string): Promise<Deno.FileInfo> {
  try {
    return await Deno.stat(path);
  } catch (err) {
    throw _missingAsNotFound(err);
  }
}

/** "No such file" (or a path through a non-directory) as {@link FileNotFoundError}. */
function _missingAsNotFound(err: unknown): unknown {
  return err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory
    ? new FileNotFoundError("missing", { cause: err })
    : err;
}

/**
 * The default strong ETag of a file: size, mtime and, where the platform has one, the inode.
 * The inode catches a file replaced by another with the same size and mtime (`rsync -t`,
 * `cp -p` write a new file and rename it over the old one).
 */
export function fileEtag(stat: Deno.FileInfo): string {
  const ino = stat.ino === null || stat.ino === undefined ? undefined : stat.ino.toString(16);
  return strongEtag(stat.size, stat.mtime?.getTime() ?? 0, ino);
}

/** A strong ETag from the content itself: the first 128 bits of its SHA-256, in hex. */
export async function contentEtag(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return `"${_hex(digest.subarray(0, 16))}"`;
}

/**
 * A lazy stream of `pieces` of the file at `path`: literal bytes are emitted as they are, ranges
 * are read from the file after one seek each, at most `chunkSize` bytes per chunk.
 *
 * The file is opened on the first read (so a response that is never consumed holds no file
 * descriptor), read only when the consumer asks for more (memory stays at one chunk), and closed
 * at the end, on error, or at once when the consumer cancels. A chunk buffer cannot be reused:
 * the consumer owns every enqueued chunk, and the HTTP layer may still be writing it.
 *
 * If the file turns out shorter than a range (it was truncated after the stat), the stream
 * errors rather than send fewer bytes than the `Content-Length` promised.
 */
export function fileBodyStream(
  path: string,
  pieces: readonly BodyPiece[],
  chunkSize: number = CHUNK_SIZE,
): ReadableStream<Uint8Array> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`Cannot stream a file: chunk size must be a positive integer`);
  }
  let file: Deno.FsFile | null = null;
  let cancelled = false;
  let index = 0;
  // Next offset to read in the current range, or -1 when the file must first seek to it.
  let position = -1;

  const release = () => {
    const f = file;
    file = null;
    try {
      f?.close();
    } catch {
      // Already closed: nothing holds the descriptor any more.
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (index < pieces.length) {
          const piece = pieces[index];
          if (piece instanceof Uint8Array) {
            index++;
            if (piece.byteLength === 0) continue;
            controller.enqueue(piece);
            return;
          }
          if (file === null) {
            const opened = await Deno.open(path, { read: true });
            if (cancelled) {
              opened.close();
              return;
            }
            file = opened;
          }
          if (position < 0) {
            await file.seek(piece.start, Deno.SeekMode.Start);
            if (cancelled) return;
            position = piece.start;
          }
          const chunk = new Uint8Array(Math.min(chunkSize, piece.end + 1 - position));
          const complete = await _readFully(file, chunk);
          if (cancelled) return;
          if (!complete) throw new Error("File shrank while it was being served");
          position += chunk.byteLength;
          if (position > piece.end) {
            index++;
            position = -1;
          }
          controller.enqueue(chunk);
          return;
        }
        release();
        controller.close();
      } catch (err) {
        release();
        if (!cancelled) throw err;
      }
    },
    cancel() {
      cancelled = true;
      release();
    },
  }, { highWaterMark: 0 });
}

interface _Representation {
  size: number;
  etag?: string;
  lastModified?: Date;
  contentType: string;
  opts: ServeOptions;
}

// Headers a 304 may carry (RFC 9110 §15.4.5); others would describe a body that is not sent.
const NOT_MODIFIED_HEADERS = [
  "cache-control",
  "content-location",
  "date",
  "etag",
  "expires",
  "vary",
];

const encoder = new TextEncoder();

async function _respond(
  req: Request,
  rep: _Representation,
  makeBody: (pieces: BodyPiece[]) => BodyInit | Promise<BodyInit>,
): Promise<Response> {
  const head = req.method === "HEAD";
  const now = new Date();
  // §8.8.2.1: never claim a modification later than the response's Date (an mtime in the
  // future, from clock skew or a copied file, would otherwise look strong for If-Range).
  const lastModified = rep.lastModified !== undefined && rep.lastModified > now
    ? now
    : rep.lastModified;
  const headers = new Headers({
    "accept-ranges": "bytes",
    "cache-control": rep.opts.cacheControl ?? DEFAULT_CACHE_CONTROL,
    "content-type": rep.contentType,
    "x-content-type-options": "nosniff",
  });
  if (rep.etag !== undefined) headers.set("etag", rep.etag);
  if (lastModified !== undefined) headers.set("last-modified", formatHttpDate(lastModified));
  _setAll(headers, rep.opts.extraHeaders);

  const pre = evaluatePreconditions(req.method, req.headers, {
    etag: headers.get("etag") ?? undefined,
    lastModified,
    now,
  });
  if (pre.status === 304) {
    const kept = new Headers();
    for (const name of NOT_MODIFIED_HEADERS) {
      const value = headers.get(name);
      if (value !== null) kept.set(name, value);
    }
    return new Response(null, { status: 304, headers: kept });
  }
  if (pre.status === 412) {
    return _error(head, "precondition_failed", "Precondition failed", rep.opts);
  }

  const parsed = pre.honorRange
    ? parseRangeHeader(req.headers.get("range"), rep.size)
    : { kind: "none" as const };
  if (parsed.kind === "unsatisfiable") {
    return _error(head, "range_not_satisfiable", "Range not satisfiable", rep.opts, {
      "accept-ranges": "bytes",
      "content-range": `bytes */${rep.size}`,
    });
  }

  let status = 200;
  let pieces: BodyPiece[];
  let length: number;
  if (parsed.kind === "none") {
    pieces = rep.size === 0 ? [] : [{ start: 0, end: rep.size - 1 }];
    length = rep.size;
  } else if (parsed.ranges.length === 1) {
    const [range] = parsed.ranges;
    status = 206;
    pieces = [range];
    length = rangesLength(parsed.ranges);
    headers.set("content-range", `bytes ${range.start}-${range.end}/${rep.size}`);
  } else {
    status = 206;
    const multipart = _multipart(parsed.ranges, headers.get("content-type")!, rep.size);
    pieces = multipart.pieces;
    length = multipart.length;
    headers.set("content-type", `multipart/byteranges; boundary=${multipart.boundary}`);
  }
  headers.set("content-length", String(length));
  const body = head || length === 0 ? null : await makeBody(pieces);
  return new Response(body, { status, headers });
}

/**
 * Lays out a multipart/byteranges body (RFC 9110 §14.6): each part has its own Content-Type and
 * Content-Range, parts are separated by CRLF-delimited boundaries. The length is exact so the
 * response can carry a Content-Length before any byte is read.
 */
function _multipart(
  ranges: readonly ByteRange[],
  contentType: string,
  size: number,
): { boundary: string; pieces: BodyPiece[]; length: number } {
  const boundary = `rustfin-${_hex(crypto.getRandomValues(new Uint8Array(12)))}`;
  const pieces: BodyPiece[] = [];
  let length = 0;
  ranges.forEach((range, i) => {
    const header = encoder.encode(
      `${i === 0 ? "" : "\r\n"}--${boundary}\r\n` +
        `Content-Type: ${contentType}\r\n` +
        `Content-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`,
    );
    pieces.push(header, range);
    length += header.byteLength + range.end - range.start + 1;
  });
  const trailer = encoder.encode(`\r\n--${boundary}--\r\n`);
  pieces.push(trailer);
  length += trailer.byteLength;
  return { boundary, pieces, length };
}

function _error(
  head: boolean,
  code: "precondition_failed" | "range_not_satisfiable" | "method_not_allowed",
  message: string,
  opts: ServeOptions,
  headers: Record<string, string> = {},
): Response {
  const h = new Headers();
  _setAll(h, opts.extraHeaders);
  for (const [name, value] of Object.entries(headers)) h.set(name, value);
  const res = errorResponse(code, message, h);
  return head ? new Response(null, { status: res.status, headers: res.headers }) : res;
}

function _methodNotAllowed(req: Request, opts: ServeOptions): Response {
  return _error(req.method === "HEAD", "method_not_allowed", "Method not allowed", opts, {
    allow: ALLOWED_METHODS,
  });
}

function _isGetOrHead(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

function _setAll(target: Headers, init: HeadersInit | undefined): void {
  if (init === undefined) return;
  new Headers(init).forEach((value, name) => target.set(name, value));
}

/** Fills `buf` from the file's current position; false when EOF comes first. */
async function _readFully(file: Deno.FsFile, buf: Uint8Array): Promise<boolean> {
  let filled = 0;
  while (filled < buf.byteLength) {
    const n = await file.read(filled === 0 ? buf : buf.subarray(filled));
    if (n === null) return false;
    filled += n;
  }
  return true;
}

function _hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
