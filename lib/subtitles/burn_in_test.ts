import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { BITMAP_OVERLAY_RE, buildHlsArgs } from "../hls/ffmpeg_args.ts";
import { planForSpec } from "../hls/segment_plan.ts";
import { type HlsJobSpec, renditionsOf } from "../hls/spec.ts";
import { bitmapBurnInFilter, textBurnInFilter } from "./burn_in.ts";

const spec: HlsJobSpec = {
  input_path: "/media/film.mkv",
  duration_ms: 20_000,
  segment_type: "ts",
  video: {
    action: "encode",
    stream_index: 0,
    codec: "h264",
    width: 640,
    height: 360,
    bitrate_kbps: 1000,
    hwaccel: { method: "none" },
    frame_rate: 25,
  },
  audio: { action: "encode", stream_index: 1, codec: "aac", channels: 2 },
  segments: { target_s: 6 },
};

function args(s: HlsJobSpec): string[] {
  return buildHlsArgs(s, renditionsOf(s)[0], planForSpec(s), { start_index: 0, dir: "/d", run: 1 })
    .args;
}

Deno.test("textBurnInFilter() and bitmapBurnInFilter() build the filter fragments", () => {
  assertEquals(textBurnInFilter("/c/it's [1].ass"), "subtitles=filename=/c/it\\\\\\'s \\[1\\].ass");
  assertEquals(bitmapBurnInFilter(3), "[0:3]overlay=eof_action=pass");
  assertEquals(BITMAP_OVERLAY_RE.exec(bitmapBurnInFilter(3))?.[1], "3");
  assertEquals(BITMAP_OVERLAY_RE.exec(textBurnInFilter("/a.srt")), null);
  assertThrows(() => bitmapBurnInFilter(-1), RangeError);
});

Deno.test("buildHlsArgs() puts a text burn-in in the -vf chain after the scaler", () => {
  const a = args({ ...spec, burn_in_filter: textBurnInFilter("/c/s.ass") });
  assertEquals(
    a[a.indexOf("-vf") + 1],
    "scale=w=640:h=360,subtitles=filename=/c/s.ass,format=yuv420p",
  );
  assertEquals(a.includes("-filter_complex"), false);
});

Deno.test("buildHlsArgs() turns a bitmap burn-in into a filter_complex overlay", () => {
  const a = args({ ...spec, burn_in_filter: bitmapBurnInFilter(4), speed: 2 });
  assertEquals(a.includes("-vf"), false);
  assertEquals(
    a[a.indexOf("-filter_complex") + 1],
    "[0:0]scale=w=640:h=360[rfb];[0:4][rfb]scale2ref[rfs][rfr];" +
      "[rfr][rfs]overlay=eof_action=pass,format=yuv420p,setpts=PTS/2[rfv]",
  );
  const maps = a.flatMap((x, i) => x === "-map" ? [a[i + 1]] : []);
  assertEquals(maps, ["[rfv]", "0:1"]);
});
