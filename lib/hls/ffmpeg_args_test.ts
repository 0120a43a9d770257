import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import {
  atempoChain,
  buildHlsArgs,
  mp4NeedsExperimental,
  parseSegmentList,
  runSegmentFileName,
  TIMELINE_OFFSET_MS,
} from "./ffmpeg_args.ts";
import { planForSpec } from "./segment_plan.ts";
import { renditionsOf } from "./spec.ts";
import type { HlsAudioSpec, HlsJobSpec, HlsVideoEncode, SegmentType } from "./spec.ts";
import type { HlsRunParams } from "./ffmpeg_args.ts";

const KF = [21, 1221, 3021, 8421, 9021, 15621, 17021, 25021, 28221];

const remux: HlsJobSpec = {
  input_path: "/media/Film (2020)/film.mkv",
  duration_ms: 30_021,
  segment_type: "ts",
  video: { action: "copy", source_codec: "h264" },
  audio: { action: "copy", stream_index: 1 },
  segments: { target_s: 6, keyframes_ms: KF },
};

const x264: HlsVideoEncode = {
  action: "encode",
  codec: "h264",
  width: 1280,
  height: 720,
  bitrate_kbps: 3000,
  hwaccel: { method: "none" },
  frame_rate: 25,
};

const transcode: HlsJobSpec = {
  input_path: "/media/show.ts",
  duration_ms: 60_000,
  segment_type: "ts",
  video: x264,
  audio: { action: "encode", stream_index: 2, codec: "aac", channels: 2, source_channels: 2 },
  segments: { target_s: 6 },
};

function build(spec: HlsJobSpec, params: Partial<HlsRunParams> = {}) {
  return buildHlsArgs(spec, renditionsOf(spec)[0], planForSpec(spec), {
    start_index: 0,
    dir: "/cache/s-1/v0",
    run: 1,
    ...params,
  });
}

/** The value following `flag` (the last occurrence), or undefined. */
function after(args: string[], flag: string): string | undefined {
  const i = args.lastIndexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

function before(args: string[], a: string, b: string): boolean {
  return args.indexOf(a) >= 0 && args.indexOf(a) < args.indexOf(b);
}

Deno.test("buildHlsArgs() remux from the start: copy, keyframe cuts, no seek", () => {
  const r = build(remux);
  const a = r.args;
  assertEquals(after(a, "-i"), "file:/media/Film (2020)/film.mkv");
  assert(!a.includes("-ss"), "no seek for segment 0");
  assert(!a.includes("-copypriorss"));
  assertEquals(after(a, "-c:v"), "copy");
  assertEquals(after(a, "-c:a"), "copy");
  assertEquals(a.filter((x) => x === "-map"), ["-map", "-map"]);
  assertEquals(after(a, "-map"), "0:1");
  assert(a.includes("0:v:0"));
  assert(before(a, "-copyts", "-i") && before(a, "-start_at_zero", "-i"));
  // Cuts at the planned keyframes 8.421, 15.621, 25.021 on the offset timeline, 1 ms early.
  assertEquals(after(a, "-segment_times"), "9.820,17.020,26.420");
  assertEquals(after(a, "-output_ts_offset"), (TIMELINE_OFFSET_MS / 1000).toFixed(3));
  assertEquals(after(a, "-segment_start_number"), "0");
  assertEquals(after(a, "-segment_format"), "mpegts");
  assertEquals(after(a, "-segment_list"), "file:/cache/s-1/v0/r1.csv");
  assertEquals(after(a, "-segment_list_type"), "csv");
  assertEquals(after(a, "-reset_timestamps"), "0");
  assertEquals(a[a.length - 1], "file:/cache/s-1/v0/r1-%d.ts");
  assertEquals(r.end_index, 4);
  assertEquals(r.list_path, "/cache/s-1/v0/r1.csv");
  assertEquals(r.encoder, null);
});

Deno.test("buildHlsArgs() remux restart seeks by absolute time and drops earlier packets", () => {
  const onFileClock = { target_s: 6, keyframes_ms: KF.map((k) => k + 1459) };
  const a =
    build({ ...remux, start_time_ms: 1459, segments: onFileClock }, { start_index: 1 }).args;
  // Segment 1 starts at keyframe 8.421 s of the playlist = 9.880 s on the file's own clock.
  assertEquals(after(a, "-ss"), "9.879");
  assert(before(a, "-seek_timestamp", "-i") && before(a, "-ss", "-i"));
  assertEquals(after(a, "-seek_timestamp"), "1");
  assert(before(a, "-noaccurate_seek", "-i"));
  assertEquals(after(a, "-copypriorss"), "0");
  assert(!before(a, "-copypriorss", "-i"), "copypriorss is an output option");
  assertEquals(after(a, "-segment_times"), "17.020,26.420");
  assertEquals(after(a, "-segment_start_number"), "1");
});

Deno.test("buildHlsArgs() remux restart with an audio encode trims the audio itself", () => {
  const spec: HlsJobSpec = {
    ...remux,
    audio: { action: "encode", stream_index: 1, codec: "aac", source_channels: 6, channels: 2 },
  };
  const a = build(spec, { start_index: 2 }).args;
  const af = after(a, "-af") ?? "";
  assert(af.startsWith("atrim=start=15.620,"), af);
  assert(af.includes("aresample=out_chlayout=stereo"), "surround is downmixed to stereo");
  assertEquals(after(a, "-ac"), "2");
});

Deno.test("buildHlsArgs() the last segment alone is never cut", () => {
  const a = build(remux, { start_index: 3 }).args;
  assertEquals(after(a, "-segment_times"), "999999999");
});

Deno.test("buildHlsArgs() fMP4 remux of HEVC: hvc1 tag and absolute-time fragments", () => {
  const spec: HlsJobSpec = {
    ...remux,
    segment_type: "fmp4",
    video: { action: "copy", source_codec: "hevc" },
  };
  const r = build(spec);
  assertEquals(after(r.args, "-tag:v"), "hvc1");
  assertEquals(after(r.args, "-segment_format"), "mp4");
  const opts = after(r.args, "-segment_format_options") ?? "";
  for (const part of ["frag_keyframe", "empty_moov", "frag_discont", "use_editlist=0"]) {
    assert(opts.includes(part), `${part} in ${opts}`);
  }
  assertEquals(r.args[r.args.length - 1], "file:/cache/s-1/v0/r1-%d.mp4");
});

Deno.test("buildHlsArgs() allows experimental MP4 features exactly when FLAC goes into fMP4", () => {
  // ffmpeg 5.1 refuses FLAC in MP4 without strict=experimental on the MP4 muxer itself (the
  // segment muxer does not pass a global -strict down); Opus in MP4 and anything in TS need none.
  const cases: [string, SegmentType, HlsAudioSpec | null, boolean][] = [
    ["flac copy, fmp4", "fmp4", { action: "copy", stream_index: 1, source_codec: "flac" }, true],
    ["flac encode, fmp4", "fmp4", { action: "encode", stream_index: 1, codec: "flac" }, true],
    ["opus copy, fmp4", "fmp4", { action: "copy", stream_index: 1, source_codec: "opus" }, false],
    ["opus encode, fmp4", "fmp4", { action: "encode", stream_index: 1, codec: "opus" }, false],
    ["aac copy, fmp4", "fmp4", { action: "copy", stream_index: 1, source_codec: "aac" }, false],
    ["flac source encoded to aac", "fmp4", {
      action: "encode",
      stream_index: 1,
      codec: "aac",
      source_codec: "flac",
    }, false],
    ["default encode (aac), fmp4", "fmp4", { action: "encode", stream_index: 1 }, false],
    ["no audio, fmp4", "fmp4", null, false],
    ["aac encode, ts", "ts", { action: "encode", stream_index: 1, codec: "aac" }, false],
  ];
  for (const [name, type, audio, strict] of cases) {
    const spec: HlsJobSpec = {
      ...remux,
      segment_type: type,
      video: audio ? remux.video : { action: "copy", source_codec: "h264" },
      audio,
    };
    const opts = after(build(spec).args, "-segment_format_options") ?? "";
    assertEquals(opts.includes("strict=experimental"), strict, name);
    assertEquals(mp4NeedsExperimental(audio), strict, name);
    assert(!build(spec).args.includes("-strict"), `${name}: no global -strict`);
  }
});

Deno.test("buildHlsArgs() software transcode restart forces keyframes on the absolute grid", () => {
  const r = build(transcode, { start_index: 3 });
  const a = r.args;
  assertEquals(after(a, "-ss"), "18.000");
  assert(!a.includes("-seek_timestamp"), "encodes use ffmpeg's accurate seek");
  assertEquals(
    after(a, "-force_key_frames"),
    "17.999,23.999,29.999,35.999,41.999,47.999,53.999",
  );
  assertEquals(after(a, "-c:v"), "libx264");
  assertEquals(after(a, "-preset"), "veryfast");
  assertEquals(after(a, "-sc_threshold"), "0");
  assertEquals(after(a, "-g"), "300");
  assertEquals(after(a, "-b:v"), "3000k");
  assertEquals(after(a, "-fps_mode:v"), "passthrough");
  assertEquals(after(a, "-vf"), "scale=w=1280:h=720,format=yuv420p");
  assertEquals(after(a, "-c:a"), "aac");
  assertEquals(after(a, "-b:a"), "128k");
  assertEquals(after(a, "-map"), "0:2");
  assertEquals(after(a, "-segment_times"), "25.399,31.399,37.399,43.399,49.399,55.399");
  assertEquals(r.encoder, "libx264");
  assertEquals(r.method, "none");
});

Deno.test("buildHlsArgs() hardware encode puts device setup before -i; fallback is software", () => {
  const spec: HlsJobSpec = {
    ...transcode,
    video: {
      ...x264,
      hwaccel: { method: "vaapi", device: "/dev/dri/renderD129" },
      input_codec: "hevc",
    },
  };
  const hw = build(spec);
  assertEquals(hw.encoder, "h264_vaapi");
  assert(before(hw.args, "-init_hw_device", "-i"));
  assertEquals(after(hw.args, "-init_hw_device"), "vaapi=va:/dev/dri/renderD129");
  const sw = build(spec, { software_fallback: true });
  assertEquals(sw.encoder, "libx264");
  assertEquals(sw.method, "none");
  assert(!sw.args.includes("-init_hw_device"));
});

Deno.test("buildHlsArgs() server-side speed: setpts, atempo chain and a scaled seek", () => {
  const a = build({ ...transcode, speed: 2 }, { start_index: 1 }).args;
  assertEquals(after(a, "-ss"), "12.000");
  assertEquals(after(a, "-vf"), "scale=w=1280:h=720,format=yuv420p,setpts=PTS/2");
  assertEquals(after(a, "-af"), "asetpts=PTS/2,atempo=2");
});

Deno.test("buildHlsArgs() HEVC fMP4 encode is tagged hvc1, burn-in reaches the filter chain", () => {
  const spec: HlsJobSpec = {
    ...transcode,
    segment_type: "fmp4",
    video: { ...x264, codec: "hevc" },
    burn_in_filter: "subtitles=f=sub.srt",
  };
  const a = build(spec).args;
  assertEquals(after(a, "-c:v"), "libx265");
  assertEquals(after(a, "-tag:v"), "hvc1");
  assert((after(a, "-vf") ?? "").includes("subtitles=f=sub.srt"));
});

Deno.test("buildHlsArgs() audio-only job maps only the audio stream", () => {
  const a = build({ ...transcode, video: null }).args;
  assertEquals(a.filter((x) => x === "-map").length, 1);
  assert(!a.includes("0:v:0") && !a.includes("-c:v"));
});

Deno.test("buildHlsArgs() extra args: input ones before -i, output ones before the muxer", () => {
  const a = build({
    ...transcode,
    extra_input_args: ["-probesize", "50M"],
    extra_output_args: ["-metadata", "title=x"],
  }).args;
  assert(before(a, "-probesize", "-i"));
  assert(before(a, "-i", "-metadata") && before(a, "-metadata", "segment"));
});

Deno.test("buildHlsArgs() caps the cuts of one run and reports where it stops", () => {
  const long: HlsJobSpec = { ...transcode, duration_ms: 600_000 };
  const r = build(long, { start_index: 10, max_segments: 5 });
  assertEquals(r.end_index, 15);
  // Cuts before 11..15: the fifth closes segment 14, what follows is discarded.
  assertEquals(after(r.args, "-segment_times")?.split(",").length, 5);
  assertEquals(after(r.args, "-force_key_frames")?.split(","), [
    "59.999",
    "65.999",
    "71.999",
    "77.999",
    "83.999",
  ]);
});

Deno.test("buildHlsArgs() escapes % in the output directory", () => {
  const r = build(remux, { dir: "/cache/100%/s" });
  assertEquals(r.args[r.args.length - 1], "file:/cache/100%%/s/r1-%d.ts");
});

Deno.test("buildHlsArgs() rejects a start outside the plan", () => {
  assertThrows(() => build(remux, { start_index: 4 }), RangeError);
  assertThrows(() => build(remux, { start_index: -1 }), RangeError);
});

Deno.test("atempoChain() chains instances past the 0.5–2 range", () => {
  const table: [number, string[]][] = [
    [1, []],
    [1.5, ["atempo=1.5"]],
    [2, ["atempo=2"]],
    [3, ["atempo=2", "atempo=1.5"]],
    [4, ["atempo=2", "atempo=2"]],
    [0.5, ["atempo=0.5"]],
    [0.25, ["atempo=0.5", "atempo=0.5"]],
    [0.3, ["atempo=0.5", "atempo=0.6"]],
  ];
  for (const [speed, chain] of table) assertEquals(atempoChain(speed), chain, `speed ${speed}`);
});

Deno.test("parseSegmentList() reads finished lines of one run only", () => {
  const text = "r2-5.ts,0.000,9.8\nr1-6.ts,9.8,17.0\nr2-6.ts,9.8,17.0\nr2-7.ts,17.0,2";
  assertEquals(parseSegmentList(text, 2), [5, 6]);
  assertEquals(parseSegmentList("r3-0.mp4,0,1\n", 3), [0]);
  assertEquals(runSegmentFileName(3, 12, "fmp4"), "r3-12.mp4");
});
