/**
 * End to end, in Chromium, against the real server started with a fresh data dir and no users:
 * first-run setup → sign out and in → add libraries in the admin page (with a bad folder first)
 * → the grid shows the items → search narrows them → open a movie → it plays (`currentTime`
 * advances) → seeking to 50% resumes playback there → a user without access to a library does
 * not see it. A second test scrolls a 20,000-item grid. On failure, screenshots of the pages go
 * to a temp folder, printed in the log.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { parseConfig } from "../../lib/config.ts";
import { startServer } from "../../lib/server.ts";
import { silentLogger } from "../../lib/log.ts";
import { makeMedia } from "../fixtures/media.ts";
import { ensureIslandBundles } from "../../scripts/build_islands.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser } from "./browser.ts";
import { bigTitle, makeBigLibrary } from "./big_library.ts";
import { hashPassword } from "../../lib/auth/password.ts";

const haveChromium = hasChromium();
if (!haveChromium) console.log(NO_CHROMIUM_MESSAGE);

const ADMIN = { username: "owner", password: "ownerpass1" };
const GUEST = { username: "guest", password: "guestpass1" };
const WAIT = { timeout: 15_000 };

// One browser for the whole file: started by the first test, closed by the last.
let shared: TestBrowser | undefined;
const browserOnce = async () => shared ??= await launchBrowser();

/**
 * Builds the media: five movies (one long enough to seek in, one in AVI, which browsers cannot
 * play) and a show.
 */
async function makeLibraries(root: string) {
  const video = { codec: "h264" as const, width: 160, height: 90, fps: 12, gop_s: 1 };
  const audio = { codec: "aac" as const, channels: 2, sample_rate: 44100 };
  const movies = join(root, "Movies");
  const shows = join(root, "Shows");
  await Promise.all([
    makeMedia(movies, {
      name: "Long Journey (2020)/Long Journey (2020).mp4",
      duration_s: 24,
      video,
      audio,
    }),
    makeMedia(movies, { name: "Alpha Centauri (1999).mp4", duration_s: 2, video, audio }),
    makeMedia(movies, { name: "Beta Test (2004).mp4", duration_s: 2, video, audio }),
    makeMedia(movies, { name: "Gamma Ray (2011).mp4", duration_s: 2, video, audio }),
    makeMedia(movies, {
      name: "Old Format (2005).avi",
      duration_s: 2,
      video,
      audio: { ...audio, codec: "mp3" },
    }),
    makeMedia(shows, {
      name: "Private Show/Season 01/Private Show S01E01.mp4",
      duration_s: 2,
      video,
      audio,
    }),
  ]);
  return { movies, shows };
}

async function videoState(page: Page) {
  return await page.$eval("video", (v: HTMLVideoElement) => ({
    time: v.currentTime,
    duration: v.duration,
    paused: v.paused,
    rate: v.playbackRate,
    muted: v.muted,
    error: v.error?.code ?? null,
  }));
}

async function signIn(page: Page, base: string, who: { username: string; password: string }) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', who.username);
  await page.fill('input[name="password"]', who.password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
}

async function signOut(page: Page, base: string) {
  await Promise.all([
    page.waitForURL(`${base}/login`),
    page.click('header form[action="/logout"] button'),
  ]);
}

Deno.test({
  name: "e2e: setup, admin, grid search, playback with seeking, library access (Chromium)",
  ignore: !haveChromium,
  // Playwright keeps its own connection objects alive between awaits.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await ensureIslandBundles();
    const media = await Deno.makeTempDir({ prefix: "rustfin-e2e-media-" });
    const dataDir = await Deno.makeTempDir({ prefix: "rustfin-e2e-data-" });
    const { movies, shows } = await makeLibraries(media);
    const server = await startServer(
      parseConfig({
        RUSTFIN_PORT: "0",
        RUSTFIN_HOST: "127.0.0.1",
        RUSTFIN_DATA_DIR: dataDir,
        RUSTFIN_WATCH_DEBOUNCE_MS: "300",
      }),
      { logger: silentLogger },
    );
    const base = server.url;
    const browser = await browserOnce();
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const visited: Record<string, string> = { home: `${base}/`, admin: `${base}/admin` };

    try {
      // First run: every page leads to setup, which signs the new admin in.
      await page.goto(`${base}/`);
      assertEquals(new URL(page.url()).pathname, "/setup");
      await page.fill('input[name="username"]', ADMIN.username);
      await page.fill('input[name="password"]', ADMIN.password);
      await page.fill('input[name="confirm"]', ADMIN.password);
      await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type="submit"]')]);

      // Sign out and back in through the login form.
      await signOut(page, base);
      await signIn(page, base, ADMIN);
      assertStringIncludes(await page.textContent("main") ?? "", "No libraries yet");

      // Admin: a bad folder is refused with a message; good ones are added and scanned.
      await page.goto(`${base}/admin`);
      const addLibrary = async (name: string, path: string, kind: string) => {
        await page.fill('form:has(input[value="add_library"]) input[name="name"]', name);
        await page.fill('form:has(input[value="add_library"]) input[name="path"]', path);
        await page.selectOption('form:has(input[value="add_library"]) select[name="kind"]', kind);
        await Promise.all([
          page.waitForLoadState("load"),
          page.click('form:has(input[value="add_library"]) button[type="submit"]'),
        ]);
      };
      await addLibrary("Movies", join(media, "missing"), "movies");
      assertStringIncludes(await page.textContent(".alert") ?? "", "folder does not exist");
      await addLibrary("Movies", movies, "movies");
      await page.waitForSelector("text=Library added", WAIT);
      await addLibrary("Shows", shows, "shows");
      // The ScanProgress islands poll until both scans are done.
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll(".scan")].length === 2 &&
          [...document.querySelectorAll(".scan")].every((s) =>
            (s as HTMLElement).dataset.state === "idle" && s.textContent!.startsWith("Scanned")
          ),
        undefined,
        { timeout: 30_000 },
      );
      const moviesId = server.services.libraries.getByName("Movies")!.id;
      const showsId = server.services.libraries.getByName("Shows")!.id;
      visited.grid = `${base}/libraries/${moviesId}`;

      // A guest who may read Movies only.
      await page.goto(`${base}/admin`);
      const addUser = 'form:has(input[value="add_user"])';
      await page.fill(`${addUser} input[name="username"]`, GUEST.username);
      await page.fill(`${addUser} input[name="password"]`, GUEST.password);
      await page.check(`${addUser} input[name="library_ids"][value="${moviesId}"]`);
      await Promise.all([page.waitForLoadState("load"), page.click(`${addUser} button`)]);
      await page.waitForSelector("text=User added", WAIT);

      // Home → library grid, hydrated, with every movie.
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(visited.grid), page.click("a.tile:has-text('Movies')")]);
      await page.waitForSelector(".vgrid .card", WAIT);
      assertEquals(await page.locator(".vgrid .card").count(), 5);
      assertEquals(await page.locator('.toolbar button[type="submit"]').count(), 0);

      // Instant search narrows the grid without a page load.
      await page.fill('input[name="q"]', "journ");
      await page.waitForFunction(
        () => document.querySelectorAll(".vgrid .card").length === 1,
        undefined,
        WAIT,
      );
      assertStringIncludes(await page.textContent(".vgrid .card") ?? "", "Long Journey");
      assertStringIncludes(page.url(), "q=journ");

      // Open the movie; the player hydrates over the server-rendered <video>.
      await Promise.all([page.waitForURL(/\/items\//), page.click(".vgrid .card")]);
      visited.item = page.url();
      await page.waitForSelector(".player.ready .player-controls", WAIT);
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => (document.querySelector("video") as HTMLVideoElement).currentTime > 0.5,
        undefined,
        WAIT,
      );
      const playing = await videoState(page);
      assertEquals([playing.paused, playing.error], [false, null]);
      assert(Math.abs(playing.duration - 24) < 1, `duration ${playing.duration}`);

      // Seek by clicking the middle of the progress bar; playback goes on from there.
      const bar = (await page.locator(".player-seek").boundingBox())!;
      await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
      const afterSeek = await videoState(page);
      assert(
        Math.abs(afterSeek.time - afterSeek.duration / 2) < 2,
        `after seeking to 50%: ${afterSeek.time} of ${afterSeek.duration}`,
      );
      await page.waitForFunction(
        (t: number) => (document.querySelector("video") as HTMLVideoElement).currentTime > t + 0.5,
        afterSeek.time,
        WAIT,
      );
      const resumed = await videoState(page);
      assert(!resumed.paused, "still playing after the seek");
      assert(resumed.time < afterSeek.duration / 2 + 4, `resumed near 50%: ${resumed.time}`);

      // Keyboard and menus: ← goes back 10 s, m mutes, the speed menu sets playbackRate.
      await page.keyboard.press("ArrowLeft");
      const back = await videoState(page);
      assert(back.time < resumed.time - 8, `← went back 10 s: ${resumed.time} → ${back.time}`);
      await page.keyboard.press("m");
      await page.selectOption(".player-speed", "2");
      const tuned = await videoState(page);
      assertEquals([tuned.muted, tuned.rate], [true, 2]);

      // A container the browser cannot play (AVI) is remuxed by the server and plays anyway.
      await page.goto(`${base}/libraries/${moviesId}?q=old`);
      await Promise.all([page.waitForURL(/\/items\//), page.click(".card")]);
      await page.waitForSelector(".player[data-decision]", WAIT);
      assertEquals(await page.getAttribute(".player", "data-decision"), "remux");
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => (document.querySelector("video") as HTMLVideoElement).currentTime > 0.3,
        undefined,
        WAIT,
      );

      // The guest sees Movies only; Shows answers 404.
      await signOut(page, base);
      await signIn(page, base, GUEST);
      const tiles = await page.locator("a.tile .tile-name").allTextContents();
      assertEquals(tiles, ["Movies"]);
      const res = await page.goto(`${base}/libraries/${showsId}`);
      assertEquals(res?.status(), 404);
      assertStringIncludes(await page.textContent("h1") ?? "", "Library not found");

      assertEquals(pageErrors, [], "no script errors in the pages");
    } catch (err) {
      const dir = await Deno.makeTempDir({ prefix: "rustfin-e2e-shots-" });
      await page.screenshot({ path: join(dir, "failure.png"), fullPage: true }).catch(() => {});
      for (const [name, url] of Object.entries(visited)) {
        await page.goto(url).then(() => page.waitForTimeout(500)).catch(() => {});
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => {});
      }
      console.error(
        `e2e failed; screenshots in ${dir}${
          pageErrors.length ? `; page errors: ${pageErrors.join(" | ")}` : ""
        }`,
      );
      throw err;
    } finally {
      await page.close();
      await server.shutdown();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
      await Deno.remove(media, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "e2e: the library grid stays light and complete with 20,000 items (Chromium)",
  ignore: !haveChromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const count = 20_000;
    const dataDir = await Deno.makeTempDir({ prefix: "rustfin-e2e-big-" });
    const libraryId = await makeBigLibrary(dataDir, count);
    const server = await startServer(
      parseConfig({ RUSTFIN_PORT: "0", RUSTFIN_HOST: "127.0.0.1", RUSTFIN_DATA_DIR: dataDir }),
      { logger: silentLogger, skipInitialScan: true },
    );
    const browser = await browserOnce();
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      server.services.users.createFirst({
        username: ADMIN.username,
        password_hash: await hashPassword(ADMIN.password),
      });
      const { token } = await server.services.auth.login(ADMIN.username, ADMIN.password, "e2e");
      await browser.context.addCookies([{
        name: "rustfin_session",
        value: token,
        url: server.url,
      }]);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${server.url}/libraries/${libraryId}`);
      await page.waitForSelector(".vgrid .card", WAIT);
      assertStringIncludes(await page.textContent(".count") ?? "", "20,000 items");

      // Jump to the end: only the rows near the viewport exist, and the last title loads.
      const last = bigTitle(count - 1);
      await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(
        (title: string) =>
          [...document.querySelectorAll(".vgrid .card-title")].some((e) => e.textContent === title),
        last,
        WAIT,
      );
      const cards = await page.locator(".vgrid .card").count();
      assert(cards > 0 && cards < 200, `${cards} cards in the DOM`);

      // Scroll through the middle in steps; every stop fills in without skeletons.
      for (const f of [0.25, 0.5, 0.75]) {
        await page.evaluate((y: number) => scrollTo(0, document.body.scrollHeight * y), f);
        await page.waitForFunction(
          () =>
            document.querySelectorAll(".vgrid .card:not(.skeleton)").length > 0 &&
            !document.querySelector(".vgrid .skeleton"),
          undefined,
          WAIT,
        );
      }

      // Search from deep down: results replace the grid, counted, from their first item.
      await page.fill('input[name="q"]', "harbor");
      await page.waitForFunction(
        () => document.querySelector(".count")?.textContent?.startsWith("2,500 items"),
        undefined,
        WAIT,
      );
      await page.waitForSelector(".vgrid .card", WAIT);
      assertEquals(
        (await page.locator(".vgrid .card-title").allTextContents()).every((t) =>
          t.endsWith("Harbor")
        ),
        true,
      );
      assertEquals(pageErrors, []);
    } catch (err) {
      const dir = await Deno.makeTempDir({ prefix: "rustfin-e2e-shots-" });
      await page.screenshot({ path: join(dir, "grid-20000.png") }).catch(() => {});
      console.error(`e2e failed; screenshot in ${dir}`);
      throw err;
    } finally {
      await page.close();
      await shared?.close();
      shared = undefined;
      await server.shutdown();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
