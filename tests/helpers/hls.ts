/** An HLS session manager on temp folders, for tests that drive it directly with real ffmpeg. */
import { HlsSessionManager } from "../../lib/hls/session_manager.ts";
import { createLogger } from "../../lib/log.ts";
import { fixtureFfmpeg } from "../fixtures/media.ts";

/** The manager, a folder for the test's media, and the warnings it logged. */
export interface TempHlsManager extends AsyncDisposable {
  m: HlsSessionManager;
  media: string;
  warnings: string[];
}

/** Starts a manager (2 transcodes at most) whose sessions and folders go at disposal. */
export async function tempHlsManager(): Promise<TempHlsManager> {
  const media = await Deno.makeTempDir({ prefix: "rustfin-hls-media-" });
  const cache = await Deno.makeTempDir({ prefix: "rustfin-hls-cache-" });
  const warnings: string[] = [];
  const m = await HlsSessionManager.start({
    cache_dir: cache,
    ffmpeg_path: fixtureFfmpeg(),
    ffprobe_path: "ffprobe",
    max_transcodes: 2,
    logger: createLogger("warn", (line) => warnings.push(line)),
  });
  return {
    m,
    media,
    warnings,
    async [Symbol.asyncDispose]() {
      await m.stopAll();
      await Deno.remove(cache, { recursive: true });
      await Deno.remove(media, { recursive: true });
    },
  };
}
