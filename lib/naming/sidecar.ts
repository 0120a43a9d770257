/**
 * Sidecar subtitle names: `Movie.en.forced.srt` → language, flags, title and the video it
 * belongs to.
 *
 * Behaviour matched (Jellyfin's documented external-stream naming): after the video's base name
 * come dot-separated parts in any order — a language (`en`, `eng`, `English`), `default`,
 * `forced` or `foreign`, `sdh`, `cc` or `hi` (hearing impaired; `hi` alone is Hindi); anything
 * else becomes the track title. Subtitles may also sit in a `Subs/` folder, either named like
 * the video or in release style (`Subs/2_English.srt`, `Subs/Movie/2_English.srt`).
 */
import { normalizeLanguage } from "./languages.ts";
import type { SidecarInfo } from "./types.ts";

const SUBS_FOLDER = /^(?:subs?|subtitles?)$/i;
// Release-style names: a track index, an underscore, then the language and flags.
const RELEASE_STYLE = /^\d{1,3}_(.+)$/;
const WORD_SPLIT = /[\s_()[\]]+/;
const RELEASE_SPLIT = /[\s._()[\]]+/;

type Flag = "default" | "forced" | "hearing_impaired" | "hi";

const FLAGS: ReadonlyMap<string, Flag> = new Map([
  ["default", "default"],
  ["forced", "forced"],
  ["foreign", "forced"],
  ["sdh", "hearing_impaired"],
  ["cc", "hearing_impaired"],
  ["hoh", "hearing_impaired"],
  ["hi", "hi"],
]);

// Region and script qualifiers inside a multi-word part (`Portuguese (Brazil)`,
// `Chinese (Simplified)`): accepted, but they change nothing.
const QUALIFIERS: ReadonlySet<string> = new Set([
  "brazil",
  "portugal",
  "spain",
  "latin",
  "america",
  "american",
  "european",
  "canada",
  "canadian",
  "uk",
  "us",
  "simplified",
  "traditional",
  "hong",
  "kong",
  "taiwan",
  "full",
]);

/** One recognised part of a sidecar name. */
type Part = { flag: Flag } | { language: string };

/**
 * Recognises one dot-separated part: a flag, a language, or several of them written with
 * spaces or brackets (`English (SDH)`). Undefined when any word is unknown.
 */
function recognise(token: string): Part[] | undefined {
  const lower = token.toLowerCase();
  const flag = FLAGS.get(lower);
  if (flag !== undefined) return [{ flag }];
  const language = normalizeLanguage(lower);
  if (language !== undefined) return [{ language }];
  const words = lower.split(WORD_SPLIT).filter((w) => w !== "");
  if (words.length < 2) return undefined;
  const parts: Part[] = [];
  for (const w of words) {
    if (QUALIFIERS.has(w)) continue;
    const f = FLAGS.get(w);
    if (f !== undefined) {
      parts.push({ flag: f });
      continue;
    }
    const l = normalizeLanguage(w);
    if (l === undefined) return undefined;
    parts.push({ language: l });
  }
  return parts.length > 0 ? parts : undefined;
}

interface Collected {
  language?: string;
  forced: boolean;
  default: boolean;
  hearing_impaired: boolean;
  title?: string;
}

/** Folds recognised parts into flags; `hi` is Hindi unless another language is present. */
function collect(parts: readonly Part[], titleWords: readonly string[]): Collected {
  const out: Collected = { forced: false, default: false, hearing_impaired: false };
  let hi = false;
  for (const p of parts) {
    if ("language" in p) {
      out.language ??= p.language;
    } else if (p.flag === "hi") {
      hi = true;
    } else if (p.flag === "hearing_impaired") {
      out.hearing_impaired = true;
    } else {
      out[p.flag] = true;
    }
  }
  if (hi) {
    if (out.language === undefined) out.language = "hin";
    else out.hearing_impaired = true;
  }
  if (titleWords.length > 0) out.title = titleWords.join(" ");
  return out;
}

/**
 * Splits a sidecar base name into the video's base name and the parsed parts, reading
 * dot-separated parts from the right. Without the video's name we cannot tell a title from the
 * video name, so one unknown part is taken as the title only when it is the last part and a
 * known part stands before it (`Movie.en.Commentary`).
 */
function splitFromRight(base: string): { video_base: string; info: Collected } {
  const tokens = base.split(".");
  let i = tokens.length - 1;
  const titleWords: string[] = [];
  if (i >= 2 && recognise(tokens[i]) === undefined && recognise(tokens[i - 1]) !== undefined) {
    titleWords.push(tokens[i]);
    i--;
  }
  const parts: Part[] = [];
  for (; i >= 1; i--) {
    const p = recognise(tokens[i]);
    if (p === undefined) break;
    parts.unshift(...p);
  }
  if (parts.length === 0) return { video_base: base, info: collect([], []) };
  return { video_base: tokens.slice(0, i + 1).join("."), info: collect(parts, titleWords) };
}

/** Parses parts that all belong to the subtitle (no video name among them). */
function parseAll(tokens: readonly string[]): Collected {
  const parts: Part[] = [];
  const titleWords: string[] = [];
  for (const t of tokens) {
    if (t === "") continue;
    const p = recognise(t);
    if (p === undefined) titleWords.push(t);
    else parts.push(...p);
  }
  return collect(parts, titleWords);
}

/**
 * Parses a sidecar subtitle from its directories (relative to the library root) and base name
 * (without extension). When the scanner knows the sibling video's base name it passes
 * `videoBase`, and every part after it is parsed, unknown words becoming the title.
 */
export function parseSidecar(
  dirs: readonly string[],
  base: string,
  videoBase?: string,
): SidecarInfo {
  let subs = -1;
  for (let i = dirs.length - 1; i >= 0; i--) {
    if (SUBS_FOLDER.test(dirs[i])) {
      subs = i;
      break;
    }
  }
  const video_dir = (subs >= 0 ? dirs.slice(0, subs) : dirs).join("/");

  if (videoBase !== undefined && base.toLowerCase().startsWith(videoBase.toLowerCase() + ".")) {
    const info = parseAll(base.slice(videoBase.length + 1).split("."));
    return { ...info, video_base: videoBase, video_dir };
  }

  if (subs >= 0) {
    // `Subs/2_English.srt`, `Subs/Movie/2_English.srt`, `Subs/English.srt`: the name holds no
    // video name, so the folder inside Subs, else the folder holding Subs, names the video.
    const release = RELEASE_STYLE.exec(base);
    if (release || recognise(base) !== undefined) {
      const words = (release ? release[1] : base).split(RELEASE_SPLIT);
      const owner = subs < dirs.length - 1 ? dirs[subs + 1] : subs > 0 ? dirs[subs - 1] : "";
      return { ...parseAll(words), video_base: owner, video_dir, from_folder: true };
    }
  }
  const { video_base, info } = splitFromRight(base);
  return { ...info, video_base, video_dir };
}
