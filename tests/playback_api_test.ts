/**
 * The playback API end to end against a real server: decisions for files Chrome can and cannot
 * play, HLS remux and transcode output decoded by ffprobe, a seek to the middle, the playback
 * credential's scope, progressive audio, the transcode limit, and idle cleanup.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia, type MediaSpec } from "./fixtures/media.ts";
import { CHROME_CAPS } from "./fixtures/caps.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-playback-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const v = (codec: "h264" | "hevc" | "vp9" | "mpeg2video", extra = {}) => ({
  codec,
  width: 320,
  height: 180,
  fps: 25,
  gop_s: 2,
  ...extra,
});
const SPECS: MediaSpec[] = [
  {
    name: "Movies/Deep Colour (2020)/Deep Colour (2020).mkv",
    duration_s: 20,
    video: v("hevc", { pix_fmt: "yuv420p10le" }),
    audio: { codec: "aac", channels: 2, sample_rate: 48000 },
  },
  {
    name: "Movies/Surround (2019)/Surround (2019).mkv",
    duration_s: 20,
    video: v("h264"),
    audio: { codec: "ac3", channels: 6, sample_rate: 48000 },
  },
  {
    name: "Movies/Nine Lives (2018)/Nine Lives (2018).webm",
    duration_s: 6,
    video: v("vp9"),
    audio: { codec: "opus", channels: 2, sample_rate: 48000 },
  },
  {
    name: "Movies/Broadcast (2005)/Broadcast (2005).ts",
    duration_s: 8,
    video: v("mpeg2video", { interlaced: true }),
    audio: { codec: "mp3", channels: 2, sample_rate: 48000 },
  },
  {
    name: "Music/Band/Album (2001)/01 - Song.flac",
    duration_s: 5,
    audio: { codec: "flac", channels: 2, sample_rate: 44100 },
    tags: { title: "Song", artist: "Band", album: "Album", track: "1" },
  },
];
await Promise.all(SPECS.map((s) => makeMedia(root, s)));

async function ffprobeDuration(path: string): Promise<number> {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
  }).output();
  return Number(new TextDecoder().decode(out.stdout).trim());
}

Deno.test("playback API: decisions, HLS remux/transcode, seeking, credentials", async (t) => {
  await using srv = await startTestServer({ env: { RUSTFIN_MAX_TRANSCODES: "1" } });
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const music = await srv.addLibrary("Music", join(root, "Music"), "music");
  const list = await (await srv.api(`/api/items?library_id=${movies}`)).json();
  const byTitle = (title: string) =>
    list.items.find((i: { title: string }) => i.title === title).id;
  const play = async (id: string, body: Record<string, unknown> = {}) => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CHROME_CAPS, ...body }),
    });
    return { status: res.status, body: await res.json() };
  };

  await t.step("Chrome: decisions and reasons per file", async () => {
    const cases: [string, string, string[]][] = [
      ["Nine Lives", "direct", []],
      ["Surround", "remux", ["audio_codec_not_supported"]],
      ["Deep Colour", "transcode", ["video_codec_not_supported"]],
      ["Broadcast", "transcode", ["container_not_supported", "video_codec_not_supported"]],
    ];
    for (const [title, decision, reasons] of cases) {
      const { status, body } = await play(byTitle(title));
      assertEquals(status, 200, title);
      assertEquals(body.decision, decision, title);
      for (const r of reasons) assert(body.reasons.includes(r), `${title}: ${body.reasons}`);
      if (decision === "direct") assertStringIncludes(body.url, "/stream?t=");
      else assertStringIncludes(body.url, "/master.m3u8?t=");
      if (decision === "remux") {
        assertEquals(body.video.action, "copy");
        assertEquals(body.audio.action, "encode");
        assertEquals(body.audio.codec, "aac");
        assertEquals(body.audio.channels, 2);
      }
      if (body.protocol === "hls") {
        const stop = await srv.api(`/api/items/${byTitle(title)}/hls/${body.session_id}`, {
          method: "DELETE",
        });
        assertEquals(stop.status, 200);
        await stop.body?.cancel();
      }
    }
  });

  for (const title of ["Surround", "Deep Colour"]) {
    await t.step(`${title}: HLS output decodes and lasts as long as the source`, async () => {
      const { body } = await play(byTitle(title));
      const base = srv.url + body.url.replace(/master\.m3u8\?.*$/, "");
      const master = await (await fetch(srv.url + body.url)).text();
      assertStringIncludes(master, "#EXT-X-STREAM-INF");
      const variantUri = master.split("\n").find((l) => l && !l.startsWith("#"))!;
      const media = await (await fetch(base + variantUri)).text();
      assertStringIncludes(media, "#EXT-X-ENDLIST");
      const segUris = media.split("\n").filter((l) => l && !l.startsWith("#"));
      const variantBase = base + variantUri.replace(/main\.m3u8.*$/, "");
      const parts: Uint8Array<ArrayBuffer>[] = [];
      const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media)?.[1];
      if (init) parts.push(new Uint8Array(await (await fetch(variantBase + init)).arrayBuffer()));
      for (const uri of segUris) {
        const res = await fetch(variantBase + uri);
        assertEquals(res.status, 200, uri);
        parts.push(new Uint8Array(await res.arrayBuffer()));
      }
      const joined = join(root, `${title}.joined`);
      await Deno.writeFile(joined, new Uint8Array(await new Blob(parts).arrayBuffer()));
      const duration = await ffprobeDuration(joined);
      assert(Math.abs(duration - 20) <= 1, `${title} HLS lasts ${duration} s`);
      await (await srv.api(`/api/items/${byTitle(title)}/hls/${body.session_id}`, {
        method: "DELETE",
      })).body?.cancel();
    });
  }

  await t.step(
    "a seek to the middle returns that segment without producing earlier ones",
    async () => {
      const { body } = await play(byTitle("Deep Colour"));
      const base = srv.url + body.url.replace(/master\.m3u8\?.*$/, "");
      const q = body.url.slice(body.url.indexOf("?"));
      const media = await (await fetch(`${base}v0/main.m3u8${q}`)).text();
      const segs = media.split("\n").filter((l) => l && !l.startsWith("#"));
      const middle = segs[Math.floor(segs.length / 2)];
      const t0 = performance.now();
      const res = await fetch(`${base}v0/${middle}`);
      assertEquals(res.status, 200);
      await res.arrayBuffer();
      const elapsed = performance.now() - t0;
      assert(elapsed < 10_000, `seek took ${elapsed} ms`);
      const dir = join(srv.dataDir, "cache", "transcodes", `s-${body.session_id}`);
      const names: string[] = [];
      for await (const e of Deno.readDir(dir)) {
        if (e.isDirectory) {
          for await (const f of Deno.readDir(join(dir, e.name))) {
            names.push(f.name);
          }
        } else names.push(e.name);
      }
      assert(!names.includes("0.ts") && !names.includes("0.m4s"), `segment 0 made: ${names}`);
      await (await srv.api(`/api/items/${byTitle("Deep Colour")}/hls/${body.session_id}`, {
        method: "DELETE",
      })).body?.cancel();
    },
  );

  await t.step("the playback token opens only its own item and session", async () => {
    const { body } = await play(byTitle("Surround"));
    const token = new URL(body.url, srv.url).searchParams.get("t")!;
    const other = byTitle("Nine Lives");
    const res = await fetch(`${srv.url}/api/items/${other}/stream?t=${token}`);
    assertEquals(res.status, 401);
    await res.body?.cancel();
    const direct = await fetch(`${srv.url}/api/items/${byTitle("Surround")}/stream?t=${token}`, {
      headers: { range: "bytes=0-0" },
    });
    assertEquals(direct.status, 206, "a token also opens direct play of its item");
    await direct.body?.cancel();
    const noAuth = await fetch(srv.url + body.url.replace(/\?t=.*$/, ""));
    assertEquals(noAuth.status, 401);
    await noAuth.body?.cancel();
    await (await srv.api(`/api/items/${byTitle("Surround")}/hls/${body.session_id}`, {
      method: "DELETE",
    })).body?.cancel();
  });

  await t.step("over the transcode limit the API answers 503 with Retry-After", async () => {
    const first = await play(byTitle("Deep Colour"));
    assertEquals(first.status, 200);
    // Start the first transcode so it holds the only slot.
    const base = srv.url + first.body.url.replace(/master\.m3u8\?.*$/, "");
    const q = first.body.url.slice(first.body.url.indexOf("?"));
    const seg = await fetch(`${base}v0/0.ts${q}`);
    await seg.body?.cancel();
    const second = await srv.api(`/api/items/${byTitle("Broadcast")}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CHROME_CAPS }),
    });
    assertEquals(second.status, 503);
    assert(Number(second.headers.get("retry-after")) > 0);
    assertEquals((await second.json()).error.code, "transcode_limit");
    await (await srv.api(`/api/items/${byTitle("Deep Colour")}/hls/${first.body.session_id}`, {
      method: "DELETE",
    })).body?.cancel();
  });

  await t.step("FLAC for a client without FLAC: progressive MP3 transcode", async () => {
    const tracks = await (await srv.api(`/api/items?library_id=${music}&kind=track&recursive=true`))
      .json();
    const track = tracks.items[0];
    const { body } = await play(track.id, {
      caps: { ...CHROME_CAPS, audio_codecs: ["aac", "mp3"] },
    });
    assertEquals(body.protocol, "http");
    assert(body.decision !== "direct", body.decision);
    const res = await fetch(srv.url + body.url);
    assertEquals(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const out = join(root, "song.out");
    await Deno.writeFile(out, bytes);
    const duration = await ffprobeDuration(out);
    assert(Math.abs(duration - 5) < 0.5, `progressive lasts ${duration}`);
  });

  await t.step("bad requests name the field", async () => {
    const bad = await play(byTitle("Surround"), { speed: 9 });
    assertEquals(bad.status, 400);
    assertStringIncludes(bad.body.error.message, "speed");
    const profile = await play(byTitle("Surround"), { profile: "toaster" });
    assertEquals(profile.status, 400);
    assertStringIncludes(profile.body.error.message, "profile");
  });
});

Deno.test("an idle transcode's ffmpeg is stopped after the idle timeout", async () => {
  await using srv = await startTestServer({ env: { RUSTFIN_TRANSCODE_IDLE_S: "2" } });
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${movies}&q=deep`)).json();
  const id = list.items[0].id;
  const res = await srv.api(`/api/items/${id}/playback`, {
    method: "POST",
    body: JSON.stringify({ profile: "chrome", caps: CHROME_CAPS }),
  });
  const body = await res.json();
  const base = srv.url + body.url.replace(/master\.m3u8\?.*$/, "");
  const q = body.url.slice(body.url.indexOf("?"));
  await (await fetch(`${base}v0/0.ts${q}`)).arrayBuffer();
  const pids = srv.server.services.supervisor.list().map((p) => p.pid);
  assert(pids.length > 0, "ffmpeg runs");
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && srv.server.services.supervisor.list().length > 0) {
    await new Promise((r) => setTimeout(r, 250));
  }
  assertEquals(srv.server.services.supervisor.list(), []);
  for (const pid of pids) {
    const alive = await Deno.stat(`/proc/${pid}`).then(() => true, () => false);
    assert(!alive, `ffmpeg ${pid} is gone`);
  }
});
