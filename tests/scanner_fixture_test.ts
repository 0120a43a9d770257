/**
 * First scan of the shared ffmpeg-made fixture library with the real ffprobe: the item tree,
 * probes, skipped files and recorded errors; then an unchanged rescan that writes nothing.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { makeLibraryFixture, makeMedia } from "./fixtures/media.ts";
import { openDatabase } from "../lib/db/database.ts";
import { LibrariesRepo } from "../lib/db/libraries.ts";
import { type ItemRow, ItemsRepo, itemToJson } from "../lib/db/items.ts";
import type { LibraryKind } from "../lib/naming/types.ts";
import { ScanService } from "../lib/scanner/scan_service.ts";

const FFPROBE = Deno.env.get("RUSTFIN_FFPROBE") || "ffprobe";

interface Setup {
  items: ItemsRepo;
  ids: Record<"movies" | "shows" | "music", string>;
  scanner: ScanService;
  db: Awaited<ReturnType<typeof openDatabase>>;
  cleanup: () => Promise<void>;
}

async function setup(): Promise<Setup> {
  const root = await Deno.makeTempDir({ prefix: "rustfin-scanfix-" });
  const fixture = await makeLibraryFixture(root);
  // A track whose tags disagree with its folders: tags must win.
  await makeMedia(fixture.music, {
    name: "Unsorted/Stuff/track.mp3",
    duration_s: 1,
    audio: { codec: "mp3", channels: 2, sample_rate: 44100 },
    tags: {
      title: "Tagged Title",
      artist: "Tagged Artist",
      album: "Tagged Album",
      track: "5",
      date: "1999",
    },
  });
  const db = await openDatabase(":memory:");
  const libraries = new LibrariesRepo(db);
  const lib = (name: string, path: string, kind: LibraryKind) =>
    libraries.create({ name, path, kind }).id;
  const ids = {
    movies: lib("Movies", fixture.movies, "movies"),
    shows: lib("Shows", fixture.shows, "shows"),
    music: lib("Music", fixture.music, "music"),
  };
  const scanner = new ScanService({ db, ffprobePath: FFPROBE, concurrency: 2 });
  return {
    items: new ItemsRepo(db),
    ids,
    scanner,
    db,
    cleanup: async () => {
      await scanner.close();
      db.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

function byTitle(items: ItemRow[]): Map<string, ItemRow> {
  return new Map(items.map((i) => [i.title, i]));
}

Deno.test("scanning the fixture library builds movies, shows and music with probes", async (t) => {
  const s = await setup();
  try {
    const statuses = await Promise.all(Object.values(s.ids).map((id) => s.scanner.scan(id)));
    for (const st of statuses) assertEquals(st.state, "idle", JSON.stringify(st));
    const all = Object.values(s.ids);

    await t.step("movies: one item per movie, parts stacked, bad files handled", () => {
      const top = s.items.list({ library_ids: all, library_id: s.ids.movies });
      const movies = byTitle(top.items);
      assertEquals([...movies.keys()].sort(), [
        `Amélie's "100%": Dream`,
        "Big Buck Test",
        "Broken",
        "Other Movie",
        "Stacked",
        "Truncated",
      ]);
      assertEquals(top.total, 6);

      const stacked = s.items.getWithFiles(movies.get("Stacked")!.id)!;
      assertEquals(stacked.files.map((f) => [f.part_number, f.probe_status]), [[1, "ok"], [
        2,
        "ok",
      ]]);
      // Parts of 3 s and 2 s play as one 5 s movie.
      assert(Math.abs(stacked.item.duration_ms! - 5000) < 300, `${stacked.item.duration_ms}`);
      assertEquals(
        stacked.item.size_bytes,
        stacked.files[0].size_bytes + stacked.files[1].size_bytes,
      );

      const big = s.items.getWithFiles(movies.get("Big Buck Test")!.id)!;
      assertEquals(big.item.year, 2008);
      assertEquals(big.item.container, "mp4");
      const json = itemToJson(big.item, { isAdmin: false, files: big.files });
      assertEquals(json.probe, { status: "ok" });
      assertEquals("path" in json, false);
      assertEquals(json.streams.map((x) => [x.type, x.codec]), [["video", "h264"], [
        "audio",
        "aac",
      ]]);
      assertEquals(json.subtitles.map((x) => [x.index, x.source, x.format, x.language, x.url]), [
        [0, "sidecar", "srt", "eng", `/api/items/${big.item.id}/subtitles/0.vtt`],
      ]);
      const admin = itemToJson(big.item, { isAdmin: true, files: big.files });
      assert(admin.path?.endsWith("Big Buck Test (2008).mp4"), admin.path ?? "no path");

      const other = s.items.getWithFiles(movies.get("Other Movie")!.id)!;
      const otherJson = itemToJson(other.item, { isAdmin: false, files: other.files });
      assertEquals(
        otherJson.subtitles.map((x) => [x.source, x.stream_index !== undefined, x.language]),
        [["embedded", true, "eng"], ["embedded", true, "fre"]],
      );

      const broken = s.items.getWithFiles(movies.get("Broken")!.id)!;
      assertEquals(broken.files[0].probe_status, "error");
      const brokenJson = itemToJson(broken.item, { isAdmin: false, files: broken.files });
      assertEquals(brokenJson.probe?.status, "error");
      assert(!brokenJson.probe?.error?.includes("/"), "probe error must not contain a path");
      assertEquals(s.items.getWithFiles(movies.get("Truncated")!.id)!.files[0].probe_status, "ok");
    });

    await t.step("movies: zero-byte, hidden, sample and text files are skipped", () => {
      const files = s.db.prepare("SELECT rel_path FROM media_files WHERE library_id = ?")
        .all(s.ids.movies).map((r) => String(r.rel_path)).sort();
      assertEquals(files, [
        `Amélie's "100%": Dream (2001)/Amélie's "100%": Dream (2001).webm`,
        "Big Buck Test (2008)/Big Buck Test (2008).en.srt",
        "Big Buck Test (2008)/Big Buck Test (2008).mp4",
        "Broken (2016)/Broken (2016).mp4",
        "Other Movie (2012)/Other.Movie.2012.1080p.x264.mkv",
        "Stacked (2001)/Stacked (2001) cd1.mp4",
        "Stacked (2001)/Stacked (2001) cd2.mp4",
        "Truncated (2015)/Truncated (2015).mkv",
      ]);
      const status = s.scanner.status(s.ids.movies);
      // Empty.mkv, .Hidden Movie.mp4, notes.txt and the sample.
      assertEquals(status.skipped, 4);
      assertEquals(status.errors, 1);
      assertEquals(
        s.scanner.errors(s.ids.movies).map((e) => [e.kind, e.path]),
        [["probe", "Broken (2016)/Broken (2016).mp4"]],
      );
    });

    await t.step("shows: series → seasons (specials = 0) → episodes, multi-episode", () => {
      const series = s.items.list({ library_ids: all, library_id: s.ids.shows }).items;
      assertEquals(series.map((x) => [x.kind, x.title, x.year]), [["series", "Test Show", 2020]]);
      const seasons = s.items.list({ library_ids: all, parent_id: series[0].id }).items;
      assertEquals(seasons.map((x) => [x.title, x.season_number, x.child_count]), [
        ["Specials", 0, 1],
        ["Season 1", 1, 3],
        ["Season 2", 2, 1],
      ]);
      const s1 = s.items.list({ library_ids: all, parent_id: seasons[1].id }).items;
      assertEquals(s1.map((x) => [x.episode_number, x.episode_end, x.series_id]), [
        [1, null, series[0].id],
        [2, 3, series[0].id],
        [4, null, series[0].id],
      ]);
      const episodes = s.items.list({
        library_ids: all,
        library_id: s.ids.shows,
        kind: "episode",
        recursive: true,
      });
      assertEquals(episodes.total, 5);
    });

    await t.step("music: artist → album → tracks, tags over folder names", () => {
      const artists = s.items.list({ library_ids: all, library_id: s.ids.music }).items;
      assertEquals(artists.map((x) => [x.kind, x.title]), [
        ["artist", "Artist A"],
        ["artist", "Tagged Artist"],
      ]);
      const albums = s.items.list({ library_ids: all, parent_id: artists[0].id }).items;
      assertEquals(albums.map((x) => [x.title, x.year]), [["Album X", 2019]]);
      const tracks = s.items.list({ library_ids: all, parent_id: albums[0].id }).items;
      assertEquals(tracks.map((x) => [x.track_number, x.title, x.artist, x.album]), [
        [1, "First", "Artist A", "Album X"],
        [2, "Second", "Artist A", "Album X"],
      ]);
      const tagged = s.items.list({ library_ids: all, parent_id: artists[1].id }).items;
      assertEquals(tagged.map((x) => [x.kind, x.title, x.year]), [["album", "Tagged Album", 1999]]);
      const [track] = s.items.list({ library_ids: all, parent_id: tagged[0].id }).items;
      assertEquals([track.title, track.track_number, track.artist], [
        "Tagged Title",
        5,
        "Tagged Artist",
      ]);
      assert(track.duration_ms !== null && track.duration_ms > 500, `${track.duration_ms}`);
    });

    await t.step("an unchanged rescan writes nothing", async () => {
      const snapshot = () =>
        s.db.prepare(
          `SELECT (SELECT group_concat(id || updated_at) FROM media_items) AS items,
             (SELECT group_concat(id || updated_at) FROM media_files) AS files,
             (SELECT group_concat(file_id || probed_at) FROM media_probe) AS probes`,
        ).get();
      const before = snapshot();
      const changes = s.db.prepare("SELECT total_changes() AS n").get() as { n: number };
      for (const id of Object.values(s.ids)) {
        assertEquals((await s.scanner.scan(id)).state, "idle");
      }
      assertEquals(snapshot(), before);
      // Only the walk-error bookkeeping (delete of zero rows) may run; no row changes at all.
      assertEquals(
        (s.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n,
        changes.n,
      );
    });
  } finally {
    await s.cleanup();
  }
});
