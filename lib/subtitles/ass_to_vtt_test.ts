import { assertEquals } from "../../tests/helpers/assert.ts";
import { assTextToVtt, assToVtt, parseAssTime } from "./ass_to_vtt.ts";

Deno.test("parseAssTime() reads centiseconds exactly", () => {
  const cases: [string, number | null][] = [
    ["0:00:01.00", 1000],
    ["1:02:03.45", 3723450],
    ["0:00:00.5", 500],
    ["0:00:01.234", 1234],
    ["x", null],
  ];
  for (const [s, want] of cases) assertEquals(parseAssTime(s), want, s);
});

Deno.test("assTextToVtt() strips overrides and drawings, maps \\N and \\h, escapes", () => {
  const cases: [string, string][] = [
    ["{\\i1}Hello{\\i0}", "Hello"],
    ["Line 1\\NLine 2", "Line 1\nLine 2"],
    ["a\\hb", "a\u00A0b"],
    ["{\\pos(10,20)\\c&H00FF00&}Green, text", "Green, text"],
    ["{\\p1}m 0 0 l 100 0 100 100{\\p0}After", "After"],
    ["A < B & C > D", "A &lt; B &amp; C &gt; D"],
    ["{comment}", ""],
  ];
  for (const [input, want] of cases) assertEquals(assTextToVtt(input), want, input);
});

Deno.test("assToVtt() follows the Format line and orders cues by start", () => {
  const ass = [
    "[Script Info]",
    "ScriptType: v4.00+",
    "",
    "[Events]",
    // Non-standard order: Text is last as always, Start/End moved.
    "Format: Layer, Style, Start, End, Name, MarginL, MarginR, MarginV, Effect, Text",
    "Dialogue: 0,Default,0:00:03.50,0:00:04.00,,0,0,0,,Later, with, commas",
    "Comment: 0,Default,0:00:00.00,0:00:09.00,,0,0,0,,not shown",
    "Dialogue: 1,Default,0:00:01.00,0:00:02.25,,0,0,0,,{\\b1}First{\\b0}\\NSecond line",
    "Dialogue: 0,Default,0:00:01.00,0:00:02.25,,0,0,0,,{\\bord3}First{\\b0}\\NSecond line",
    "Dialogue: 0,Default,0:00:05.00,0:00:05.00,,0,0,0,,zero",
    "",
  ].join("\r\n");
  assertEquals(
    assToVtt(ass),
    "WEBVTT\n\n" +
      "00:00:01.000 --> 00:00:02.250\nFirst\nSecond line\n\n" +
      "00:00:03.500 --> 00:00:04.000\nLater, with, commas\n",
  );
});

Deno.test("assToVtt() reads SSA v4 scripts (Marked field)", () => {
  const ssa = "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, " +
    "Effect, Text\nDialogue: Marked=0,0:00:00.10,0:00:00.20,Default,,0000,0000,0000,,Hi\n";
  assertEquals(assToVtt(ssa), "WEBVTT\n\n00:00:00.100 --> 00:00:00.200\nHi\n");
});
