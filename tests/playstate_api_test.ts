/**
 * Play state, home rows, settings, sessions and search end to end against a real server with a
 * small generated library: two users' states stay apart, the home rows follow progress reports
 * and marks, the admin sees and stops live sessions (also over server-sent events), and search
 * matches word prefixes within the caller's libraries.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia, type MediaSpec } from "./fixtures/media.ts";
import { CHROME_CAPS } from "./fixtures/caps.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-playstate-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const video = { codec: "h264" as const, width: 128, height: 72, fps: 10, gop_s: 1 };
const audio = { codec: "aac" as const, channels: 2, sample_rate: 48000 };
const ep = (n: number): MediaSpec => ({
  name: `Shows/Night Shift/Season 01/Night Shift S01E0${n}.mkv`,
  duration_s: 1,
  video,
  audio,
});
const SPECS: MediaSpec[] = [
  // AC-3 audio: Chrome needs a remux (an HLS session with ffmpeg) for this one.
  {
    name: "Movies/Amélie Returns (2001)/Amélie Returns (2001).mkv",
    duration_s: 2,
    video,
    audio: { ...audio, codec: "ac3" },
  },
  { name: "Movies/Harbour Lights (2015)/Harbour Lights (2015).mkv", duration_s: 1, video, audio },
  ep(1),
  ep(2),
  ep(3),
  { name: "Private/Secret Harbour (2010)/Secret Harbour (2010).mkv", duration_s: 1, video, audio },
];
await Promise.all(SPECS.map((s) => makeMedia(root, s)));

interface Item {
  id: string;
  title: string;
  kind: string;
  user_data: {
    position_ms: number;
    played: boolean;
    play_count: number;
    favorite: boolean;
    unplayed_count?: number;
  };
}

Deno.test("play state API: users apart, home rows, settings, sessions, search", async (t) => {
  await using srv = await startTestServer();
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const shows = await srv.addLibrary("Shows", join(root, "Shows"), "shows");
  const priv = await srv.addLibrary("Private", join(root, "Private"), "movies");
  const alice = await srv.createUser("alice", [movies, shows]);
  const bob = await srv.createUser("bob", [movies, shows]);
  // The fixtures are seconds long; the rules need feature-length runtimes.
  srv.server.services.db.prepare(
    "UPDATE media_items SET duration_ms = 3600000 WHERE kind IN ('movie', 'episode')",
  ).run();

  const get = async (path: string, token: string | null = srv.adminToken) => {
    const res = await srv.api(path, { token });
    assertEquals(res.status, 200, `${path}: ${res.status}`);
    return await res.json();
  };
  const send = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await srv.api(path, {
      method,
      token,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const all: Item[] = (await get("/api/items?recursive=true&limit=500")).items;
  const id = (title: string) => all.find((i) => i.title === title)!.id;
  const film = id("Amélie Returns");
  const series = all.find((i) => i.kind === "series")!.id;
  const season = all.find((i) => i.kind === "season")!.id;
  const episodes = all.filter((i) => i.kind === "episode").sort((a, b) =>
    a.title.localeCompare(b.title)
  );
  assertEquals(episodes.length, 3);
  const report = (token: string, item_id: string, position_ms: number, extra = {}) =>
    send("POST", "/api/sessions/progress", token, { item_id, position_ms, ...extra });

  await t.step("two users' states stay apart", async () => {
    const r = await report(alice.token, film, 1_800_000);
    assertEquals(r.status, 200);
    assertEquals(r.body.user_data.position_ms, 1_800_000);
    assertEquals((await send("POST", `/api/items/${film}/favorite`, alice.token)).status, 200);
    const mine: Item = await get(`/api/items/${film}`, alice.token);
    assertEquals(mine.user_data.position_ms, 1_800_000);
    assertEquals(mine.user_data.favorite, true);
    const theirs: Item = await get(`/api/items/${film}`, bob.token);
    assertEquals(
      theirs.user_data,
      {
        position_ms: 0,
        played: false,
        play_count: 0,
        last_played_at: null,
        favorite: false,
      } as unknown as Item["user_data"],
    );
    const bobList: Item[] = (await get(`/api/items?library_id=${movies}`, bob.token)).items;
    assert(bobList.every((i) => i.user_data.position_ms === 0 && !i.user_data.favorite));
    const aliceList: Item[] = (await get(`/api/items?library_id=${movies}`, alice.token)).items;
    assertEquals(aliceList.find((i) => i.id === film)!.user_data.position_ms, 1_800_000);
    // An item of a library the user cannot read is not found, and nothing is stored.
    const secret = id("Secret Harbour");
    assertEquals((await report(alice.token, secret, 1_000_000)).status, 404);
  });

  await t.step("resume rules apply to reports: under 5 % none, over 90 % played", async () => {
    const harbour = id("Harbour Lights");
    assertEquals((await report(bob.token, harbour, 60_000)).body.user_data.position_ms, 0);
    const done = (await report(bob.token, harbour, 3_300_000)).body.user_data;
    assertEquals([done.position_ms, done.played, done.play_count], [0, true, 1]);
    const again = (await report(bob.token, harbour, 3_400_000)).body.user_data;
    assertEquals(again.play_count, 1, "credits reports of the same viewing count once");
  });

  await t.step("continue watching and next up", async () => {
    let home = await get("/api/home", alice.token);
    assertEquals(home.continue_watching.map((i: Item) => i.id), [film]);
    assertEquals(home.next_up, []);
    assertEquals(
      home.recently_added.map((r: { library: { id: string } }) => r.library.id).sort(),
      [movies, shows].sort(),
    );
    assertEquals((await get("/api/home", bob.token)).continue_watching, []);

    await send("POST", `/api/items/${episodes[0].id}/played`, alice.token);
    await report(alice.token, episodes[2].id, 600_000);
    home = await get("/api/home", alice.token);
    assertEquals(home.next_up.map((i: Item) => i.id), [episodes[1].id]);
    assertEquals(
      home.continue_watching.map((i: Item) => i.id),
      [episodes[2].id, film],
      "newest report first",
    );
    assertEquals((await get("/api/home", bob.token)).next_up, []);

    // Episode 2 finished: next up moves on to episode 3 (which has a resume point).
    await report(alice.token, episodes[1].id, 3_500_000, { event: "stop" });
    home = await get("/api/home", alice.token);
    assertEquals(home.next_up.map((i: Item) => i.id), [episodes[2].id]);

    // A played series has no next up, and counts as played with nothing left.
    const marked = await send("POST", `/api/items/${season}/played`, alice.token);
    assertEquals(marked.body.user_data.played, true);
    assertEquals(marked.body.user_data.unplayed_count, 0);
    home = await get("/api/home", alice.token);
    assertEquals(home.next_up, []);
    assertEquals(home.continue_watching.map((i: Item) => i.id), [film]);
    const s: Item = await get(`/api/items/${series}`, alice.token);
    assertEquals(s.user_data.played, true);
    const played: Item[] =
      (await get("/api/items?played=true&kind=episode&recursive=true", alice.token))
        .items;
    assertEquals(played.length, 3);
    assertEquals(
      (await get("/api/items?played=true&kind=episode&recursive=true", bob.token)).items,
      [],
    );

    await send("DELETE", `/api/items/${series}/played`, alice.token);
    const unplayed: Item[] = (await get(`/api/items?parent_id=${season}`, alice.token)).items;
    assert(unplayed.every((i) => !i.user_data.played && i.user_data.position_ms === 0));
  });

  await t.step("settings round-trip per user", async () => {
    assertEquals(await get("/api/me/settings", alice.token), {
      audio_language: null,
      subtitle_language: null,
      max_bitrate_kbps: null,
    });
    const put = await send("PUT", "/api/me/settings", alice.token, {
      audio_language: "English",
      subtitle_language: "fr",
      max_bitrate_kbps: 3000,
    });
    assertEquals(put.status, 200);
    assertEquals(await get("/api/me/settings", alice.token), {
      audio_language: "eng",
      subtitle_language: "fre",
      max_bitrate_kbps: 3000,
    });
    await send("PUT", "/api/me/settings", alice.token, { subtitle_language: null });
    assertEquals((await get("/api/me/settings", alice.token)).audio_language, "eng");
    assertEquals((await get("/api/me/settings", alice.token)).subtitle_language, null);
    const bad = await send("PUT", "/api/me/settings", alice.token, { max_bitrate_kbps: "fast" });
    assertEquals(bad.status, 400);
    assertStringIncludes(bad.body.error.message, "max_bitrate_kbps");
    assertEquals((await get("/api/me/settings", bob.token)).audio_language, null);
  });

  await t.step("sessions: listed for admins, updated by reports, stopped by DELETE", async () => {
    const start = await send("POST", `/api/items/${film}/playback`, alice.token, {
      profile: "chrome",
      caps: CHROME_CAPS,
      client: "Test Browser",
    });
    assertEquals(start.status, 200);
    assertEquals(start.body.decision, "remux");
    const sid = start.body.session_id as string;
    assertEquals((await srv.api("/api/sessions", { token: alice.token })).status, 403);
    await report(alice.token, film, 2_000_000, { session_id: sid, paused: true, event: "pause" });
    const { sessions, transcodes } = await get("/api/sessions");
    assertEquals(sessions.length, 1);
    assertEquals(transcodes.sessions, 1);
    const s = sessions[0];
    assertEquals([s.id, s.user.username, s.client, s.item.id], [
      sid,
      "alice",
      "Test Browser",
      film,
    ]);
    assertEquals([s.position_ms, s.paused, s.decision], [2_000_000, true, "remux"]);
    assert(s.reasons.includes("audio_codec_not_supported"), s.reasons.join());
    assert(s.transcode !== null, "a remux has a transcode entry");
    assert(srv.server.services.hls!.get(sid), "HLS session exists");

    const del = await srv.api(`/api/sessions/${sid}`, { method: "DELETE" });
    assertEquals(del.status, 200);
    await del.body?.cancel();
    assertEquals((await get("/api/sessions")).sessions, []);
    assertEquals(srv.server.services.hls!.get(sid), undefined, "its transcode is gone");
    const again = await srv.api(`/api/sessions/${sid}`, { method: "DELETE" });
    assertEquals(again.status, 404);
    await again.body?.cancel();

    // "stop" from the player ends the session too; another user's session is not touched.
    const direct = await send("POST", `/api/items/${film}/playback`, alice.token, {
      profile: "chrome",
    });
    const did = direct.body.session_id as string;
    const foreign = await report(bob.token, film, 10, { session_id: did, event: "stop" });
    assertEquals(foreign.body.session_active, false);
    assertEquals((await get("/api/sessions")).sessions.length, 1);
    const stopped = await report(alice.token, film, 2_100_000, { session_id: did, event: "stop" });
    assertEquals(stopped.body.session_active, false);
    assertEquals((await get("/api/sessions")).sessions, []);
  });

  await t.step("sessions events: a first event at once, closed cleanly by the client", async () => {
    const started = await send("POST", `/api/items/${film}/playback`, bob.token, {
      profile: "chrome",
    });
    const ac = new AbortController();
    const res = await srv.api("/api/sessions/events", { signal: ac.signal });
    assertEquals(res.status, 200);
    assertStringIncludes(res.headers.get("content-type") ?? "", "text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    assertStringIncludes(text, "event: sessions\n");
    const list = JSON.parse(text.split("data: ")[1].split("\n")[0]);
    assertEquals(list.map((x: { id: string }) => x.id), [started.body.session_id]);
    await reader.cancel();
    ac.abort();
    assertEquals((await srv.api("/api/sessions/events", { token: bob.token })).status, 403);
  });

  await t.step("search: word prefixes over titles, within readable libraries", async () => {
    const titles = async (q: string, token = srv.adminToken) =>
      ((await get(`/api/items?q=${encodeURIComponent(q)}`, token)).items as Item[])
        .map((i) => i.title).sort();
    assertEquals(await titles("harb"), ["Harbour Lights", "Secret Harbour"]);
    assertEquals(await titles("harb", alice.token), ["Harbour Lights"]);
    assertEquals(await titles("AMELIE ret"), ["Amélie Returns"]);
    assertEquals(await titles("lights harbour"), ["Harbour Lights"]);
    assertEquals(await titles("arbour"), [], "prefixes of words, not substrings");
    assertEquals(await titles("night"), ["Night Shift"]);
    assertEquals(await titles('"harb* OR'), []);
    const recent = (await get(`/api/items?library_id=${movies}&year_min=2010&sort=-release`))
      .items as Item[];
    assertEquals(recent.map((i) => i.title), ["Harbour Lights"]);
    const old = (await get(`/api/items?library_id=${movies}&year_max=2010&sort=runtime`))
      .items as Item[];
    assertEquals(old.map((i) => i.title), ["Amélie Returns"]);
    assertEquals((await srv.api("/api/items?played=maybe")).status, 400);
  });
  void priv;
});

// The op sanitizer also checks that the stream's timer stops when the request ends.
Deno.test("sessions events: an open stream does not hold up the server's shutdown", async () => {
  const srv = await startTestServer();
  const res = await srv.api("/api/sessions/events");
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assertStringIncludes(first, "event: sessions\ndata: []");
  const closed = await Promise.race([
    srv.close().then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
  ]);
  assert(closed, "shutdown finished while the event stream was open");
  // The stream ends (or the connection drops) with the server.
  while (!(await reader.read().catch(() => ({ done: true }))).done) continue;
});
