/**
 * Turns a scene-style name into a display title and a year:
 * `The.Matrix.1999.1080p.BluRay.x264-GRP` → `{ title: "The Matrix", year: 1999 }`.
 *
 * Behaviour matched: Jellyfin's "clean strings" cut a title at the first release tag and its
 * "clean date-times" take the year that follows the title. We differ on purpose in one place:
 * words that are also ordinary English (`French`, `Extended`, `Limited`) only go when they trail
 * the title, so `The French Connection (1971)` keeps its name (Jellyfin cuts at "French").
 */

/** A cleaned title; `title` is "" when the name held nothing but tags. */
export interface CleanedTitle {
  title: string;
  year?: number;
}

/** Years accepted in names: the first films (1888) up to the end of the century. */
export const YEAR_TOKEN = /^(18[89]\d|19\d\d|20\d\d)$/;

// Provider ids (`[imdbid-tt0133093]`, `{tmdb-603}`) and Plex-style `{edition-…}` tags.
const CURLY_GROUP = /\{[^{}]*\}/g;
const PROVIDER_ID = /\[\s*(?:imdb|tmdb|tvdb|anidb|tvmaze)(?:id)?\s*[-=][^\]]*\]/gi;
// Release sites prefixed to names: `www.Site.com - Movie` or `[www.site.org] Movie`.
const SITE_PREFIX = /^\s*\[?\s*www\.[\p{L}\p{N}-]+\.[a-z]{2,4}\s*\]?\s*[-_.]*\s*/iu;
// Leading fansub/release group tags: `[Group] Name - 01`.
const LEADING_GROUPS = /^\s*(?:\[[^\]]*\]\s*)+/;
const SQUARE_GROUP = /\[([^\]]*)\]/g;
// Dotted codec names would split into meaningless tokens: `H.264` → `H264`.
const DOTTED_CODEC = /(?<![\p{L}\p{N}])([hx])\.(26[45])(?![\p{N}])/giu;
// Single-letter runs such as `S.H.I.E.L.D.`, `M.D` or `E.T.` keep their dots.
const ACRONYM = /(?<![\p{L}\p{N}])(?:\p{L}\.)+\p{L}(?![\p{L}\p{N}])\.?/gu;
// Audio channel counts (`5.1`, `DD5.1`) keep their dot.
const CHANNELS = /(?<![\p{N}.])(\d)\.(\d)(?![\p{N}])/gu;
// A dot or underscore between two non-space characters separates words in scene names; a dot
// before a space (`Mr. Robot`) is punctuation.
const WORD_SEPARATOR = /_|(?<=\S)\.(?=\S)/g;
// A private-use character stands in for dots that must survive separator replacement.
const KEPT_DOT = "\uE000";
const KEPT_DOTS = /\uE000/g;
// Stands in for a bracket group of release tags (`[WEBDL-1080p]`): the title ends there.
const TAG_MARK = "\uE001";
const WHITESPACE = /\s+/;
const EDGE_PUNCTUATION = /^[.([{,;:!?'"“”‘’«»<>-]+|[)\]},;:!?'"“”‘’«»<>.-]+$/g;
const SEPARATOR_TOKEN = /^[-–—_.,:;+~|/\\]+$/;
const TRAILING_JUNK = /[\s\-–—_,;:~|/\\]+$/;
const TRAILING_DOT = /(?<=[^\s.][^\s.])\.+$/;
const LEADING_JUNK = /^[\s\-–—_.,;:~|/\\]+/;
const EMPTY_PARENS = /\(\s*\)|\[\s*\]/g;
const MULTI_SPACE = /\s{2,}/g;

// Tags that never occur as words in real titles: once one appears, the title is over.
const STRONG_TAGS: ReadonlySet<string> = new Set([
  "4k",
  "8k",
  "uhd",
  "fhd",
  "ultrahd",
  "x264",
  "x265",
  "h264",
  "h265",
  "hevc",
  "avc",
  "xvid",
  "divx",
  "divx5",
  "av1",
  "vp9",
  "vc1",
  "mpeg2",
  "8bit",
  "10bit",
  "12bit",
  "hi10p",
  "hdr",
  "hdr10",
  "hdr10+",
  "hdr10plus",
  "dovi",
  "dv",
  "hlg",
  "sdr",
  "bluray",
  "blu-ray",
  "bdrip",
  "brrip",
  "bdremux",
  "bd25",
  "bd50",
  "remux",
  "web-dl",
  "webdl",
  "webrip",
  "web-rip",
  "hdtv",
  "hdtvrip",
  "pdtv",
  "sdtv",
  "dsr",
  "dsrip",
  "tvrip",
  "dvdrip",
  "dvdscr",
  "dvdscreener",
  "dvd5",
  "dvd9",
  "dvdr",
  "hdrip",
  "hdcam",
  "camrip",
  "telesync",
  "telecine",
  "screener",
  "ppvrip",
  "vodrip",
  "amzn",
  "dsnp",
  "hmax",
  "atvp",
  "hsbs",
  "half-sbs",
  "sbs",
  "htab",
  "mvc",
  "nfofix",
  "xxx",
]);

// Release words that are also ordinary words: dropped only when they trail the title.
const WEAK_TAGS: ReadonlySet<string> = new Set([
  "extended",
  "unrated",
  "uncut",
  "remastered",
  "proper",
  "repack",
  "rerip",
  "internal",
  "limited",
  "dubbed",
  "subbed",
  "multi",
  "multisubs",
  "vostfr",
  "truefrench",
  "hc",
  "imax",
  "readnfo",
]);

// Language words mark a dub only right before the technical tags (`Movie.FRENCH.720p`); at the
// end of a title they are part of it (`The Good German (2006)`).
const LANGUAGE_TAGS: ReadonlySet<string> = new Set([
  "french",
  "german",
  "dutch",
  "italian",
  "spanish",
  "ita",
  "multi",
  "dual",
]);

const RESOLUTION_TAG = /^\d{3,4}[pi]$/;
const AUDIO_TAG =
  /^(?:dd|ddp|dd\+|eac3|e-ac-3|ac3|ac-3|aac|dts|dts-hd|dtshd|dts-ma|dtsma|dts-x|dtsx|truehd|atmos|lpcm|pcm|flac|opus)(?:\d(?:\.\d)?)?$/;

/** Tokens of a name after separators are normalised, without the trailing tag tail. */
function tokenize(raw: string): string[] {
  let s = raw.replace(CURLY_GROUP, " ").replace(PROVIDER_ID, " ").replace(SITE_PREFIX, "");
  const withoutGroups = s.replace(LEADING_GROUPS, "");
  // A name that is nothing but brackets keeps its content rather than vanishing.
  if (withoutGroups.trim() !== "") s = withoutGroups;
  s = s.replace(SQUARE_GROUP, (_m, inner: string) => {
    const t = inner.trim();
    if (YEAR_TOKEN.test(t)) return ` (${t}) `;
    // Sonarr/Radarr-style `[WEBDL-1080p][EAC3 5.1]-GRP`: what follows is release info too.
    return t.split(WHITESPACE).some(isReleaseTag) ? ` ${TAG_MARK} ` : " ";
  });
  s = s.replace(DOTTED_CODEC, "$1$2")
    .replace(ACRONYM, (m: string, offset: number, all: string) => {
      const kept = m.replaceAll(".", KEPT_DOT);
      // `U.S.Marshals`: the run ends at a word, so the last dot also separates.
      const next = all.charAt(offset + m.length);
      return next !== "" && /[\p{L}\p{N}]/u.test(next) ? kept + " " : kept;
    })
    .replace(CHANNELS, `$1${KEPT_DOT}$2`)
    .replace(WORD_SEPARATOR, " ")
    .replace(KEPT_DOTS, ".");
  return s.split(WHITESPACE).filter((t) => t !== "");
}

/** The token without wrapping punctuation, lower-cased; used for tag and year tests. */
function core(token: string): string {
  return token.replace(EDGE_PUNCTUATION, "").toLowerCase();
}

/** Whether a token is a release tag that ends a title wherever it appears. */
export function isReleaseTag(token: string): boolean {
  const c = core(token);
  if (c === "") return false;
  if (STRONG_TAGS.has(c) || RESOLUTION_TAG.test(c) || AUDIO_TAG.test(c)) return true;
  // `x264-GROUP`, `BluRay-GROUP`: the group name rides on the last tag.
  const dash = c.indexOf("-");
  if (dash > 0) {
    const head = c.slice(0, dash);
    return STRONG_TAGS.has(head) || RESOLUTION_TAG.test(head) || AUDIO_TAG.test(head);
  }
  return false;
}

function isWeakTag(token: string, beforeTags: boolean): boolean {
  const c = core(token);
  return WEAK_TAGS.has(c) || (beforeTags && LANGUAGE_TAGS.has(c));
}

function yearOf(token: string): { year: number; bracketed: boolean } | undefined {
  const c = core(token);
  if (!YEAR_TOKEN.test(c)) return undefined;
  return { year: Number(c), bracketed: token.startsWith("(") && token.endsWith(")") };
}

/**
 * Cleans a file or folder name (without extension) into a title and an optional year.
 *
 * The year is the last bracketed year after the first word, else the last bare one
 * (`Blade.Runner.2049.2017` → 2017, `2001 A Space Odyssey (1968)` → 1968); a year as the first
 * word is part of the title (`1917.mkv`); after the first release tag only a bracketed year
 * counts (`Name x264 (2010)` → 2010). Everything from the year or the first release tag on is
 * dropped, as are group tags in square brackets and provider ids.
 */
export function cleanTitle(raw: string): CleanedTitle {
  const tokens = tokenize(raw);
  let cut = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === TAG_MARK || isReleaseTag(tokens[i])) {
      cut = i;
      break;
    }
  }
  let yearAt = -1;
  let year: number | undefined;
  let bracketedFound = false;
  for (let i = 1; i < cut; i++) {
    const y = yearOf(tokens[i]);
    if (!y) continue;
    // A bracketed year is explicit; once seen, bare numbers after it cannot override it.
    if (y.bracketed || !bracketedFound) {
      yearAt = i;
      year = y.year;
      bracketedFound ||= y.bracketed;
    }
  }
  if (year === undefined) {
    // A bracketed year after the first tag still dates the title: `Name x264 (2012)` is
    // "Name" of 2012, as the reference server reads it (its year comes first, tags after).
    const after = tokens.slice(cut).map(yearOf).find((y) => y?.bracketed);
    if (after) year = after.year;
  }
  let end = yearAt >= 0 ? yearAt : cut;
  const beforeTags = end === cut && cut < tokens.length;
  while (end > 1) {
    const last = tokens[end - 1];
    if (!isWeakTag(last, beforeTags) && !SEPARATOR_TOKEN.test(last)) break;
    end--;
  }
  if (end === 1 && SEPARATOR_TOKEN.test(tokens[0])) end = 0;
  const title = tidy(tokens.slice(0, end).join(" "));
  return year === undefined ? { title } : { title, year };
}

/** Trims separators, empty brackets and doubled spaces left behind by cutting. */
export function tidy(s: string): string {
  return s.replace(EMPTY_PARENS, " ")
    .replace(MULTI_SPACE, " ")
    .replace(TRAILING_JUNK, "")
    .replace(TRAILING_DOT, "")
    .replace(LEADING_JUNK, "")
    .trim();
}

const COMPARE_NOISE = /[^\p{L}\p{N}]+/gu;

/**
 * A comparison key for names: lower case, letters and digits only, words separated by single
 * spaces (`The.Matrix` and `The Matrix` compare equal).
 */
export function compareKey(s: string): string {
  return s.toLowerCase().replace(COMPARE_NOISE, " ").trim();
}
