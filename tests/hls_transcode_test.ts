/**
 * Transcode HLS end to end with real ffmpeg (software x264): fixed 6 s segments with keyframes
 * forced on the absolute grid, exact after restarts, decodable, right duration; server-side
 * speed.
 */
import { join } from "node:path";
import { assert, assertAlmostEquals, assertEquals } from "./helpers/assert.ts";
import { fixtureFfmpeg, makeMedia } from "./fixtures/media.ts";
import type { MediaSpec } from "./fixtures/media.ts";
import { HlsSessionManager } from "../lib/hls/session_manager.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { TIMELINE_OFFSET_MS } from "../lib/hls/ffmpeg_args.ts";
import { parseMasterPlaylist, parseMediaPlaylist } from "../lib/hls/m3u8_check.ts";
import {
  concatAndDecode,
  ffprobeText,
  firstPts,
  lastPacketEnd,
  probeSpan,
  probeStartMs,
  startsWithKeyframe,
} from "../lib/hls/test_support.ts";
import { probeFile } from "../lib/media/ffprobe.ts";
import { exists } from "./helpers/fs.ts";

const OFFSET_S = TIMELINE_OFFSET_MS / 1000;
const FRAME_S = 0.04;

/**
 * H.264 whose video starts 0.5 s after its audio: keyframes must sit on the playlist's grid, not
 * on a grid counted from the first frame. The fixture generator cannot delay a stream, so this
 * one file is made here.
 */
async function lateVideo(dir: string): Promise<string> {
  const out = join(dir, "late-video.mkv");
  const res = await new Deno.Command(fixtureFfmpeg(), {
    args: [
      ...["-v", "error", "-nostdin", "-y", "-itsoffset", "0.5", "-f", "lavfi"],
      ...["-i", "testsrc2=size=320x180:rate=25:duration=29.5", "-f", "lavfi"],
      ...["-i", "sine=frequency=440:sample_rate=48000:duration=30"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", out],
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!res.success) throw new Error(new TextDecoder().decode(res.stderr));
  return out;
}

const SOURCES: { name: string; make: (dir: string) => Promise<string> }[] = [
  {
    name: "HEVC 10-bit MKV with 5.1 AC-3",
    make: (d) => makeMedia(d, HEVC10_MKV),
  },
  {
    name: "interlaced MPEG-2 TS",
    make: (d) => makeMedia(d, MPEG2_TS),
  },
  { name: "H.264 MKV with video starting 0.5 s late", make: lateVideo },
];

const HEVC10_MKV: MediaSpec = {
  name: "hevc10.mkv",
  duration_s: 30,
  video: { codec: "hevc", width: 320, height: 180, fps: 25, pix_fmt: "yuv420p10le", gop_s: 2 },
  audio: { codec: "ac3", channels: 6, sample_rate: 48000 },
};

const MPEG2_TS: MediaSpec = {
  name: "mpeg2.ts",
  duration_s: 30,
  video: { codec: "mpeg2video", width: 320, height: 180, fps: 25, gop_s: 1, interlaced: true },
  audio: { codec: "mp3", channels: 2, sample_rate: 48000 },
};

async function transcodeSpec(path: string, speed = 1): Promise<HlsJobSpec> {
  const probe = await probeFile("ffprobe", path);
  const v = probe.streams.find((s) => s.type === "video")!;
  const a = probe.streams.find((s) => s.type === "audio")!;
  return {
    input_path: path,
    duration_ms: probe.duration_ms,
    start_time_ms: await probeStartMs(path),
    segment_type: "ts",
    video: {
      action: "encode",
      codec: "h264",
      width: 320,
      height: 180,
      bitrate_kbps: 400,
      hwaccel: { method: "none" },
      input_codec: v.codec,
      input_bit_depth: v.bit_depth,
      frame_rate: v.frame_rate,
      deinterlace: v.interlaced,
    },
    audio: {
      action: "encode",
      stream_index: a.index,
      codec: "aac",
      channels: 2,
      bitrate_kbps: 96,
      source_channels: a.channels,
    },
    segments: { target_s: 6 },
    speed,
  };
}

async function keyframeCount(path: string): Promise<number> {
  const text = await ffprobeText([
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=flags",
    "-of",
    "csv=p=0",
    path,
  ]);
  return text.split("\n").filter((l) => l.startsWith("K")).length;
}

async function withManager(fn: (m: HlsSessionManager) => Promise<void>): Promise<void> {
  const cache = await Deno.makeTempDir({ prefix: "rustfin-hls-cache-" });
  const m = await HlsSessionManager.start({
    cache_dir: cache,
    ffmpeg_path: fixtureFfmpeg(),
    ffprobe_path: "ffprobe",
    max_transcodes: 2,
  });
  try {
    await fn(m);
  } finally {
    await m.stopAll();
    await Deno.remove(cache, { recursive: true });
  }
}

for (const src of SOURCES) {
  Deno.test(`transcode HLS of ${src.name}: decodes, exact grid after restarts`, async () => {
    const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
    try {
      const path = await src.make(media);
      await withManager(async (m) => {
        const spec = await transcodeSpec(path);
        const s = await m.createSession(spec);
        const pl = parseMediaPlaylist(m.mediaPlaylist(s.id));
        const n = pl.segments.length;
        assertEquals(n, 5);
        // 30 s and a few ms: the sliver is merged into the last segment, which lasts 6.0x s.
        assertEquals(pl.target_duration_s, s.plan.target_duration_s);
        assert(pl.target_duration_s <= 7);
        // Start in the middle (a seek), go back (a restart), then play through.
        const files = new Map<number, string>();
        files.set(3, await m.getSegment(s.id, 3));
        assert(!(await exists(join(s.dir, "v0", "0.ts"))), "the seek skipped segment 0");
        for (const i of [0, 1, 2, 3, 4]) files.set(i, await m.getSegment(s.id, i));
        // The first picture of the file may come later than 0 (then segment 0 starts there).
        const videoStart = (await firstPts(path)) - (spec.start_time_ms ?? 0) / 1000;
        for (let i = 0; i < n; i++) {
          const f = files.get(i)!;
          const want = Math.max(i * 6, videoStart);
          assert(await startsWithKeyframe(f), `segment ${i} starts with a keyframe`);
          assertAlmostEquals((await firstPts(f)) - OFFSET_S, want, FRAME_S, `segment ${i}`);
          // Keyframes only on the grid, also after a restart (n_forced restarts at 0 per run).
          assertEquals(await keyframeCount(f), 1, `keyframes in segment ${i}`);
        }
        const all = join(media, "all.ts");
        assertEquals(
          await concatAndDecode([...Array(n).keys()].map((i) => files.get(i)!), all),
          "",
        );
        assertAlmostEquals(await probeSpan(all), spec.duration_ms / 1000, 1);
        const streams = await ffprobeText([
          "-show_entries",
          "stream=codec_name,channels,width,height,pix_fmt",
          "-of",
          "csv=p=0",
          all,
        ]);
        assert(streams.includes("h264,320,180,yuv420p"), streams);
        assert(/aac,2/.test(streams), `stereo AAC: ${streams}`);
      });
    } finally {
      await Deno.remove(media, { recursive: true });
    }
  });
}

Deno.test("transcode HLS at server-side speed 2: half the duration, continuous timeline", async () => {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  try {
    const path = await makeMedia(media, HEVC10_MKV);
    await withManager(async (m) => {
      const spec = await transcodeSpec(path, 2);
      const s = await m.createSession(spec);
      const pl = parseMediaPlaylist(m.mediaPlaylist(s.id));
      assertEquals(pl.segments.length, 3, "15 s of output in 6 s segments");
      const files = [];
      for (const i of [1, 0, 2]) files[i] = await m.getSegment(s.id, i);
      for (let i = 0; i < 3; i++) {
        assertAlmostEquals((await firstPts(files[i])) - OFFSET_S, i * 6, FRAME_S, `segment ${i}`);
      }
      const all = join(media, "fast.ts");
      assertEquals(await concatAndDecode(files, all), "");
      assertAlmostEquals(await probeSpan(all), spec.duration_ms / 2000, 1);
    });
  } finally {
    await Deno.remove(media, { recursive: true });
  }
});

Deno.test("audio-only HLS (FLAC to AAC) cuts on the fixed grid", async () => {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  try {
    const path = await makeMedia(media, {
      name: "song.flac",
      duration_s: 20,
      audio: { codec: "flac", channels: 2, sample_rate: 44100 },
    });
    await withManager(async (m) => {
      const s = await m.createSession({
        input_path: path,
        duration_ms: 20_000,
        segment_type: "ts",
        video: null,
        audio: { action: "encode", stream_index: 0, codec: "aac", channels: 2, bitrate_kbps: 128 },
        segments: { target_s: 6 },
      });
      assertEquals(s.plan.segments.length, 4);
      const files = [];
      for (const i of [2, 0, 1, 3]) files[i] = await m.getSegment(s.id, i);
      for (let i = 1; i < 4; i++) {
        // AAC frames are 1024 samples (23 ms): the cut lands on the first frame at the boundary.
        assertAlmostEquals((await firstPts(files[i], "a")) - OFFSET_S, i * 6, 0.05, `segment ${i}`);
      }
      // A restarted encoder re-primes AAC (one 1024-sample frame before the boundary) and the
      // other run's cut falls on its own frame grid, so a restart boundary overlaps by under two
      // frames, which players trim; packet timing in MPEG-TS is itself only frame-exact.
      for (let i = 0; i < 3; i++) {
        const overlap = (await lastPacketEnd(files[i])) - (await firstPts(files[i + 1], "a"));
        assert(overlap < 2048 / 44100 + 0.001, `overlap ${overlap} s before segment ${i + 1}`);
        assert(overlap > -1024 / 44100, `gap of ${-overlap} s before segment ${i + 1}`);
      }
      const all = join(media, "song.ts");
      assertEquals(await concatAndDecode(files, all, [/non monotonically increasing dts/]), "");
      assertAlmostEquals(await probeSpan(all), 20, 1);
    });
  } finally {
    await Deno.remove(media, { recursive: true });
  }
});

Deno.test("adaptive master playlist: renditions share the grid, one ffmpeg at a time", async () => {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  try {
    const path = await makeMedia(media, HEVC10_MKV);
    await withManager(async (m) => {
      const base = await transcodeSpec(path);
      if (base.video?.action !== "encode") throw new Error("unreachable");
      const v = base.video;
      const s = await m.createSession({
        ...base,
        variants: [
          { name: "180p", video: v, codecs: "avc1.64000d,mp4a.40.2" },
          { name: "90p", video: { ...v, width: 160, height: 90, bitrate_kbps: 150 } },
        ],
      });
      const master = parseMasterPlaylist(m.masterPlaylist(s.id, "?t=a"));
      assertEquals(master.variants.map((x) => x.uri), ["v0/main.m3u8?t=a", "v1/main.m3u8?t=a"]);
      assertEquals(master.variants[0].attrs.RESOLUTION, "320x180");
      assertEquals(master.variants[1].attrs.RESOLUTION, "160x90");
      assertEquals(master.variants[0].attrs.CODECS, "avc1.64000d,mp4a.40.2");
      assert(
        Number(master.variants[0].attrs.BANDWIDTH) > Number(master.variants[1].attrs.BANDWIDTH),
      );
      const a = await m.getSegment(s.id, 0, undefined, 0);
      // hls.js switching down: the next segment from the other rendition.
      const b = await m.getSegment(s.id, 1, undefined, 1);
      assertEquals(b, join(s.dir, "v1", "1.ts"));
      assertAlmostEquals((await firstPts(b)) - OFFSET_S, 6, FRAME_S);
      const size = await ffprobeText(["-show_entries", "stream=width", "-of", "csv=p=0", b]);
      assertEquals(size.trim().split("\n")[0], "160");
      const running = s.info().renditions.filter((r) => r.run && !r.run.exited);
      assert(running.length <= 1, "one ffmpeg per session");
      assertEquals(await concatAndDecode([a, b], join(media, "switch.ts")), "");
    });
  } finally {
    await Deno.remove(media, { recursive: true });
  }
});
