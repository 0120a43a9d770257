import { assertEquals } from "../../tests/helpers/assert.ts";
import { hasNativeHls, measureCaps } from "./measure_caps.ts";

/** A fake browser that accepts exactly the listed MIME strings. */
const accepts = (list: string[]) => (mime: string) => list.includes(mime);

Deno.test("measureCaps() reports what MSE accepts: Chromium without HEVC decoding", () => {
  const mse = accepts([
    'video/mp4; codecs="avc1.42E01E"',
    'video/mp4; codecs="avc1.640029"',
    'video/mp4; codecs="avc1.64002A"',
    'video/mp4; codecs="av01.0.08M.08"',
    'video/mp4; codecs="vp09.00.10.08"',
    'audio/mp4; codecs="mp4a.40.2"',
    'audio/mp4; codecs="opus"',
    'audio/mp4; codecs="flac"',
  ]);
  const caps = measureCaps({
    isTypeSupported: mse,
    canPlayType: (m) => ["video/mp4", "video/webm", "audio/mpeg"].includes(m) ? "maybe" : "",
  });
  assertEquals(caps.video_codecs, ["h264", "av1", "vp9"]);
  assertEquals(caps.audio_codecs, ["aac", "mp3", "opus", "flac"]);
  assertEquals(caps.containers, ["mp4", "m4v", "webm", "mp3"]);
  assertEquals(caps.video_codec_limits, { h264: { max_level: 4.2, max_bit_depth: 8 } });
  assertEquals([caps.hls, caps.segment_types, caps.video_ranges], [true, ["ts", "fmp4"], ["SDR"]]);
});

Deno.test("measureCaps() without MSE falls back to canPlayType and native HLS (iOS)", () => {
  const yes = [
    "application/vnd.apple.mpegurl",
    'video/mp4; codecs="avc1.42E01E"',
    'video/mp4; codecs="hvc1.1.6.L120.90"',
    'video/mp4; codecs="hvc1.2.4.L120.90"',
    'audio/mp4; codecs="mp4a.40.2"',
    'audio/mp4; codecs="ec-3"',
    'audio/mp4; codecs="ac-3"',
  ];
  const caps = measureCaps({
    isTypeSupported: null,
    canPlayType: (m) => yes.includes(m) ? "probably" : "",
    hdrScreen: true,
  });
  assertEquals(caps.video_codecs, ["h264", "hevc"]);
  assertEquals(caps.audio_codecs, ["aac", "ac3", "eac3"]);
  assertEquals(caps.video_codec_limits.hevc, { max_bit_depth: 10 });
  assertEquals([caps.hls, caps.video_ranges], [true, ["SDR", "HDR10", "HLG"]]);
});

Deno.test("measureCaps() says no HLS when there is neither MSE nor native HLS", () => {
  const caps = measureCaps({ isTypeSupported: null, canPlayType: () => "" });
  assertEquals([caps.hls, caps.segment_types, caps.video_codecs], [false, [], []]);
});

Deno.test("hasNativeHls() accepts either HLS MIME type", () => {
  const cases: [string[], boolean][] = [
    [["application/vnd.apple.mpegurl"], true],
    [["application/x-mpegURL"], true],
    [[], false],
  ];
  for (const [list, want] of cases) {
    assertEquals(hasNativeHls((m) => list.includes(m) ? "maybe" : ""), want);
  }
});
