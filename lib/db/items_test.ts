import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { openDatabase } from "./database.ts";
import { LibrariesRepo } from "./libraries.ts";
import { MediaIndexRepo } from "./media_files.ts";
import { ItemsRepo, itemToJson, subtitleTracks } from "./items.ts";
import type { MediaProbe } from "../media/types.ts";
import type { LibraryKind } from "../naming/types.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import { planLibrary } from "../scanner/plan_library.ts";
import { diffIndex } from "../scanner/diff_index.ts";
import { newId } from "../ids.ts";

/** A database with libraries indexed from path lists (no files on disk needed). */
async function indexed(libs: { name: string; kind: LibraryKind; paths: string[] }[]) {
  const db = await openDatabase(":memory:");
  const libraries = new LibrariesRepo(db);
  const repo = new MediaIndexRepo(db);
  const ids: Record<string, string> = {};
  let tick = 0;
  for (const lib of libs) {
    const id = libraries.create({ name: lib.name, kind: lib.kind, path: `/media/${lib.name}` }).id;
    ids[lib.name] = id;
    // One batch per file so added_at follows the list order.
    for (let i = 1; i <= lib.paths.length; i++) {
      const entries = lib.paths.slice(0, i).map((rel) => ({
        rel,
        size: 1000 + rel.length,
        mtime_ms: 1,
        naming: parseMediaPath(rel, lib.kind),
      }));
      const plan = planLibrary(lib.kind, entries);
      const now = new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)).toISOString();
      const { changes } = diffIndex(plan, repo.snapshot(id), {
        root: `/media/${lib.name}`,
        now,
        newId,
        fingerprints: new Map(),
      });
      repo.applyIndexChanges(id, changes, now);
    }
  }
  const fileId = (rel: string) =>
    (db.prepare("SELECT id FROM media_files WHERE rel_path = ?").get(rel) as { id: string }).id;
  const itemIdOf = (rel: string) =>
    (db.prepare("SELECT item_id FROM media_files WHERE rel_path = ?").get(rel) as {
      item_id: string;
    }).item_id;
  return { db, ids, repo, items: new ItemsRepo(db), fileId, itemIdOf };
}

function probe(height: number, subtitles: string[] = []): MediaProbe {
  return {
    container: "mkv",
    format_name: "matroska,webm",
    duration_ms: 60_000,
    bitrate_kbps: 4000,
    size_bytes: 1000,
    streams: [
      {
        index: 0,
        type: "video",
        codec: "h264",
        width: height * 16 / 9,
        height,
        default: true,
        forced: false,
      },
      {
        index: 1,
        type: "audio",
        codec: "aac",
        channels: 2,
        language: "eng",
        default: true,
        forced: false,
      },
      ...subtitles.map((lang, i) => ({
        index: 2 + i,
        type: "subtitle" as const,
        codec: "subrip",
        language: lang,
        default: false,
        forced: i === 1,
      })),
      { index: 9, type: "attachment" as const, codec: "ttf", default: false, forced: false },
    ],
    tags: {},
  };
}

const MOVIES = [
  "The Matrix (1999)/The Matrix (1999).mkv",
  "Amélie (2001)/Amélie (2001).mkv",
  "Spider-Man (2002)/Spider-Man (2002).mkv",
  "Alien (1979)/Alien (1979).mkv",
  "Alien (1979)/Alien (1979)-trailer.mkv",
];
const SHOWS = [
  "Show/Season 1/Show S01E10.mkv",
  "Show/Season 1/Show S01E02 Zebra.mkv",
  "Show/Season 1/Show S01E01 Alpha.mkv",
  "Show/Specials/Show S00E01.mkv",
];

Deno.test("ItemsRepo.list() returns the top level of readable libraries only", async () => {
  const t = await indexed([
    { name: "Movies", kind: "movies", paths: MOVIES },
    { name: "Shows", kind: "shows", paths: SHOWS },
  ]);
  const both = [t.ids.Movies, t.ids.Shows];
  const table: { query: Parameters<ItemsRepo["list"]>[0]; titles: string[]; total?: number }[] = [
    { query: { library_ids: both }, titles: ["Alien", "Amélie", "Matrix", "Show", "Spider-Man"] },
    { query: { library_ids: [t.ids.Shows] }, titles: ["Show"] },
    { query: { library_ids: [t.ids.Shows], library_id: t.ids.Movies }, titles: [] },
    {
      query: { library_ids: both, library_id: t.ids.Movies, sort: "-title" },
      titles: ["Spider-Man", "Matrix", "Amélie", "Alien"],
    },
    {
      query: { library_ids: both, library_id: t.ids.Movies, sort: "year" },
      titles: ["Alien", "Matrix", "Amélie", "Spider-Man"],
    },
    {
      query: { library_ids: both, library_id: t.ids.Movies, sort: "-year" },
      titles: ["Spider-Man", "Amélie", "Matrix", "Alien"],
    },
    {
      query: { library_ids: both, library_id: t.ids.Movies, sort: "-added" },
      titles: ["Alien", "Spider-Man", "Amélie", "Matrix"],
    },
    { query: { library_ids: both, limit: 2, offset: 1 }, titles: ["Amélie", "Matrix"], total: 5 },
    { query: { library_ids: both, q: "amelie" }, titles: ["Amélie"] },
    { query: { library_ids: both, q: "SPIDER man" }, titles: ["Spider-Man"] },
    { query: { library_ids: both, q: "alpha" }, titles: ["Alpha"] },
    { query: { library_ids: [t.ids.Movies], q: "alpha" }, titles: [] },
    {
      query: { library_ids: both, kind: "episode", recursive: true },
      titles: ["Alpha", "Episode 1", "Episode 10", "Zebra"],
    },
    { query: { library_ids: [] }, titles: [] },
  ];
  for (const row of table) {
    const { items, total } = t.items.list(row.query);
    const title = (i: { title: string; sort_title: string }) =>
      i.sort_title === "matrix, the" ? "Matrix" : i.title;
    assertEquals(items.map(title), row.titles, JSON.stringify(row.query));
    assertEquals(total, row.total ?? row.titles.length, JSON.stringify(row.query));
  }
});

Deno.test("ItemsRepo.list() orders children naturally: seasons, then episodes by number", async () => {
  const t = await indexed([{ name: "Shows", kind: "shows", paths: SHOWS }]);
  const [show] = t.items.list({ library_ids: [t.ids.Shows] }).items;
  assertEquals(show.child_count, 2);
  const seasons = t.items.list({ library_ids: [t.ids.Shows], parent_id: show.id }).items;
  assertEquals(seasons.map((s) => s.title), ["Specials", "Season 1"]);
  const episodes = t.items.list({ library_ids: [t.ids.Shows], parent_id: seasons[1].id }).items;
  assertEquals(episodes.map((e) => e.episode_number), [1, 2, 10]);
  const byTitle = t.items.list({
    library_ids: [t.ids.Shows],
    parent_id: seasons[1].id,
    sort: "-title",
  }).items;
  assertEquals(byTitle.map((e) => e.title), ["Zebra", "Episode 10", "Alpha"]);
  assertEquals(t.items.list({ library_ids: [], parent_id: show.id }).total, 0);
});

Deno.test("primaryFile() prefers the highest-resolution version and the first part", async () => {
  const t = await indexed([{
    name: "Movies",
    kind: "movies",
    paths: [
      "Movie (2010)/Movie (2010) - 1080p.mkv",
      "Movie (2010)/Movie (2010) - 4K.mkv",
      "Stack (2000)/Stack (2000) cd2.avi",
      "Stack (2000)/Stack (2000) cd1.avi",
    ],
  }]);
  const movie = t.itemIdOf("Movie (2010)/Movie (2010) - 4K.mkv");
  assertEquals(t.items.primaryFile(movie)?.version_label, "4K");
  assertEquals(t.items.files(movie).map((f) => f.version_label), ["4K", "1080p"]);
  const stack = t.itemIdOf("Stack (2000)/Stack (2000) cd1.avi");
  assertEquals(t.items.primaryFile(stack)?.part_number, 1);
  // A version whose folder is unreadable (missing) is not chosen while another is present.
  t.db.prepare("UPDATE media_files SET missing_since = 'x' WHERE version_label = '4K'").run();
  assertEquals(t.items.primaryFile(movie)?.version_label, "1080p");
});

Deno.test("itemToJson() maps probes, subtitles and files; paths only for admins", async () => {
  const t = await indexed([{
    name: "Movies",
    kind: "movies",
    paths: [
      "Movie (2010)/Movie (2010).mkv",
      "Movie (2010)/Movie (2010).en.srt",
      "Movie (2010)/Movie (2010).de.forced.ass",
    ],
  }]);
  const id = t.itemIdOf("Movie (2010)/Movie (2010).mkv");
  const file = t.fileId("Movie (2010)/Movie (2010).mkv");
  const json = (isAdmin: boolean) => {
    const { item, files } = t.items.getWithFiles(id)!;
    return itemToJson(item, { isAdmin, files });
  };
  const pending = json(false);
  assertEquals(pending.probe, { status: "pending" });
  assertEquals(pending.streams, []);
  assertEquals(pending.subtitles.map((s) => [s.index, s.source, s.format, s.language, s.forced]), [
    [0, "sidecar", "ass", "ger", true],
    [1, "sidecar", "srt", "eng", false],
  ]);
  assertEquals("path" in pending, false);

  t.repo.saveProbe(
    { file_id: file, size_bytes: 1000 + "Movie (2010)/Movie (2010).mkv".length, mtime_ms: 1 },
    { status: "ok", probe: probe(720, ["eng", "fre"]), tags: null },
    "2024-02-01T00:00:00.000Z",
  );
  const ok = json(true);
  assertEquals(ok.probe, { status: "ok" });
  assertEquals([ok.duration_ms, ok.container, ok.bitrate_kbps], [60_000, "mkv", 4000]);
  assertEquals(ok.streams.map((s) => [s.index, s.type, s.codec]), [
    [0, "video", "h264"],
    [1, "audio", "aac"],
    [2, "subtitle", "subrip"],
    [3, "subtitle", "subrip"],
  ]);
  assertEquals(ok.subtitles.map((s) => [s.index, s.source, s.stream_index ?? null, s.language]), [
    [0, "sidecar", null, "ger"],
    [1, "sidecar", null, "eng"],
    [2, "embedded", 2, "eng"],
    [3, "embedded", 3, "fre"],
  ]);
  assertEquals(ok.subtitles[3].url, `/api/items/${id}/subtitles/3.vtt`);
  assertEquals(ok.path, "/media/Movies/Movie (2010)/Movie (2010).mkv");
  assertEquals(ok.files, [{
    id: file,
    part: null,
    version: null,
    size_bytes: 1029,
    container: "mkv",
  }]);
  const tracks = subtitleTracks(t.items.files(id));
  assertEquals(tracks[0].path, "/media/Movies/Movie (2010)/Movie (2010).de.forced.ass");
  assertEquals(tracks[2].path, "/media/Movies/Movie (2010)/Movie (2010).mkv");

  t.repo.saveProbe(
    { file_id: file, size_bytes: 1029, mtime_ms: 1 },
    { status: "error", error: "Invalid data found when processing input" },
    "2024-02-02T00:00:00.000Z",
  );
  assertEquals(json(false).probe, {
    status: "error",
    error: "Invalid data found when processing input",
  });
  // A probe made for another size of the file no longer counts.
  t.db.prepare("UPDATE media_files SET size_bytes = 5 WHERE id = ?").run(file);
  assertEquals(json(false).probe, { status: "pending" });
});

Deno.test("subtitleTracks() lists a VobSub .idx/.sub pair once, as its .idx", async () => {
  const t = await indexed([{
    name: "Movies",
    kind: "movies",
    paths: [
      "Movie (2010)/Movie (2010).mkv",
      "Movie (2010)/Movie (2010).en.idx",
      "Movie (2010)/Movie (2010).en.sub",
      // No .idx beside it: MicroDVD text.
      "Movie (2010)/Movie (2010).fr.sub",
    ],
  }]);
  const tracks = subtitleTracks(t.items.files(t.itemIdOf("Movie (2010)/Movie (2010).mkv")));
  assertEquals(tracks.map((s) => [s.index, s.format, s.language]), [
    [0, "idx", "eng"],
    [1, "sub", "fre"],
  ]);
});

Deno.test("itemToJson() gives containers a child count and no media fields", async () => {
  const t = await indexed([{ name: "Shows", kind: "shows", paths: SHOWS }]);
  const [show] = t.items.list({ library_ids: [t.ids.Shows] }).items;
  const json = itemToJson(show, { isAdmin: true, files: t.items.files(show.id) });
  assertEquals([json.kind, json.child_count, json.probe, json.path], ["series", 2, null, null]);
  assertEquals([json.streams, json.subtitles, json.files], [[], [], []]);
  assert(t.items.childCount(show.id) === 2);
});
