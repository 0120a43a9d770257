import { assertEquals } from "../../tests/helpers/assert.ts";
import { parseSrtTiming, srtTextToVtt, srtToVtt } from "./srt_to_vtt.ts";

Deno.test("parseSrtTiming() reads times exactly to the millisecond", () => {
  const cases: [string, [number, number] | null][] = [
    ["00:00:01,000 --> 00:00:02,500", [1000, 2500]],
    ["01:02:03,004 --> 01:02:04,999", [3723004, 3724999]],
    ["00:00:01.5 --> 00:00:02.25", [1500, 2250]],
    ["0:00:01,001 --> 0:00:01,002 X1:10 X2:20 Y1:1 Y2:2", [1001, 1002]],
    ["100:00:00,000 --> 100:00:00,001", [360000000, 360000001]],
    ["not a timing", null],
  ];
  for (const [line, want] of cases) {
    const got = parseSrtTiming(line);
    assertEquals(got && [got.start_ms, got.end_ms], want, line);
  }
});

Deno.test("srtTextToVtt() keeps b/i/u, drops font and override tags, escapes the rest", () => {
  const cases: [string, string][] = [
    ["<i>Hello</i>", "<i>Hello</i>"],
    ["<B>Bold</B> <U>u</U>", "<b>Bold</b> <u>u</u>"],
    ['<font color="#ff0000">red</font>', "red"],
    ["{\\an8}Top", "Top"],
    ["Tom & Jerry <3 -> x", "Tom &amp; Jerry &lt;3 -&gt; x"],
    ["a --> b", "a --&gt; b"],
    ["<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"],
    ["line 1\n\nline 2  ", "line 1\nline 2"],
  ];
  for (const [input, want] of cases) assertEquals(srtTextToVtt(input), want, input);
});

Deno.test("srtToVtt() converts a file byte-exactly (CRLF, BOM, missing blank line, order)", () => {
  const srt = "\uFEFF1\r\n00:00:05,000 --> 00:00:06,123\r\nSecond\r\n\r\n" +
    "2\r\n00:00:01,001 --> 00:00:02,002\r\n<i>First</i>\r\nline two\r\n" +
    "3\r\n00:00:07,000 --> 00:00:07,000\r\nzero length\r\n\r\n" +
    "4\r\n00:00:08,000 --> 00:00:09,000\r\n\r\n" +
    "5\r\n00:01:00,999 --> 01:00:00,000\r\nA & B\r\n";
  assertEquals(
    srtToVtt(srt),
    "WEBVTT\n\n" +
      "00:00:01.001 --> 00:00:02.002\n<i>First</i>\nline two\n\n" +
      "00:00:05.000 --> 00:00:06.123\nSecond\n\n" +
      "00:01:00.999 --> 01:00:00.000\nA &amp; B\n",
  );
});
