/**
 * End to end, in Chromium: the admin page's Now playing list follows the server's sessions live
 * (server-sent events): a session started through the playback API appears without a reload,
 * a progress report shows as "Paused at 0:01 / 0:02" (the runtime looked up by the island), and
 * the Stop button ends the session on the server and removes it from the list. On failure, a screenshot goes to a temp folder (in the log).
 */
import { join } from "node:path";
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { makeMedia } from "../fixtures/media.ts";
import { ensureIslandBundles } from "../../scripts/build_islands.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_MESSAGE } from "./browser.ts";

const haveChromium = hasChromium();
if (!haveChromium) console.log(NO_CHROMIUM_MESSAGE);

const WAIT = { timeout: 15_000 };

Deno.test({
  name: "e2e: admin Now playing shows a live session and Stop ends it (Chromium)",
  ignore: !haveChromium,
  // Playwright keeps its own connection objects alive between awaits.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await ensureIslandBundles();
    const media = await Deno.makeTempDir({ prefix: "rustfin-e2e-sessions-" });
    await using server = await startTestServer();
    await using browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await makeMedia(join(media, "Movies"), {
        name: "Watched Live (2021).mp4",
        duration_s: 2,
        video: { codec: "h264", width: 96, height: 54, fps: 10 },
        audio: { codec: "aac", channels: 2, sample_rate: 44100 },
      });
      const libraryId = await server.addLibrary("Movies", join(media, "Movies"), "movies");
      const list = await (await server.api(`/api/items?library_id=${libraryId}&recursive=true`))
        .json();
      const movie = list.items.find((i: { kind: string }) => i.kind === "movie");
      assert(movie, "the movie is scanned");

      await page.goto(`${server.url}/login?next=/admin`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', "adminpass1");
      await Promise.all([
        page.waitForURL(`${server.url}/admin`),
        page.click('main button[type="submit"]'),
      ]);
      await page.waitForSelector('#now-playing .now-playing[data-live="1"]', WAIT);
      assertEquals(await page.locator("#now-playing .session").count(), 0);

      const start = await server.api(`/api/items/${movie.id}/playback`, {
        method: "POST",
        body: JSON.stringify({ profile: "chrome", client: "Living Room TV" }),
      });
      assertEquals(start.status, 200);
      const sessionId = (await start.json()).session_id as string;
      const row = page.locator(`#now-playing [data-session="${sessionId}"]`);
      // No reload: the event stream brings the new session.
      await row.waitFor(WAIT);
      const text = await row.innerText();
      assert(text.includes("Living Room TV"), text);
      assert(text.includes("Watched Live"), text);
      assert(text.includes("Direct play"), text);

      const report = await server.api("/api/sessions/progress", {
        method: "POST",
        body: JSON.stringify({
          item_id: movie.id,
          session_id: sessionId,
          position_ms: 1000,
          paused: true,
          event: "pause",
        }),
      });
      assertEquals(report.status, 200);
      await page.waitForFunction(
        (id: string) =>
          document.querySelector(`[data-session="${id}"]`)?.textContent?.includes(
            "Paused at 0:01 / 0:02",
          ) ?? false,
        sessionId,
        WAIT,
      );

      await row.locator('button:has-text("Stop")').click();
      await row.waitFor({ state: "detached", ...WAIT });
      // The island asked the server (DELETE), it did not just hide the row.
      assertEquals(page.url(), `${server.url}/admin`);
      const sessions = (await (await server.api("/api/sessions")).json()).sessions;
      assertEquals(sessions.length, 0);
      await page.reload();
      assertEquals(await page.locator("#now-playing .session").count(), 0);
    } catch (err) {
      const dir = await Deno.makeTempDir({ prefix: "rustfin-e2e-fail-" });
      await page.screenshot({ path: join(dir, "admin.png"), fullPage: true }).catch(() => {});
      console.log(`e2e failure screenshot in ${dir}`);
      throw err;
    } finally {
      await Deno.remove(media, { recursive: true }).catch(() => {});
    }
  },
});
