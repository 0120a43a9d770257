/**
 * Media types for the files Rustfin serves: media containers, subtitles, artwork and web assets.
 * Pure lookup tables; no content sniffing (responses carry `X-Content-Type-Options: nosniff`).
 *
 * @module
 */

/** The type sent when nothing better is known: browsers download it rather than render it. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const UTF8 = "; charset=utf-8";

// Maps, not object literals, so that names like "constructor" cannot hit Object.prototype.
const BY_EXTENSION: ReadonlyMap<string, string> = new Map(Object.entries({
  // Video containers
  "mp4": "video/mp4",
  "m4v": "video/mp4",
  // fMP4 HLS segments; players accept video/mp4 and nothing better is registered widely.
  "m4s": "video/mp4",
  "mkv": "video/x-matroska",
  "mk3d": "video/x-matroska",
  "webm": "video/webm",
  "mov": "video/quicktime",
  "qt": "video/quicktime",
  "ts": "video/mp2t",
  "m2ts": "video/mp2t",
  "mts": "video/mp2t",
  "avi": "video/x-msvideo",
  "wmv": "video/x-ms-wmv",
  "asf": "video/x-ms-asf",
  "mpg": "video/mpeg",
  "mpeg": "video/mpeg",
  "mpe": "video/mpeg",
  "m2v": "video/mpeg",
  "vob": "video/mpeg",
  "flv": "video/x-flv",
  "3gp": "video/3gpp",
  "3g2": "video/3gpp2",
  "ogv": "video/ogg",
  // Audio containers
  "m4a": "audio/mp4",
  "m4b": "audio/mp4",
  "mp3": "audio/mpeg",
  "mp2": "audio/mpeg",
  "flac": "audio/flac",
  "ogg": "audio/ogg",
  "oga": "audio/ogg",
  // Opus lives in Ogg; `audio/ogg` is what browsers' canPlayType knows without codecs.
  "opus": "audio/ogg",
  "spx": "audio/ogg",
  "wav": "audio/wav",
  "aac": "audio/aac",
  "wma": "audio/x-ms-wma",
  "mka": "audio/x-matroska",
  "weba": "audio/webm",
  "aif": "audio/aiff",
  "aiff": "audio/aiff",
  "ape": "audio/x-ape",
  "wv": "audio/x-wavpack",
  "dsf": "audio/x-dsf",
  "ac3": "audio/ac3",
  "eac3": "audio/eac3",
  "dts": "audio/vnd.dts",
  "amr": "audio/amr",
  "mid": "audio/midi",
  "midi": "audio/midi",
  // Subtitles
  "vtt": "text/vtt" + UTF8,
  "srt": "application/x-subrip",
  "ass": "text/x-ssa",
  "ssa": "text/x-ssa",
  "ttml": "application/ttml+xml",
  // Images
  "jpg": "image/jpeg",
  "jpeg": "image/jpeg",
  "png": "image/png",
  "webp": "image/webp",
  "gif": "image/gif",
  "svg": "image/svg+xml",
  "avif": "image/avif",
  "bmp": "image/bmp",
  "tif": "image/tiff",
  "tiff": "image/tiff",
  "jxl": "image/jxl",
  // image/x-icon rather than the registered vnd.microsoft.icon: every browser knows it.
  "ico": "image/x-icon",
  // Web and streaming manifests
  "html": "text/html" + UTF8,
  "htm": "text/html" + UTF8,
  "css": "text/css" + UTF8,
  "js": "text/javascript" + UTF8,
  "mjs": "text/javascript" + UTF8,
  "json": "application/json",
  "map": "application/json",
  "webmanifest": "application/manifest+json",
  "m3u8": "application/vnd.apple.mpegurl",
  "m3u": "audio/x-mpegurl",
  "mpd": "application/dash+xml",
  "xml": "application/xml",
  "txt": "text/plain" + UTF8,
  "wasm": "application/wasm",
  "pdf": "application/pdf",
  "woff2": "font/woff2",
  "woff": "font/woff",
  "ttf": "font/ttf",
  "otf": "font/otf",
}));

/**
 * Types per probed container (the normalised names of `MediaProbe.container`). The first is the
 * container's own type; the others are variants of the same container that a file extension may
 * select, e.g. an `.ogv` probed as `ogg` is video, an `.mka` probed as `mkv` is audio.
 */
const BY_CONTAINER: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  "mp4": ["video/mp4", "audio/mp4"],
  "m4v": ["video/mp4"],
  "m4a": ["audio/mp4"],
  "mov": ["video/quicktime"],
  "mkv": ["video/x-matroska", "audio/x-matroska"],
  "matroska": ["video/x-matroska", "audio/x-matroska"],
  "webm": ["video/webm", "audio/webm"],
  "mpegts": ["video/mp2t"],
  "m2ts": ["video/mp2t"],
  "ts": ["video/mp2t"],
  "avi": ["video/x-msvideo"],
  "asf": ["video/x-ms-asf", "video/x-ms-wmv", "audio/x-ms-wma"],
  "wmv": ["video/x-ms-wmv", "video/x-ms-asf"],
  "wma": ["audio/x-ms-wma"],
  "mpeg": ["video/mpeg"],
  "flv": ["video/x-flv"],
  "3gp": ["video/3gpp"],
  "3g2": ["video/3gpp2"],
  "ogg": ["audio/ogg", "video/ogg"],
  "ogv": ["video/ogg"],
  "opus": ["audio/ogg"],
  "mp3": ["audio/mpeg"],
  "flac": ["audio/flac"],
  "wav": ["audio/wav"],
  "aac": ["audio/aac"],
  "aiff": ["audio/aiff"],
  "ape": ["audio/x-ape"],
  "wv": ["audio/x-wavpack"],
  "dsf": ["audio/x-dsf"],
  "ac3": ["audio/ac3"],
  "eac3": ["audio/eac3"],
  "dts": ["audio/vnd.dts"],
  "hls": ["application/vnd.apple.mpegurl"],
}));

/**
 * The `Content-Type` for a file, from its path (or bare extension: `"mkv"`, `".mkv"`) and, when
 * known, the probed container name. The container wins over the extension, since a file named
 * `.mp4` that ffprobe reads as Matroska is Matroska; the extension only picks between variants
 * of that same container (audio or video). Unknown files get `application/octet-stream`.
 * Text types carry `charset=utf-8`.
 */
export function contentTypeFor(pathOrExt: string, container?: string): string {
  const fromExtension = BY_EXTENSION.get(_extension(pathOrExt));
  const variants = container === undefined ? undefined : BY_CONTAINER.get(container.toLowerCase());
  if (variants !== undefined) {
    return fromExtension !== undefined && variants.includes(fromExtension)
      ? fromExtension
      : variants[0];
  }
  return fromExtension ?? DEFAULT_CONTENT_TYPE;
}

/** Lower-case extension of a path, or the input itself when it is a bare extension. */
function _extension(pathOrExt: string): string {
  const base = pathOrExt.slice(
    Math.max(pathOrExt.lastIndexOf("/"), pathOrExt.lastIndexOf("\\")) + 1,
  );
  const dot = base.lastIndexOf(".");
  return (dot < 0 ? base : base.slice(dot + 1)).toLowerCase();
}
