/**
 * The play-state pages, in process: home rows after a progress report, the played/favorite
 * forms without JavaScript (also "mark all played" on a series), the settings page round trip,
 * the admin page's Now playing (stop without JavaScript) and Transcoding sections, played marks
 * in the library grid, and that non-admins get none of the admin views.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./helpers/assert.ts";
import { parseConfig } from "../lib/config.ts";
import { buildServices } from "../lib/server.ts";
import { createApp } from "../lib/app.ts";
import { silentLogger } from "../lib/log.ts";
import { hashPassword } from "../lib/auth/password.ts";
import manifest from "../routes.gen.ts";
import { makeMedia } from "./fixtures/media.ts";
import { ensureIslandBundles } from "../scripts/build_islands.ts";
import { resetIslandAssets } from "../lib/web/islands.ts";

const ORIGIN = "http://rustfin.test";

interface Page {
  status: number;
  headers: Headers;
  text: string;
}

/** The HTML of the home page section with this label ("" when absent). */
function section(html: string, label: string): string {
  const start = html.indexOf(`aria-label="${label}"`);
  if (start < 0) return "";
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}

Deno.test("play-state pages", async (t) => {
  await ensureIslandBundles();
  resetIslandAssets();
  const dataDir = await Deno.makeTempDir({ prefix: "rustfin-psweb-" });
  const mediaDir = await Deno.makeTempDir({ prefix: "rustfin-psweb-media-" });
  const services = await buildServices(
    parseConfig({ RUSTFIN_DATA_DIR: dataDir, RUSTFIN_PORT: "0", RUSTFIN_WATCH_DEBOUNCE_MS: "100" }),
    silentLogger,
  );
  const app = createApp(manifest, services);

  const request = async (
    path: string,
    init: RequestInit & { form?: Record<string, string>; as: string; json?: unknown },
  ): Promise<Page> => {
    const headers = new Headers(init.headers);
    if (!headers.has("accept")) headers.set("accept", "text/html");
    if (init.as) headers.set("cookie", init.as);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
      if (!headers.has("origin")) headers.set("origin", ORIGIN);
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("content-type", "application/json");
      headers.set("accept", "application/json");
    }
    const res = await app.fetch(
      new Request(ORIGIN + path, {
        method: init.method ?? (init.form || init.json !== undefined ? "POST" : "GET"),
        headers,
        body,
      }),
    );
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const signIn = async (username: string, password: string) => {
    const res = await request("/login", { form: { username, password, next: "/" }, as: "" });
    assertEquals(res.status, 303, `login ${username}`);
    const m = /rustfin_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "");
    assert(m, "login sets the session cookie");
    return `rustfin_session=${m[1]}`;
  };

  try {
    const admin = services.users.create({
      username: "root",
      password_hash: await hashPassword("longenough1"),
      is_admin: true,
    });
    const guest = services.users.create({
      username: "guest",
      password_hash: await hashPassword("longenough2"),
      is_admin: false,
    });
    const root = await signIn("root", "longenough1");
    const other = await signIn("guest", "longenough2");

    // A movie over 5 minutes (shorter items never get a resume point), tiny and at 1 fps so it
    // encodes in a moment, and a show with two one-second episodes.
    await makeMedia(join(mediaDir, "movies"), {
      name: "Long Movie (2020).mp4",
      duration_s: 360,
      video: { codec: "h264", width: 64, height: 36, fps: 1 },
    });
    for (const e of [1, 2]) {
      await makeMedia(join(mediaDir, "shows"), {
        name: `Some Show/Season 1/Some Show S01E0${e}.mp4`,
        duration_s: 1,
        video: { codec: "h264", width: 64, height: 36, fps: 5 },
      });
    }
    const movies = services.libraries.create({
      name: "Films",
      path: join(mediaDir, "movies"),
      kind: "movies",
    });
    const shows = services.libraries.create({
      name: "Shows",
      path: join(mediaDir, "shows"),
      kind: "shows",
    });
    await services.scanner.scan(movies.id);
    await services.scanner.scan(shows.id);
    const movie = services.items.list({ library_ids: [movies.id], kind: "movie", recursive: true })
      .items[0];
    const series = services.items.list({ library_ids: [shows.id], kind: "series", recursive: true })
      .items[0];
    assert(movie && movie.duration_ms! > 300_000, "the movie is scanned with its runtime");
    assert(series, "the series is scanned");

    await t.step("home shows continue watching with a progress bar after a report", async () => {
      const before = await request("/", { as: root });
      assertEquals(section(before.text, "Continue watching"), "", "nothing to continue yet");

      const report = await request("/api/sessions/progress", {
        as: root,
        json: { item_id: movie.id, position_ms: 120_000, event: "pause", paused: true },
      });
      assertEquals(report.status, 200, report.text);

      const home = await request("/", { as: root });
      const row = section(home.text, "Continue watching");
      assertStringIncludes(row, `href="/items/${movie.id}"`);
      // 120 s of 360 s.
      assertMatch(row, /class="card-progress"><span style="width:33%"/);
      assertStringIncludes(row, "33% watched");
      assert(!home.text.includes("<script"), "the home page ships no JavaScript");

      const item = await request(`/items/${movie.id}`, { as: root });
      assertStringIncludes(item.text, "Stopped at 2:00");
      assertStringIncludes(item.text, ">Mark played</button>");

      const guestHome = await request("/", { as: other });
      assertEquals(section(guestHome.text, "Continue watching"), "", "states stay per user");
    });

    await t.step("mark played and favorite work as plain forms", async () => {
      const forged = await request(`/items/${movie.id}`, {
        as: root,
        form: { action: "played" },
        headers: { origin: "http://evil.example" },
      });
      assertEquals(forged.status, 403);
      assertEquals(services.playState.userDataOf(admin, movie).played, false);

      const played = await request(`/items/${movie.id}`, { as: root, form: { action: "played" } });
      assertEquals([played.status, played.headers.get("location")], [
        303,
        `/items/${movie.id}#state`,
      ]);
      const item = await request(`/items/${movie.id}`, { as: root });
      assertStringIncludes(item.text, 'class="played-mark"');
      assertStringIncludes(item.text, ">Mark unplayed</button>");
      assert(!item.text.includes("Stopped at"), "played clears the resume point");
      assertStringIncludes(item.text, "once, last on");

      const home = await request("/", { as: root });
      assertEquals(section(home.text, "Continue watching"), "", "played leaves the row");
      assertStringIncludes(section(home.text, "Recently added movies in Films"), "card-played");
      // The library grid's server-rendered first page, and the island's props, carry the mark.
      const grid = await request(`/libraries/${movies.id}`, { as: root });
      assertStringIncludes(grid.text, 'class="card-played"');
      assertStringIncludes(grid.text, '"played":true');

      const fav = await request(`/items/${movie.id}`, { as: root, form: { action: "favorite" } });
      assertEquals(fav.status, 303);
      assertEquals(services.playState.userDataOf(admin, movie).favorite, true);
      assertStringIncludes((await request(`/items/${movie.id}`, { as: root })).text, "Remove from");

      const unplayed = await request(`/items/${movie.id}`, {
        as: root,
        form: { action: "unplayed" },
      });
      assertEquals(unplayed.status, 303);
      assertEquals(services.playState.userDataOf(admin, movie).played, false);

      const bad = await request(`/items/${movie.id}`, { as: root, form: { action: "explode" } });
      assertEquals(bad.status, 400);
      const hidden = await request(`/items/${movie.id}`, { as: other, form: { action: "played" } });
      assertEquals(hidden.status, 404, "an item the user may not read is not found");
    });

    await t.step("next up lists the episode after the last one played", async () => {
      const [e1, e2] = services.items.list({
        library_ids: [shows.id],
        kind: "episode",
        recursive: true,
        sort: "title",
      }).items;
      const res = await request(`/items/${e1.id}`, { as: root, form: { action: "played" } });
      assertEquals(res.status, 303);
      const row = section((await request("/", { as: root })).text, "Next up");
      assertStringIncludes(row, `href="/items/${e2.id}"`);
      assert(!row.includes(`href="/items/${e1.id}"`), "the played episode is not next");
      assertStringIncludes(row, "Some Show · S1 E2", "episodes are named with their series");
      const season = await request(`/items/${e1.parent_id}`, { as: root });
      assertStringIncludes(season.text, "1 unplayed");
      assertStringIncludes(season.text, 'class="played-mark" title="Played"');
    });

    await t.step("mark all played on a series marks its episodes", async () => {
      const page = await request(`/items/${series.id}`, { as: root });
      assertStringIncludes(page.text, ">Mark all played</button>");
      const res = await request(`/items/${series.id}`, { as: root, form: { action: "played" } });
      assertEquals(res.status, 303);
      const episodes = services.items.list({
        library_ids: [shows.id],
        kind: "episode",
        recursive: true,
      }).items;
      assertEquals(episodes.length, 2);
      for (const e of episodes) assertEquals(services.playState.userDataOf(admin, e).played, true);
      const after = await request(`/items/${series.id}`, { as: root });
      assertStringIncludes(after.text, ">Mark all unplayed</button>");
      // The season card carries the played mark.
      assertStringIncludes(after.text, 'class="card-played"');
    });

    await t.step("settings round-trip through the form and the API", async () => {
      const form = await request("/settings", { as: other });
      assertEquals(form.status, 200);
      assertStringIncludes(form.text, 'name="audio_language"');
      assertStringIncludes(form.text, '<option value="4000">4 Mbit/s</option>');
      assert(!form.text.includes("<script"), "the settings page ships no JavaScript");
      assertStringIncludes(form.text, 'href="/settings" aria-current="page"');

      const saved = await request("/settings", {
        as: other,
        form: { audio_language: "fre", subtitle_language: "eng", max_bitrate_kbps: "4000" },
      });
      assertEquals([saved.status, saved.headers.get("location")], [303, "/settings?saved=1"]);
      const api = await request("/api/me/settings", { as: other, headers: { accept: "*/*" } });
      assertEquals(JSON.parse(api.text), {
        audio_language: "fre",
        subtitle_language: "eng",
        max_bitrate_kbps: 4000,
      });
      const again = await request("/settings?saved=1", { as: other });
      assertStringIncludes(again.text, "Settings saved.");
      assertStringIncludes(again.text, '<option value="fre" selected>');
      assertStringIncludes(again.text, '<option value="eng" selected>');
      assertStringIncludes(again.text, '<option value="4000" selected>');

      const auto = await request("/settings", {
        as: other,
        form: { audio_language: "", subtitle_language: "eng", max_bitrate_kbps: "0" },
      });
      assertEquals(auto.status, 303);
      assertEquals(services.playState.settings.get(guest.id), {
        audio_language: null,
        subtitle_language: "eng",
        max_bitrate_kbps: null,
      });
      const bad = await request("/settings", {
        as: other,
        form: { audio_language: "klingon!", subtitle_language: "", max_bitrate_kbps: "12" },
      });
      assertEquals(bad.status, 400);
      assertStringIncludes(bad.text, 'role="alert"');
      assertEquals(services.playState.settings.get(guest.id).subtitle_language, "eng");
      assertEquals(services.playState.settings.get(admin.id).audio_language, null);
    });

    await t.step("admin shows now playing, stops a session, and the hwaccel report", async () => {
      await services.hwaccel.ready;
      const start = await request(`/api/items/${movie.id}/playback`, {
        as: root,
        json: { profile: "chrome", client: "Test Browser" },
      });
      assertEquals(start.status, 200, start.text);
      const sessionId = JSON.parse(start.text).session_id as string;

      const page = await request("/admin", { as: root });
      assertEquals(page.status, 200);
      assertStringIncludes(page.text, 'data-name="NowPlaying"');
      assertStringIncludes(page.text, `data-session="${sessionId}"`);
      assertStringIncludes(page.text, "Test Browser");
      assertStringIncludes(page.text, "Direct play");
      assertStringIncludes(page.text, 'id="transcoding"');
      assertStringIncludes(page.text, "Hardware acceleration");
      const report = services.hwaccel.report;
      if (report) {
        assertStringIncludes(page.text, "In use:");
        const first = report.methods[0].name;
        assertStringIncludes(page.text, `<td>${first === "none" ? "software" : first}</td>`);
      }
      assertStringIncludes(page.text, "running of at most");

      const stop = await request("/admin", {
        as: root,
        form: { action: "stop_session", session_id: sessionId },
      });
      assertEquals([stop.status, stop.headers.get("location")], [
        303,
        "/admin?done=session_stopped#now-playing",
      ]);
      assertEquals(services.playback.session(sessionId), undefined);
      const after = await request("/admin?done=session_stopped", { as: root });
      assert(!after.text.includes(`data-session="${sessionId}"`), "the stopped session is gone");
      assertStringIncludes(after.text, "Nobody is playing anything.");
    });

    await t.step(
      "health reports hwaccel and transcodes; device details only to admins",
      async () => {
        const anon = JSON.parse((await request("/api/health", { as: "" })).text);
        const mine = JSON.parse((await request("/api/health", { as: root })).text);
        assert("hwaccel" in anon && "transcodes" in anon, "health has both fields");
        assertEquals(typeof anon.transcodes?.max_transcodes, "number");
        if (services.hwaccel.report) {
          assertEquals(anon.hwaccel.selected, services.hwaccel.report.selected);
          assert(anon.hwaccel.methods.every((m: object) => !("device" in m)), "no devices");
          assert(mine.hwaccel.methods.every((m: object) => "device" in m), "admins see devices");
        }
      },
    );

    await t.step("non-admins get none of the admin views", async () => {
      const start = await request(`/api/items/${series.id}/playback`, { as: other, json: {} });
      assertEquals(start.status, 404, "the guest cannot read the show");
      assertEquals((await request("/admin", { as: other })).status, 403);
      for (const path of ["/api/sessions", "/api/sessions/events"]) {
        const res = await request(path, { as: other, headers: { accept: "*/*" } });
        assertEquals(res.status, 403, path);
      }
      const stop = await request("/admin", {
        as: other,
        form: { action: "stop_session", session_id: "x" },
      });
      assertEquals(stop.status, 403);
      const header = await request("/settings", { as: other });
      assert(!header.text.includes('href="/admin"'), "no admin link for users");
    });
  } finally {
    await services.playback.close();
    await services.hls?.stopAll();
    await services.supervisor.stopAll();
    await services.scanner.close();
    services.db.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await Deno.remove(mediaDir, { recursive: true }).catch(() => {});
  }
});
