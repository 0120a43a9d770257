/**
 * HLS: time to first segment (remux, and a 1080p → 720p software transcode), seek-to-middle
 * latency, transcode throughput, each against the same ffmpeg command run directly in the same
 * run, and the session manager's own CPU use while one player is paused.
 *
 * The manager is driven in-process (what the HTTP layer calls per request), so the figures are
 * the server's share without network noise. Sources are generated 1080p H.264 + AAC files.
 * Run with `deno task bench hls`.
 */
import type { BenchRow } from "./types.ts";
import { fixtureFfmpeg, makeMedia } from "../tests/fixtures/media.ts";
import { buildHlsArgs, parseSegmentList } from "../lib/hls/ffmpeg_args.ts";
import { planForSpec } from "../lib/hls/segment_plan.ts";
import { HlsSessionManager } from "../lib/hls/session_manager.ts";
import { renditionsOf } from "../lib/hls/spec.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { readKeyframes } from "../lib/media/ffprobe.ts";

const DURATION_S = 48;
const REPEATS = 3;

function remuxSpec(path: string, keyframes: number[]): HlsJobSpec {
  return {
    input_path: path,
    duration_ms: DURATION_S * 1000,
    segment_type: "ts",
    video: { action: "copy", source_codec: "h264", width: 1920, height: 1080 },
    audio: { action: "copy", stream_index: 1, source_codec: "aac" },
    segments: { target_s: 6, keyframes_ms: keyframes },
  };
}

function transcodeSpec(path: string, targetS = 6): HlsJobSpec {
  return {
    input_path: path,
    duration_ms: DURATION_S * 1000,
    segment_type: "ts",
    video: {
      action: "encode",
      codec: "h264",
      width: 1280,
      height: 720,
      bitrate_kbps: 3000,
      hwaccel: { method: "none" },
      input_codec: "h264",
      frame_rate: 25,
    },
    audio: { action: "encode", stream_index: 1, codec: "aac", channels: 2, bitrate_kbps: 128 },
    segments: { target_s: targetS },
  };
}

/**
 * The reference: the very command a session runs, started directly; resolves with the ms until
 * segment `waitFor` is listed (first segment), or until ffmpeg exits when `waitFor` is null.
 */
async function direct(spec: HlsJobSpec, start: number, waitFor: number | null): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-bench-hls-direct-" });
  try {
    const r = buildHlsArgs(spec, renditionsOf(spec)[0], planForSpec(spec), {
      start_index: start,
      dir,
      run: 1,
    });
    const t0 = performance.now();
    const child = new Deno.Command(fixtureFfmpeg(), {
      args: r.args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    if (waitFor === null) {
      const st = await child.status;
      if (!st.success) throw new Error(`ffmpeg failed (${st.code})`);
      return performance.now() - t0;
    }
    // Poll the segment list much faster than the session does, to favour the reference.
    for (;;) {
      const text = await Deno.readTextFile(r.list_path).catch(() => "");
      if (parseSegmentList(text, 1).includes(waitFor)) break;
      await new Promise((res) => setTimeout(res, 5));
    }
    const ms = performance.now() - t0;
    child.kill("SIGKILL");
    await child.status;
    return ms;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function withManager<T>(
  fn: (m: HlsSessionManager) => Promise<T>,
  throttleAheadS = 0,
): Promise<T> {
  const cache = await Deno.makeTempDir({ prefix: "rustfin-bench-hls-cache-" });
  const m = await HlsSessionManager.start({
    cache_dir: cache,
    ffmpeg_path: fixtureFfmpeg(),
    ffprobe_path: "ffprobe",
    max_transcodes: 4,
    throttle_ahead_s: throttleAheadS,
  });
  try {
    return await fn(m);
  } finally {
    await m.stopAll();
    await Deno.remove(cache, { recursive: true });
  }
}

/** ms from the request to the first segment of a fresh session. */
async function firstSegment(spec: HlsJobSpec): Promise<number> {
  return await withManager(async (m) => {
    const s = await m.createSession(spec);
    const t0 = performance.now();
    await m.getSegment(s.id, 0);
    return performance.now() - t0;
  });
}

/**
 * ms to get the middle segment while the session plays from the start. A remux outruns any
 * player, so it is throttled to 6 s ahead (as a paused or slow player would leave it): the seek
 * then really restarts ffmpeg instead of finding the segment made already.
 */
async function seekMiddle(spec: HlsJobSpec): Promise<number> {
  return await withManager(async (m) => {
    const s = await m.createSession(spec);
    await m.getSegment(s.id, 0);
    const mid = Math.floor(s.plan.segments.length / 2);
    const t0 = performance.now();
    await m.getSegment(s.id, mid);
    return performance.now() - t0;
  }, spec.video?.action === "copy" ? 6 : 0);
}

/** Wall ms and CPU s (ffmpeg + this process) to play every segment in order as they come. */
async function throughput(spec: HlsJobSpec): Promise<{ ms: number; cpu: number }> {
  return await withManager(async (m) => {
    const s = await m.createSession(spec);
    const c0 = await cpuSeconds();
    const t0 = performance.now();
    for (let i = 0; i < s.plan.segments.length; i++) await m.getSegment(s.id, i);
    const ms = performance.now() - t0;
    // ffmpeg's CPU is counted once it is reaped: wait for the run to end.
    while (!s.info().renditions[0].run?.exited) await new Promise((r) => setTimeout(r, 20));
    const c1 = await cpuSeconds();
    return { ms, cpu: c1.self - c0.self + c1.children - c0.children };
  });
}

/** Wall ms and CPU s of the same command run directly to its end. */
async function directWhole(spec: HlsJobSpec): Promise<{ ms: number; cpu: number }> {
  const c0 = await cpuSeconds();
  const ms = await direct(spec, 0, null);
  const c1 = await cpuSeconds();
  return { ms, cpu: c1.children - c0.children };
}

/**
 * CPU seconds (user + system) of this process and of its reaped children (Linux /proc, clock
 * ticks of 10 ms): fields 14–17 of /proc/self/stat, counted from after the command name.
 */
async function cpuSeconds(): Promise<{ self: number; children: number }> {
  const stat = await Deno.readTextFile("/proc/self/stat");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  return { self: (f[11] + f[12]) / 100, children: (f[13] + f[14]) / 100 };
}

async function selfCpuSeconds(): Promise<number> {
  return (await cpuSeconds()).self;
}

/**
 * The manager's CPU share over 10 s with one transcode session whose player paused after two
 * segments: ffmpeg runs on until it is 12 s ahead, is then stopped, and nothing should tick.
 */
async function idleCpu(spec: HlsJobSpec): Promise<{ cpu: number; paused: boolean }> {
  return await withManager(async (m) => {
    const s = await m.createSession(spec);
    await m.getSegment(s.id, 0);
    await m.getSegment(s.id, 1);
    const deadline = Date.now() + 60_000;
    while (!s.info().renditions[0].run?.paused && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const c0 = await selfCpuSeconds();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const c1 = await selfCpuSeconds();
    const cpu = ((c1 - c0) / ((performance.now() - t0) / 1000)) * 100;
    return { cpu, paused: s.info().renditions[0].run?.paused === true };
  }, 12);
}

/**
 * Best of `n` alternating runs of ours and of the reference: other processes on the machine add
 * delays to both at random, so the fastest run is the closest to the intrinsic latency.
 */
async function paired(
  n: number,
  ours: () => Promise<number>,
  reference: () => Promise<number>,
): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    // Alternate the order too: a run right after another one meets warmer caches.
    if (i % 2 === 0) {
      a.push(await ours());
      b.push(await reference());
    } else {
      b.push(await reference());
      a.push(await ours());
    }
  }
  return [Math.min(...a), Math.min(...b)];
}

function row(
  name: string,
  value: number,
  unit: string,
  target: string,
  ok: boolean,
  reference?: { name: string; value: number },
): BenchRow {
  return {
    name,
    value,
    unit,
    target,
    ok,
    reference,
    ratio: reference ? value / reference.value : undefined,
  };
}

/** Runs the HLS benchmark. */
export async function benchHls(): Promise<BenchRow[]> {
  const media = await Deno.makeTempDir({ prefix: "rustfin-bench-hls-media-" });
  try {
    const path = await makeMedia(media, {
      name: "source-1080p.mkv",
      duration_s: DURATION_S,
      video: { codec: "h264", width: 1920, height: 1080, fps: 25, gop_s: 2, profile: "high" },
      audio: { codec: "aac", channels: 2, sample_rate: 48000 },
    });
    const rows: BenchRow[] = [];

    const k0 = performance.now();
    const keyframes = await readKeyframes("ffprobe", path);
    const keyframeMs = performance.now() - k0;
    const remux = remuxSpec(path, keyframes);
    const transcode = transcodeSpec(path);

    const [remuxFirst, remuxFirstDirect] = await paired(
      REPEATS,
      () => firstSegment(remux),
      () => direct(remux, 0, 0),
    );
    rows.push(
      row("hls remux: first segment", remuxFirst, "ms", "≤ 500 ms", remuxFirst <= 500, {
        name: "ffmpeg",
        value: remuxFirstDirect,
      }),
    );
    rows.push({
      name: `hls remux: keyframe list of a ${DURATION_S} s 1080p file (once per file)`,
      value: keyframeMs,
      unit: "ms",
    });

    const [tcFirst, tcFirstDirect] = await paired(
      REPEATS,
      () => firstSegment(transcode),
      () => direct(transcode, 0, 0),
    );
    rows.push(
      row("hls 1080p→720p x264: first segment", tcFirst, "ms", "≤ 2000 ms", tcFirst <= 2000, {
        name: "ffmpeg",
        value: tcFirstDirect,
      }),
    );

    const mid = Math.floor(planForSpec(transcode).segments.length / 2);
    const [tcSeek, tcSeekDirect] = await paired(
      REPEATS,
      () => seekMiddle(transcode),
      () => direct(transcode, mid, mid),
    );
    rows.push(
      row("hls 1080p→720p x264: seek to middle", tcSeek, "ms", "≤ 2500 ms", tcSeek <= 2500, {
        name: "ffmpeg from there",
        value: tcSeekDirect,
      }),
    );
    const remuxMid = Math.floor(planForSpec(remux).segments.length / 2);
    const [remuxSeek, remuxSeekDirect] = await paired(
      REPEATS,
      () => seekMiddle(remux),
      () => direct(remux, remuxMid, remuxMid),
    );
    rows.push(
      row("hls remux: seek to middle", remuxSeek, "ms", "≤ 2500 ms", remuxSeek <= 2500, {
        name: "ffmpeg from there",
        value: remuxSeekDirect,
      }),
    );

    // The same with 3 s segments (the reference server's transcode default): on a slow CPU the
    // first segment and a seek cost about one segment of encoding, so shorter ones start sooner.
    const short = transcodeSpec(path, 3);
    const shortMid = Math.floor(planForSpec(short).segments.length / 2);
    const [shortFirst, shortFirstDirect] = await paired(
      REPEATS,
      () => firstSegment(short),
      () => direct(short, 0, 0),
    );
    rows.push(
      row(
        "hls 1080p→720p x264, 3 s segments: first",
        shortFirst,
        "ms",
        "≤ 2000 ms",
        shortFirst <= 2000,
        {
          name: "ffmpeg",
          value: shortFirstDirect,
        },
      ),
    );
    const [shortSeek, shortSeekDirect] = await paired(
      REPEATS,
      () => seekMiddle(short),
      () => direct(short, shortMid, shortMid),
    );
    rows.push(
      row(
        "hls 1080p→720p x264, 3 s segments: seek",
        shortSeek,
        "ms",
        "≤ 2500 ms",
        shortSeek <= 2500,
        {
          name: "ffmpeg from there",
          value: shortSeekDirect,
        },
      ),
    );

    const ours: { ms: number; cpu: number }[] = [];
    const ref: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < 2; i++) {
      ours.push(await throughput(transcode));
      ref.push(await directWhole(transcode));
    }
    const cpuOurs = Math.min(...ours.map((x) => x.cpu));
    const cpuRef = Math.min(...ref.map((x) => x.cpu));
    const overhead = (cpuOurs / cpuRef - 1) * 100;
    // CPU, not wall time: on a shared machine the wall time mostly measures the neighbours.
    rows.push({
      name: `hls 1080p→720p x264: whole ${DURATION_S} s file, CPU overhead vs ffmpeg`,
      value: overhead,
      unit: "%",
      target: "≤ 5 %",
      ok: overhead <= 5,
      reference: { name: "ffmpeg CPU s", value: cpuRef },
    });
    const wallOurs = Math.min(...ours.map((x) => x.ms));
    const wallRef = Math.min(...ref.map((x) => x.ms));
    rows.push({
      name: `hls 1080p→720p x264: whole ${DURATION_S} s file, wall time`,
      value: wallOurs,
      unit: "ms",
      reference: { name: "ffmpeg", value: wallRef },
      ratio: wallOurs / wallRef,
    });

    const idle = await idleCpu(transcode);
    rows.push({
      name: `hls manager CPU, one paused session (ffmpeg ${idle.paused ? "stopped" : "running"})`,
      value: idle.cpu,
      unit: "% of a core",
      target: "≈ 0",
      ok: idle.cpu < 1,
    });
    return rows;
  } finally {
    await Deno.remove(media, { recursive: true });
  }
}
