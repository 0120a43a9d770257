/**
 * The HTML pages, in process: the app's `fetch` with real services over a temp data dir and a
 * small scanned library. First-run setup, login and its redirects, escaping of hostile titles,
 * no JavaScript on pages without islands, access rules, admin forms and static files.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./helpers/assert.ts";
import { parseConfig } from "../lib/config.ts";
import { buildServices } from "../lib/server.ts";
import { createApp } from "../lib/app.ts";
import { silentLogger } from "../lib/log.ts";
import manifest from "../routes.gen.ts";
import { makeMedia } from "./fixtures/media.ts";
import { ensureIslandBundles } from "../scripts/build_islands.ts";
import { resetIslandAssets } from "../lib/web/islands.ts";

const EVIL = `</script><script>alert("x")</script><img src=x onerror=alert(1)>`;
const ORIGIN = "http://rustfin.test";

interface Page {
  status: number;
  headers: Headers;
  text: string;
}

Deno.test("web pages", async (t) => {
  const assets = await ensureIslandBundles();
  resetIslandAssets();
  const dataDir = await Deno.makeTempDir({ prefix: "rustfin-web-" });
  const mediaDir = await Deno.makeTempDir({ prefix: "rustfin-web-media-" });
  const services = await buildServices(
    parseConfig({ RUSTFIN_DATA_DIR: dataDir, RUSTFIN_PORT: "0", RUSTFIN_WATCH_DEBOUNCE_MS: "100" }),
    silentLogger,
  );
  const app = createApp(manifest, services);
  let cookie = "";

  const request = async (
    path: string,
    init: RequestInit & { form?: Record<string, string | string[]>; as?: string } = {},
  ): Promise<Page> => {
    const headers = new Headers(init.headers);
    if (!headers.has("accept")) headers.set("accept", "text/html");
    const jar = init.as ?? cookie;
    if (jar) headers.set("cookie", jar);
    let body = init.body;
    if (init.form) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) {
        for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
      }
      body = form.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
      if (!headers.has("origin")) headers.set("origin", ORIGIN);
    }
    const res = await app.fetch(
      new Request(ORIGIN + path, {
        method: init.method ?? (init.form ? "POST" : "GET"),
        headers,
        body,
      }),
    );
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const sessionOf = (page: Page) => {
    const set = page.headers.get("set-cookie") ?? "";
    const m = /rustfin_session=([^;]*)/.exec(set);
    return m ? `rustfin_session=${m[1]}` : "";
  };

  try {
    await t.step("first run sends every page to /setup, which creates the admin", async () => {
      for (const path of ["/", "/login"]) {
        const page = await request(path);
        assertEquals([page.status, page.headers.get("location")], [303, "/setup"], path);
      }
      const form = await request("/setup");
      assertEquals(form.status, 200);
      assertStringIncludes(form.text, 'action="/setup"');
      assert(!form.text.includes("<script"), "the setup page ships no JavaScript");

      const short = await request("/setup", {
        form: { username: "root", password: "short", confirm: "short" },
      });
      assertEquals(short.status, 400);
      assertStringIncludes(short.text, 'role="alert"');
      assertStringIncludes(short.text, 'value="root"');

      const differ = await request("/setup", {
        form: { username: "root", password: "longenough1", confirm: "longenough2" },
      });
      assertEquals(differ.status, 400);
      assertStringIncludes(differ.text, "The two passwords differ.");

      const forged = await request("/setup", {
        form: { username: "root", password: "longenough1", confirm: "longenough1" },
        headers: { origin: "http://evil.example" },
      });
      assertEquals(forged.status, 403);
      assertEquals(services.users.count(), 0);

      const done = await request("/setup", {
        form: { username: "root", password: "longenough1", confirm: "longenough1" },
      });
      assertEquals([done.status, done.headers.get("location")], [303, "/admin"]);
      cookie = sessionOf(done);
      assert(cookie, "setup signs the admin in");
      assertMatch(done.headers.get("set-cookie")!, /HttpOnly; SameSite=Lax/);

      const again = await request("/setup", { as: "x=1" });
      assertEquals([again.status, again.headers.get("location")], [303, "/login"]);
      const late = await request("/setup", {
        form: { username: "mallory", password: "longenough1", confirm: "longenough1" },
        as: "x=1",
      });
      assertEquals([late.status, late.headers.get("location")], [303, "/login"]);
      assertEquals(services.users.count(), 1);
    });

    await t.step("login checks the password and only redirects to local paths", async () => {
      const anon = "x=1";
      const guarded = await request("/admin", { as: anon });
      assertEquals([guarded.status, guarded.headers.get("location")], [
        303,
        "/login?next=%2Fadmin",
      ]);

      const wrong = await request("/login", {
        form: { username: "root", password: "nope-nope", next: "/admin" },
        as: anon,
      });
      assertEquals(wrong.status, 401);
      assertStringIncludes(wrong.text, "Wrong user name or password");
      assertStringIncludes(wrong.text, 'value="root"');

      const evil = await request("/login", {
        form: { username: "root", password: "longenough1", next: "//evil.example/x" },
        as: anon,
      });
      assertEquals([evil.status, evil.headers.get("location")], [303, "/"]);

      const ok = await request("/login", {
        form: { username: "root", password: "longenough1", next: "/admin#users" },
        as: anon,
      });
      assertEquals([ok.status, ok.headers.get("location")], [303, "/admin#users"]);
      const admin = await request("/admin", { as: sessionOf(ok) });
      assertEquals(admin.status, 200);

      const signedIn = await request("/login?next=/admin");
      assertEquals([signedIn.status, signedIn.headers.get("location")], [303, "/admin"]);
    });

    let libraryId = "";
    let secretId = "";
    await t.step("admin form adds a library; a bad folder re-renders the form", async () => {
      const bad = await request("/admin", {
        form: { action: "add_library", name: "Music", path: "/definitely/not/here", kind: "music" },
      });
      assertEquals(bad.status, 400);
      assertStringIncludes(bad.text, "folder does not exist");
      assertStringIncludes(bad.text, 'value="/definitely/not/here"');

      await makeMedia(join(mediaDir, "music"), {
        name: "Artist & Co/Album <One>/01 - evil.mp3",
        duration_s: 1,
        audio: { codec: "mp3", channels: 2, sample_rate: 44100 },
        tags: { title: EVIL, artist: "Artist & Co", album: "Album <One>", track: "1" },
      });
      await makeMedia(join(mediaDir, "secret"), {
        name: "Hidden Movie (2001).mp4",
        duration_s: 1,
        video: { codec: "h264", width: 160, height: 90, fps: 10 },
      });
      const added = await request("/admin", {
        form: {
          action: "add_library",
          name: "Music",
          path: join(mediaDir, "music"),
          kind: "music",
        },
      });
      assertEquals([added.status, added.headers.get("location")], [
        303,
        "/admin?done=library_added#libraries",
      ]);
      libraryId = services.libraries.getByName("Music")!.id;
      const secret = services.libraries.create({
        name: "Secret",
        path: join(mediaDir, "secret"),
        kind: "movies",
      });
      secretId = secret.id;
      await services.scanner.scan(libraryId);
      await services.scanner.scan(secretId);
      const page = await request("/admin?done=library_added");
      assertStringIncludes(page.text, "Library added.");
      assertStringIncludes(page.text, 'data-name="ScanProgress"');
    });

    await t.step("hostile titles render as text, in HTML and in island props", async () => {
      const tracks = services.items.list({
        library_ids: [libraryId],
        library_id: libraryId,
        kind: "track",
        recursive: true,
      }).items;
      assertEquals(tracks.length, 1);
      assertEquals(tracks[0].title, EVIL);
      // Text is escaped by preact-render-to-string (`>` needs no escape in text).
      const escapedTitle = "&lt;/script>&lt;script>alert(&quot;x&quot;)&lt;/script>&lt;img";
      for (
        const path of [
          `/items/${tracks[0].id}`,
          `/libraries/${libraryId}?kind=track`,
          `/libraries/${libraryId}?q=${encodeURIComponent("alert")}`,
        ]
      ) {
        const page = await request(path);
        assertEquals(page.status, 200, path);
        assert(!page.text.includes("<script>alert"), `${path} contains a live <script>`);
        assert(!page.text.includes("<img src=x"), `${path} contains a live <img>`);
        assertStringIncludes(page.text, escapedTitle, path);
        // Exactly our two scripts when there are islands: the props JSON and the boot module.
        const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
        assert(scripts.length === 0 || scripts.length === 2, `${path}: ${scripts.join(" ")}`);
      }
      const home = await request("/");
      assertStringIncludes(home.text, "Album &lt;One>");
      assert(!home.text.includes("<One>"), "the album name is escaped on the home page");
      const album = await request(`/items/${tracks[0].id}`);
      assertStringIncludes(album.text, "<title>&lt;/script>&lt;script>");
    });

    await t.step(
      "pages without islands ship no JavaScript; island pages load only theirs",
      async () => {
        const noJs = ["/", "/login?next=/", "/nope", `/libraries/${libraryId}/nope`];
        const artist = services.items.list({ library_ids: [libraryId], library_id: libraryId })
          .items[0];
        noJs.push(`/items/${artist.id}`);
        for (const path of noJs) {
          const page = await request(path);
          assert(!page.text.includes("<script"), `${path} has a script`);
          assertEquals(page.headers.get("link"), null, path);
        }
        const grid = await request(`/libraries/${libraryId}`);
        assertStringIncludes(grid.text, '<rf-island data-name="LibraryGrid" data-props="0">');
        assertStringIncludes(grid.text, `src="${assets.base}client/boot.js"`);
        assertStringIncludes(grid.text, "islands/LibraryGrid.js");
        assert(!grid.text.includes("islands/Player.js"), "the grid page does not load the player");
        assertStringIncludes(grid.headers.get("link")!, 'rel="modulepreload"');
        assertStringIncludes(grid.headers.get("content-security-policy")!, "script-src 'self'");

        const track = services.items.list({
          library_ids: [libraryId],
          kind: "track",
          recursive: true,
        }).items[0];
        const item = await request(`/items/${track.id}`);
        assertStringIncludes(item.text, '<rf-island data-name="Player"');
        assertStringIncludes(
          item.text,
          `<audio class="player-media" src="/api/items/${track.id}/stream"`,
        );
        assert(!item.text.includes("api_key"), "no credential in the page");
        assert(!/hls[-.]/.test(item.text), "hls.js is not referenced by a direct-play page");
        assert(!/hls/.test(item.headers.get("link")!), "hls.js is not preloaded");
      },
    );

    await t.step("HEAD answers like GET without a body", async () => {
      const head = await request("/", { method: "HEAD" });
      assertEquals([head.status, head.text], [200, ""]);
      assertEquals(head.headers.get("content-type"), "text/html; charset=utf-8");
    });

    await t.step("404 and error pages use the site's look", async () => {
      for (const path of ["/nope", "/items/unknown-id", `/libraries/unknown`]) {
        const page = await request(path);
        assertEquals(page.status, 404, path);
        assertStringIncludes(page.text, 'class="error-page"');
        assertStringIncludes(page.text, 'rel="stylesheet"');
        assertStringIncludes(page.text, 'class="top"');
      }
    });

    await t.step(
      "a user sees only the libraries it may read; admin pages are admins' only",
      async () => {
        const added = await request("/admin", {
          form: {
            action: "add_user",
            username: "guest",
            password: "guestpass1",
            library_ids: [libraryId],
          },
        });
        assertEquals(added.status, 303);
        const guestId = services.users.list().find((u) => u.username === "guest")!.id;
        assertEquals(services.libraries.readableIds(guestId), [libraryId]);
        const login = await request("/login", {
          form: { username: "guest", password: "guestpass1" },
          as: "x=1",
        });
        const guest = sessionOf(login);
        const home = await request("/", { as: guest });
        assertStringIncludes(home.text, "Music");
        assert(!home.text.includes("Secret"), "the home page lists a library without access");
        assertEquals((await request(`/libraries/${secretId}`, { as: guest })).status, 404);
        const hidden = services.items.list({ library_ids: [secretId] }).items[0];
        assertEquals((await request(`/items/${hidden.id}`, { as: guest })).status, 404);
        const admin = await request("/admin", { as: guest });
        assertEquals(admin.status, 403);
        assertStringIncludes(admin.text, 'class="error-page"');
        const post = await request("/admin", {
          form: { action: "set_access", user_id: guestId, library_ids: [secretId] },
          as: guest,
        });
        assertEquals(post.status, 403);

        const track =
          services.items.list({ library_ids: [libraryId], kind: "track", recursive: true })
            .items[0];
        const item = await request(`/items/${track.id}`, { as: guest });
        assert(!item.text.includes(mediaDir), "non-admins never see file paths");

        const access = await request("/admin", {
          form: { action: "set_access", user_id: guestId, library_ids: [libraryId, secretId] },
        });
        assertEquals(access.status, 303);
        assertEquals(services.libraries.readableIds(guestId).sort(), [libraryId, secretId].sort());
      },
    );

    await t.step("static files carry ETags, immutable bundles and no path escapes", async () => {
      const css = await request("/static/style.css", { headers: { accept: "text/css" } });
      assertEquals(css.status, 200);
      assertEquals(css.headers.get("content-type"), "text/css; charset=utf-8");
      const etag = css.headers.get("etag")!;
      assert(etag, "an ETag");
      const again = await request("/static/style.css", {
        headers: { accept: "text/css", "if-none-match": etag },
      });
      assertEquals(again.status, 304);
      const boot = await request(`${assets.base}${assets.boot.file}`, {
        headers: { accept: "*/*" },
      });
      assertEquals(boot.status, 200);
      assertEquals(boot.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assertStringIncludes(boot.headers.get("content-type")!, "javascript");
      for (const path of ["/static/..%2Fdeno.json", "/static/_rf/manifest.json", "/static/.x"]) {
        assertEquals((await request(path, { headers: { accept: "*/*" } })).status, 404, path);
      }
    });

    await t.step("sign out ends the session", async () => {
      const out = await request("/logout", { form: {} });
      assertEquals([out.status, out.headers.get("location")], [303, "/login"]);
      assertStringIncludes(out.headers.get("set-cookie")!, "Max-Age=0");
      const after = await request("/");
      assertEquals(after.status, 303);
      assertEquals(after.headers.get("location"), "/login?next=%2F");
    });
  } finally {
    await services.scanner.close();
    services.db.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await Deno.remove(mediaDir, { recursive: true }).catch(() => {});
  }
});
