/**
 * Session lifecycle with real ffmpeg: idle stop, the transcode limit, failures surfacing as
 * errors, hardware fallback, crash recovery, disk limits, throttling, aborts and concurrent
 * requests.
 */
import { join } from "node:path";
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "./helpers/assert.ts";
import { fixtureFfmpeg, makeMedia } from "./fixtures/media.ts";
import type { MediaSpec } from "./fixtures/media.ts";
import { HlsSessionManager } from "../lib/hls/session_manager.ts";
import type { HlsManagerOptions } from "../lib/hls/session_manager.ts";
import { HlsError } from "../lib/hls/hls_error.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { eventually, firstPts, processAlive, startsWithKeyframe } from "../lib/hls/test_support.ts";
import { TIMELINE_OFFSET_MS } from "../lib/hls/ffmpeg_args.ts";
import { exists } from "./helpers/fs.ts";

const H264_MKV: MediaSpec = {
  name: "h264.mkv",
  duration_s: 30,
  video: { codec: "h264", width: 320, height: 180, fps: 25, gop_s: 2 },
  audio: { codec: "aac", channels: 2, sample_rate: 48000 },
};

function encodeSpec(path: string, extra: Partial<HlsJobSpec> = {}): HlsJobSpec {
  return {
    input_path: path,
    duration_ms: 30_000,
    segment_type: "ts",
    video: {
      action: "encode",
      codec: "h264",
      width: 320,
      height: 180,
      bitrate_kbps: 300,
      hwaccel: { method: "none" },
      input_codec: "h264",
      frame_rate: 25,
    },
    audio: { action: "encode", stream_index: 1, codec: "aac", channels: 2 },
    segments: { target_s: 6 },
    ...extra,
  };
}

function remuxSpec(path: string): HlsJobSpec {
  return {
    input_path: path,
    duration_ms: 30_000,
    segment_type: "ts",
    video: { action: "copy", source_codec: "h264" },
    audio: { action: "copy", stream_index: 1 },
    segments: { target_s: 6 },
  };
}

interface Ctx {
  m: HlsSessionManager;
  cache: string;
  media: string;
  path: string;
}

async function withManager(
  opts: Partial<HlsManagerOptions>,
  fn: (ctx: Ctx) => Promise<void>,
): Promise<void> {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  const cache = await Deno.makeTempDir({ prefix: "rustfin-hls-cache-" });
  const m = await HlsSessionManager.start({
    cache_dir: cache,
    ffmpeg_path: fixtureFfmpeg(),
    ffprobe_path: "ffprobe",
    max_transcodes: 2,
    ...opts,
  });
  try {
    await fn({ m, cache, media, path: await makeMedia(media, H264_MKV) });
  } finally {
    await m.stopAll();
    await Deno.remove(cache, { recursive: true });
    await Deno.remove(media, { recursive: true });
  }
}

async function processState(pid: number): Promise<string> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}

Deno.test("an idle session's ffmpeg is gone after the timeout, and it wakes on request", async () => {
  await withManager({ idle_s: 1 }, async ({ m, path }) => {
    const s = await m.createSession(encodeSpec(path));
    await m.getSegment(s.id, 0);
    const pid = s.info().renditions[0].run!.pid;
    assert(await processAlive(pid), "ffmpeg runs while the session is in use");
    assert(await eventually(async () => !(await processAlive(pid)), 5000), "ffmpeg stopped");
    assert(await eventually(async () => !(await exists(s.dir)), 2000), "cache dir removed");
    assertEquals(s.state, "dormant");
    assertEquals(m.stats().active_transcodes, 0);
    // A player resuming after a long pause simply gets its segment.
    const f = await m.getSegment(s.id, 3);
    assert(await startsWithKeyframe(f));
    assertEquals(s.state, "active");
  });
});

Deno.test("the transcode limit answers transcode_limit with a retry hint", async () => {
  await withManager({ max_transcodes: 1, idle_s: 1 }, async ({ m, path }) => {
    const a = await m.createSession(encodeSpec(path));
    const err = await assertRejects(() => m.createSession(encodeSpec(path)), HlsError);
    assertEquals(err.code, "transcode_limit");
    assert(err.retry_after_s! >= 1 && err.retry_after_s! <= 60, `retry ${err.retry_after_s}`);
    // Remux is not a transcode: it is not limited by default.
    await m.createSession(remuxSpec(path));
    // Once the first session idles out, its slot is free; waking it then needs a slot again.
    await m.getSegment(a.id, 0);
    assert(await eventually(() => a.state === "dormant", 5000));
    const b = await m.createSession(encodeSpec(path));
    const wake = await assertRejects(() => m.getSegment(a.id, 1), HlsError);
    assertEquals(wake.code, "transcode_limit");
    await m.stop(b.id);
    assert(await startsWithKeyframe(await m.getSegment(a.id, 1)));
  });
});

Deno.test("a failing ffmpeg surfaces as an internal error without paths, not a hang", async () => {
  await withManager({}, async ({ m, media }) => {
    const bad = join(media, "broken.mkv");
    await Deno.writeFile(bad, new Uint8Array(4096).fill(7));
    const s = await m.createSession(encodeSpec(bad));
    const t0 = Date.now();
    const err = await assertRejects(() => m.getSegment(s.id, 0), HlsError);
    assertEquals(err.code, "internal");
    assert(err.message.startsWith("ffmpeg exited with code"), err.message);
    assert(!err.message.includes(media), `no path in: ${err.message}`);
    assert(Date.now() - t0 < 10_000, "fails fast");
    assertEquals(s.info().renditions[0].last_error, err.message);
    const log = await Deno.readTextFile(join(s.dir, "ffmpeg.log"));
    assert(log.includes("-f segment"), "command line logged");
    assert(log.includes("Invalid data"), "stderr logged");
  });
});

Deno.test("a hardware encode that fails early is retried once in software", async () => {
  await withManager({}, async ({ m, path }) => {
    const spec = encodeSpec(path);
    if (spec.video?.action !== "encode") throw new Error("unreachable");
    spec.video.hwaccel = { method: "vaapi", device: "/dev/dri/renderD199" };
    const s = await m.createSession(spec);
    const f = await m.getSegment(s.id, 1);
    assert(await startsWithKeyframe(f));
    const r = s.info().renditions[0];
    assertEquals(r.method, "none");
    assertEquals(r.encoder, "libx264");
    assert(r.fallback_reason?.startsWith("ffmpeg exited with code"), `${r.fallback_reason}`);
  });
});

Deno.test("start-up kills ffmpeg left by a crashed server and removes its directories", async () => {
  const cache = await Deno.makeTempDir({ prefix: "rustfin-hls-cache-" });
  const marker = join(cache, "s-old", "v0", "r1.csv");
  await Deno.mkdir(join(cache, "s-old", "v0"), { recursive: true });
  await Deno.writeTextFile(marker, "");
  // Stand-ins: one mentions the cache dir (ours), one does not (a recycled pid).
  const ours = new Deno.Command("tail", { args: ["-f", marker], stdout: "null" }).spawn();
  const other = new Deno.Command("tail", { args: ["-f", "/dev/null"], stdout: "null" }).spawn();
  try {
    await Deno.writeTextFile(join(cache, "ffmpeg.pids"), `${ours.pid}\n${other.pid}\n999999\n`);
    const m = await HlsSessionManager.start({
      cache_dir: cache,
      ffmpeg_path: fixtureFfmpeg(),
      ffprobe_path: "ffprobe",
      max_transcodes: 1,
    });
    const status = await ours.status;
    assertEquals(status.signal, "SIGKILL");
    assert(await processAlive(other.pid), "an unrelated process is left alone");
    assert(!(await exists(join(cache, "s-old"))), "stale session dir removed");
    assertEquals(await Deno.readTextFile(join(cache, "ffmpeg.pids")), "");
    await m.stopAll();
  } finally {
    other.kill();
    await other.status;
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("running ffmpeg pids are recorded for crash recovery", async () => {
  await withManager({}, async ({ m, path, cache }) => {
    const s = await m.createSession(encodeSpec(path));
    await m.getSegment(s.id, 0);
    const pid = s.info().renditions[0].run!.pid;
    const recorded = async () =>
      (await Deno.readTextFile(join(cache, "ffmpeg.pids"))).split("\n").includes(String(pid));
    assert(await eventually(recorded, 2000), "pid recorded");
    await m.stop(s.id);
    assert(await eventually(async () => !(await recorded()), 2000), "pid forgotten");
    assert(!(await processAlive(pid)));
    await assertRejects(() => m.getSegment(s.id, 0), HlsError);
  });
});

Deno.test("segments far behind the playhead are deleted", async () => {
  await withManager({ keep_behind_s: 5 }, async ({ m, path }) => {
    const s = await m.createSession(remuxSpec(path));
    const first = await m.getSegment(s.id, 0);
    await m.getSegment(s.id, 1);
    assert(await exists(first));
    // Segment 2 starts at 12 s: segment 0 (ends at 6 s) is more than 5 s behind.
    await m.getSegment(s.id, 2);
    assert(await eventually(async () => !(await exists(first)), 1000), "segment 0 deleted");
    assert(await exists(join(s.dir, "v0", "1.ts")), "segment 1 (ends at 12 s) kept");
    // A seek back to a deleted segment just produces it again.
    assert(await startsWithKeyframe(await m.getSegment(s.id, 0)));
  });
});

Deno.test("the cache limit evicts the oldest finished segments", async () => {
  await withManager({ cache_mb: 0.2, throttle_ahead_s: 0 }, async ({ m, path }) => {
    const s = await m.createSession(remuxSpec(path));
    for (let i = 0; i < 5; i++) await m.getSegment(s.id, i);
    // Let ffmpeg finish so nothing changes while the disk is measured.
    assert(await eventually(() => s.info().renditions[0].run?.exited === true, 5000));
    const limit = m.stats().cache_limit_bytes;
    const accounted = m.stats().cache_bytes;
    const kept = s.info().renditions[0].segments_ready;
    assert(kept.includes(4), "the playhead's segment is kept");
    assert(!kept.includes(0), `oldest evicted, kept ${kept}`);
    const sizes = await Promise.all(
      kept.map(async (i) => (await Deno.stat(join(s.dir, "v0", `${i}.ts`))).size),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    assertEquals(accounted, total, "accounting matches the disk");
    assert(total <= limit || kept.length <= 2, `total ${total} over ${limit} with ${kept}`);
  });
});

Deno.test("ffmpeg far ahead of a paused player is stopped (SIGSTOP) and resumed", async () => {
  await withManager({ throttle_ahead_s: 6 }, async ({ m, path }) => {
    const s = await m.createSession(encodeSpec(path));
    await m.getSegment(s.id, 0);
    const run = () => s.info().renditions[0].run!;
    assert(await eventually(() => run().paused, 20_000), "paused ahead of the player");
    assertEquals(await processState(run().pid), "T");
    const ready = s.info().renditions[0].segments_ready.length;
    assert(ready <= 3, `stopped producing: ${ready} segments`);
    await m.getSegment(s.id, 1);
    await m.getSegment(s.id, 2);
    assert(await startsWithKeyframe(await m.getSegment(s.id, 4)), "resumed up to the end");
  });
});

Deno.test("the next segment waits for the running ffmpeg; one far ahead restarts it", async () => {
  await withManager({}, async ({ m, media }) => {
    // Long enough that ffmpeg cannot reach the far segment before it is asked for.
    const path = await makeMedia(media, { ...H264_MKV, name: "long.mkv", duration_s: 120 });
    const s = await m.createSession(encodeSpec(path, { duration_ms: 120_000 }));
    await m.getSegment(s.id, 0);
    const first = s.info().renditions[0].run!;
    await m.getSegment(s.id, 1);
    assertEquals(s.info().renditions[0].run!.pid, first.pid, "no restart for the next segment");
    await m.getSegment(s.id, 15);
    const second = s.info().renditions[0].run!;
    assert(second.pid !== first.pid, "restarted for a far seek");
    assertEquals(second.start_index, 15);
    assert(!(await exists(join(s.dir, "v0", "10.ts"))), "nothing produced in between");
    assert(await eventually(async () => !(await processAlive(first.pid)), 2000), "old run gone");
  });
});

Deno.test("an aborted request rejects without stopping ffmpeg", async () => {
  await withManager({}, async ({ m, path }) => {
    const s = await m.createSession(encodeSpec(path));
    const ctl = new AbortController();
    const pending = m.getSegment(s.id, 4, ctl.signal);
    await eventually(() => s.info().renditions[0].run !== null, 2000);
    ctl.abort();
    await assertRejects(() => pending);
    const pid = s.info().renditions[0].run!.pid;
    assert(await processAlive(pid), "ffmpeg keeps going for the next request");
    assert(await startsWithKeyframe(await m.getSegment(s.id, 4)));
  });
});

Deno.test("concurrent requests around a restart all get correct segments", async () => {
  await withManager({}, async ({ m, path }) => {
    const s = await m.createSession(encodeSpec(path));
    const order = [4, 0, 4, 1, 3, 0];
    const files = await Promise.all(order.map((i) => m.getSegment(s.id, i)));
    order.forEach((i, k) => assertEquals(files[k], join(s.dir, "v0", `${i}.ts`)));
    for (const f of new Set(files)) assert(await startsWithKeyframe(f), f);
    const live = s.info().renditions.filter((r) => r.run && !r.run.exited).length;
    assert(live <= 1, "at most one ffmpeg per session");
  });
});

Deno.test("a run that reaches the end of its cut list hands over to a new run", async () => {
  await withManager({ max_segments_per_run: 2 }, async ({ m, path }) => {
    const s = await m.createSession(encodeSpec(path));
    const pids = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const f = await m.getSegment(s.id, i);
      assert(await startsWithKeyframe(f), `segment ${i}`);
      assertAlmostEquals((await firstPts(f)) - TIMELINE_OFFSET_MS / 1000, i * 6, 0.04);
      pids.add(s.info().renditions[0].run!.pid);
    }
    assertEquals(pids.size, 3, "runs of two segments each");
  });
});
