import { deepStrictEqual, throws } from "node:assert/strict";
import {
  MAX_RANGE_SPECS,
  MAX_RANGES,
  parseRangeHeader,
  type RangeParse,
  rangesLength,
} from "./range.ts";

const NONE: RangeParse = { kind: "none" };
const UNSAT: RangeParse = { kind: "unsatisfiable" };
const r = (...pairs: [number, number][]): RangeParse => ({
  kind: "ranges",
  ranges: pairs.map(([start, end]) => ({ start, end })),
});

type Row = [header: string | null, size: number, expected: RangeParse];

function runTable(rows: Row[]) {
  for (const [header, size, expected] of rows) {
    deepStrictEqual(
      parseRangeHeader(header, size),
      expected,
      `parseRangeHeader(${JSON.stringify(header)}, ${size})`,
    );
  }
}

Deno.test("parseRangeHeader() serves single ranges, clamped to the file", () => {
  runTable([
    ["bytes=0-99", 1000, r([0, 99])],
    ["bytes=0-0", 1000, r([0, 0])],
    ["bytes=999-999", 1000, r([999, 999])],
    ["bytes=500-", 1000, r([500, 999])],
    ["bytes=0-", 1000, r([0, 999])],
    ["bytes=900-5000", 1000, r([900, 999])],
    ["bytes=0-999999999", 1000, r([0, 999])],
    ["bytes=-100", 1000, r([900, 999])],
    ["bytes=-1", 1000, r([999, 999])],
    ["bytes=-1000", 1000, r([0, 999])],
    ["bytes=-5000", 1000, r([0, 999])],
    ["bytes=007-010", 1000, r([7, 10])],
    ["Bytes=1-2", 1000, r([1, 2])],
    ["BYTES=1-2", 1000, r([1, 2])],
    ["bytes= 1-2 ", 1000, r([1, 2])],
    ["bytes=0-0", 1, r([0, 0])],
    ["bytes=-1", 1, r([0, 0])],
  ]);
});

Deno.test("parseRangeHeader() keeps offsets above 2^32 exact", () => {
  const size = 3 * 2 ** 30 + 2 ** 32; // 7 GiB
  runTable([
    [`bytes=${2 ** 32 + 5}-${2 ** 32 + 1048580}`, size, r([2 ** 32 + 5, 2 ** 32 + 1048580])],
    [`bytes=${size - 1}-`, size, r([size - 1, size - 1])],
    [`bytes=-${2 ** 33}`, size, r([0, size - 1])],
    [`bytes=0-${Number.MAX_SAFE_INTEGER}`, size, r([0, size - 1])],
  ]);
});

Deno.test("parseRangeHeader() reports unsatisfiable when no range overlaps the file", () => {
  runTable([
    ["bytes=1000-", 1000, UNSAT],
    ["bytes=1000-2000", 1000, UNSAT],
    ["bytes=5000-6000", 1000, UNSAT],
    ["bytes=-0", 1000, UNSAT],
    ["bytes=-0,1000-", 1000, UNSAT],
    ["bytes=1-1", 1, UNSAT],
  ]);
});

Deno.test("parseRangeHeader() drops unsatisfiable parts but serves the rest", () => {
  runTable([
    ["bytes=-0,0-9", 1000, r([0, 9])],
    ["bytes=2000-3000,10-19", 1000, r([10, 19])],
    ["bytes=0-9,1000-", 1000, r([0, 9])],
  ]);
});

Deno.test("parseRangeHeader() ignores absent, malformed and foreign-unit headers", () => {
  runTable([
    [null, 1000, NONE],
    ["", 1000, NONE],
    ["bytes", 1000, NONE],
    ["bytes=", 1000, NONE],
    ["bytes=,", 1000, NONE],
    ["bytes=,,", 1000, NONE],
    ["bytes=-", 1000, NONE],
    ["bytes=abc", 1000, NONE],
    ["bytes=1-a", 1000, NONE],
    ["bytes=a-1", 1000, NONE],
    ["bytes=1--2", 1000, NONE],
    ["bytes=-1-2", 1000, NONE],
    ["bytes=+1-2", 1000, NONE],
    ["bytes=1.5-2", 1000, NONE],
    ["bytes=1e3-2000", 1000, NONE],
    ["bytes=0x10-20", 1000, NONE],
    ["bytes=1 - 2", 1000, NONE],
    ["bytes=5-4", 1000, NONE],
    ["bytes=0-1,5-4", 1000, NONE],
    ["bytes=0-1,junk", 1000, NONE],
    ["bytes =0-1", 1000, NONE],
    ["=0-1", 1000, NONE],
    ["0-1", 1000, NONE],
    ["items=0-1", 1000, NONE],
    ["none=0-1", 1000, NONE],
    ["bytes=0-1;x", 1000, NONE],
  ]);
});

Deno.test("parseRangeHeader() treats numbers beyond MAX_SAFE_INTEGER as malformed", () => {
  runTable([
    ["bytes=9007199254740992-", 2 ** 40, NONE],
    ["bytes=0-9007199254740992", 1000, NONE],
    ["bytes=0-99999999999999999999999999", 1000, NONE],
    ["bytes=-9007199254740992", 1000, NONE],
    ["bytes=9007199254740991-", 1000, UNSAT],
  ]);
});

Deno.test("parseRangeHeader() ignores a Range on an empty file", () => {
  runTable([
    ["bytes=0-", 0, NONE],
    ["bytes=0-0", 0, NONE],
    ["bytes=-1", 0, NONE],
    ["bytes=-0", 0, NONE],
  ]);
});

Deno.test("parseRangeHeader() returns several ranges in request order", () => {
  runTable([
    ["bytes=0-9,20-29", 1000, r([0, 9], [20, 29])],
    ["bytes=0-9, 20-29", 1000, r([0, 9], [20, 29])],
    ["bytes=0-9 ,\t20-29", 1000, r([0, 9], [20, 29])],
    ["bytes=0-9,,20-29,", 1000, r([0, 9], [20, 29])],
    ["bytes=500-599,0-9", 1000, r([500, 599], [0, 9])],
    ["bytes=0-9,-10", 1000, r([0, 9], [990, 999])],
    ["bytes=-10,0-9", 1000, r([990, 999], [0, 9])],
  ]);
});

Deno.test("parseRangeHeader() coalesces overlapping and adjacent ranges", () => {
  runTable([
    ["bytes=0-9,5-14", 1000, r([0, 14])],
    ["bytes=0-9,10-19", 1000, r([0, 19])],
    ["bytes=0-9,11-19", 1000, r([0, 9], [11, 19])],
    ["bytes=10-19,0-9", 1000, r([0, 19])],
    ["bytes=0-99,10-19", 1000, r([0, 99])],
    ["bytes=0-0,0-0,0-0", 1000, r([0, 0])],
    ["bytes=900-,-200", 1000, r([800, 999])],
    ["bytes=500-599,0-9,550-700", 1000, r([500, 700], [0, 9])],
    ["bytes=0-9,500-599,5-20", 1000, r([0, 20], [500, 599])],
    ["bytes=0-,10-20", 1000, r([0, 999])],
    ["bytes=100-199,0-99,200-299", 1000, r([0, 299])],
  ]);
});

Deno.test("parseRangeHeader() serves the whole file past the range caps", () => {
  const parts = (n: number, step: number) =>
    "bytes=" + Array.from({ length: n }, (_, i) => `${i * step}-${i * step}`).join(",");
  deepStrictEqual(parseRangeHeader(parts(MAX_RANGES, 2), 1000).kind, "ranges");
  deepStrictEqual(parseRangeHeader(parts(MAX_RANGES + 1, 2), 1000), NONE);
  // Many specs that coalesce into one are fine as long as the spec count stays bounded.
  deepStrictEqual(parseRangeHeader(parts(MAX_RANGE_SPECS, 1), 1000), r([0, MAX_RANGE_SPECS - 1]));
  deepStrictEqual(parseRangeHeader(parts(MAX_RANGE_SPECS + 1, 1), 1000), NONE);
});

Deno.test("parseRangeHeader() rejects an invalid size", () => {
  for (const size of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
    throws(() => parseRangeHeader("bytes=0-1", size), RangeError);
  }
});

Deno.test("rangesLength() sums inclusive ranges", () => {
  deepStrictEqual(rangesLength([]), 0);
  deepStrictEqual(rangesLength([{ start: 0, end: 0 }]), 1);
  deepStrictEqual(rangesLength([{ start: 0, end: 9 }, { start: 2 ** 32, end: 2 ** 32 + 99 }]), 110);
});
