import { assertEquals } from "../../tests/helpers/assert.ts";
import { parseVtt, parseVttTime, shiftCues } from "./vtt_cues.ts";

Deno.test("parseVttTime() reads hours-optional timestamps", () => {
  const cases: [string, number][] = [
    ["00:01.500", 1.5],
    ["01:02:03.250", 3723.25],
    ["00:00:04,000", 4],
  ];
  for (const [s, want] of cases) assertEquals(parseVttTime(s), want, s);
});

Deno.test("parseVtt() returns cues with ids, settings and multi-line text; skips NOTE/STYLE", () => {
  const vtt = "\uFEFFWEBVTT\r\n\r\nNOTE a comment\r\n\r\nSTYLE\n::cue { color: red }\n\n" +
    "1\n00:00:01.000 --> 00:00:02.500 line:90%\nHello\nworld\n\n" +
    "00:01:00.000 --> 00:01:01.000\n<i>Second</i>\n\n00:02.000 --> 00:03.000\n\n";
  assertEquals(parseVtt(vtt), [
    { start: 1, end: 2.5, text: "Hello\nworld" },
    { start: 60, end: 61, text: "<i>Second</i>" },
  ]);
});

Deno.test("shiftCues() applies the offset and the timeline start, dropping cues before it", () => {
  const cues = [{ start: 1, end: 2, text: "a" }, { start: 10, end: 12, text: "b" }];
  const cases: [number, number, { start: number; end: number; text: string }[]][] = [
    [0, 0, cues],
    [0.5, 0, [{ start: 1.5, end: 2.5, text: "a" }, { start: 10.5, end: 12.5, text: "b" }]],
    [-1.5, 0, [{ start: 0, end: 0.5, text: "a" }, { start: 8.5, end: 10.5, text: "b" }]],
    [0, 11, [{ start: 0, end: 1, text: "b" }]],
  ];
  for (const [offset, base, want] of cases) assertEquals(shiftCues(cues, offset, base), want);
});
