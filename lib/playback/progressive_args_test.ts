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
