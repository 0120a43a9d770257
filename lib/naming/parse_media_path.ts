/**
 * The naming rules in one call: what a file under a library root becomes in the index.
 *
 * Pure: the path is the only input (no filesystem access), so the scanner can run it on
 * tens of thousands of paths per scan and tests can pin every rule with a table. Sizes
 * (zero-byte files) and embedded tags are the scanner's business.
 */
import { cleanTitle } from "./clean_title.ts";
import { parseEpisode } from "./episode.ts";
import { classifyExtension, splitExtension } from "./extensions.ts";
import { detectExtra, type ExtraMatch } from "./extras.ts";
import { ignoreReason } from "./ignored.ts";
import { parseMovie } from "./movie.ts";
import { parseMusic } from "./music.ts";
import { parseSidecar } from "./sidecar.ts";
import { parseStackPart } from "./stacking.ts";
import type { FileClass, LibraryKind, NamingResult } from "./types.ts";

type Kind = NamingResult["kind"];

/** Drops undefined fields so results compare and serialise cleanly. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Parses a path relative to the library root (`/` separators), e.g.
 * `Breaking Bad (2008)/Season 01/Breaking.Bad.S01E02.720p.mkv` in a "shows" library →
 * `{kind: "episode", series: "Breaking Bad", series_year: 2008, season: 1, episodes: [2]}`.
 * `rule` names the rule that decided, `ignored_reason` says why a path is skipped.
 */
export function parseMediaPath(relativePath: string, libraryKind: LibraryKind): NamingResult {
  const segments = relativePath.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0) {
    return {
      path: relativePath,
      file_class: "other",
      kind: "ignored",
      rule: "ignored:empty",
      ignored_reason: "empty path",
    };
  }
  const name = segments[segments.length - 1];
  const dirs = segments.slice(0, -1);
  const { base, ext } = splitExtension(name);
  const file_class = classifyExtension(ext);
  const ignored = ignoreReason(dirs, name, base, file_class, libraryKind);
  if (ignored) return ignore(relativePath, file_class, ignored.rule, ignored.reason);

  const result: NamingResult = { path: relativePath, file_class, kind: "ignored", rule: "" };
  switch (file_class) {
    case "subtitle":
      if (libraryKind === "music") {
        return ignore(relativePath, file_class, "ignored:kind", "subtitle in a music library");
      }
      return { ...result, kind: "subtitle", rule: "sidecar", sidecar: parseSidecar(dirs, base) };
    case "image":
      return { ...result, kind: "image", rule: "image" };
    case "nfo":
      return { ...result, kind: "nfo", rule: "nfo" };
    case "audio":
      return parseAudio(result, dirs, base, libraryKind);
    default:
      return parseVideo(result, dirs, base, libraryKind);
  }
}

function ignore(path: string, file_class: FileClass, rule: string, reason: string): NamingResult {
  return { path, file_class, kind: "ignored", rule, ignored_reason: reason };
}

function parseAudio(
  result: NamingResult,
  dirs: readonly string[],
  base: string,
  libraryKind: LibraryKind,
): NamingResult {
  if (libraryKind === "music" || libraryKind === "mixed") {
    // Only theme songs: in a mixed library, `Artist/Other/song.mp3` is music, not an extra.
    const extra = libraryKind === "mixed" ? detectExtra(dirs, base, true) : undefined;
    if (extra?.extra_type === "themesong") return asExtra(result, dirs, extra, "video");
    const { rule, ...music } = parseMusic(dirs, base);
    return defined({ ...result, ...music, kind: "track", rule });
  }
  const extra = detectExtra(dirs, base, true);
  if (extra) return asExtra(result, dirs, extra, ownerKind(libraryKind));
  return ignore(result.path, result.file_class, "ignored:kind", "audio file in a video library");
}

function ownerKind(libraryKind: LibraryKind): Kind {
  if (libraryKind === "movies") return "movie";
  if (libraryKind === "shows") return "episode";
  return "video";
}

/**
 * An extra keeps its owner's kind (the scanner attaches it to the owner); episodes' extras
 * also carry the series and season they belong to.
 */
function asExtra(
  result: NamingResult,
  dirs: readonly string[],
  extra: ExtraMatch,
  kind: Kind,
): NamingResult {
  const out: NamingResult = { ...result, kind, rule: extra.rule, extra_type: extra.extra_type };
  const title = cleanTitle(extra.name).title;
  if (title !== "") out.title = title;
  if (kind === "episode") {
    const owner = parseEpisode(dirs.slice(0, extra.owner_depth), "", false);
    if (owner?.series !== undefined) out.series = owner.series;
    if (owner?.series_year !== undefined) out.series_year = owner.series_year;
    if (owner?.season !== undefined) out.season = owner.season;
  }
  return out;
}

function parseVideo(
  result: NamingResult,
  dirs: readonly string[],
  base: string,
  libraryKind: LibraryKind,
): NamingResult {
  if (libraryKind === "music") {
    return ignore(result.path, result.file_class, "ignored:kind", "video file in a music library");
  }
  if (isDvdMenu(dirs, base)) {
    return ignore(
      result.path,
      result.file_class,
      "ignored:dvd-menu",
      "DVD menu or title-set index",
    );
  }
  const extra = detectExtra(dirs, base, false);
  if (extra) return asExtra(result, dirs, extra, ownerKind(libraryKind));

  if (libraryKind === "movies") {
    const { rule, ...movie } = parseMovie(dirs, base);
    return defined({ ...result, ...movie, kind: "movie", rule });
  }
  const episode = parseEpisode(dirs, base, libraryKind === "mixed");
  if (episode) {
    const { rule, title, ...rest } = episode;
    return defined({ ...result, ...rest, title, kind: "episode", rule });
  }
  return parseLooseVideo(result, dirs, base);
}

/** Mixed libraries: anything that is not an episode is a video titled from its name. */
function parseLooseVideo(
  result: NamingResult,
  dirs: readonly string[],
  base: string,
): NamingResult {
  const stack = parseStackPart(base);
  const cleaned = cleanTitle(stack ? stack.rest : base);
  const title = cleaned.title !== "" ? cleaned.title : base.trim();
  const out: NamingResult = {
    ...result,
    kind: "video",
    rule: stack ? "video:stack" : cleaned.year !== undefined ? "video:title-year" : "video:title",
    title,
  };
  if (cleaned.year !== undefined) out.year = cleaned.year;
  if (stack) {
    const dir = dirs.join("/");
    out.part = stack.part;
    out.stack_key = (dir === "" ? stack.rest : `${dir}/${stack.rest}`).toLowerCase();
  }
  return out;
}

const DVD_MENU = /^(?:video_ts|vts_\d\d_0)$/i;

/** `VIDEO_TS.VOB` and `VTS_xx_0.VOB` are menus, not the feature. */
function isDvdMenu(dirs: readonly string[], base: string): boolean {
  return dirs.length > 0 && dirs[dirs.length - 1].toLowerCase() === "video_ts" &&
    DVD_MENU.test(base);
}
