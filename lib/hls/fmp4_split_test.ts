import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { splitFmp4 } from "./fmp4_split.ts";

/** A box with a 32-bit size, or a 64-bit one when `large`. */
function box(type: string, payload: number[] = [], large = false): number[] {
  const head = large ? 16 : 8;
  const size = head + payload.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, large ? 1 : size);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  if (large) v.setBigUint64(8, BigInt(size));
  out.set(payload, head);
  return [...out];
}

const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

Deno.test("splitFmp4() separates ftyp+moov from the fragments and drops the rest", () => {
  const ftyp = box("ftyp", [1, 2]);
  const moov = box("moov", [3, 4, 5]);
  const moof1 = box("moof", [6]);
  const mdat1 = box("mdat", [7, 7, 7], true);
  const moof2 = box("moof", [8]);
  const mdat2 = box("mdat", [9]);
  const parts = splitFmp4(
    bytes(ftyp, moov, box("free", [0]), moof1, mdat1, moof2, mdat2, box("mfra")),
  );
  assertEquals([...parts.init], [...ftyp, ...moov]);
  assertEquals([...parts.media], [...moof1, ...mdat1, ...moof2, ...mdat2]);
});

Deno.test("splitFmp4() reads a size-0 box as running to the end", () => {
  const last = box("mdat", [1, 2, 3]);
  const zeroSized = [0, 0, 0, 0, ...last.slice(4)];
  const parts = splitFmp4(bytes(box("ftyp"), box("moov"), box("moof"), zeroSized));
  assertEquals(parts.media.length, box("moof").length + zeroSized.length);
});

const broken: { name: string; data: Uint8Array }[] = [
  { name: "a truncated header", data: bytes(box("ftyp"), [0, 0, 0]) },
  {
    name: "a box overrunning the file",
    data: bytes(box("ftyp"), [0, 0, 0, 99, 109, 111, 111, 118]),
  },
  { name: "a box smaller than its header", data: bytes([0, 0, 0, 4, 109, 111, 111, 102]) },
  { name: "no moov", data: bytes(box("ftyp"), box("moof"), box("mdat")) },
  { name: "no moof", data: bytes(box("ftyp"), box("moov"), box("mdat")) },
];

for (const row of broken) {
  Deno.test(`splitFmp4() rejects ${row.name}`, () => {
    assertThrows(() => splitFmp4(row.data), SyntaxError);
  });
}
