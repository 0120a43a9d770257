/**
 * Keyframe lists end to end: the first remux session of a file reads its keyframes with ffprobe
 * and stores them in the database; the next session of the same file starts without reading
 * them again, until the file changes. The file is HEVC + FLAC in Matroska, which Safari gets as
 * an fMP4 remux with the FLAC copied (ffmpeg's MP4 muxer needs experimental features for that).
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia } from "./fixtures/media.ts";
import { ffprobeText } from "../lib/hls/test_support.ts";
import { KeyframeCache } from "../lib/media/keyframe_cache.ts";
import { KeyframesRepo } from "../lib/db/keyframes.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-kf-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const path = await makeMedia(root, {
  name: "Movies/Lossless (2021)/Lossless (2021).mkv",
  duration_s: 12,
  video: { codec: "hevc", width: 320, height: 180, fps: 25, gop_s: 2 },
  audio: { codec: "flac", channels: 2, sample_rate: 48000 },
});

Deno.test("remux sessions of one file read its keyframes once, until the file changes", async () => {
  await using srv = await startTestServer();
  const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
  const id = list.items[0].id as string;
  const services = srv.server.services;
  const cache = services.hls?.keyframes;
  assert(cache instanceof KeyframeCache, "the server's HLS manager uses a KeyframeCache");

  const play = async () => {
    const res = await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "safari" }),
    });
    const body = await res.json();
    assertEquals(res.status, 200, JSON.stringify(body));
    return body;
  };
  const stop = async (sessionId: string) => {
    const res = await srv.api(`/api/items/${id}/hls/${sessionId}`, { method: "DELETE" });
    assertEquals(res.status, 200);
    await res.body?.cancel();
  };

  const first = await play();
  assertEquals(first.decision, "remux");
  assertEquals(first.video.action, "copy");
  assertEquals([first.audio.action, first.audio.codec], ["copy", "flac"]);
  assertEquals(cache.stats.reads, 1);
  const stored = new KeyframesRepo(services.db).get(path);
  assertEquals(stored?.keyframes_ms, [0, 2000, 4000, 6000, 8000, 10000]);
  assertEquals(stored?.size_bytes, (await Deno.stat(path)).size);

  // The session plays: init + first segment carry HEVC and the copied FLAC.
  const base = srv.url + first.url.replace(/master\.m3u8\?.*$/, "");
  const master = await (await fetch(srv.url + first.url)).text();
  const variantUri = master.split("\n").find((l) => l && !l.startsWith("#"))!;
  const media = await (await fetch(base + variantUri)).text();
  const variantBase = base + variantUri.replace(/[^/]*\.m3u8.*$/, "");
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media)?.[1];
  assert(init, "fMP4 playlist");
  const seg0 = media.split("\n").find((l) => l && !l.startsWith("#"))!;
  const one = join(root, "one.mp4");
  await Deno.writeFile(one, new Uint8Array());
  for (const uri of [init, seg0]) {
    const res = await fetch(variantBase + uri);
    assertEquals(res.status, 200, uri);
    await Deno.writeFile(one, new Uint8Array(await res.arrayBuffer()), { append: true });
  }
  const streams = await ffprobeText([
    "-show_entries",
    "stream=codec_name",
    "-of",
    "csv=p=0",
    one,
  ]);
  assertEquals(streams.trim().split("\n").sort(), ["flac", "hevc"]);
  await stop(first.session_id);

  // Second start of the same item: no new read.
  const second = await play();
  assertEquals(second.decision, "remux");
  assertEquals(cache.stats.reads, 1, "no second ffprobe run");
  assertEquals(cache.stats.hits, 1);
  await stop(second.session_id);

  // The file changes (same bytes, newer mtime): its keyframes are read again.
  await Deno.utime(path, new Date(), new Date(Date.now() + 60_000));
  const third = await play();
  assertEquals(cache.stats.reads, 2, "a changed file is read again");
  await stop(third.session_id);
});
