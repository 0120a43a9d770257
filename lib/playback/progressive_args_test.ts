import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import type { Decision } from "./decide.ts";
import type { MediaProbe } from "../media/types.ts";
import { progressiveArgs, progressiveMime } from "./progressive_args.ts";

const flacMedia: MediaProbe = {
  container: "flac",
  format_name: "flac",
  duration_ms: 180_000,
  bitrate_kbps: 900,
  size_bytes: 20_000_000,
  tags: {},
  streams: [{ index: 0, type: "audio", codec: "flac", channels: 2, default: true, forced: false }],
};

function audioDecision(partial: Partial<Decision>): Decision {
  return {
    decision: "transcode",
    playable: true,
    blocked: null,
    reasons: ["audio_codec_not_supported"],
    protocol: "http",
    container: "mp3",
    video: null,
    audio: { action: "encode", stream_index: 0, codec: "mp3", channels: 2, bitrate_kbps: 192 },
    subtitle: null,
    estimated_bitrate_kbps: 192,
    start_ms: 0,
    speed: 1,
    ...partial,
  };
}

Deno.test("progressiveArgs() encodes audio to the target codec and muxer, from a seek point", () => {
  const args = progressiveArgs(audioDecision({}), flacMedia, {
    input: "file:/m/a.flac",
    start_ms: 61_500,
    hwaccel: { method: "none" },
  });
  assertEquals(args, [
    "-hide_banner",
    "-nostats",
    "-loglevel",
    "error",
    "-ss",
    "61.500",
    "-i",
    "file:/m/a.flac",
    "-vn",
    "-map",
    "0:0",
    "-c:a",
    "libmp3lame",
    "-b:a",
    "192k",
    "-ac",
    "2",
    "-sn",
    "-dn",
    "-map_metadata",
    "-1",
    "-f",
    "mp3",
    "pipe:1",
  ]);
});

Deno.test("progressiveArgs() copies audio into its natural container (remux)", () => {
  const args = progressiveArgs(
    audioDecision({
      decision: "remux",
      container: "flac",
      audio: { action: "copy", stream_index: 0, codec: "flac", channels: 2, bitrate_kbps: 900 },
    }),
    flacMedia,
    { input: "file:/m/a.mka", start_ms: 0, hwaccel: { method: "none" } },
  );
  assertEquals(args.slice(args.indexOf("-i")), [
    "-i",
    "file:/m/a.mka",
    "-vn",
    "-map",
    "0:0",
    "-c:a",
    "copy",
    "-sn",
    "-dn",
    "-map_metadata",
    "-1",
    "-f",
    "flac",
    "pipe:1",
  ]);
});

Deno.test("progressiveArgs() refuses direct and HLS decisions", () => {
  assertThrows(() =>
    progressiveArgs(audioDecision({ decision: "direct" }), flacMedia, {
      input: "file:/a",
      start_ms: 0,
      hwaccel: { method: "none" },
    }), RangeError);
  assertThrows(() =>
    progressiveArgs(audioDecision({ protocol: "hls" }), flacMedia, {
      input: "file:/a",
      start_ms: 0,
      hwaccel: { method: "none" },
    }), RangeError);
});

Deno.test("progressiveMime() names the container's type", () => {
  assertEquals(progressiveMime("mp3"), "audio/mpeg");
  assertEquals(progressiveMime("mpegts"), "video/mp2t");
  assertEquals(progressiveMime("nope"), "application/octet-stream");
});

const movie: MediaProbe = {
  container: "mkv",
  format_name: "matroska,webm",
  duration_ms: 600_000,
  bitrate_kbps: 8000,
  size_bytes: 600_000_000,
  tags: {},
  streams: [
    {
      index: 0,
      type: "video",
      codec: "hevc",
      width: 1920,
      height: 1080,
      bit_depth: 8,
      default: true,
      forced: false,
    },
    { index: 1, type: "audio", codec: "dts", channels: 6, default: true, forced: false },
    { index: 2, type: "subtitle", codec: "hdmv_pgs_subtitle", default: false, forced: false },
  ],
};

/** A DLNA-style progressive transcode: H.264 + AC-3 in MPEG-TS, subtitle burnt in. */
const videoDecision: Decision = {
  decision: "transcode",
  playable: true,
  blocked: null,
  reasons: ["subtitle_needs_burn_in"],
  protocol: "http",
  container: "mpegts",
  video: {
    action: "encode",
    stream_index: 0,
    codec: "h264",
    width: 1280,
    height: 720,
    bitrate_kbps: 4000,
  } as Decision["video"],
  audio: { action: "encode", stream_index: 1, codec: "ac3", channels: 6, bitrate_kbps: 448 },
  subtitle: null,
  estimated_bitrate_kbps: 4448,
  start_ms: 0,
  speed: 1,
};

Deno.test("progressiveArgs() burns the subtitle in like HLS runs, shifted to the seek point", () => {
  const scale = "scale=w=1280:h=720";
  const graph = (pad: string) =>
    `[0:0]${scale}[rfb];[${pad}][rfb]scale2ref[rfs][rfr];` +
    "[rfr][rfs]overlay=eof_action=pass,format=yuv420p[rfv]";
  const cases: {
    name: string;
    start_ms: number;
    burn_in_filter?: string;
    burn_in_input?: { path: string; start_ms?: number };
    /** Arguments between the video input and the video map/filter. */
    inputs: string[];
    vf?: string;
    graph?: string;
  }[] = [
    { name: "no burn-in", start_ms: 0, inputs: [], vf: `${scale},format=yuv420p` },
    {
      name: "text, from the start",
      start_ms: 0,
      burn_in_filter: "subtitles=filename=/c/a.ass",
      inputs: [],
      vf: `${scale},subtitles=filename=/c/a.ass,format=yuv420p`,
    },
    {
      // Frame times restart at 0 at the seek point; libass needs file time.
      name: "text, after a seek",
      start_ms: 61_500,
      burn_in_filter: "subtitles=filename=/c/a.ass",
      inputs: [],
      vf: `${scale},setpts=PTS+61.500/TB,subtitles=filename=/c/a.ass,setpts=PTS-61.500/TB,` +
        "format=yuv420p",
    },
    {
      name: "embedded PGS",
      start_ms: 61_500,
      burn_in_filter: "[0:2]overlay=eof_action=pass",
      inputs: [],
      graph: graph("0:2"),
    },
    {
      name: "sidecar .sup from the start (its first cue at 2 s does not matter without copyts)",
      start_ms: 0,
      burn_in_filter: "[1:s:0]overlay=eof_action=pass",
      burn_in_input: { path: "/m/film.sup", start_ms: 2000 },
      inputs: ["-seek_timestamp", "1", "-i", "file:/m/film.sup"],
      graph: graph("1:s:0"),
    },
    {
      name: "sidecar .sup, seek within the margin: read from its start, moved back by the seek",
      start_ms: 20_000,
      burn_in_filter: "[1:s:0]overlay=eof_action=pass",
      burn_in_input: { path: "/m/film.sup", start_ms: 2000 },
      inputs: ["-seek_timestamp", "1", "-itsoffset", "-20.000", "-i", "file:/m/film.sup"],
      graph: graph("1:s:0"),
    },
    {
      name: "VobSub .idx, seek past the margin",
      start_ms: 100_000,
      burn_in_filter: "[1:s:0]overlay=eof_action=pass",
      burn_in_input: { path: "/m/film.idx" },
      inputs: [
        ...["-seek_timestamp", "1", "-ss", "70.000", "-itsoffset", "-30.000"],
        ...["-i", "file:/m/film.idx"],
      ],
      graph: graph("1:s:0"),
    },
  ];
  for (const c of cases) {
    const args = progressiveArgs(videoDecision, movie, {
      input: "file:/m/film.mkv",
      start_ms: c.start_ms,
      hwaccel: { method: "none" },
      ...(c.burn_in_filter ? { burn_in_filter: c.burn_in_filter } : {}),
      ...(c.burn_in_input ? { burn_in_input: c.burn_in_input } : {}),
    });
    const afterInput = args.indexOf("file:/m/film.mkv") + 1;
    const videoAt = args.findIndex((a, i) =>
      i >= afterInput && (a === "-map" || a.startsWith("-filter"))
    );
    assertEquals(args.slice(afterInput, videoAt), c.inputs, c.name);
    // The video seek stays before the video input.
    const ss = args.indexOf("-ss");
    if (c.start_ms > 0) {
      assertEquals(args.slice(ss, ss + 2), ["-ss", (c.start_ms / 1000).toFixed(3)]);
    }
    assertEquals(ss < afterInput, true, c.name);
    const maps = args.flatMap((a, i) => a === "-map" ? [args[i + 1]] : []);
    if (c.vf) {
      assertEquals(args[args.indexOf("-vf") + 1], c.vf, c.name);
      assertEquals(args.includes("-filter_complex"), false, c.name);
      assertEquals(maps, ["0:0", "0:1"], c.name);
    } else {
      assertEquals(args[args.indexOf("-filter_complex") + 1], c.graph, c.name);
      assertEquals(args.includes("-vf"), false, c.name);
      assertEquals(maps, ["[rfv]", "0:1"], c.name);
    }
    assertEquals(args.includes("-sn"), true, c.name);
  }
});

Deno.test("progressiveArgs() refuses a sidecar input without its overlay and the reverse", () => {
  const opts = { input: "file:/m/film.mkv", start_ms: 0, hwaccel: { method: "none" as const } };
  assertThrows(() =>
    progressiveArgs(videoDecision, movie, {
      ...opts,
      burn_in_filter: "[1:s:0]overlay=eof_action=pass",
    }), RangeError);
  assertThrows(() =>
    progressiveArgs(videoDecision, movie, {
      ...opts,
      burn_in_filter: "subtitles=filename=/a.srt",
      burn_in_input: { path: "/m/film.sup" },
    }), RangeError);
});
