import { assertEquals } from "../../tests/helpers/assert.ts";
import { decodeSubtitleText } from "./decode_text.ts";

const TEXT = "Ça va? Déjà vu — naïve café ß";

function utf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = le ? c & 0xff : c >> 8;
    out[3 + i * 2] = le ? c >> 8 : c & 0xff;
  }
  return out;
}

Deno.test("decodeSubtitleText() decodes each supported encoding without mojibake", () => {
  const utf8 = new TextEncoder().encode(TEXT);
  const latin1 = Uint8Array.from("Ça va? Déjà vu naïve café ß", (c) => c.charCodeAt(0));
  const cases: [string, Uint8Array, string, string][] = [
    ["UTF-8", utf8, TEXT, "utf-8"],
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), TEXT, "utf-8"],
    ["UTF-16 LE with BOM", utf16(TEXT, true), TEXT, "utf-16le"],
    ["UTF-16 BE with BOM", utf16(TEXT, false), TEXT, "utf-16be"],
    ["Latin-1", latin1, "Ça va? Déjà vu naïve café ß", "windows-1252"],
    // 0x93/0x94 are curly quotes in Windows-1252 (C1 controls in strict Latin-1).
    [
      "Windows-1252 quotes",
      new Uint8Array([0x93, 0x48, 0x69, 0x94]),
      "\u201cHi\u201d",
      "windows-1252",
    ],
    ["empty", new Uint8Array(), "", "utf-8"],
  ];
  for (const [name, bytes, text, encoding] of cases) {
    assertEquals(decodeSubtitleText(bytes), { text, encoding }, name);
  }
});
