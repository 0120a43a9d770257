/**
 * WebVTT pass-through, normalised: BOM and CR line ends removed, timestamps rewritten as
 * `HH:MM:SS.mmm`, cue settings and `STYLE`/`REGION` blocks kept, `NOTE` blocks and cue
 * identifiers dropped, cues in start order. Cue text is already WebVTT and is kept as it is, but
 * blank-line-free (a stray blank line would end a cue).
 */
import { type Cue, formatVttTime, sortCues } from "./cue.ts";

const TIME = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})\.(\d{3})`;
const TIMING = new RegExp(`^\\s*${TIME}\\s+-->\\s+${TIME}(.*)$`);

function _ms(h: string | undefined, m: string, s: string, f: string): number {
  return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);
}

/** Parses WebVTT cues; also returns the `STYLE`/`REGION` blocks in file order. */
export function parseVtt(text: string): { cues: Cue[]; blocks: string[] } {
  const blocks = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).join("\n").split(/\n{2,}/);
  const cues: Cue[] = [];
  const kept: string[] = [];
  for (const [n, block] of blocks.entries()) {
    const lines = block.split("\n").filter((l, i) => i > 0 || l !== "");
    if (lines.length === 0) continue;
    if (n === 0 && /^WEBVTT/.test(lines[0])) continue;
    if (/^(STYLE|REGION)\b/.test(lines[0]) && cues.length === 0) {
      kept.push(lines.join("\n"));
      continue;
    }
    const at = lines.findIndex((l) => l.includes("-->"));
    if (at < 0 || at > 1) continue; // NOTE blocks and junk
    const t = TIMING.exec(lines[at]);
    if (!t) continue;
    const start_ms = _ms(t[1], t[2], t[3], t[4]);
    const end_ms = _ms(t[5], t[6], t[7], t[8]);
    const cueText = lines.slice(at + 1).filter((l) => l.trim() !== "").join("\n");
    if (end_ms <= start_ms || cueText.trim() === "") continue;
    const settings = t[9].trim();
    cues.push({ start_ms, end_ms, text: cueText, ...(settings ? { settings } : {}) });
  }
  return { cues: sortCues(cues), blocks: kept };
}

/** Normalises a WebVTT document (see the module documentation). */
export function normaliseVtt(text: string): string {
  const { cues, blocks } = parseVtt(text);
  const out = ["WEBVTT", ""];
  for (const b of blocks) out.push(b, "");
  for (const c of cues) {
    const settings = c.settings ? ` ${c.settings}` : "";
    out.push(`${formatVttTime(c.start_ms)} --> ${formatVttTime(c.end_ms)}${settings}`, c.text, "");
  }
  return out.join("\n");
}
