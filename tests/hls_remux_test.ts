/**
 * Remux (video copy) HLS end to end with real ffmpeg: segments cut on source keyframes, served as
 * soon as listed, exact after restarts (the reference server's #17966), seeks that skip the
 * segments before.
 */
import { join } from "node:path";
import { assert, assertAlmostEquals, assertEquals } from "./helpers/assert.ts";
import { fixtureFfmpeg, makeMedia } from "./fixtures/media.ts";
import type { MediaSpec } from "./fixtures/media.ts";
import { HlsSessionManager } from "../lib/hls/session_manager.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { TIMELINE_OFFSET_MS } from "../lib/hls/ffmpeg_args.ts";
import { parseMediaPlaylist } from "../lib/hls/m3u8_check.ts";
import {
  concatAndDecode,
  firstPts,
  probeSpan,
  probeStartMs,
  startsWithKeyframe,
} from "../lib/hls/test_support.ts";
import { probeFile, readKeyframes } from "../lib/media/ffprobe.ts";
import { exists } from "./helpers/fs.ts";

const OFFSET_S = TIMELINE_OFFSET_MS / 1000;
/** One frame at 25 fps: the tolerance of "exactly the planned range". */
const FRAME_S = 0.04;

const H264_MKV: MediaSpec = {
  name: "h264.mkv",
  duration_s: 30,
  video: { codec: "h264", width: 320, height: 180, fps: 25, gop_s: 2 },
  audio: { codec: "aac", channels: 2, sample_rate: 48000 },
};

/** HEVC with B-frames in MPEG-TS: non-zero start time, imprecise demuxer seeks. */
const HEVC_TS: MediaSpec = {
  name: "hevc.ts",
  duration_s: 30,
  video: { codec: "hevc", width: 320, height: 180, fps: 25, gop_s: 2 },
  audio: { codec: "aac", channels: 2, sample_rate: 48000 },
};

/**
 * H.264 with B-frames and irregular keyframes (1.2–8 s apart): what real encodes with scene cuts
 * look like. The fixture generator only makes fixed GOPs, so this one file is made here.
 */
async function irregularKeyframes(dir: string): Promise<string> {
  const out = join(dir, "irregular.mkv");
  const res = await new Deno.Command(fixtureFfmpeg(), {
    args: [
      "-v",
      "error",
      "-nostdin",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=320x180:rate=25:duration=30",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000:duration=30",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-bf",
      "2",
      "-g",
      "1000",
      "-sc_threshold",
      "0",
      "-force_key_frames",
      "0,1.2,3,8.4,9,15.6,17,25,28.2",
      "-c:a",
      "aac",
      out,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!res.success) throw new Error(new TextDecoder().decode(res.stderr));
  return out;
}

async function remuxSpec(path: string, type: "ts" | "fmp4" = "ts"): Promise<HlsJobSpec> {
  const probe = await probeFile("ffprobe", path);
  const v = probe.streams.find((s) => s.type === "video")!;
  const a = probe.streams.find((s) => s.type === "audio")!;
  return {
    input_path: path,
    duration_ms: probe.duration_ms,
    segment_type: type,
    video: { action: "copy", source_codec: v.codec, width: v.width, height: v.height },
    audio: { action: "copy", stream_index: a.index, source_codec: a.codec },
    segments: { target_s: 6 },
  };
}

async function withManager(
  fn: (m: HlsSessionManager, cache: string) => Promise<void>,
  extra: Partial<Parameters<typeof HlsSessionManager.start>[0]> = {},
): Promise<void> {
  const cache = await Deno.makeTempDir({ prefix: "rustfin-hls-cache-" });
  const m = await HlsSessionManager.start({
    cache_dir: cache,
    ffmpeg_path: fixtureFfmpeg(),
    ffprobe_path: "ffprobe",
    max_transcodes: 2,
    ...extra,
  });
  try {
    await fn(m, cache);
  } finally {
    await m.stopAll();
    await Deno.remove(cache, { recursive: true });
  }
}

Deno.test("remux HLS of an H.264 MKV: every segment decodes, duration within 1 s", async () => {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  try {
    const path = await makeMedia(media, H264_MKV);
    await withManager(async (m) => {
      const spec = await remuxSpec(path);
      const s = await m.createSession(spec);
      const pl = parseMediaPlaylist(m.mediaPlaylist(s.id, 0, "?t=x"));
      assert(pl.endlist);
      assertEquals(pl.segments.length, 5, "2 s keyframes grouped into 6 s segments");
      const files: string[] = [];
      for (let i = 0; i < pl.segments.length; i++) files.push(await m.getSegment(s.id, i));
      for (const [i, f] of files.entries()) {
        assert(await startsWithKeyframe(f), `segment ${i} starts with a keyframe`);
        assertAlmostEquals(
          (await firstPts(f)) - OFFSET_S,
          s.plan.segments[i].start_ms / 1000,
          FRAME_S,
        );
      }
      const all = join(media, "all.ts");
      assertEquals(await concatAndDecode(files, all), "");
      assertAlmostEquals(await probeSpan(all), spec.duration_ms / 1000, 1);
    });
  } finally {
    await Deno.remove(media, { recursive: true });
  }
});

const restartSources: { name: string; make: (dir: string) => Promise<string> }[] = [
  { name: "H.264 MKV, irregular keyframes and B-frames", make: irregularKeyframes },
  { name: "HEVC MPEG-TS with a 1.4 s start time", make: (d) => makeMedia(d, HEVC_TS) },
];

for (const src of restartSources) {
  Deno.test(`remux restart keeps segment boundaries exact: ${src.name}`, async () => {
    const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
    try {
      const path = await src.make(media);
      await withManager(async (m) => {
        const spec = await remuxSpec(path);
        const s = await m.createSession(spec);
        const n = s.plan.segments.length;
        assert(n >= 4, `needs 4 segments, plan has ${n}`);
        // Cold start at the last segment, then a seek back three segments, then the rest.
        const order = [n - 1, n - 4, ...Array.from({ length: n }, (_, i) => i)];
        const files = new Map<number, string>();
        for (const i of order) files.set(i, await m.getSegment(s.id, i));
        // The spec leaves the start time out (as the playback glue does): the manager probes it.
        assertEquals(s.spec.start_time_ms, await probeStartMs(path));
        const start = s.spec.start_time_ms ?? 0;
        const keyframes = (await readKeyframes("ffprobe", path)).map((k) => k - start);
        for (let i = 0; i < n; i++) {
          const f = files.get(i)!;
          const planned = s.plan.segments[i].start_ms / 1000;
          assert(await startsWithKeyframe(f), `segment ${i} starts with a keyframe`);
          assertAlmostEquals((await firstPts(f)) - OFFSET_S, planned, FRAME_S, `segment ${i}`);
          if (i > 0) assert(keyframes.includes(s.plan.segments[i].start_ms), "plan on keyframes");
        }
        const all = join(media, "all.ts");
        assertEquals(
          await concatAndDecode([...Array(n).keys()].map((i) => files.get(i)!), all),
          "",
        );
        assertAlmostEquals(await probeSpan(all), spec.duration_ms / 1000, 1);
      });
    } finally {
      await Deno.remove(media, { recursive: true });
    }
  });
}

Deno.test("remux seek to the middle returns that segment without producing earlier ones", async () => {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  try {
    const path = await makeMedia(media, H264_MKV);
    await withManager(async (m) => {
      const s = await m.createSession(await remuxSpec(path));
      const mid = 2;
      const f = await m.getSegment(s.id, mid);
      assertEquals(f, join(s.dir, "v0", `${mid}.ts`));
      assertAlmostEquals(
        (await firstPts(f)) - OFFSET_S,
        s.plan.segments[mid].start_ms / 1000,
        0.04,
      );
      for (let i = 0; i < mid; i++) {
        assert(!(await exists(join(s.dir, "v0", `${i}.ts`))), `segment ${i} not produced`);
      }
      const run = s.info().renditions[0].run!;
      assertEquals(run.start_index, mid);
      const log = await Deno.readTextFile(join(s.dir, "ffmpeg.log"));
      assert(log.includes("-ss"), "the command line is logged");
    });
  } finally {
    await Deno.remove(media, { recursive: true });
  }
});
