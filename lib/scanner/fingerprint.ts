/**
 * Content fingerprints that let a moved or renamed file keep its item: the size plus a SHA-1 of
 * the first and last 64 KiB. Reading two small chunks instead of the whole file keeps this cheap
 * for multi-gigabyte videos; two different files of one size with equal heads and tails are
 * rare enough for this purpose (a false match only keeps an item id).
 */
import { createHash } from "node:crypto";

/** Bytes hashed at each end of a file. */
export const FINGERPRINT_CHUNK = 64 * 1024;

async function readFully(file: Deno.FsFile, buf: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < buf.length) {
    const n = await file.read(buf.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return filled;
}

/**
 * The fingerprint of the bytes read from a file of `size` bytes: `head` is the whole file when
 * it is at most two chunks long, else the first chunk, and `tail` the last chunk.
 */
export function fingerprintOf(size: number, head: Uint8Array, tail?: Uint8Array): string {
  const hash = createHash("sha1");
  hash.update(head);
  if (tail) hash.update(tail);
  return `${size}:${hash.digest("hex")}`;
}

/**
 * Fingerprint of a small file (at most two chunks, read whole) with one synchronous read: for
 * such files the read costs about what a `stat` does, and an async read would cost more in
 * scheduling than in I/O.
 */
export function fingerprintSmallFileSync(path: string): string {
  const data = Deno.readFileSync(path);
  if (data.length > 2 * FINGERPRINT_CHUNK) {
    return fingerprintOf(
      data.length,
      data.subarray(0, FINGERPRINT_CHUNK),
      data.subarray(data.length - FINGERPRINT_CHUNK),
    );
  }
  return fingerprintOf(data.length, data);
}

/** Reads the ends of a file and returns its fingerprint. */
export async function fingerprintFile(path: string): Promise<string> {
  using file = await Deno.open(path, { read: true });
  const { size } = await file.stat();
  if (size <= 2 * FINGERPRINT_CHUNK) {
    const all = new Uint8Array(size);
    const n = await readFully(file, all);
    return fingerprintOf(size, all.subarray(0, n));
  }
  const head = new Uint8Array(FINGERPRINT_CHUNK);
  const tail = new Uint8Array(FINGERPRINT_CHUNK);
  const headLen = await readFully(file, head);
  await file.seek(size - FINGERPRINT_CHUNK, Deno.SeekMode.Start);
  const tailLen = await readFully(file, tail);
  return fingerprintOf(size, head.subarray(0, headLen), tail.subarray(0, tailLen));
}
