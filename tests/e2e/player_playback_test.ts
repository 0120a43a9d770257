/**
 * The Player island end to end in Chromium, against a real server: it measures the browser,
 * asks for a playback decision and plays the answer.
 *
 * - an HEVC 10-bit + AC-3 MKV is transcoded and plays through hls.js from a master playlist;
 *   seeking to 50 % resumes playback there (time to first frame is printed);
 * - an H.264 + AC-3 MKV is remuxed (audio transcode only);
 * - a sidecar subtitle's cue is active at its time, after a seek too, and the +0.1 s offset
 *   button shifts it; a quality change keeps it;
 * - an image (PGS) subtitle chosen in the menu is burnt in by a new playback (transcode);
 * - AC-3 music in Matroska plays as a progressive stream; a seek restarts it there;
 * - choosing the second audio track re-requests playback with it (remux);
 * - resume: a 6-minute file played to ~40 s, paused (reported at once), left and reopened offers
 *   "Resume from …", which starts there, and the item is in Continue watching; an HLS (remux)
 *   item resumes with its session starting at the saved segment; while playing, progress is
 *   reported every 10 s (a fake page clock).
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { makeMedia, toSrt } from "../fixtures/media.ts";
import { ensureIslandBundles } from "../../scripts/build_islands.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_MESSAGE } from "./browser.ts";
import { writeSup } from "../subtitles_pgs.ts";

const haveChromium = hasChromium();
if (!haveChromium) console.log(NO_CHROMIUM_MESSAGE);

// Generous: two cores are shared with ffmpeg and other test processes.
const WAIT = { timeout: 45_000 };

async function makeFixtures(root: string) {
  const movies = join(root, "Movies");
  const ac3 = { codec: "ac3" as const, channels: 2, sample_rate: 48000 };
  await Promise.all([
    makeMedia(movies, {
      name: "Heavy (2021)/Heavy (2021).mkv",
      duration_s: 20,
      video: {
        codec: "hevc",
        width: 320,
        height: 180,
        fps: 12,
        pix_fmt: "yuv420p10le",
        profile: "main10",
        gop_s: 1,
      },
      audio: ac3,
    }),
    makeMedia(movies, {
      name: "Remix (2022)/Remix (2022).mkv",
      duration_s: 12,
      video: { codec: "h264", width: 320, height: 180, fps: 12, gop_s: 1 },
      audio: ac3,
    }),
    // Long enough for a resume point (items under 5 minutes never get one), yet tiny.
    makeMedia(movies, {
      name: "Marathon (2023)/Marathon (2023).mp4",
      duration_s: 360,
      video: { codec: "h264", width: 64, height: 36, fps: 1, gop_s: 2 },
      audio: { codec: "aac", channels: 1, sample_rate: 22050, silent: true },
    }),
  ]);
  // The same, remuxed to HLS (AC-3 audio): resume through a playlist.
  await makeMedia(movies, {
    name: "Relay (2023)/Relay (2023).mkv",
    duration_s: 360,
    video: { codec: "h264", width: 64, height: 36, fps: 1, gop_s: 2 },
    audio: { codec: "ac3", channels: 1, sample_rate: 48000, silent: true },
  });
  // Music the browser cannot decode (AC-3 in Matroska): a progressive stream.
  await makeMedia(join(root, "Music"), {
    name: "Band/Album/01 - Song.mka",
    duration_s: 30,
    audio: { codec: "ac3", channels: 2, sample_rate: 48000 },
    tags: { title: "Song", artist: "Band", album: "Album", track: "1" },
  });
  // Two audio tracks (English, French): makeMedia writes one, so ffmpeg directly.
  await Deno.mkdir(join(movies, "Duo (2020)"), { recursive: true });
  const ff = await new Deno.Command("ffmpeg", {
    args: [
      ..."-v error -y -f lavfi -i testsrc2=s=160x90:r=12:d=8".split(" "),
      ..."-f lavfi -i sine=f=440:d=8 -f lavfi -i sine=f=880:d=8".split(" "),
      ..."-map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -g 12 -c:a aac".split(" "),
      ..."-metadata:s:a:0 language=eng -metadata:s:a:1 language=fra".split(" "),
      join(movies, "Duo (2020)", "Duo (2020).mp4"),
    ],
    stderr: "piped",
  }).output();
  assert(ff.success, new TextDecoder().decode(ff.stderr));
  // An image (PGS) subtitle, which only burn-in can show.
  const sup = join(root, "box.sup");
  await Deno.writeFile(
    sup,
    writeSup({
      width: 160,
      height: 90,
      cues: [{ start_ms: 1000, end_ms: 5000, x: 20, y: 20, w: 100, h: 30 }],
    }),
  );
  await Deno.mkdir(join(movies, "Boxed (2019)"), { recursive: true });
  const pgs = await new Deno.Command("ffmpeg", {
    args: [
      ..."-v error -y -f lavfi -i testsrc2=s=160x90:r=12:d=8 -f lavfi -i sine=d=8 -i".split(" "),
      sup,
      ..."-map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -g 12 -c:a aac -c:s copy".split(" "),
      ..."-metadata:s:s:0 language=eng".split(" "),
      join(movies, "Boxed (2019)", "Boxed (2019).mkv"),
    ],
    stderr: "piped",
  }).output();
  assert(pgs.success, new TextDecoder().decode(pgs.stderr));
  await Deno.writeTextFile(
    join(movies, "Remix (2022)", "Remix (2022).en.srt"),
    toSrt([
      { start_ms: 2000, end_ms: 4000, text: "Early line" },
      { start_ms: 8000, end_ms: 9000, text: "Late line" },
    ]),
  );
  return movies;
}

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', "admin");
  await page.fill('input[name="password"]', "adminpass1");
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
}

async function itemId(srv: TestServer, library: string, title: string): Promise<string> {
  const list = await (await srv.api(`/api/items?library_id=${library}&limit=50&recursive=true`))
    .json();
  const item = (list.items as { id: string; title: string }[]).find((i) => i.title === title);
  assert(item, `item ${title} not found`);
  return item.id;
}

const videoTime = (page: Page) =>
  page.$eval("video", (v: HTMLVideoElement) => ({ time: v.currentTime, paused: v.paused }));

/** Waits until the video plays past `t` seconds. */
async function playsPast(page: Page, t: number) {
  await page.waitForFunction(
    (t: number) => {
      const v = document.querySelector("video") as HTMLVideoElement;
      return !v.paused && v.currentTime > t;
    },
    t,
    WAIT,
  );
}

/** The text of the player's showing text track's active cue, or null. */
async function activeCue(page: Page): Promise<string | null> {
  return await page.$eval("video", (v: HTMLVideoElement) => {
    for (const t of Array.from(v.textTracks)) {
      if (t.mode !== "showing") continue;
      const c = t.activeCues;
      if (c && c.length > 0) return (c[0] as VTTCue).text;
    }
    return null;
  });
}

/** Seeks the paused video to `t` and waits for the seek plus a time-marches-on step. */
async function seekPaused(page: Page, t: number) {
  await page.evaluate(async (t: number) => {
    const v = document.querySelector("video") as HTMLVideoElement;
    v.pause();
    v.currentTime = t;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    await new Promise((r) => setTimeout(r, 150));
  }, t);
}

Deno.test({
  name: "e2e: Player plays HEVC via hls.js with seeking, remux, subtitles with offset, resume",
  ignore: !haveChromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await ensureIslandBundles();
    const root = await Deno.makeTempDir({ prefix: "rustfin-player-e2e-" });
    const made = performance.now();
    const movies = await makeFixtures(root);
    console.log(`player e2e: fixtures in ${Math.round(performance.now() - made)} ms`);
    await using srv = await startTestServer();
    await using browser = await launchBrowser();
    const lib = await srv.addLibrary("Movies", movies, "movies");
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await signIn(page, srv.url);

    // On a failed step: a screenshot and the player's markup, for the log.
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        try {
          await fn();
        } catch (err) {
          const shot = await Deno.makeTempFile({ prefix: "rustfin-player-e2e-", suffix: ".png" });
          await page.screenshot({ path: shot }).catch(() => {});
          const html = await page.$eval(".player", (p: HTMLElement) => p.outerHTML.slice(0, 3000))
            .catch(() => "no player");
          console.log(`player e2e: "${name}" failed; screenshot ${shot}\n${html}`);
          throw err;
        }
      });
    try {
      await step("HEVC 10-bit + AC-3 plays through hls.js and seeks to 50 %", async () => {
        const id = await itemId(srv, lib, "Heavy");
        await page.goto(`${srv.url}/items/${id}`);
        await page.waitForSelector(".player[data-decision]", WAIT);
        assertEquals(await page.getAttribute(".player", "data-decision"), "transcode");
        assertEquals(await page.getAttribute(".player", "data-protocol"), "hls");
        await page.click(".player-info-btn");
        assertStringIncludes(
          await page.textContent(".player-info") ?? "",
          "Transcoding: video codec not supported",
        );
        const clicked = performance.now();
        await page.click(".player-big-play");
        await playsPast(page, 0.2);
        console.log(
          `player e2e: HEVC transcode, first frame ${Math.round(performance.now() - clicked)} ms`,
        );
        assert(requests.some((u) => /\/master\.m3u8\?/.test(u)), "a master playlist was loaded");
        // hls.js feeds Media Source Extensions: the element plays a blob: URL, not the playlist.
        const src = await page.$eval("video", (v: HTMLVideoElement) => v.currentSrc);
        assert(src.startsWith("blob:"), `played through MSE (hls.js), src ${src}`);
        const seeked = performance.now();
        await page.evaluate(() => {
          const v = document.querySelector("video") as HTMLVideoElement;
          v.currentTime = 10;
        });
        await playsPast(page, 10.3);
        console.log(`player e2e: HEVC seek to 50 %, ${Math.round(performance.now() - seeked)} ms`);
        const after = await videoTime(page);
        assert(after.time < 14, `resumed near 10 s, at ${after.time}`);
      });

      await step("H.264 + AC-3 MKV is remuxed with the audio transcoded only", async () => {
        const id = await itemId(srv, lib, "Remix");
        await page.goto(`${srv.url}/items/${id}`);
        await page.waitForSelector(".player[data-decision]", WAIT);
        assertEquals(await page.getAttribute(".player", "data-decision"), "remux");
        await page.click(".player-info-btn");
        const info = await page.textContent(".player-info") ?? "";
        assertStringIncludes(info, "Video: copy h264");
        assertStringIncludes(info, "Audio: encode aac");
        await page.click(".player-big-play");
        await playsPast(page, 0.5);
      });

      await step(
        "a subtitle cue shows at its time, after a seek, and shifts by +0.1 s",
        async () => {
          await page.selectOption(".player-subtitles", "0");
          await page.waitForFunction(
            () => {
              const v = document.querySelector("video") as HTMLVideoElement;
              return Array.from(v.textTracks).some((t) => t.mode === "showing" && t.cues?.length);
            },
            undefined,
            WAIT,
          );
          await seekPaused(page, 3);
          assertEquals(await activeCue(page), "Early line");
          await seekPaused(page, 8.5);
          assertEquals(await activeCue(page), "Late line");
          await seekPaused(page, 5);
          assertEquals(await activeCue(page), null);
          // The late cue ends at 9 s; shifted later by 0.2 s it still shows at 9.1 s.
          await seekPaused(page, 9.1);
          assertEquals(await activeCue(page), null);
          await page.click(".player-sub-later");
          await page.click(".player-sub-later");
          assertEquals((await page.textContent(".player-sub-offset-value"))?.trim(), "+0.2 s");
          await seekPaused(page, 9.1);
          assertEquals(await activeCue(page), "Late line");
          await seekPaused(page, 2.1);
          assertEquals(await activeCue(page), null, "shifted: not yet at 2.1 s");

          // A quality change is a new playback session from the current position; the old HLS
          // session is stopped and the subtitle (with its offset) stays.
          const deletes = () => requests.filter((u) => /\/hls\/[^/]+\?t=/.test(u)).length;
          const deletesBefore = deletes();
          const session = await page.getAttribute(".player", "data-session");
          await seekPaused(page, 3);
          await page.selectOption(".player-quality", "original");
          await page.waitForFunction(
            (old: string | null) => {
              const p = document.querySelector(".player") as HTMLElement;
              const v = document.querySelector("video") as HTMLVideoElement;
              return p.dataset.session !== old && v.readyState >= 2;
            },
            session,
            WAIT,
          );
          assertEquals(deletes(), deletesBefore + 1, "the old HLS session was stopped");
          const pos = await videoTime(page);
          assert(Math.abs(pos.time - 3) < 1.5, `continued near 3 s, at ${pos.time}`);
          await seekPaused(page, 9.1);
          assertEquals(await activeCue(page), "Late line", "subtitle and offset kept");
        },
      );

      await step("an image subtitle from the menu is burnt in by a new playback", async () => {
        const id = await itemId(srv, lib, "Boxed");
        await page.goto(`${srv.url}/items/${id}`);
        await page.waitForSelector(".player[data-decision]", WAIT);
        const session = await page.getAttribute(".player", "data-session");
        await page.selectOption(".player-subtitles", "0");
        await page.waitForFunction(
          (old: string | null) =>
            (document.querySelector(".player") as HTMLElement).dataset.session !== old,
          session,
          WAIT,
        );
        assertEquals(await page.getAttribute(".player", "data-decision"), "transcode");
        await page.click(".player-info-btn");
        assertStringIncludes(
          await page.textContent(".player-info") ?? "",
          "subtitle must be burned into the picture",
        );
        await page.click(".player-big-play");
        await playsPast(page, 1);
      });

      await step(
        "music the browser cannot decode plays and seeks as a progressive stream",
        async () => {
          const music = await srv.addLibrary("Music", join(root, "Music"), "music");
          const id = await itemId(srv, music, "Song");
          await page.goto(`${srv.url}/items/${id}`);
          await page.waitForSelector(".player[data-decision]", WAIT);
          assertEquals(await page.getAttribute(".player", "data-protocol"), "http");
          assert(await page.getAttribute(".player", "data-decision") !== "direct", "not direct");
          await page.click(".player-audio .player-btn[aria-label='Play']");
          const audioPlays = (t: number) =>
            page.waitForFunction(
              (t: number) => {
                const a = document.querySelector("audio") as HTMLAudioElement;
                return !a.paused && a.currentTime > t;
              },
              t,
              WAIT,
            );
          await audioPlays(0.3);
          // +10 s restarts the stream there: the element's clock starts again near 0 while the
          // player shows the item's time.
          const session = await page.getAttribute(".player", "data-session");
          await page.keyboard.press("ArrowRight");
          await page.waitForFunction(
            (old: string | null) =>
              (document.querySelector(".player") as HTMLElement).dataset.session !== old,
            session,
            WAIT,
          );
          await audioPlays(0.3);
          const shown = await page.textContent(".player-time") ?? "";
          assert(/^0:1\d \/ 0:30/.test(shown.trim()), `time shown: ${shown}`);
          const el = await page.$eval("audio", (a: HTMLAudioElement) => a.currentTime);
          assert(el < 5, `the new stream starts at the seek point: element at ${el}`);
        },
      );

      await step("an audio track from the menu re-requests playback with it", async () => {
        const id = await itemId(srv, lib, "Duo");
        await page.goto(`${srv.url}/items/${id}`);
        await page.waitForSelector(".player[data-decision]", WAIT);
        assertEquals(await page.getAttribute(".player", "data-decision"), "direct");
        const labels = await page.locator(".player-audio option").allTextContents();
        assertEquals(labels.length, 2);
        assertStringIncludes(labels[1], "fra");
        await page.click(".player-big-play");
        await playsPast(page, 1);
        const session = await page.getAttribute(".player", "data-session");
        await page.selectOption(".player-audio", "2");
        await page.waitForFunction(
          (old: string | null) =>
            (document.querySelector(".player") as HTMLElement).dataset.session !== old,
          session,
          WAIT,
        );
        assertEquals(await page.getAttribute(".player", "data-decision"), "remux");
        await page.click(".player-info-btn");
        assertStringIncludes(await page.textContent(".player-info") ?? "", "another audio track");
        await playsPast(page, 1.5);
      });

      await step("resume: leave at ~40 s, come back, Resume starts there", async () => {
        const id = await itemId(srv, lib, "Marathon");
        await page.goto(`${srv.url}/items/${id}`);
        await page.waitForSelector(".player[data-decision]", WAIT);
        await page.evaluate(() => {
          const v = document.querySelector("video") as HTMLVideoElement;
          v.currentTime = 40;
        });
        await page.click(".player-big-play");
        await playsPast(page, 41);
        // Pausing reports the position at once.
        await page.click(".player-btn[aria-label='Pause']");
        const paused = (await videoTime(page)).time * 1000;
        let data = { position_ms: 0 };
        for (let i = 0; i < 50 && Math.abs(data.position_ms - paused) > 1000; i++) {
          data = (await (await srv.api(`/api/items/${id}`)).json()).user_data;
          if (Math.abs(data.position_ms - paused) > 1000) {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        assert(
          Math.abs(data.position_ms - paused) <= 1000,
          `paused at ${paused}: ${data.position_ms}`,
        );
        await page.click(".player-big-play");
        await playsPast(page, paused / 1000 + 0.5);
        // Leaving the page reports "stop" with the position (pagehide, keepalive).
        const left = (await videoTime(page)).time * 1000;
        await page.goto(`${srv.url}/`);
        for (let i = 0; i < 50 && Math.abs(data.position_ms - left) > 1000; i++) {
          data = (await (await srv.api(`/api/items/${id}`)).json()).user_data;
          if (Math.abs(data.position_ms - left) > 1000) {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        assert(data.position_ms >= 40_000 && data.position_ms < 50_000, `${data.position_ms}`);
        const home = await (await srv.api("/api/home")).json();
        assert(
          (home.continue_watching as { id: string }[]).some((i) => i.id === id),
          "in Continue watching",
        );

        await page.goto(`${srv.url}/items/${id}`);
        const resume = page.locator(".player-resume-btn", { hasText: "Resume from 0:4" });
        await resume.waitFor(WAIT);
        assertEquals(await page.locator(".player-resume-btn").nth(1).textContent(), "Start over");
        await resume.click();
        await playsPast(page, 40);
        const at = await videoTime(page);
        assert(at.time < 50, `resumed near 40 s, at ${at.time}`);
      });
      await step("resume through HLS: the session starts at the saved position", async () => {
        const id = await itemId(srv, lib, "Relay");
        const saved = await srv.api("/api/sessions/progress", {
          method: "POST",
          body: JSON.stringify({ item_id: id, position_ms: 100_000, paused: true, event: "pause" }),
        });
        assertEquals(saved.status, 200);
        await page.goto(`${srv.url}/items/${id}`);
        const resume = page.locator(".player-resume-btn", { hasText: "Resume from 1:40" });
        await resume.waitFor(WAIT);
        const before = requests.length;
        await resume.click();
        await playsPast(page, 100);
        assertEquals(await page.getAttribute(".player", "data-protocol"), "hls");
        assertEquals(await page.getAttribute(".player", "data-decision"), "remux");
        const at = await videoTime(page);
        assert(at.time < 110, `resumed near 100 s, at ${at.time}`);
        const playback = requests.slice(before).filter((u) => /\.(ts|m4s|mp4)\?/.test(u));
        assert(playback.length > 0, "segments were loaded");
        assert(!playback.some((u) => /\/0\.(ts|m4s)\?/.test(u)), `no segment 0: ${playback}`);
      });
      await step("progress is reported every 10 s while playing", async () => {
        const id = await itemId(srv, lib, "Marathon");
        // A page of its own with a fake clock: 10 s of timers pass without waiting for them.
        const clocked = await browser.context.newPage();
        try {
          await clocked.clock.install();
          const reports: Record<string, unknown>[] = [];
          clocked.on("request", (r) => {
            if (r.url().endsWith("/api/sessions/progress")) reports.push(r.postDataJSON());
          });
          await clocked.goto(`${srv.url}/items/${id}`);
          await clocked.locator(".player-resume-btn", { hasText: "Start over" }).click();
          await playsPast(clocked, 1);
          const before = reports.length;
          await clocked.clock.runFor(10_500);
          await clocked.waitForTimeout(300);
          const progress = reports.slice(before).filter((r) => r.event === "progress");
          assert(progress.length >= 1, `a progress report: ${JSON.stringify(reports)}`);
          assertEquals(progress[0].item_id, id);
          assertEquals(progress[0].paused, false);
          assert(typeof progress[0].session_id === "string", "with the playback session");
        } finally {
          await clocked.close().catch(() => {});
        }
      });
      assertEquals(pageErrors, []);
    } finally {
      await page.close().catch(() => {});
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
});
