/**
 * The images endpoint: access checks, server-side resizing (dimensions checked with ffprobe),
 * the on-disk cache shared by concurrent requests, ETag/304 and cache headers, frames grabbed
 * for videos without artwork, and embedded cover art for music.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";

async function ffmpeg(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-loglevel", "error", "-y", ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/** Width, height and codec of an image, with ffprobe. */
async function dimensions(bytes: Uint8Array): Promise<string> {
  const file = await Deno.makeTempFile();
  await Deno.writeFile(file, bytes);
  const out = await new Deno.Command("ffprobe", {
    args: [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=codec_name,width,height",
      "-of",
      "csv=p=0",
      file,
    ],
    stdout: "piped",
  }).output();
  await Deno.remove(file);
  return new TextDecoder().decode(out.stdout).trim();
}

async function makeLibraries(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "rustfin-img-" });
  const movie = join(root, "Movies", "Poster Movie (2020)");
  await Deno.mkdir(movie, { recursive: true });
  await Deno.mkdir(join(root, "Movies", "Frame Movie (2021)"), { recursive: true });
  await Deno.mkdir(join(root, "Music", "Band", "Album"), { recursive: true });
  const clip = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10:duration=3"];
  const enc = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
  await ffmpeg(...clip, ...enc, join(movie, "Poster Movie (2020).mp4"));
  await ffmpeg(
    ...clip,
    ...enc,
    join(root, "Movies", "Frame Movie (2021)", "Frame Movie (2021).mp4"),
  );
  await ffmpeg(
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=600x900",
    "-frames:v",
    "1",
    join(movie, "poster.jpg"),
  );
  await ffmpeg(
    "-f",
    "lavfi",
    "-i",
    "smptebars=size=800x450",
    "-frames:v",
    "1",
    join(movie, "fanart.png"),
  );
  const cover = join(root, "cover-src.jpg");
  await ffmpeg("-f", "lavfi", "-i", "testsrc=size=500x500", "-frames:v", "1", cover);
  await ffmpeg(
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=1",
    "-i",
    cover,
    "-map",
    "0:a",
    "-map",
    "1:v",
    "-c:a",
    "flac",
    "-c:v",
    "mjpeg",
    "-disposition:v",
    "attached_pic",
    "-metadata",
    "title=Song",
    "-metadata",
    "album=Album",
    "-metadata",
    "artist=Band",
    join(root, "Music", "Band", "Album", "01 Song.flac"),
  );
  await Deno.remove(cover);
  return root;
}

interface Item {
  id: string;
  title: string;
  kind: string;
  images: Record<string, string | null> & { backdrops: string[] };
}

Deno.test("images API: access, resize, cache, ETag, frames and embedded covers", async (t) => {
  const root = await makeLibraries();
  await using srv = await startTestServer();
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const music = await srv.addLibrary("Music", join(root, "Music"), "music");
  await srv.waitForScan(movies);
  await srv.waitForScan(music);
  const list = async (query: string): Promise<Item[]> =>
    (await (await srv.api(`/api/items?${query}`)).json()).items;
  const posterMovie = (await list(`library_id=${movies}`)).find((i) => i.title === "Poster Movie")!;
  assert(posterMovie.images.primary, "the poster is listed");
  const base = `/api/items/${posterMovie.id}/images`;

  await t.step("refused without access (404) and without credentials (401)", async () => {
    const other = await srv.createUser("other", [music]);
    const denied = await srv.api(`${base}/primary?width=320`, { token: other.token });
    assertEquals(denied.status, 404);
    await denied.body?.cancel();
    const anon = await srv.api(`${base}/primary?width=320`, { token: null });
    assertEquals(anon.status, 401);
    await anon.body?.cancel();
    const unknown = await srv.api(`${base}/disc`);
    assertEquals(unknown.status, 404);
    await unknown.body?.cancel();
  });

  await t.step("resized on the server to a cached width, never enlarged", async () => {
    const cases: [string, string][] = [
      ["primary?width=300", "mjpeg,320,480"],
      ["primary?width=1000", "mjpeg,600,900"],
      ["primary?width=160&format=webp", "webp,160,240"],
      ["backdrop?index=0&width=480", "mjpeg,480,270"],
      ["backdrop", "png,800,450"],
    ];
    for (const [query, expected] of cases) {
      const res = await srv.api(`${base}/${query}`);
      assertEquals(res.status, 200, query);
      assertEquals(await dimensions(new Uint8Array(await res.arrayBuffer())), expected, query);
    }
    const missing = await srv.api(`${base}/backdrop?index=1`);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
  });

  await t.step("strong ETag, 304, and long caching only for versioned URLs", async () => {
    const versioned = await srv.api(`${posterMovie.images.primary}&width=320`);
    assertEquals(versioned.status, 200);
    await versioned.body?.cancel();
    const etag = versioned.headers.get("etag") ?? "";
    assertMatch(etag, /^"img-[0-9a-f]+-320-jpg"$/);
    assertEquals(versioned.headers.get("cache-control"), "private, max-age=31536000, immutable");
    assertEquals(versioned.headers.get("content-type"), "image/jpeg");
    const plain = await srv.api(`${base}/primary?width=320`);
    await plain.body?.cancel();
    assertEquals(plain.headers.get("cache-control"), "private, max-age=3600");
    assertEquals(plain.headers.get("etag"), etag);
    const again = await srv.api(`${base}/primary?width=320`, {
      headers: { "if-none-match": etag },
    });
    assertEquals(again.status, 304);
    await again.body?.cancel();
  });

  await t.step("concurrent requests for a new size share one ffmpeg run", async () => {
    const images = srv.server.services.images;
    const before = images.runs;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => srv.api(`${base}/primary?width=720`)),
    );
    for (const r of responses) {
      assertEquals(r.status, 200);
      await r.body?.cancel();
    }
    assertEquals(images.runs - before, 1);
  });

  await t.step("a video without artwork gets a grabbed frame as its primary image", async () => {
    let frame: Item | undefined;
    for (let i = 0; i < 100 && !frame?.images.primary; i++) {
      frame = (await list(`library_id=${movies}`)).find((x) => x.title === "Frame Movie");
      if (!frame?.images.primary) await new Promise((r) => setTimeout(r, 100));
    }
    assert(frame?.images.primary, "frame grabbed in the background");
    const res = await srv.api(`${frame.images.primary}&width=160`);
    assertEquals(res.status, 200);
    assertEquals(await dimensions(new Uint8Array(await res.arrayBuffer())), "mjpeg,160,120");
  });

  await t.step("embedded cover art is the primary image of the track and its album", async () => {
    const tracks = await list(`library_id=${music}&kind=track&recursive=true`);
    const albums = await list(`library_id=${music}&kind=album&recursive=true`);
    assertEquals(tracks.length, 1);
    assertEquals(albums.length, 1);
    for (const item of [tracks[0], albums[0]]) {
      assert(item.images.primary, `${item.kind} has the embedded cover`);
      const res = await srv.api(`${item.images.primary}&width=320`);
      assertEquals(res.status, 200);
      assertEquals(await dimensions(new Uint8Array(await res.arrayBuffer())), "mjpeg,320,320");
    }
  });
  await Deno.remove(root, { recursive: true });
});
