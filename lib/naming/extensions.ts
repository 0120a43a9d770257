/**
 * File classes by extension — the first question the scanner asks of every path.
 *
 * The lists follow the media kinds a Jellyfin-class server indexes (video, audio, sidecar
 * subtitles, local artwork, Kodi NFO files); anything else is "other" and is ignored.
 */
import type { FileClass } from "./types.ts";

/** Video containers. `iso` is kept (DVD/Blu-ray images are indexed like any video). */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mkv",
  "mp4",
  "m4v",
  "mov",
  "avi",
  "wmv",
  "ts",
  "m2ts",
  "mts",
  "webm",
  "mpg",
  "mpeg",
  "mpe",
  "m2v",
  "flv",
  "ogv",
  "ogm",
  "3gp",
  "3g2",
  "vob",
  "iso",
  "divx",
  "xvid",
  "asf",
  "rm",
  "rmvb",
  "f4v",
  "dvr-ms",
  "wtv",
]);

/** Audio files a music library indexes. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp3",
  "flac",
  "m4a",
  "m4b",
  "aac",
  "ogg",
  "oga",
  "opus",
  "wav",
  "wma",
  "alac",
  "aiff",
  "aif",
  "ape",
  "wv",
  "dsf",
  "dff",
  "mka",
  "mpc",
]);

/** Sidecar subtitle formats (the set Jellyfin documents for external streams). */
export const SUBTITLE_EXTENSIONS: ReadonlySet<string> = new Set([
  "srt",
  "vtt",
  "ass",
  "ssa",
  "sub",
  "idx",
  "sup",
  "smi",
  "sami",
  "mks",
]);

/** Local artwork. `tbn` is Kodi's thumbnail extension (a renamed JPEG/PNG). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  "jpg",
  "jpeg",
  "png",
  "webp",
  "tbn",
  "gif",
]);

/** A file name split at its last dot. */
export interface SplitName {
  /** Name without the extension (the whole name when there is none). */
  base: string;
  /** Lower-case extension without the dot; "" when there is none. */
  ext: string;
}

/**
 * Splits a file name into base and lower-case extension.
 *
 * A leading dot does not start an extension (`.mkv` is a hidden file with no extension), and
 * `dvr-ms` is kept whole because the dash is part of that extension.
 */
export function splitExtension(name: string): SplitName {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return { base: name, ext: "" };
  return { base: name.slice(0, dot), ext: name.slice(dot + 1).toLowerCase() };
}

/** Classifies a file name (or path) by its extension. */
export function classifyFile(name: string): FileClass {
  const slash = name.lastIndexOf("/");
  const { ext } = splitExtension(slash >= 0 ? name.slice(slash + 1) : name);
  return classifyExtension(ext);
}

/** Classifies a lower-case extension without the dot. */
export function classifyExtension(ext: string): FileClass {
  if (VIDEO_EXTENSIONS.has(ext)) return "video";
  if (AUDIO_EXTENSIONS.has(ext)) return "audio";
  if (SUBTITLE_EXTENSIONS.has(ext)) return "subtitle";
  if (IMAGE_EXTENSIONS.has(ext)) return "image";
  if (ext === "nfo") return "nfo";
  return "other";
}
