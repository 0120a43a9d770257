import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/helpers/assert.ts";
import { makeMedia } from "../../tests/fixtures/media.ts";
import {
  ffmpegInputUrl,
  parseKeyframePackets,
  ProbeError,
  probeFile,
  readKeyframes,
} from "./ffprobe.ts";

const FFPROBE = Deno.env.get("RUSTFIN_FFPROBE") || "ffprobe";

Deno.test("parseKeyframePackets() keeps K-flagged packets, sorted, in ms", () => {
  const csv = [
    "0.023000,0.023000,K_",
    "0.065000,0.065000,__",
    "2.106000,2.023000,K_",
    "1.065000,1.065000,K_D", // discardable keyframe still counts
    "N/A,3.000000,K_", // no pts: use dts
    "garbage",
    "",
  ].join("\n");
  assertEquals(parseKeyframePackets(csv), [23, 1065, 2106, 3000]);
});

Deno.test("ffmpegInputUrl() makes absolute file: URLs so colons and dashes are not options", () => {
  assertEquals(ffmpegInputUrl("/a/b:c.mkv"), "file:/a/b:c.mkv");
  assert(ffmpegInputUrl("-x.mkv").startsWith(`file:${Deno.cwd()}/`));
});

Deno.test("probeFile() probes real generated files (mkv hevc 10-bit, webm, ts interlaced, weird name)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const mkv = await makeMedia(dir, {
      name: "a.mkv",
      duration_s: 2,
      video: { codec: "hevc", width: 320, height: 180, fps: 24, pix_fmt: "yuv420p10le" },
      audio: { codec: "ac3", channels: 6, sample_rate: 48000, language: "ger" },
      subtitles: [{
        codec: "subrip",
        language: "eng",
        forced: true,
        cues: [{ start_ms: 0, end_ms: 900, text: "Hi" }],
      }],
    });
    const webm = await makeMedia(dir, {
      name: `Amélie's "100%": Dream.webm`,
      duration_s: 2,
      video: { codec: "vp9", width: 320, height: 180, fps: 25 },
      audio: { codec: "opus", channels: 2, sample_rate: 48000 },
    });
    const ts = await makeMedia(dir, {
      name: "-rec.ts",
      duration_s: 2,
      video: { codec: "mpeg2video", width: 320, height: 180, fps: 25, interlaced: true },
      audio: { codec: "ac3", channels: 2, sample_rate: 48000 },
    });

    const t0 = performance.now();
    const a = await probeFile(FFPROBE, mkv);
    const b = await probeFile(FFPROBE, webm);
    const c = await probeFile(FFPROBE, ts);
    console.log(`probeFile: ${((performance.now() - t0) / 3).toFixed(0)} ms per file`);

    assertEquals(a.container, "mkv");
    assertEquals(a.size_bytes, (await Deno.stat(mkv)).size);
    assert(a.duration_ms >= 1900 && a.duration_ms <= 2200, `duration ${a.duration_ms}`);
    const [v, au, s] = a.streams;
    assertEquals([v.codec, v.profile, v.bit_depth, v.width, v.frame_rate, v.video_range], [
      "hevc",
      "Main 10",
      10,
      320,
      24,
      "SDR",
    ]);
    assertEquals([au.codec, au.channels, au.language], ["ac3", 6, "ger"]);
    assertEquals([s.type, s.codec, s.forced, s.language], ["subtitle", "subrip", true, "eng"]);

    assertEquals(b.container, "webm");
    assertEquals(b.streams.map((x) => x.codec), ["vp9", "opus"]);

    assertEquals(c.container, "mpegts");
    assertEquals([c.streams[0].codec, c.streams[0].interlaced], ["mpeg2video", true]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("probeFile() fails with ProbeError codes and path-free messages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "secret-dir-" });
  try {
    const empty = join(dir, "Empty.mkv");
    await Deno.writeFile(empty, new Uint8Array());
    const text = join(dir, "notes.mp4");
    await Deno.writeTextFile(text, "not a movie at all\n".repeat(50));

    const table: [string, string][] = [
      [empty, "probe_failed"],
      [text, "probe_failed"],
      [join(dir, "missing.mkv"), "probe_unreadable"],
      [dir, "probe_unreadable"],
    ];
    for (const [path, code] of table) {
      const err = await assertRejects(() => probeFile(FFPROBE, path), ProbeError);
      assertEquals(err.code, code, path);
      assert(!err.message.includes("secret-dir"), `message leaks the path: ${err.message}`);
    }
    const err = await assertRejects(() => probeFile(FFPROBE, empty), ProbeError);
    assertEquals(
      err.message,
      "EBML header parsing failed; Invalid data found when processing input",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("probeFile() times out and honours an abort signal", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A stand-in ffprobe that hangs, so the timeout path is exercised deterministically.
    const slow = join(dir, "slow-ffprobe");
    await Deno.writeTextFile(slow, "#!/bin/sh\nexec sleep 5\n");
    await Deno.chmod(slow, 0o755);
    const media = join(dir, "x.mkv");
    await Deno.writeTextFile(media, "x");

    const t0 = performance.now();
    const timedOut = await assertRejects(
      () => probeFile(slow, media, { timeoutMs: 200 }),
      ProbeError,
    );
    assertEquals(timedOut.code, "probe_timeout");
    assert(performance.now() - t0 < 2000, "the hung child was killed promptly");

    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const aborted = await assertRejects(
      () => probeFile(slow, media, { signal: ctl.signal }),
      ProbeError,
    );
    assertEquals(aborted.code, "probe_aborted");

    const missingBin = await assertRejects(
      () => probeFile(join(dir, "no-ffprobe"), media),
      ProbeError,
    );
    assertEquals([missingBin.code, missingBin.message], [
      "probe_failed",
      "ffprobe binary not found",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readKeyframes() lists the keyframes of a fixed-GOP file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const mkv = await makeMedia(dir, {
      name: "gop.mkv",
      duration_s: 6,
      video: { codec: "h264", width: 320, height: 180, fps: 25, gop_s: 2 },
    });
    const t0 = performance.now();
    const kf = await readKeyframes(FFPROBE, mkv);
    console.log(`readKeyframes: ${(performance.now() - t0).toFixed(0)} ms for a 6 s file`);
    assertEquals(kf, [0, 2000, 4000]);

    const audioOnly = await makeMedia(dir, {
      name: "a.flac",
      duration_s: 1,
      audio: { codec: "flac", channels: 1, sample_rate: 44100 },
    });
    assertEquals(await readKeyframes(FFPROBE, audioOnly), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
