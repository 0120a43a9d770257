/**
 * The cue model every converter produces and the WebVTT writer (W3C WebVTT §4). Cue times are
 * integers in milliseconds, so conversions are exact to the millisecond.
 */

/** One subtitle cue on the media's own timeline. */
export interface Cue {
  start_ms: number;
  end_ms: number;
  /** WebVTT cue text: escaped, only `<b>`, `<i>`, `<u>` tags, lines separated by `\n`. */
  text: string;
  /** WebVTT cue settings (`line:0 align:start`), kept from WebVTT input. */
  settings?: string;
}

/** `HH:MM:SS.mmm` (hours always present, as most players expect). */
export function formatVttTime(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(t % 1000, 3)}`;
}

/** Escapes text for a WebVTT cue: `&`, `<` and `>` become character references. */
export function escapeCueText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Cue text lines without blank lines (a blank line would end the cue in WebVTT) and without
 * trailing spaces; empty when nothing visible is left.
 */
export function tidyCueText(text: string): string {
  return text.split("\n").map((l) => l.replace(/[ \t]+$/, "")).filter((l) => l.trim() !== "")
    .join("\n");
}

/**
 * Writes a WebVTT file from cues: the `WEBVTT` header, optional header lines (e.g.
 * `X-TIMESTAMP-MAP=…`), then each cue as timing line and text, separated by blank lines.
 */
export function renderVtt(cues: readonly Cue[], headerLines: readonly string[] = []): string {
  const out = ["WEBVTT", ...headerLines, ""];
  for (const c of cues) {
    const settings = c.settings ? ` ${c.settings}` : "";
    out.push(`${formatVttTime(c.start_ms)} --> ${formatVttTime(c.end_ms)}${settings}`, c.text, "");
  }
  return out.join("\n");
}

/** Cues in start order (then end order); equal cues keep their file order (stable sort). */
export function sortCues(cues: Cue[]): Cue[] {
  return cues.sort((a, b) => a.start_ms - b.start_ms || a.end_ms - b.end_ms);
}
