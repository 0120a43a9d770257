/**
 * Decodes subtitle files whatever their encoding: UTF-8 (with or without BOM), UTF-16 LE/BE with
 * a BOM, and Windows-1252 (a superset of Latin-1's printable range) for old files whose bytes are
 * not valid UTF-8. Subtitles found in the wild are mostly one of these; guessing further (Cyrillic
 * or CJK legacy code pages) needs statistics this server does not attempt.
 */

/** The encoding {@link decodeSubtitleText} found. */
export type SubtitleEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** Decoded text and the encoding it was read in. */
export interface DecodedText {
  text: string;
  encoding: SubtitleEncoding;
}

/**
 * Decodes subtitle bytes: a BOM decides first; then strict UTF-8 (which fails on nearly every
 * Latin-1 text with accents, so the check is reliable); else Windows-1252, which the WHATWG
 * Encoding Standard also uses for labels saying "latin1" or "iso-8859-1".
 */
export function decodeSubtitleText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // ignoreBOM: the BOM was handled above, and a second one would be content.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      .decode(bom ? bytes.subarray(3) : bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}
