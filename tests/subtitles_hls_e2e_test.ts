/**
 * In Chromium with hls.js (the library the Player island uses): an HLS session's WebVTT
 * rendition lines up with the video — the cue is active at its media time, after a seek too —
 * which checks the `X-TIMESTAMP-MAP` against the real segment timestamps.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { assertEquals } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia } from "./fixtures/media.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_MESSAGE } from "./e2e/browser.ts";

const haveChromium = hasChromium();
if (!haveChromium) console.log(NO_CHROMIUM_MESSAGE);

Deno.test({
  name: "e2e: hls.js shows the HLS subtitle rendition's cues at the right time, after a seek",
  ignore: !haveChromium,
  async fn() {
    await import("hls.js"); // puts the package in the module graph so it can be resolved
    const hlsJs = await Deno.readTextFile(
      createRequire(import.meta.url).resolve("hls.js/dist/hls.min.js"),
    );
    const root = await Deno.makeTempDir({ prefix: "rustfin-subs-hls-e2e-" });
    try {
      await makeMedia(root, {
        name: "Movies/Rendition (2024)/Rendition (2024).mkv",
        duration_s: 14,
        video: { codec: "h264", width: 320, height: 180, fps: 25, gop_s: 2 },
        audio: { codec: "aac", channels: 2, sample_rate: 48000 },
        subtitles: [{
          codec: "subrip",
          language: "eng",
          cues: [
            { start_ms: 1000, end_ms: 3000, text: "First" },
            { start_ms: 7000, end_ms: 9000, text: "Second" },
            { start_ms: 12000, end_ms: 13000, text: "Third" },
          ],
        }],
      });
      await using srv = await startTestServer();
      const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
      const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
      // iOS takes subtitles as HLS renditions; MPEG-TS with H.264/AAC plays in Chromium's MSE.
      const play = await (await srv.api(`/api/items/${list.items[0].id}/playback`, {
        method: "POST",
        body: JSON.stringify({
          profile: "safari_ios",
          caps: { segment_types: ["ts"] },
          subtitle_index: 0,
        }),
      })).json();
      assertEquals(play.protocol, "hls");
      assertEquals(play.subtitles[0].method, "hls");

      await using browser = await launchBrowser();
      const page = await browser.context.newPage();
      await page.goto(`${srv.url}/api/health`);
      await page.setContent(`<video id="v" muted></video>`);
      await page.addScriptTag({ content: hlsJs });
      await page.evaluate(async (url: string) => {
        const w = window as unknown as Record<string, unknown>;
        // deno-lint-ignore no-explicit-any
        const Hls = w.Hls as any;
        const v = document.getElementById("v") as HTMLVideoElement;
        const hls = new Hls({ subtitleDisplay: true });
        w.hls = hls;
        await new Promise((resolve) => {
          hls.on(Hls.Events.MANIFEST_PARSED, resolve);
          hls.loadSource(url);
          hls.attachMedia(v);
        });
        hls.subtitleTrack = 0;
      }, srv.url + play.url);
      const cueAt = (t: number) =>
        page.evaluate(async (t: number) => {
          const v = document.getElementById("v") as HTMLVideoElement;
          v.currentTime = t;
          await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
          // hls.js loads the subtitle segment after the seek; give it a few seconds.
          for (let i = 0; i < 60; i++) {
            const track = [...v.textTracks].find((tt) => tt.mode === "showing");
            const active = track?.activeCues;
            if (active && active.length) return (active[0] as VTTCue).text;
            await new Promise((r) => setTimeout(r, 100));
          }
          return null;
        }, t);
      // Near the cue edges (1.02–3.02 s: the fixture's AAC priming moves the muxed cues by
      // 21 ms), so a map off by more than ~0.1 s fails.
      const cases: [number, string][] = [
        [2, "First"],
        [8, "Second"],
        [12.5, "Third"],
        [1.12, "First"],
        [2.92, "First"],
      ];
      for (const [t, want] of cases) assertEquals(await cueAt(t), want, `at ${t} s`);
      // Between cues nothing is shown (the map does not shift cues onto other times).
      const none = await page.evaluate(async () => {
        const v = document.getElementById("v") as HTMLVideoElement;
        v.currentTime = 5;
        await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
        await new Promise((r) => setTimeout(r, 1500));
        const track = [...v.textTracks].find((tt) => tt.mode === "showing");
        return { cues: track?.cues?.length ?? 0, active: track?.activeCues?.length ?? 0 };
      });
      assertEquals(none.active, 0);
      await page.evaluate(() => (window as unknown as { hls: { destroy(): void } }).hls.destroy());
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
