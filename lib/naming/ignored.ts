/**
 * Paths a scan skips before any naming rule runs: hidden files, NAS and OS system folders,
 * samples and files that are not media.
 */
import type { FileClass, LibraryKind } from "./types.ts";

/** Why a path is skipped. */
export interface IgnoreMatch {
  /** ignored:hidden, ignored:system, ignored:sample, ignored:extension. */
  rule: string;
  reason: string;
}

// Folders that NAS systems, file managers and OSes create next to user files.
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set([
  "@eadir",
  "#recycle",
  "@recycle",
  "#snapshot",
  "@recently-snapshot",
  "$recycle.bin",
  "lost+found",
  "system volume information",
]);
const SAMPLE_FOLDER = /^samples?$/i;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

function hasSampleWord(base: string): boolean {
  for (const word of base.split(WORD_SPLIT)) if (word.toLowerCase() === "sample") return true;
  return false;
}

/**
 * Returns why a path is skipped, or undefined. `dirs` are the directories relative to the
 * library root, `name` the file name, `base` the name without extension.
 *
 * Samples (`movie-sample.mkv`, `Sample/…`) are skipped in video libraries; in music, "sample"
 * is an ordinary word in song titles.
 */
export function ignoreReason(
  dirs: readonly string[],
  name: string,
  base: string,
  fileClass: FileClass,
  kind: LibraryKind,
): IgnoreMatch | undefined {
  for (const segment of [...dirs, name]) {
    if (segment.startsWith(".")) {
      return { rule: "ignored:hidden", reason: `hidden file or folder "${segment}"` };
    }
    if (SYSTEM_FOLDERS.has(segment.toLowerCase())) {
      return { rule: "ignored:system", reason: `system folder "${segment}"` };
    }
  }
  if (fileClass === "other") {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 ? name.slice(dot) : "(none)";
    return { rule: "ignored:extension", reason: `not a media file: extension ${ext}` };
  }
  const videoSide = fileClass === "video" || fileClass === "subtitle";
  if (kind !== "music" && fileClass !== "audio") {
    for (const d of dirs) {
      if (SAMPLE_FOLDER.test(d)) {
        return { rule: "ignored:sample", reason: `in sample folder "${d}"` };
      }
    }
    if (videoSide && hasSampleWord(base)) {
      return { rule: "ignored:sample", reason: "sample file" };
    }
  }
  return undefined;
}
