/**
 * The subtitle a playback starts with when the client does not choose one: a forced track in
 * the language of the audio being played (forced subtitles translate the foreign-language bits
 * a viewer of that audio is meant to read), preferring a text track, then a default-flagged
 * one. Pure.
 */
import { normalizeLanguage } from "../naming/languages.ts";

/** The parts of a subtitle track the choice looks at. */
export interface SubtitleCandidate {
  index: number;
  language: string | null;
  forced: boolean;
  default: boolean;
  /** True for formats the server can convert to WebVTT. */
  text: boolean;
}

/** One ISO 639-2/B code for any spelling (`en`, `eng`, `English`), else the lower-cased input. */
export function languageKey(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const l = lang.trim();
  if (l === "" || l.toLowerCase() === "und") return null;
  return normalizeLanguage(l) ?? l.toLowerCase();
}

/**
 * The index of the forced subtitle matching `audioLanguage`, or null. An audio track without a
 * language matches forced subtitles without one.
 */
export function defaultSubtitleIndex(
  tracks: readonly SubtitleCandidate[],
  audioLanguage: string | null | undefined,
): number | null {
  const want = languageKey(audioLanguage);
  const forced = tracks.filter((t) => t.forced && languageKey(t.language) === want);
  if (forced.length === 0) return null;
  const score = (t: SubtitleCandidate) => (t.text ? 2 : 0) + (t.default ? 1 : 0);
  return [...forced].sort((a, b) => score(b) - score(a) || a.index - b.index)[0].index;
}
