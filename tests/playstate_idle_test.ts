/**
 * Live playback sessions end by themselves when nobody reports for the idle time, while
 * sessions whose player keeps reporting stay. Uses PlaybackService's `sessionIdleMs` knob (the
 * server uses the default 60 s) and files without a probe, so no ffmpeg is involved; the sweep
 * runs every 5 s, so this takes about that long.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { openDatabase } from "../lib/db/database.ts";
import { LibrariesRepo } from "../lib/db/libraries.ts";
import { MediaIndexRepo } from "../lib/db/media_files.ts";
import { ItemsRepo } from "../lib/db/items.ts";
import { UsersRepo } from "../lib/db/users.ts";
import { PlaybackTokens } from "../lib/auth/playback_token.ts";
import { ProcessSupervisor } from "../lib/media/process.ts";
import { PlaybackService } from "../lib/playback/playback_service.ts";
import { loadProfiles } from "../lib/playback/load_profiles.ts";
import { silentLogger } from "../lib/log.ts";
import { parseMediaPath } from "../lib/naming/parse_media_path.ts";
import { planLibrary } from "../lib/scanner/plan_library.ts";
import { diffIndex } from "../lib/scanner/diff_index.ts";
import { newId } from "../lib/ids.ts";

Deno.test("playback sessions without reports end after the idle time; reported ones stay", async () => {
  const db = await openDatabase(":memory:");
  const lib = new LibrariesRepo(db).create({ name: "M", kind: "movies", path: "/media/M" });
  const index = new MediaIndexRepo(db);
  const rels = ["A (2001)/A (2001).mkv", "B (2002)/B (2002).mkv"];
  const entries = rels.map((rel) => ({
    rel,
    size: 1000,
    mtime_ms: 1,
    naming: parseMediaPath(rel, "movies"),
  }));
  const now = new Date().toISOString();
  const { changes } = diffIndex(planLibrary("movies", entries), index.snapshot(lib.id), {
    root: "/media/M",
    now,
    newId,
    fingerprints: new Map(),
  });
  index.applyIndexChanges(lib.id, changes, now);
  const items = new ItemsRepo(db);
  const [a, b] = items.list({ library_ids: [lib.id] }).items;
  const user = new UsersRepo(db).create({ username: "u", password_hash: "x", is_admin: false });
  const playback = new PlaybackService({
    items,
    profiles: await loadProfiles(),
    tokens: new PlaybackTokens("secret-for-tests"),
    hls: null,
    ffmpegPath: null,
    ffprobePath: null,
    supervisor: new ProcessSupervisor(),
    hwaccel: () => null,
    log: silentLogger,
    sessionIdleMs: 300,
  });
  try {
    const idle = (await playback.start(user, a, { profile: "chrome" }, null)).session_id as string;
    const busy = (await playback.start(user, b, { profile: "chrome" }, null)).session_id as string;
    assertEquals(playback.list().length, 2);
    const reporter = setInterval(() => playback.touch(busy, { position_ms: 1000 }), 100);
    try {
      const deadline = Date.now() + 12_000;
      while (playback.session(idle) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      clearInterval(reporter);
    }
    assertEquals(playback.session(idle), undefined, "the silent session ended");
    assert(playback.session(busy), "the reporting session is still live");
  } finally {
    await playback.close();
    db.close();
  }
});
