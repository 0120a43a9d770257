/**
 * SubRip (`.srt`) to WebVTT. SubRip has no formal specification; this follows what players
 * accept: blocks of an optional counter, a timing line `00:00:01,000 --> 00:00:02,000` and text
 * lines, separated by blank lines. Tolerated: `.` instead of `,`, 1–3 fraction digits, missing
 * counters, CRLF or CR line ends, position suffixes (`X1:…`) after the timing.
 */
import { type Cue, escapeCueText, renderVtt, sortCues, tidyCueText } from "./cue.ts";

const TIME = String.raw`(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?`;
const TIMING = new RegExp(`^\\s*${TIME}\\s*-->\\s*${TIME}`);

/** Milliseconds of a matched time (`h`, `m`, `s`, fraction digits). */
function _ms(h: string | undefined, m: string, s: string, frac: string | undefined): number {
  // A fraction is a decimal fraction of a second: "5" is 500 ms, "05" is 50 ms.
  const f = frac ? Number(frac.padEnd(3, "0")) : 0;
  return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + f;
}

/**
 * Parses a timing line into start and end ms, or null when the line is not one.
 */
export function parseSrtTiming(line: string): { start_ms: number; end_ms: number } | null {
  const t = TIMING.exec(line);
  if (!t) return null;
  return { start_ms: _ms(t[1], t[2], t[3], t[4]), end_ms: _ms(t[5], t[6], t[7], t[8]) };
}

const TAG = /<\s*(\/?)\s*([a-zA-Z]+)[^<>]*>/g;

/**
 * SubRip cue text as WebVTT cue text: `<b>`, `<i>`, `<u>` kept (lower-cased), `<font …>` and
 * ASS-style override blocks (`{\an8}`, `{\i1}`) dropped, every other `&`, `<`, `>` escaped.
 */
export function srtTextToVtt(text: string): string {
  const stripped = text.replace(/\{\\[^}]*\}/g, "");
  let out = "";
  let last = 0;
  for (const m of stripped.matchAll(TAG)) {
    out += escapeCueText(stripped.slice(last, m.index));
    const name = m[2].toLowerCase();
    if (name === "b" || name === "i" || name === "u") out += `<${m[1]}${name}>`;
    else if (name !== "font") out += escapeCueText(m[0]);
    last = m.index + m[0].length;
  }
  out += escapeCueText(stripped.slice(last));
  return tidyCueText(out);
}

/** Parses SubRip text into cues (in start order; empty and zero-length cues dropped). */
export function parseSrt(text: string): Cue[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const cues: Cue[] = [];
  let i = 0;
  while (i < lines.length) {
    const timing = parseSrtTiming(lines[i]);
    if (!timing) {
      i++;
      continue;
    }
    i++;
    const body: string[] = [];
    // Text runs to the next blank line, or to a counter line directly followed by a timing
    // (files that forget the blank line between cues).
    while (i < lines.length && lines[i].trim() !== "") {
      if (parseSrtTiming(lines[i])) break;
      if (/^\s*\d+\s*$/.test(lines[i]) && i + 1 < lines.length && parseSrtTiming(lines[i + 1])) {
        break;
      }
      body.push(lines[i]);
      i++;
    }
    const cueText = srtTextToVtt(body.join("\n"));
    if (cueText && timing.end_ms > timing.start_ms) cues.push({ ...timing, text: cueText });
  }
  return sortCues(cues);
}

/** Converts SubRip text to a WebVTT document. */
export function srtToVtt(text: string): string {
  return renderVtt(parseSrt(text));
}
