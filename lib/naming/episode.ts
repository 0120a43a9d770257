/**
 * Episode naming: series, season and episode numbers from a path.
 *
 * Behaviour matched (Jellyfin's documented TV layout and its episode expressions): Kodi-style
 * `S01E02` first, then `1x02`, "Season 1 Episode 2", date-based names, `ep02`/`E02`, and
 * absolute (anime) numbering `[Group] Name - 101`; multi-episode files `S01E02E03`,
 * `S01E02-E03`, `S01E02-03`, `1x02-1x03`. Season folders (`Season 01`, `S01`, `Specials`,
 * `Staffel 2` …) give the season when the file name does not.
 */
import { cleanTitle, tidy } from "./clean_title.ts";

/** The episode token found in a file name. */
export interface EpisodeMatch {
  /** episode:sxxeyy, episode:multi, episode:1x02, episode:season-episode, episode:date, episode:ep, episode:absolute, episode:number. */
  rule: string;
  season?: number;
  episodes?: number[];
  air_date?: string;
  /** Text before the token (often the series name in scene releases). */
  before: string;
  /** Text after the token (the episode title and release tags). */
  after: string;
}

/** How permissive the episode expressions are. */
export interface EpisodeContext {
  /** Only unambiguous forms (mixed libraries): SxxEyy, 1x02, "Season X Episode Y", `[Group] Name - 101`. */
  strict: boolean;
  /** Season number of the enclosing season folder, when there is one. */
  folderSeason?: number;
}

/** What the episode rules derive from a path. */
export interface EpisodeInfo {
  rule: string;
  series?: string;
  series_year?: number;
  season?: number;
  episodes?: number[];
  air_date?: string;
  title?: string;
}

const SXXEYY = /(?<![\p{L}\p{N}])s(\d{1,4})[ ._-]?e(\d{1,4})(?![\p{N}])/iu;
// After `S01E02`: `E03`, `-E03`, ` - E03`, `-S01E03`, `-03`.
const SXXEYY_MORE =
  /^(?:[ ._]?(-)?[ ._]?(?:s(\d{1,4})[ ._-]?)?e(\d{1,4})(?![\p{N}])|(-)(\d{1,4})(?![\p{L}\p{N}]))/iu;
const X_FORM = /(?<![\p{L}\p{N}])(\d{1,2})x(\d{1,3})(?![\p{N}])/iu;
// After `1x02`: `-1x03`, `-03`, `x03`.
const X_FORM_MORE =
  /^(?:[ ._]?(-)[ ._]?(?:(\d{1,2})x)?(\d{1,3})(?![\p{L}\p{N}])|x(\d{1,3})(?![\p{N}]))/iu;
const SEASON_EPISODE =
  /(?<![\p{L}\p{N}])season[ ._-]*(\d{1,4})[ ._-]*(?:ep|episode)[ ._-]*(\d{1,4})(?![\p{N}])/iu;
const DATE_YMD =
  /(?<![\p{N}])((?:19|20)\d\d)([-._ ])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\p{N}])/u;
const DATE_DMY =
  /(?<![\p{N}])(0[1-9]|[12]\d|3[01])([-._ ])(0[1-9]|1[0-2])\2((?:19|20)\d\d)(?![\p{N}])/u;
const EP_WORD = /(?<![\p{L}\p{N}])(?:ep|episode)[ ._-]?(\d{1,4})(?![\p{N}])/iu;
const E_ONLY = /(?<![\p{L}\p{N}])e(\d{1,4})(?![\p{N}])/iu;
const LEADING_GROUPS = /^\s*(?:\[[^\]]*\]\s*)+/;
// `Name - 101`, `Name_-_101v2_[1080p]`, `Name - 101 - Title`, `Name - 101 END`.
const ABSOLUTE_DASH =
  /^(.*?)[ ._]+[-–][ ._]+#?(\d{1,4})(?:v\d{1,2})?(?=$|[ ._]*[-–([]|[ ._]+end(?![\p{L}]))/iu;
// With a fansub group in front, the dash is optional: `[Group] Name 101 [1080p]`.
const ABSOLUTE_BARE = /^(.*?)[ ._]+#?(\d{2,4})(?:v\d{1,2})?(?=$|[ ._]*[([])/iu;
const LEADING_NUMBER = /^(\d{1,4})(?=$|[ ._-])/;
const SEASON_EPISODE_NUMBER = /(?<![\p{L}\p{N}])(\d{3,4})(?![\p{L}\p{N}])/u;
const YEARLIKE = /^(?:18[89]\d|19\d\d|20\d\d)$/;

const SEASON_WORD =
  /^(?:season|series|staffel|saison|temporada|stagione|seizoen|sezon|kausi|sæson|säsong|sesong)[ ._-]*(\d{1,4})(?![\p{N}])/iu;
const SEASON_SHORT = /^s(\d{1,4})(?=$|[ ._\-([])/i;
const SPECIALS = /^(?:season[ ._-]*)?specials?$/i;
const NUMERIC_FOLDER = /^\d{1,2}$/;

// A range wider than this is a misparse (`S01E01-2160`), not a multi-episode file.
const MAX_RANGE = 50;

/**
 * Season number of a season folder name (`Season 01`, `S2`, `Series 3`, `Staffel 2`,
 * `Specials` → 0), or undefined. Bare numbers (`01`) count only when `allowNumeric` is set,
 * i.e. for folders inside a series folder.
 */
export function parseSeasonFolder(name: string, allowNumeric = false): number | undefined {
  const word = SEASON_WORD.exec(name) ?? SEASON_SHORT.exec(name);
  if (word) return Number(word[1]);
  if (SPECIALS.test(name)) return 0;
  if (allowNumeric && NUMERIC_FOLDER.test(name)) return Number(name);
  return undefined;
}

/** Adds `n` to `list`, filling the range from the previous number when joined by a dash. */
function pushEpisode(list: number[], n: number, range: boolean): boolean {
  const prev = list[list.length - 1];
  if (range && n > prev) {
    if (n - prev > MAX_RANGE) return false;
    for (let e = prev + 1; e <= n; e++) list.push(e);
    return true;
  }
  if (n === prev) return true;
  list.push(n);
  return true;
}

function matchSxxEyy(base: string): EpisodeMatch | undefined {
  const m = SXXEYY.exec(base);
  if (!m) return undefined;
  const season = Number(m[1]);
  const episodes = [Number(m[2])];
  let end = m.index + m[0].length;
  for (;;) {
    const more = SXXEYY_MORE.exec(base.slice(end));
    if (!more) break;
    if (more[2] !== undefined && Number(more[2]) !== season) break;
    const n = Number(more[3] ?? more[5]);
    if (!pushEpisode(episodes, n, (more[1] ?? more[4]) !== undefined)) break;
    end += more[0].length;
  }
  return {
    rule: episodes.length > 1 ? "episode:multi" : "episode:sxxeyy",
    season,
    episodes,
    before: base.slice(0, m.index),
    after: base.slice(end),
  };
}

function matchXForm(base: string): EpisodeMatch | undefined {
  const m = X_FORM.exec(base);
  if (!m) return undefined;
  const season = Number(m[1]);
  const episodes = [Number(m[2])];
  let end = m.index + m[0].length;
  for (;;) {
    const more = X_FORM_MORE.exec(base.slice(end));
    if (!more) break;
    if (more[2] !== undefined && Number(more[2]) !== season) break;
    const n = Number(more[3] ?? more[4]);
    if (!pushEpisode(episodes, n, more[1] !== undefined)) break;
    end += more[0].length;
  }
  return {
    rule: episodes.length > 1 ? "episode:multi" : "episode:1x02",
    season,
    episodes,
    before: base.slice(0, m.index),
    after: base.slice(end),
  };
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function matchDate(base: string): EpisodeMatch | undefined {
  const ymd = DATE_YMD.exec(base);
  const dmy = ymd ? null : DATE_DMY.exec(base);
  const m = ymd ?? dmy;
  if (!m) return undefined;
  const [y, mo, d] = ymd ? [m[1], m[3], m[4]] : [m[4], m[3], m[1]];
  if (!validDate(Number(y), Number(mo), Number(d))) return undefined;
  return {
    rule: "episode:date",
    air_date: `${y}-${mo}-${d}`,
    before: base.slice(0, m.index),
    after: base.slice(m.index + m[0].length),
  };
}

function matchAbsolute(base: string, strict: boolean): EpisodeMatch | undefined {
  const groups = LEADING_GROUPS.exec(base);
  const hasGroup = groups !== null && groups[0].length < base.length;
  if (strict && !hasGroup) return undefined;
  const rest = hasGroup ? base.slice(groups[0].length) : base;
  const dash = ABSOLUTE_DASH.exec(rest);
  const m = dash ?? (hasGroup ? ABSOLUTE_BARE.exec(rest) : null);
  if (!m || m[1].trim() === "") return undefined;
  // `Movie - 2010` is a year, unless a fansub group and a dash vouch for the episode number.
  if ((!hasGroup || !dash) && YEARLIKE.test(m[2])) return undefined;
  return {
    rule: "episode:absolute",
    episodes: [Number(m[2])],
    before: m[1],
    after: rest.slice(m[0].length),
  };
}

function matchSingle(
  re: RegExp,
  rule: string,
  base: string,
  season?: number,
): EpisodeMatch | undefined {
  const m = re.exec(base);
  if (!m) return undefined;
  const match: EpisodeMatch = {
    rule,
    episodes: [Number(m[1])],
    before: base.slice(0, m.index),
    after: base.slice(m.index + m[0].length),
  };
  if (season !== undefined) match.season = season;
  return match;
}

function matchNumber(base: string, folderSeason: number): EpisodeMatch | undefined {
  const m = LEADING_NUMBER.exec(base);
  if (m && !YEARLIKE.test(m[1])) {
    let n = Number(m[1]);
    // `101 - Pilot` inside `Season 1`: season digits then a two-digit episode.
    if (n >= 100 && Math.floor(n / 100) === folderSeason) n %= 100;
    return { rule: "episode:number", episodes: [n], before: "", after: base.slice(m[0].length) };
  }
  // `Show.102` inside `Season 1`: only when the leading digits repeat the folder's season.
  const s = SEASON_EPISODE_NUMBER.exec(base);
  if (!s || YEARLIKE.test(s[1])) return undefined;
  const n = Number(s[1]);
  if (Math.floor(n / 100) !== folderSeason || n % 100 === 0) return undefined;
  return {
    rule: "episode:number",
    episodes: [n % 100],
    before: base.slice(0, s.index),
    after: base.slice(s.index + s[0].length),
  };
}

/**
 * Finds the episode token in a file base name (without extension). The expressions are tried
 * from the most to the least specific; the first match wins.
 */
export function matchEpisode(base: string, ctx: EpisodeContext): EpisodeMatch | undefined {
  const strong = matchSxxEyy(base) ?? matchXForm(base);
  if (strong) return strong;
  const se = SEASON_EPISODE.exec(base);
  if (se) {
    return {
      rule: "episode:season-episode",
      season: Number(se[1]),
      episodes: [Number(se[2])],
      before: base.slice(0, se.index),
      after: base.slice(se.index + se[0].length),
    };
  }
  if (ctx.strict) return matchAbsolute(base, true);
  const inSeason = ctx.folderSeason !== undefined;
  return matchDate(base) ??
    matchSingle(EP_WORD, "episode:ep", base) ??
    (inSeason ? matchSingle(E_ONLY, "episode:ep", base) : undefined) ??
    matchAbsolute(base, false) ??
    (inSeason ? matchNumber(base, ctx.folderSeason!) : undefined);
}

/** Index and season of the deepest season folder at or below `from`, or undefined. */
function findSeasonFolder(
  dirs: readonly string[],
  from: number,
): { index: number; season: number } | undefined {
  for (let i = dirs.length - 1; i >= from; i--) {
    const season = parseSeasonFolder(dirs[i], i >= 1);
    if (season !== undefined) return { index: i, season };
  }
  return undefined;
}

function seriesFrom(name: string): { series?: string; series_year?: number } {
  const c = cleanTitle(name);
  if (c.title === "") return {};
  return c.year === undefined ? { series: c.title } : { series: c.title, series_year: c.year };
}

/**
 * Parses an episode from its directories (relative to the library root) and file base name.
 *
 * In a shows library (`strict` false) the series is the top folder under the root, and a file
 * without any episode token is still an episode (rule `episode:title-only`). In a mixed library
 * (`strict` true) only unambiguous tokens count, the series is the folder above the season
 * folder, else the name before the token, else the parent folder; undefined means "not an
 * episode".
 */
export function parseEpisode(
  dirs: readonly string[],
  base: string,
  strict: boolean,
): EpisodeInfo | undefined {
  const seasonFolder = findSeasonFolder(dirs, strict ? 0 : 1) ??
    (!strict && dirs.length === 1 ? seasonAtRoot(dirs[0]) : undefined);
  const match = matchEpisode(base, { strict, folderSeason: seasonFolder?.season });
  if (!match && strict) return undefined;

  const info: EpisodeInfo = { rule: match?.rule ?? "episode:title-only" };
  let series: { series?: string; series_year?: number } = {};
  if (!strict && dirs.length > 0 && seasonFolder?.index !== 0) {
    series = seriesFrom(dirs[0]);
  } else if (strict && seasonFolder !== undefined && seasonFolder.index > 0) {
    series = seriesFrom(dirs[seasonFolder.index - 1]);
  }
  if (series.series === undefined && match) series = seriesFrom(tidy(match.before));
  if (series.series === undefined && strict && dirs.length > seasonFolderDepth(seasonFolder)) {
    series = seriesFrom(dirs[dirs.length - 1]);
  }
  Object.assign(info, series);

  const season = match?.season ?? seasonFolder?.season;
  if (season !== undefined) info.season = season;
  if (match?.episodes) info.episodes = match.episodes;
  if (match?.air_date) info.air_date = match.air_date;
  const title = cleanTitle(match ? match.after : base).title;
  if (title !== "") info.title = title;
  return info;
}

/** Number of leading directories up to and including the season folder (0 without one). */
function seasonFolderDepth(folder: { index: number } | undefined): number {
  return folder === undefined ? 0 : folder.index + 1;
}

/** A shows library whose only folder is a season folder has no series folder. */
function seasonAtRoot(name: string): { index: number; season: number } | undefined {
  const season = parseSeasonFolder(name);
  return season === undefined ? undefined : { index: 0, season };
}
