/**
 * Movie naming: title and year from the file name or its folder, multi-part stacks and
 * multi-version files.
 *
 * Behaviour matched (Jellyfin's documented movie layout): `Movie (Year)/Movie (Year).mkv`, with
 * name, year and provider ids all optional; `Movie (Year) - label.mkv` next to it is another
 * version; `-cd1`/`part2` … are parts. The file's own year beats the folder's.
 */
import { type CleanedTitle, cleanTitle, compareKey } from "./clean_title.ts";
import { parseStackFolder, parseStackPart } from "./stacking.ts";

/** What the movie rules derive from a path. */
export interface MovieInfo {
  title: string;
  year?: number;
  /** movie:title, movie:title-year, movie:folder-name, movie:stack, movie:version, movie:disc-folder. */
  rule: string;
  part?: number;
  stack_key?: string;
  version?: string;
}

// File names that say nothing about the movie, so the folder names it.
const GENERIC_NAMES: ReadonlySet<string> = new Set([
  "movie",
  "video",
  "film",
  "feature",
  "main",
  "main feature",
  "title",
  "index",
  "video ts",
]);
const DISC_FOLDER = /^(?:video_ts|bdmv)$/i;
const VOB_TITLE = /^vts_(\d\d)_(\d{1,2})$/i;
const VERSION_LABEL = /^\s*-\s*(\S.*?)\s*$/;
// `- [1080p]`, Radarr's `- [Bluray-2160p][HDR10][x265]-GRP`: the first bracket names the version.
const BRACKETED = /^\[([^\]]+)\]/;

/**
 * Parses a movie from its directories (relative to the library root) and its file base name
 * (without extension).
 */
export function parseMovie(dirs: readonly string[], base: string): MovieInfo {
  const disc = discFolderIndex(dirs);
  if (disc >= 0) return parseDiscFolder(dirs, disc, base);

  const folderPart = dirs.length >= 2 ? parseStackFolder(dirs[dirs.length - 1]) : undefined;
  if (folderPart !== undefined) {
    const movieDirs = dirs.slice(0, -1);
    const info = titleFrom(movieDirs[movieDirs.length - 1], base);
    return {
      ...info,
      rule: "movie:stack",
      part: folderPart,
      stack_key: movieDirs.join("/").toLowerCase(),
    };
  }

  const parent = dirs.length > 0 ? dirs[dirs.length - 1] : undefined;
  const stack = parseStackPart(base);
  if (stack) {
    const info = titleFrom(parent, stack.rest);
    if (info.title === "") info.title = base;
    const dir = dirs.join("/");
    return {
      ...info,
      rule: "movie:stack",
      part: stack.part,
      stack_key: (dir === "" ? stack.rest : `${dir}/${stack.rest}`).toLowerCase(),
    };
  }

  if (parent !== undefined) {
    const version = versionLabel(parent, base);
    if (version !== undefined) {
      const folder = cleanTitle(parent);
      if (folder.title !== "") {
        return { ...withYear(folder.title, folder.year), rule: "movie:version", version };
      }
    }
  }
  return titleFrom(parent, base);
}

/** `Movie (2010) - 4K` in folder `Movie (2010)` → "4K"; undefined when not a version. */
function versionLabel(folder: string, base: string): string | undefined {
  if (base.length <= folder.length) return undefined;
  if (base.slice(0, folder.length).toLowerCase() !== folder.toLowerCase()) return undefined;
  const m = VERSION_LABEL.exec(base.slice(folder.length));
  if (!m) return undefined;
  const label = BRACKETED.exec(m[1])?.[1].trim() ?? m[1];
  return label === "" ? undefined : label;
}

/**
 * Title and year from the file name, falling back to the folder when the file name is poor
 * (generic or empty once cleaned), names the same movie as the folder, or lacks the year the
 * folder has (`Title (2010)/abc-xyz.mkv`).
 */
function titleFrom(folderName: string | undefined, base: string): MovieInfo {
  const file = cleanTitle(base);
  const folder: CleanedTitle | undefined = folderName === undefined
    ? undefined
    : cleanTitle(folderName);
  if (folder !== undefined && folder.title !== "") {
    const poor = file.title === "" || GENERIC_NAMES.has(compareKey(file.title));
    const folderKey = compareKey(folder.title);
    // `Blade Runner 2049 (2017)/Blade Runner 2049.mkv`: the "year" is part of the title.
    const same = compareKey(file.title) === folderKey ||
      (file.year !== undefined && compareKey(`${file.title} ${file.year}`) === folderKey);
    const folderHasOnlyYear = file.year === undefined && folder.year !== undefined;
    if (poor || same || folderHasOnlyYear) {
      const yearInTitle = same && compareKey(file.title) !== folderKey;
      const year = yearInTitle ? folder.year : file.year ?? folder.year;
      return { ...withYear(folder.title, year), rule: "movie:folder-name" };
    }
  }
  const title = file.title === "" ? base.trim() : file.title;
  if (file.year !== undefined) return { title, year: file.year, rule: "movie:title-year" };
  return { title, rule: "movie:title" };
}

function withYear(title: string, year: number | undefined): { title: string; year?: number } {
  return year === undefined ? { title } : { title, year };
}

function discFolderIndex(dirs: readonly string[]): number {
  for (let i = dirs.length - 1; i >= 0; i--) if (DISC_FOLDER.test(dirs[i])) return i;
  return -1;
}

/**
 * Files inside a DVD (`VIDEO_TS`) or Blu-ray (`BDMV`) structure take the title of the folder
 * that holds the structure; DVD title sets (`VTS_01_1.VOB`, `VTS_01_2.VOB`) stack as parts.
 */
function parseDiscFolder(dirs: readonly string[], disc: number, base: string): MovieInfo {
  const owner = disc > 0 ? cleanTitle(dirs[disc - 1]) : cleanTitle(base);
  const info: MovieInfo = {
    ...withYear(owner.title === "" ? base : owner.title, owner.year),
    rule: "movie:disc-folder",
  };
  const vob = VOB_TITLE.exec(base);
  if (vob) {
    info.part = Number(vob[2]);
    info.stack_key = `${dirs.slice(0, disc + 1).join("/")}/vts_${vob[1]}`.toLowerCase();
  }
  return info;
}
