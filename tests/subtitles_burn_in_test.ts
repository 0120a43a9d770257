/**
 * Burn-in end to end: a PGS track (overlay) and an ASS track (libass) drawn into the video of an
 * HLS transcode, checked by comparing decoded frames with the source where a subtitle is shown
 * and where none is; PGS sidecar files (`.sup`, a second ffmpeg input) burnt into HLS and
 * progressive streams, after seeks too; and escapeFilterPath() against a real ffmpeg with a
 * hostile file name.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { fixtureFfmpeg, toAss, toSrt } from "./fixtures/media.ts";
import { writeSup } from "./subtitles_pgs.ts";
import { textBurnInFilter } from "../lib/subtitles/burn_in.ts";

const W = 320, H = 180;
const root = await Deno.makeTempDir({ prefix: "rustfin-burn-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

async function ffmpeg(args: string[]): Promise<Uint8Array> {
  const res = await new Deno.Command(fixtureFfmpeg(), {
    args: ["-v", "error", "-nostdin", "-y", ...args],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  assert(res.success, new TextDecoder().decode(res.stderr));
  return res.stdout;
}

/**
 * The grey plane of the frame at `t_s` from the file's first frame (25 fps). Decodes from the
 * start rather than seeking: a seek into a short TS segment is not frame-exact.
 */
async function frame(path: string, t_s: number): Promise<Uint8Array> {
  const all = await ffmpeg([
    "-i",
    path,
    "-map",
    "0:v:0",
    "-f",
    "rawvideo",
    "-pix_fmt",
    "gray",
    "-",
  ]);
  const n = Math.round(t_s * 25);
  assert(all.length >= (n + 1) * W * H, `${path}: no frame at ${t_s} s`);
  return all.subarray(n * W * H, (n + 1) * W * H);
}

/** Mean absolute difference of two grey frames inside a rectangle. */
function diff(a: Uint8Array, b: Uint8Array, x0: number, y0: number, x1: number, y1: number) {
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) sum += Math.abs(a[y * W + x] - b[y * W + x]);
  }
  return sum / ((x1 - x0) * (y1 - y0));
}

/** Share of near-black pixels inside a rectangle. */
function dark(a: Uint8Array, x0: number, y0: number, x1: number, y1: number) {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (a[y * W + x] < 12) n++;
  return n / ((x1 - x0) * (y1 - y0));
}

/** Mean grey level inside a rectangle. */
function mean(a: Uint8Array, x0: number, y0: number, x1: number, y1: number) {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += a[y * W + x];
  return sum / ((x1 - x0) * (y1 - y0));
}

// One MKV with a PGS track (white box 1–3 s) and an ASS track (text 1–3 s).
const movie = join(root, "Movies", "Burn (2023)", "Burn (2023).mkv");
await Deno.mkdir(join(movie, ".."), { recursive: true });
const sup = join(root, "box.sup");
await Deno.writeFile(
  sup,
  writeSup({
    width: W,
    height: H,
    cues: [
      { start_ms: 1000, end_ms: 3000, x: 60, y: 40, w: 200, h: 40 },
      { start_ms: 7000, end_ms: 9000, x: 60, y: 40, w: 200, h: 40 },
    ],
  }),
);
const ass = join(root, "text.ass");
await Deno.writeTextFile(
  ass,
  // BorderStyle 3: an opaque black box behind the text, easy to find in a frame.
  toAss([
    { start_ms: 1000, end_ms: 3000, text: "BURNT IN TEXT" },
    { start_ms: 7000, end_ms: 9000, text: "AFTER THE SEEK" },
  ]).replace(/^Style: Default,.*$/m, (style) => {
    const f = style.split(",");
    f[15] = "3"; // BorderStyle
    return f.join(",");
  }),
);
await ffmpeg([
  ...["-f", "lavfi", "-i", `testsrc2=size=${W}x${H}:rate=25:duration=12`],
  ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12"],
  ...["-i", sup, "-i", ass, "-map", "0:v", "-map", "1:a", "-map", "2:s", "-map", "3:s"],
  ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-c:s:0", "copy"],
  ...["-c:s:1", "ass", "-metadata:s:s:0", "language=eng", "-metadata:s:s:1", "language=eng", movie],
]);

const CAPS = {
  containers: ["mp4"],
  video_codecs: ["h264"],
  audio_codecs: ["aac"],
  hls: true,
  segment_types: ["ts"],
};

Deno.test("burn-in: PGS overlay and ASS text are drawn into transcoded HLS video, after a seek too", async (t) => {
  await using srv = await startTestServer();
  const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
  const id = list.items[0].id;
  const item = await (await srv.api(`/api/items/${id}`)).json();
  assertEquals(item.subtitles.map((s: { format: string }) => s.format), [
    "hdmv_pgs_subtitle",
    "ass",
  ]);

  /**
   * Plays with `body` and saves segment 1 (6–12 s) then segment 0 (0–6 s): asking for 1 first
   * starts ffmpeg there, as a seek does, and 0 then restarts it from the beginning.
   */
  const segments = async (name: string, body: Record<string, unknown>) => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CAPS, quality: "original", ...body }),
    });
    const play = await res.json();
    assertEquals(res.status, 200, JSON.stringify(play));
    const base = srv.url + play.url.replace(/master\.m3u8\?.*$/, "");
    const q = play.url.slice(play.url.indexOf("?"));
    const paths: string[] = [];
    for (const k of [1, 0]) {
      const seg = await fetch(`${base}v0/${k}.ts${q}`);
      assertEquals(seg.status, 200, name);
      paths[k] = join(root, `${name}-${k}.ts`);
      await Deno.writeFile(paths[k], new Uint8Array(await seg.arrayBuffer()));
    }
    await (await srv.api(`/api/items/${id}/hls/${play.session_id}`, { method: "DELETE" })).body
      ?.cancel();
    return { play, paths };
  };

  await t.step("PGS: decision says burn-in, the box appears only while shown", async () => {
    const t0 = performance.now();
    const { play, paths: [path, seeked] } = await segments("pgs", { subtitle_index: 0 });
    console.log(`PGS burn-in transcode of 2 segments: ${(performance.now() - t0).toFixed(0)} ms`);
    assertEquals(play.decision, "transcode");
    assert(play.reasons.includes("subtitle_needs_burn_in"), play.reasons);
    assertEquals(play.subtitles[0].method, "burn_in");
    const during = await frame(path, 2), source2 = await frame(movie, 2);
    const after = await frame(path, 4.5), source45 = await frame(movie, 4.5);
    // The box (60,40)–(260,80) is white in the burnt frame, not in the source.
    assert(mean(during, 70, 45, 250, 75) > 200, `box mean ${mean(during, 70, 45, 250, 75)}`);
    assert(diff(during, source2, 70, 45, 250, 75) > 40, "box region should differ at 2 s");
    assert(diff(after, source45, 70, 45, 250, 75) < 12, "box region should match at 4.5 s");
    // After the seek to 6 s: the second box (7–9 s) is there at 8 s.
    assert(mean(await frame(seeked, 2), 70, 45, 250, 75) > 200, "box after the seek");
  });

  await t.step("ASS with burn_in_subtitle: text drawn by libass", async () => {
    const { play, paths: [path, seeked] } = await segments("ass", {
      subtitle_index: 1,
      burn_in_subtitle: true,
    });
    assertEquals(play.subtitles[0].method, "burn_in");
    // The opaque black box behind the text; the test pattern has no black in the bottom band.
    const band = [20, 120, 300, 175] as const;
    const cases: [string, string, number, number, boolean][] = [
      ["0–6 s at 2 s", path, 2, 2, true],
      ["0–6 s at 4.5 s", path, 4.5, 4.5, false],
      ["after the seek, at 8 s", seeked, 2, 8, true],
      ["after the seek, at 10 s", seeked, 4, 10, false],
    ];
    for (const [name, file, t, source, shown] of cases) {
      const added = dark(await frame(file, t), ...band) - dark(await frame(movie, source), ...band);
      assert(shown ? added > 0.03 : Math.abs(added) < 0.005, `${name}: ${added}`);
    }
  });

  await t.step("without burn-in the video is copied", async () => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CAPS, subtitle_index: 1 }),
    });
    const play = await res.json();
    assertEquals(play.video.action, "copy");
    assertEquals(play.subtitles[0].method, "external");
    await (await srv.api(`/api/items/${id}/hls/${play.session_id}`, { method: "DELETE" })).body
      ?.cancel();
  });
});

Deno.test("escapeFilterPath(): ffmpeg's subtitles filter opens a file with a hostile name", async () => {
  const dir = join(root, "we:ird 'dir'");
  await Deno.mkdir(dir, { recursive: true });
  const name = join(dir, "a:b 'c', [d] 100% ü;\\e.srt");
  await Deno.writeTextFile(name, toSrt([{ start_ms: 0, end_ms: 5000, text: "HELLO WORLD" }]));
  const filter = textBurnInFilter(name);
  assertStringIncludes(filter, "subtitles=filename=");
  const args = (vf: string) => [
    ...["-f", "lavfi", "-i", `color=c=black:size=${W}x${H}:rate=5:duration=2`, "-vf", vf],
    ...["-ss", "1", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
  ];
  const burnt = await ffmpeg(args(filter));
  const plain = await ffmpeg(args("null"));
  assertEquals(mean(plain, 0, 0, W, H), 0);
  assert(mean(burnt, 0, 100, W, H) > 0.5, "the text was rendered");
});

// ---- Image sidecars and progressive streams -------------------------------------------------

/**
 * An 18 s movie without subtitle streams and, beside it, the same PGS cues as sidecars:
 * `en.sup` extracted from an MKV with ffmpeg (starts with the writer's empty display set at 0),
 * `de.sup` as most real files are, starting at the first cue (ffmpeg shifts such a file by 1 s
 * unless told otherwise), and an ASS file for the progressive text case.
 */
const SIDE_CUES = [[1000, 3000], [5000, 8000], [10_000, 11_000], [14_000, 16_000]];
const sideDir = join(root, "Sidecar", "Side (2023)");
const sideMovie = join(sideDir, "Side (2023).mkv");
await Deno.mkdir(sideDir, { recursive: true });
{
  const supBytes = writeSup({
    width: W,
    height: H,
    cues: SIDE_CUES.map(([start_ms, end_ms]) => ({
      start_ms,
      end_ms,
      x: 60,
      y: 40,
      w: 200,
      h: 40,
    })),
  });
  const withPgs = join(root, "side-pgs.mkv");
  await Deno.writeFile(join(root, "side.sup"), supBytes);
  await ffmpeg([
    ...["-f", "lavfi", "-i", `testsrc2=size=${W}x${H}:rate=25:duration=18`],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=18"],
    ...["-i", join(root, "side.sup"), "-map", "0:v", "-map", "1:a", "-map", "2:s"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-c:s", "copy"],
    withPgs,
  ]);
  await ffmpeg(["-i", withPgs, "-map", "0:v", "-map", "0:a", "-c", "copy", sideMovie]);
  await ffmpeg(["-i", withPgs, "-map", "0:s:0", "-c", "copy", join(sideDir, "Side (2023).en.sup")]);
  // Drop the leading empty display set (PCS + END at 0 ms): the file then starts at 1 s.
  let off = 0;
  for (let n = 0; n < 2; n++) off += 13 + ((supBytes[off + 11] << 8) | supBytes[off + 12]);
  await Deno.writeFile(join(sideDir, "Side (2023).de.sup"), supBytes.subarray(off));
  await Deno.writeTextFile(
    join(sideDir, "Side (2023).fr.ass"),
    toAss([
      { start_ms: 1000, end_ms: 3000, text: "BURNT IN TEXT" },
      { start_ms: 9000, end_ms: 11_000, text: "AFTER THE SEEK" },
    ]).replace(/^Style: Default,.*$/m, (style) => {
      const f = style.split(",");
      f[15] = "3"; // BorderStyle: an opaque box
      return f.join(",");
    }),
  );
}

/** All grey frames of a file, decoded once per path. */
const decoded = new Map<string, Promise<Uint8Array>>();
function framesOf(path: string): Promise<Uint8Array> {
  let p = decoded.get(path);
  if (!p) {
    p = ffmpeg(["-i", path, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", "-"]);
    decoded.set(path, p);
  }
  return p;
}

/** The frame `t_s` after a file's first frame (25 fps). */
async function frameAt(path: string, t_s: number): Promise<Uint8Array> {
  const all = await framesOf(path);
  const n = Math.round(t_s * 25);
  assert(all.length >= (n + 1) * W * H, `${path}: no frame at ${t_s} s`);
  return all.subarray(n * W * H, (n + 1) * W * H);
}

function cueShown(t_ms: number): boolean {
  return SIDE_CUES.some(([a, b]) => t_ms >= a && t_ms < b);
}

/**
 * Checks the PGS box in `file` (whose first frame is at `first_s` of the movie) at movie times
 * `times`: white and unlike the source picture where a cue is shown, the source picture where not.
 */
async function checkBox(label: string, file: string, first_s: number, times: number[]) {
  const box = [70, 45, 250, 75] as const;
  for (const t of times) {
    const got = await frameAt(file, t - first_s);
    const source = await frameAt(sideMovie, t);
    const d = diff(got, source, ...box);
    if (cueShown(t * 1000)) {
      assert(
        mean(got, ...box) > 200,
        `${label} at ${t} s: box expected, mean ${mean(got, ...box)}`,
      );
      assert(d > 40, `${label} at ${t} s: box region should differ from the source (${d})`);
    } else {
      assert(d < 12, `${label} at ${t} s: no box expected, differs from the source by ${d}`);
    }
  }
}

/** The movie of the Sidecar library on `srv`: its id and its subtitle index by language. */
async function sidecarMovie(
  srv: TestServer,
): Promise<{ id: string; byLang(lang: string): number }> {
  const lib = await srv.addLibrary("Sidecar", join(root, "Sidecar"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
  const id = list.items[0].id;
  const item = await (await srv.api(`/api/items/${id}`)).json();
  const byLang = (lang: string) => {
    const code = ({ en: "eng", de: "ger", fr: "fre" } as Record<string, string>)[lang];
    const track = item.subtitles.find((s: { language: string | null }) => s.language === code);
    assert(track, `${lang}: ${JSON.stringify(item.subtitles)}`);
    return track.index;
  };
  return { id, byLang };
}

Deno.test("burn-in: PGS sidecar files (.sup) are a second input of HLS runs, aligned after a seek", async (t) => {
  await using srv = await startTestServer();
  const { id, byLang } = await sidecarMovie(srv);

  const play = async (body: Record<string, unknown>) => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CAPS, quality: "original", ...body }),
    });
    const json = await res.json();
    assertEquals(res.status, 200, JSON.stringify(json));
    return json;
  };
  const fetchSegment = async (url: string, k: number, name: string) => {
    const base = srv.url + url.replace(/master\.m3u8\?.*$/, "");
    const seg = await fetch(`${base}v0/${k}.ts${url.slice(url.indexOf("?"))}`);
    assertEquals(seg.status, 200, `${name} segment ${k}`);
    const path = join(root, `${name}-${k}.ts`);
    await Deno.writeFile(path, new Uint8Array(await seg.arrayBuffer()));
    return path;
  };
  const stop = async (session: string) =>
    await (await srv.api(`/api/items/${id}/hls/${session}`, { method: "DELETE" })).body?.cancel();

  for (const lang of ["en", "de"]) {
    await t.step(`${lang}.sup: segment 1 first (a seek to 6 s), then segment 0`, async () => {
      const t0 = performance.now();
      const p = await play({ subtitle_index: byLang(lang) });
      assertEquals(p.decision, "transcode");
      assert(p.reasons.includes("subtitle_needs_burn_in"), p.reasons);
      assertEquals(p.subtitles[0].method, "burn_in");
      // Segment 1 (6–12 s) first: ffmpeg starts at 6 s, as after a seek.
      const seeked = await fetchSegment(p.url, 1, `side-${lang}`);
      const first = performance.now() - t0;
      const zero = await fetchSegment(p.url, 0, `side-${lang}`);
      console.log(
        `sidecar ${lang}.sup burn-in: playback + first segment after a seek ${
          first.toFixed(0)
        } ms, ` +
          `restart at 0 ${(performance.now() - t0 - first).toFixed(0)} ms`,
      );
      await stop(p.session_id);
      // The cue 5–8 s started before the seek point and must still be drawn at 6.0 s.
      await checkBox(`${lang} segment 1`, seeked, 6, [6, 7.5, 8.5, 10.5, 11.5]);
      await checkBox(`${lang} segment 0`, zero, 0, [0.5, 2, 3.5, 4.5, 5.5]);
    });
  }

  await t.step(
    "without a subtitle the file plays as it is: no box where the cues are",
    async () => {
      const p = await play({ subtitle_index: null });
      assertEquals(p.decision, "direct", JSON.stringify(p));
      const path = join(root, "side-none.mkv");
      await Deno.writeFile(
        path,
        new Uint8Array(await (await fetch(srv.url + p.url)).arrayBuffer()),
      );
      const box = [70, 45, 250, 75] as const;
      for (const t of [2, 6, 10.5]) {
        assert(mean(await frameAt(path, t), ...box) < 200, `no box at ${t} s without a subtitle`);
      }
    },
  );
});

Deno.test("burn-in: progressive (non-HLS) transcodes draw image sidecars and text, after a seek too", async (t) => {
  await using srv = await startTestServer();
  const { id, byLang } = await sidecarMovie(srv);

  /** Plays as a DLNA TV (no HLS) and saves the progressive stream from `start_ms`. */
  const stream = async (name: string, body: Record<string, unknown>, starts: number[]) => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "dlna_tv", ...body }),
    });
    const play = await res.json();
    assertEquals(res.status, 200, JSON.stringify(play));
    assertEquals(play.decision, "transcode");
    assertEquals(play.protocol, "http");
    assertEquals(play.container, "mpegts");
    assertEquals(play.subtitles[0].method, "burn_in");
    const paths: string[] = [];
    for (const start of starts) {
      const t0 = performance.now();
      const r = await fetch(`${srv.url}${play.url}&start_ms=${start}`);
      assertEquals(r.status, 200, name);
      assertEquals(r.headers.get("content-type"), "video/mp2t");
      const reader = r.body!.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let firstByte = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!firstByte) firstByte = performance.now() - t0;
        chunks.push(value);
      }
      console.log(
        `progressive ${name} from ${start} ms: first bytes ${firstByte.toFixed(0)} ms, ` +
          `whole stream ${(performance.now() - t0).toFixed(0)} ms`,
      );
      const path = join(root, `prog-${name}-${start}.ts`);
      await Deno.writeFile(path, new Uint8Array(await new Blob(chunks).arrayBuffer()));
      paths.push(path);
    }
    return paths;
  };

  await t.step("de.sup (first cue at 1 s): from the start and from 6 s", async () => {
    const [whole, seeked] = await stream("sup", { subtitle_index: byLang("de") }, [0, 6000]);
    await checkBox("progressive from 0", whole, 0, [0.5, 2, 3.5, 5.5, 8.5, 10.5, 12.5, 15]);
    // Unshifted, the sidecar would show its 1–3 s cue at 7–9 s and nothing at 6.1 s.
    await checkBox("progressive from 6 s", seeked, 6, [6.1, 7.5, 8.5, 10.5, 12.5, 15]);
  });

  await t.step("ASS with burn_in_subtitle: libass sees file time after a seek", async () => {
    const [whole, seeked] = await stream("ass", {
      subtitle_index: byLang("fr"),
      burn_in_subtitle: true,
    }, [0, 6000]);
    const band = [20, 120, 300, 175] as const;
    // After the seek to 6 s, frame time 1.5 s is 7.5 s (no cue; unshifted it would be the 1–3 s
    // cue) and 4 s is 10 s (the 9–11 s cue).
    const cases: [string, string, number, number, boolean][] = [
      ["from 0 at 2 s", whole, 2, 2, true],
      ["from 0 at 5 s", whole, 5, 5, false],
      ["from 0 at 10 s", whole, 10, 10, true],
      ["from 6 s at 7.5 s", seeked, 1.5, 7.5, false],
      ["from 6 s at 10 s", seeked, 4, 10, true],
      ["from 6 s at 12 s", seeked, 6, 12, false],
    ];
    for (const [name, file, at, source, shown] of cases) {
      const added = dark(await frameAt(file, at), ...band) -
        dark(await frameAt(sideMovie, source), ...band);
      assert(shown ? added > 0.03 : Math.abs(added) < 0.005, `${name}: ${added}`);
    }
  });
});
