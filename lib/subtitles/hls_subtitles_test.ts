import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import {
  bcp47Language,
  subtitlePlaylist,
  subtitleSegments,
  subtitleSegmentVtt,
  timestampMapLine,
} from "./hls_subtitles.ts";

Deno.test("subtitleSegments() cuts a fixed grid with a shorter last segment", () => {
  const cases: [number, number, [number, number][]][] = [
    [13_500, 6, [[0, 6000], [6000, 12000], [12000, 13500]]],
    [12_000, 6, [[0, 6000], [6000, 12000]]],
    [0, 6, [[0, 1]]],
  ];
  for (const [duration, target, want] of cases) {
    assertEquals(subtitleSegments(duration, target).map((s) => [s.start_ms, s.end_ms]), want);
  }
  assertThrows(() => subtitleSegments(1000, 0), RangeError);
});

Deno.test("subtitlePlaylist() is a VOD playlist with ENDLIST and tokened URIs", () => {
  assertEquals(
    subtitlePlaylist(subtitleSegments(7000, 6), "s2-", "?t=abc"),
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n" +
      "#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.000,\ns2-0.vtt?t=abc\n#EXTINF:1.000,\ns2-1.vtt?t=abc\n" +
      "#EXT-X-ENDLIST\n",
  );
});

Deno.test("subtitleSegmentVtt() maps local time to the TS offset and repeats crossing cues", () => {
  assertEquals(timestampMapLine(1400), "X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000");
  const cues = [
    { start_ms: 1000, end_ms: 2000, text: "a" },
    { start_ms: 5500, end_ms: 6500, text: "b" },
    { start_ms: 6000, end_ms: 7000, text: "c" },
  ];
  const [s0, s1] = subtitleSegments(12_000, 6);
  assertEquals(
    subtitleSegmentVtt(cues, s0, 1400),
    "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n" +
      "00:00:01.000 --> 00:00:02.000\na\n\n00:00:05.500 --> 00:00:06.500\nb\n",
  );
  assertEquals(
    subtitleSegmentVtt(cues, s1, 1400),
    "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n" +
      "00:00:05.500 --> 00:00:06.500\nb\n\n00:00:06.000 --> 00:00:07.000\nc\n",
  );
});

Deno.test("bcp47Language() gives two-letter tags where they exist", () => {
  const cases: [string | null, string | undefined][] = [
    ["eng", "en"],
    ["ger", "de"],
    ["English", "en"],
    ["fr", "fr"],
    ["und", undefined],
    [null, undefined],
    ["xyz", "xyz"],
    ["not a language", undefined],
  ];
  for (const [input, want] of cases) assertEquals(bcp47Language(input), want, String(input));
});
