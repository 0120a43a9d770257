/**
 * ASS/SSA (`.ass`, `.ssa`, and Matroska's ASS tracks as ffmpeg writes them) to WebVTT. Reads the
 * `[Events]` section's `Format:` line for the field order (SSA v4 and ASS v4+ differ), takes each
 * `Dialogue:` line's Start, End and Text (the last field, which may contain commas), drops
 * override blocks `{…}` and drawings (`\p1` … `\p0`), and turns `\N` into a line break and `\h`
 * into a no-break space. Styling, positioning and karaoke are not carried over: a client that
 * needs them gets the original `.ass` or a burn-in.
 */
import { type Cue, escapeCueText, renderVtt, sortCues, tidyCueText } from "./cue.ts";

/** `H:MM:SS.cc` (centiseconds) to ms; null when malformed. */
export function parseAssTime(s: string): number | null {
  const m = /^\s*(\d+):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$/.exec(s);
  if (!m) return null;
  const frac = m[4] ? Number(m[4].padEnd(3, "0")) : 0;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + frac;
}

/**
 * Dialogue text as WebVTT cue text: override blocks and drawing commands removed, `\N`/`\n` as
 * line breaks (`\n` is a soft break that renderers show as a break in the common wrap styles),
 * `\h` as U+00A0, the rest escaped.
 */
export function assTextToVtt(text: string): string {
  let out = "";
  let drawing = false;
  for (const part of text.split(/(\{[^}]*\})/)) {
    if (part.startsWith("{") && part.endsWith("}")) {
      // `\p<scale>` switches drawing mode on (scale > 0) or off (0).
      const p = /\\p(\d+)/.exec(part);
      if (p) drawing = Number(p[1]) > 0;
      continue;
    }
    if (!drawing) out += part;
  }
  out = out.replace(/\\[Nn]/g, "\n").replaceAll("\\h", "\u00A0");
  return tidyCueText(escapeCueText(out));
}

/** Parses an ASS/SSA script's dialogue into cues (start order; file order for equal starts). */
export function parseAss(text: string): Cue[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let inEvents = false;
  // The v4+ default, used when a script has no Format line before its dialogue.
  let format = [
    "layer",
    "start",
    "end",
    "style",
    "name",
    "marginl",
    "marginr",
    "marginv",
    "effect",
    "text",
  ];
  const cues: Cue[] = [];
  const seen = new Set<string>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inEvents = line.toLowerCase() === "[events]";
      continue;
    }
    if (!inEvents) continue;
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const kind = line.slice(0, colon).trim().toLowerCase();
    const rest = line.slice(colon + 1).replace(/^ /, "");
    if (kind === "format") {
      format = rest.split(",").map((f) => f.trim().toLowerCase());
      continue;
    }
    if (kind !== "dialogue") continue;
    const fields: string[] = [];
    let from = 0;
    // Text is the last field and keeps its commas.
    for (let f = 0; f < format.length - 1; f++) {
      const comma = rest.indexOf(",", from);
      if (comma < 0) break;
      fields.push(rest.slice(from, comma));
      from = comma + 1;
    }
    if (fields.length !== format.length - 1) continue;
    fields.push(rest.slice(from));
    const get = (name: string) => {
      const i = format.indexOf(name);
      return i >= 0 ? fields[i] : undefined;
    };
    const start = parseAssTime(get("start") ?? "");
    const end = parseAssTime(get("end") ?? "");
    const cueText = assTextToVtt(get("text") ?? "");
    if (start === null || end === null || end <= start || !cueText) continue;
    // The same line on several layers (outline and fill, a common typesetting trick) once.
    const key = `${start}\u0000${end}\u0000${cueText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cues.push({ start_ms: start, end_ms: end, text: cueText });
  }
  return sortCues(cues);
}

/** Converts an ASS/SSA script to a WebVTT document. */
export function assToVtt(text: string): string {
  return renderVtt(parseAss(text));
}
