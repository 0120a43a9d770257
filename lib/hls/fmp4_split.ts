/**
 * Splits a self-contained fragmented MP4 (ftyp + moov + moof/mdat…, as ffmpeg's segment muxer
 * writes each segment) into the HLS initialisation section (ftyp + moov, served once as
 * `init.mp4` via EXT-X-MAP) and the media segment (moof/mdat only, RFC 8216 §3.3). Pure.
 */

/** The two halves of a fragmented MP4 file. */
export interface Fmp4Parts {
  /** ftyp + moov. */
  init: Uint8Array;
  /** The fragments (styp, sidx, prft, emsg, moof, mdat) in file order. */
  media: Uint8Array;
}

const _INIT = new Set(["ftyp", "moov"]);
const _MEDIA = new Set(["styp", "sidx", "prft", "emsg", "moof", "mdat"]);

function _concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Walks the top-level boxes (ISO/IEC 14496-12 §4.2: 32-bit size, 1 = 64-bit size follows, 0 = to
 * the end of the file) and sorts them into init and media; other boxes (free, mfra, udta) drop.
 *
 * @throws {SyntaxError} on a truncated box, or when moov or moof is missing
 */
export function splitFmp4(bytes: Uint8Array): Fmp4Parts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const init: Uint8Array[] = [];
  const media: Uint8Array[] = [];
  let hasMoov = false;
  let hasMoof = false;
  let off = 0;
  while (off < bytes.length) {
    if (off + 8 > bytes.length) throw new SyntaxError(`Truncated box header at ${off}`);
    let size = view.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    if (size === 1) {
      if (off + 16 > bytes.length) throw new SyntaxError(`Truncated box header at ${off}`);
      size = Number(view.getBigUint64(off + 8));
    } else if (size === 0) {
      size = bytes.length - off;
    }
    if (size < 8 || off + size > bytes.length) {
      throw new SyntaxError(`Box ${type} at ${off} overruns the file`);
    }
    const box = bytes.subarray(off, off + size);
    if (_INIT.has(type)) init.push(box);
    else if (_MEDIA.has(type)) media.push(box);
    if (type === "moov") hasMoov = true;
    if (type === "moof") hasMoof = true;
    off += size;
  }
  if (!hasMoov) throw new SyntaxError("No moov box: not an initialisable MP4");
  if (!hasMoof) throw new SyntaxError("No moof box: not a fragmented MP4");
  return { init: _concat(init), media: _concat(media) };
}
