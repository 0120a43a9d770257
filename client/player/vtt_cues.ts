/**
 * Reads the cues of a WebVTT file (what `/api/items/{id}/subtitles/{i}.vtt` serves) into plain
 * data, so the Player can build its own text track with a user offset applied: the browser's
 * `<track>` gives no way to shift cue times.
 */

/** One cue, times in seconds. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;

/** "01:02:03.450" or "02:03.450" → seconds. */
export function parseVttTime(s: string): number {
  const parts = s.replace(",", ".").split(":").map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** The cues of a WebVTT document, in file order; NOTE, STYLE and REGION blocks are skipped. */
export function parseVtt(text: string): Cue[] {
  const cues: Cue[] = [];
  const blocks = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split("\n");
    const at = lines.findIndex((l) => TIMING.test(l));
    if (at < 0 || at > 1) continue;
    const m = TIMING.exec(lines[at])!;
    const body = lines.slice(at + 1).join("\n").trim();
    if (!body) continue;
    cues.push({ start: parseVttTime(m[1]), end: parseVttTime(m[2]), text: body });
  }
  return cues;
}

/**
 * The cues moved by `offset` seconds (positive = later) onto a media timeline that starts at
 * `timeBase` seconds of the item (a progressive stream started mid-way); cues that end before
 * the timeline starts are dropped and the others clamped at 0.
 */
export function shiftCues(cues: Cue[], offset: number, timeBase = 0): Cue[] {
  const out: Cue[] = [];
  for (const c of cues) {
    const start = c.start + offset - timeBase;
    const end = c.end + offset - timeBase;
    if (end <= 0) continue;
    out.push({ start: Math.max(0, start), end, text: c.text });
  }
  return out;
}
