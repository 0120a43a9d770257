/**
 * In Chromium: a `<track>` pointing at the server's WebVTT of a sidecar SubRip file has the
 * right active cue at the right time, after seeks back and forth too — the contract the Player
 * island relies on (playback URL + `subtitles[].url`, both carrying the playback token).
 */
import { join } from "node:path";
import { assertEquals } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia, toSrt } from "./fixtures/media.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_MESSAGE } from "./e2e/browser.ts";

const haveChromium = hasChromium();
if (!haveChromium) console.log(NO_CHROMIUM_MESSAGE);

Deno.test({
  name: "e2e: a subtitle cue is active at its time in Chromium, after a seek too",
  ignore: !haveChromium,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "rustfin-subs-e2e-" });
    try {
      await makeMedia(root, {
        name: "Movies/Cued (2024)/Cued (2024).webm",
        duration_s: 10,
        video: { codec: "vp9", width: 320, height: 180, fps: 25, gop_s: 1 },
        audio: { codec: "opus", channels: 2, sample_rate: 48000 },
      });
      await Deno.writeTextFile(
        join(root, "Movies", "Cued (2024)", "Cued (2024).en.srt"),
        toSrt([
          { start_ms: 1000, end_ms: 3000, text: "First <i>cue</i> & more" },
          { start_ms: 7000, end_ms: 9000, text: "Second cue" },
        ]),
      );
      await using srv = await startTestServer();
      const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
      const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
      const play = await (await srv.api(`/api/items/${list.items[0].id}/playback`, {
        method: "POST",
        body: JSON.stringify({ profile: "chrome", subtitle_index: 0 }),
      })).json();
      assertEquals(play.decision, "direct");
      assertEquals(play.subtitles[0].method, "external");

      await using browser = await launchBrowser();
      const page = await browser.context.newPage();
      // Same origin as the media, like the Player island.
      await page.goto(`${srv.url}/api/health`);
      await page.setContent(
        `<video id="v" muted preload="auto" src="${srv.url}${play.url}">` +
          `<track kind="subtitles" srclang="en" default src="${srv.url}${play.subtitles[0].url}">` +
          `</video>`,
      );
      const cueAt = (t: number) =>
        page.evaluate(async (t: number) => {
          const v = document.getElementById("v") as HTMLVideoElement;
          const track = v.textTracks[0];
          track.mode = "hidden";
          if (v.readyState < 1) {
            await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
          }
          // The cues load with the track element; wait until they are there.
          for (let i = 0; i < 100 && !(track.cues && track.cues.length); i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
          v.currentTime = t;
          await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
          // activeCues update on the next time-marches-on step after the seek.
          await new Promise((r) => setTimeout(r, 100));
          const active = track.activeCues;
          return active && active.length ? (active[0] as VTTCue).text : null;
        }, t);
      const cases: [number, string | null][] = [
        [1.5, "First <i>cue</i> &amp; more"],
        [5, null],
        [8, "Second cue"],
        [2.9, "First <i>cue</i> &amp; more"],
        [9.5, null],
      ];
      for (const [t, want] of cases) assertEquals(await cueAt(t), want, `at ${t} s`);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
