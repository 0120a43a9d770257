/**
 * Subtitles end to end against a real server: sidecar files in every naming pattern and
 * encoding, embedded SubRip/ASS (MKV) and mov_text (MP4) tracks extracted once and converted
 * byte-exactly, originals, an image (PGS) track refused as text, access control, the default
 * forced track, and the HLS WebVTT rendition with its timestamp map.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { fixtureFfmpeg, makeMedia, type SubtitleCue } from "./fixtures/media.ts";
import { writeSup } from "./subtitles_pgs.ts";
import { subtitlesFor } from "../lib/subtitles/subtitles_for.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-subs-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

const video = { codec: "h264" as const, width: 320, height: 180, fps: 25, gop_s: 2 };
const CUES_EN: SubtitleCue[] = [
  { start_ms: 1000, end_ms: 2500, text: "A & B < C <i>it</i>" },
  { start_ms: 7001, end_ms: 8999, text: "Second line\ntwo rows" },
];
const CUES_DE: SubtitleCue[] = [{ start_ms: 500, end_ms: 1990, text: "Guten Tag, Welt" }];

const movieDir = join(root, "Movies", "Subbed (2020)");
await makeMedia(root, {
  name: "Movies/Subbed (2020)/Subbed (2020).mkv",
  duration_s: 10,
  video,
  // FLAC: no encoder priming, so the muxer does not shift the subtitles by AAC's 21 ms.
  audio: { codec: "flac", channels: 2, sample_rate: 48000, language: "eng" },
  subtitles: [
    { codec: "subrip", language: "eng", title: "English", default: true, cues: CUES_EN },
    { codec: "ass", language: "ger", cues: CUES_DE },
  ],
});
await makeMedia(root, {
  name: "Movies/Mobile (2021)/Mobile (2021).mp4",
  duration_s: 6,
  video,
  audio: { codec: "aac", channels: 2, sample_rate: 48000 },
  subtitles: [{ codec: "mov_text", language: "eng", cues: CUES_EN.slice(0, 1) }],
});

// Sidecars: each naming pattern, each encoding.
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function utf16(s: string, le: boolean): Uint8Array {
  const out = [le ? 0xff : 0xfe, le ? 0xfe : 0xff];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.push(...(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return new Uint8Array(out);
}
const SRT_FR = "1\r\n00:00:01,000 --> 00:00:02,000\r\nÇa va, déjà?\r\n";
const SRT_DE = "1\n00:00:02,000 --> 00:00:03,000\nGrüße <i>schön</i>\n";
const SRT_ES = "1\n00:00:04,000 --> 00:00:05,000\n¿Qué tal?\n";
const SRT_EN_FORCED = "1\n00:00:03,000 --> 00:00:04,000\n{\\an8}Alien speech\n";
const VTT_JA = "WEBVTT\n\n00:01.000 --> 00:02.000\n日本語\n";
const sidecars: [string, Uint8Array][] = [
  ["Subbed (2020).eng.forced.srt", new TextEncoder().encode(SRT_EN_FORCED)],
  ["Subbed (2020).fr.srt", latin1(SRT_FR)],
  ["Subbed (2020).de.sdh.default.srt", utf16(SRT_DE, true)],
  ["Subbed (2020).Spanish.srt", utf16(SRT_ES, false)],
  [
    "Subs/Subbed (2020).ja.vtt",
    new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(VTT_JA)]),
  ],
];
for (const [name, bytes] of sidecars) {
  await Deno.mkdir(join(movieDir, name, ".."), { recursive: true });
  await Deno.writeFile(join(movieDir, name), bytes);
}

// An MKV with a PGS track: a white 200×40 box from 1 s to 3 s.
const bitmapDir = join(root, "Movies", "Bitmap (2022)");
await Deno.mkdir(bitmapDir, { recursive: true });
await Deno.writeFile(
  join(root, "box.sup"),
  writeSup({
    width: 320,
    height: 180,
    cues: [{ start_ms: 1000, end_ms: 3000, x: 60, y: 100, w: 200, h: 40 }],
  }),
);
{
  const res = await new Deno.Command(fixtureFfmpeg(), {
    args: [
      ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=6"],
      ...["-i", join(root, "box.sup"), "-map", "0:v", "-map", "1:a", "-map", "2:s"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-c:s", "copy"],
      ...["-metadata:s:s:0", "language=eng", join(bitmapDir, "Bitmap (2022).mkv")],
    ],
  }).output();
  assert(res.success, new TextDecoder().decode(res.stderr));
}

const CHROME_CAPS = {
  containers: ["mp4", "webm"],
  video_codecs: ["h264"],
  audio_codecs: ["aac", "flac"],
  hls: true,
  segment_types: ["ts"],
};

interface ItemJson {
  id: string;
  title: string;
  subtitles: {
    index: number;
    source: string;
    stream_index?: number;
    format: string;
    language: string | null;
    title: string | null;
    forced: boolean;
    default: boolean;
    hearing_impaired: boolean;
    url: string;
  }[];
}

Deno.test("subtitles API: sidecars, embedded tracks, originals, access, HLS rendition", async (t) => {
  await using srv = await startTestServer();
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${movies}`)).json();
  const item = async (title: string): Promise<ItemJson> => {
    const id = list.items.find((i: { title: string }) => i.title === title).id;
    return await (await srv.api(`/api/items/${id}`)).json();
  };
  const subbed = await item("Subbed");
  const text = async (url: string, init: RequestInit & { token?: string | null } = {}) => {
    const res = await srv.api(url, init);
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  await t.step("item lists sidecars (naming patterns) then embedded tracks", () => {
    const got = subbed.subtitles.map((s) =>
      [s.source, s.format, s.language, s.forced, s.default, s.hearing_impaired].join(" ")
    );
    assertEquals(got, [
      "sidecar srt spa false false false",
      "sidecar srt ger false true true",
      "sidecar srt eng true false false",
      "sidecar srt fre false false false",
      "sidecar vtt jpn false false false",
      "embedded subrip eng false true false",
      "embedded ass ger false false false",
    ]);
    assertEquals(subbed.subtitles[5].title, "English");
    assertEquals(subbed.subtitles[0].url, `/api/items/${subbed.id}/subtitles/0.vtt`);
  });

  await t.step("sidecar encodings decode to the same WebVTT, byte-exact", async () => {
    const want: [number, string][] = [
      [0, "WEBVTT\n\n00:00:04.000 --> 00:00:05.000\n¿Qué tal?\n"],
      [1, "WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nGrüße <i>schön</i>\n"],
      [2, "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nAlien speech\n"],
      [3, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nÇa va, déjà?\n"],
      [4, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n日本語\n"],
    ];
    for (const [index, body] of want) {
      const res = await text(`/api/items/${subbed.id}/subtitles/${index}.vtt`);
      assertEquals(res.status, 200, `track ${index}`);
      assertEquals(res.headers.get("content-type"), "text/vtt; charset=utf-8");
      assertEquals(res.body, body, `track ${index}`);
    }
  });

  await t.step("embedded SubRip and ASS: one extraction pass, byte-exact WebVTT", async () => {
    const store = subtitlesFor(srv.server.services);
    const before = store.extractions;
    const t0 = performance.now();
    const [srt, ass] = await Promise.all([
      text(`/api/items/${subbed.id}/subtitles/5.vtt`),
      text(`/api/items/${subbed.id}/subtitles/6.vtt`),
    ]);
    const ms = performance.now() - t0;
    console.log(`extraction of 2 text tracks from a 10 s MKV: ${ms.toFixed(0)} ms`);
    assertEquals(store.extractions - before, 1);
    assertEquals(
      srt.body,
      "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nA &amp; B &lt; C <i>it</i>\n\n" +
        "00:00:07.001 --> 00:00:08.999\nSecond line\ntwo rows\n",
    );
    // ASS has centisecond times: 1.990 stays exact.
    assertEquals(ass.body, "WEBVTT\n\n00:00:00.500 --> 00:00:01.990\nGuten Tag, Welt\n");
    // Cached: no second pass, strong ETag, 304 on revalidation.
    const again = await srv.api(`/api/items/${subbed.id}/subtitles/5.vtt`);
    await again.body?.cancel();
    assertEquals(store.extractions - before, 1);
    const etag = again.headers.get("etag")!;
    assertMatch(etag, /^"[^"]+"$/);
    const cond = await srv.api(`/api/items/${subbed.id}/subtitles/5.vtt`, {
      headers: { "if-none-match": etag },
    });
    await cond.body?.cancel();
    assertEquals(cond.status, 304);
  });

  await t.step("originals: .srt of SubRip tracks, .ass of ASS tracks, else 404", async () => {
    const fr = await text(`/api/items/${subbed.id}/subtitles/3.srt`);
    assertEquals(fr.status, 200);
    assertEquals(fr.body, SRT_FR); // Latin-1 on disk, served as UTF-8
    assertStringIncludes(fr.headers.get("content-type")!, "charset=utf-8");
    const ass = await text(`/api/items/${subbed.id}/subtitles/6.ass`);
    assertEquals(ass.status, 200);
    assertStringIncludes(
      ass.body,
      "Dialogue: 0,0:00:00.50,0:00:01.99,Default,,0,0,0,,Guten Tag, Welt",
    );
    assertEquals((await text(`/api/items/${subbed.id}/subtitles/6.srt`)).status, 404);
    assertEquals((await text(`/api/items/${subbed.id}/subtitles/99.vtt`)).status, 404);
    assertEquals((await text(`/api/items/${subbed.id}/subtitles/0.txt`)).status, 404);
  });

  await t.step("mov_text in MP4 is extracted and converted", async () => {
    const mobile = await item("Mobile");
    assertEquals(mobile.subtitles.map((s) => s.format), ["mov_text"]);
    const res = await text(`/api/items/${mobile.id}/subtitles/0.vtt`);
    assertEquals(
      res.body,
      "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nA &amp; B &lt; C <i>it</i>\n",
    );
  });

  await t.step("a PGS track is refused as text with a reason", async () => {
    const bitmap = await item("Bitmap");
    assertEquals(bitmap.subtitles.map((s) => s.format), ["hdmv_pgs_subtitle"]);
    const res = await text(`/api/items/${bitmap.id}/subtitles/0.vtt`);
    assertEquals(res.status, 400);
    assertStringIncludes(JSON.parse(res.body).error.message, "burned into the video");
  });

  await t.step("access: other users get 404, playback tokens work", async () => {
    const stranger = await srv.createUser("stranger", []);
    const res = await text(`/api/items/${subbed.id}/subtitles/5.vtt`, { token: stranger.token });
    assertEquals(res.status, 404);
    assertEquals(
      (await text(`/api/items/${subbed.id}/subtitles/5.vtt`, { token: null })).status,
      401,
    );
    const play = await (await srv.api(`/api/items/${subbed.id}/playback`, {
      method: "POST",
      body: JSON.stringify({
        profile: "chrome",
        caps: { ...CHROME_CAPS, containers: ["mkv"] },
        subtitle_index: 3,
      }),
    })).json();
    assertEquals(play.decision, "direct");
    assertEquals(play.subtitles[0].method, "external");
    const viaToken = await fetch(srv.url + play.subtitles[0].url);
    assertEquals(viaToken.status, 200);
    assertEquals(await viaToken.text(), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nÇa va, déjà?\n");
  });

  await t.step("default subtitle: forced track in the audio language, -1 for none", async () => {
    const play = async (body: Record<string, unknown>) =>
      await (await srv.api(`/api/items/${subbed.id}/playback`, {
        method: "POST",
        body: JSON.stringify({
          profile: "chrome",
          caps: { ...CHROME_CAPS, containers: ["mkv"] },
          ...body,
        }),
      })).json();
    const auto = await play({});
    assertEquals(auto.subtitles.map((s: { index: number }) => s.index), [2]);
    assertEquals(auto.subtitles[0].forced, true);
    assertEquals((await play({ subtitle_index: -1 })).subtitles, []);
    assertEquals((await play({ subtitle_index: null })).subtitles, []);
    assertEquals((await play({ subtitle_index: 6 })).subtitles[0].index, 6);
  });

  await t.step("HLS: WebVTT rendition in the master, segments with X-TIMESTAMP-MAP", async () => {
    const res = await srv.api(`/api/items/${subbed.id}/playback`, {
      method: "POST",
      body: JSON.stringify({
        profile: "safari_ios",
        // MPEG-TS: the FLAC track becomes AAC (FLAC copies into fMP4 need ffmpeg's -strict -2).
        caps: { segment_types: ["ts"] },
        subtitle_index: 5,
      }),
    });
    const play = await res.json();
    assertEquals(play.protocol, "hls", JSON.stringify(play));
    assertEquals(play.subtitles[0].method, "hls");
    const master = await (await fetch(srv.url + play.url)).text();
    const media = master.split("\n").filter((l) => l.startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES"));
    // Every text track (7), the chosen one DEFAULT.
    assertEquals(media.length, 7, master);
    const names = media.map((l) => /NAME="([^"]+)"/.exec(l)![1]);
    assertEquals(new Set(names).size, 7, `names must be unique: ${names}`);
    const chosen = media.find((l) => l.includes('URI="subs/5.m3u8'))!;
    assertStringIncludes(chosen, 'LANGUAGE="en"');
    assertStringIncludes(chosen, "DEFAULT=YES");
    assertStringIncludes(media.find((l) => l.includes("subs/1.m3u8"))!, 'LANGUAGE="de"');
    assertStringIncludes(master, 'SUBTITLES="subs"');
    const base = srv.url + play.url.replace(/master\.m3u8\?.*$/, "");
    const query = play.url.slice(play.url.indexOf("?"));
    assertEquals(srv.url + play.subtitles[0].url, `${base}subs/5.m3u8${query}`);
    const playlist = await (await fetch(`${base}subs/5.m3u8${query}`)).text();
    assertStringIncludes(playlist, "#EXT-X-TARGETDURATION:6\n");
    assertStringIncludes(playlist, "#EXT-X-ENDLIST");
    const uris = playlist.split("\n").filter((l) => l && !l.startsWith("#"));
    assertEquals(uris.length, 2);
    const seg1 = await (await fetch(new URL(uris[1], `${base}subs/`))).text();
    assertEquals(
      seg1,
      "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n" +
        "00:00:07.001 --> 00:00:08.999\nSecond line\ntwo rows\n",
    );
    // The map matches the video: segment 0's first video timestamp is 1.4 s (MPEG-TS 126000).
    const videoPlaylist = await (await fetch(`${base}v0/main.m3u8${query}`)).text();
    const seg0 = videoPlaylist.split("\n").find((l) => l && !l.startsWith("#"))!;
    const seg0res = await fetch(new URL(seg0, `${base}v0/`));
    const path = join(root, "seg0.ts");
    await Deno.writeFile(path, new Uint8Array(await seg0res.arrayBuffer()));
    assertEquals(seg0res.status, 200);
    const probe = await new Deno.Command("ffprobe", {
      args: ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time"]
        .concat(["-of", "csv=p=0", path]),
    }).output();
    const pts = (new TextDecoder().decode(probe.stdout).match(/\d+\.\d+/g) ?? []).map(Number);
    assert(pts.length > 0, new TextDecoder().decode(probe.stderr));
    assertEquals(Math.min(...pts), 1.4);
    await (await srv.api(`/api/items/${subbed.id}/hls/${play.session_id}`, { method: "DELETE" }))
      .body?.cancel();
  });
});
