/**
 * A tiny PGS (Blu-ray "HDMV presentation graphics", `.sup`) writer for tests: each cue is one
 * opaque white rectangle, shown by a display set (PCS, WDS, PDS, ODS, END) and cleared by an
 * empty one at its end. Segment layout after the public descriptions of the format: "PG",
 * PTS and DTS at 90 kHz, type, size, payload.
 */

/** One rectangle shown from `start_ms` to `end_ms`. */
export interface PgsCue {
  start_ms: number;
  end_ms: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

const PCS = 0x16, WDS = 0x17, PDS = 0x14, ODS = 0x15, END = 0x80;

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function segment(type: number, pts_ms: number, payload: number[]): number[] {
  const pts = Math.round(pts_ms * 90);
  return [
    0x50,
    0x47,
    (pts >>> 24) & 0xff,
    (pts >>> 16) & 0xff,
    (pts >>> 8) & 0xff,
    pts & 0xff,
    0,
    0,
    0,
    0,
    type,
    ...u16(payload.length),
    ...payload,
  ];
}

/** RLE of a w×h bitmap of palette entry 1: each line one run, then end of line. */
function rle(w: number, h: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) out.push(0x00, 0xc0 | (w >> 8), w & 0xff, 0x01, 0x00, 0x00);
  return out;
}

/** Writes a `.sup` file with the given cues on a `width`×`height` video. */
export function writeSup(
  opts: { width: number; height: number; cues: PgsCue[] },
): Uint8Array {
  const out: number[] = [];
  let comp = 0;
  // An empty display set at 0 so the stream starts at 0: ffmpeg shifts every input to start at
  // 0, which would otherwise move the first cue to the start when muxing.
  out.push(...segment(PCS, 0, [
    ...u16(opts.width),
    ...u16(opts.height),
    0x10,
    ...u16(comp++),
    0x80,
    0,
    0,
    0,
  ]));
  out.push(...segment(END, 0, []));
  for (const c of opts.cues) {
    const window = [0, ...u16(c.x), ...u16(c.y), ...u16(c.w), ...u16(c.h)];
    out.push(...segment(PCS, c.start_ms, [
      ...u16(opts.width),
      ...u16(opts.height),
      0x10,
      ...u16(comp++),
      0x80, // epoch start
      0,
      0,
      1,
      ...u16(0),
      0,
      0,
      ...u16(c.x),
      ...u16(c.y),
    ]));
    out.push(...segment(WDS, c.start_ms, [1, ...window]));
    // Entry 1: opaque white (Y=235, Cr=Cb=128).
    out.push(...segment(PDS, c.start_ms, [0, 0, 1, 235, 128, 128, 255]));
    const data = rle(c.w, c.h);
    const len = data.length + 4;
    out.push(...segment(ODS, c.start_ms, [
      ...u16(0),
      0,
      0xc0, // first and last fragment
      (len >> 16) & 0xff,
      (len >> 8) & 0xff,
      len & 0xff,
      ...u16(c.w),
      ...u16(c.h),
      ...data,
    ]));
    out.push(...segment(END, c.start_ms, []));
    // The clearing display set: a composition without objects.
    out.push(...segment(PCS, c.end_ms, [
      ...u16(opts.width),
      ...u16(opts.height),
      0x10,
      ...u16(comp++),
      0x00,
      0,
      0,
      0,
    ]));
    out.push(...segment(WDS, c.end_ms, [1, ...window]));
    out.push(...segment(END, c.end_ms, []));
  }
  return new Uint8Array(out);
}
