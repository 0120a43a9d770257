import { assertEquals } from "../../tests/helpers/assert.ts";
import { openDatabase } from "./database.ts";
import { LibrariesRepo } from "./libraries.ts";
import { MediaIndexRepo } from "./media_files.ts";
import { ItemsRepo } from "./items.ts";
import { UsersRepo } from "./users.ts";
import { EMPTY_USER_DATA, UserDataRepo } from "./user_data.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import { planLibrary } from "../scanner/plan_library.ts";
import { diffIndex } from "../scanner/diff_index.ts";
import { newId } from "../ids.ts";

const SHOW = [
  "Show/Season 00/Show S00E01.mkv",
  "Show/Season 01/Show S01E01.mkv",
  "Show/Season 01/Show S01E02.mkv",
  "Show/Season 02/Show S02E01.mkv",
  "Show/Season 02/Show S02E02.mkv",
  "Other/Season 01/Other S01E01.mkv",
  "Other/Season 01/Other S01E02.mkv",
];

/** A shows library indexed through the scanner's own planning, and two users. */
async function setup() {
  const db = await openDatabase(":memory:");
  const lib = new LibrariesRepo(db).create({ name: "Shows", kind: "shows", path: "/media/Shows" });
  const index = new MediaIndexRepo(db);
  const entries = SHOW.map((rel) => ({
    rel,
    size: 1000,
    mtime_ms: 1,
    naming: parseMediaPath(rel, "shows"),
  }));
  const now = "2024-01-01T00:00:00.000Z";
  const { changes } = diffIndex(planLibrary("shows", entries), index.snapshot(lib.id), {
    root: "/media/Shows",
    now,
    newId,
    fingerprints: new Map(),
  });
  index.applyIndexChanges(lib.id, changes, now);
  const users = new UsersRepo(db);
  const a = users.create({ username: "a", password_hash: "x", is_admin: false });
  const b = users.create({ username: "b", password_hash: "x", is_admin: false });
  const items = new ItemsRepo(db);
  const all = items.list({ library_ids: [lib.id], recursive: true, limit: 500 }).items;
  const ep = (series: string, s: number, e: number) =>
    all.find((i) =>
      i.kind === "episode" && i.season_number === s && i.episode_number === e &&
      all.find((x) => x.id === i.series_id)?.title === series
    )!.id;
  const seriesId = (title: string) => all.find((i) => i.kind === "series" && i.title === title)!.id;
  return { db, lib: lib.id, a: a.id, b: b.id, repo: new UserDataRepo(db), items, ep, seriesId };
}

const played = { ...EMPTY_USER_DATA, played: true, play_count: 1 };

Deno.test("UserDataRepo.nextUp() gives the episode after the furthest played one", async () => {
  const t = await setup();
  const at = (iso: string) => new Date(iso);
  t.repo.put(t.a, t.ep("Show", 1, 1), { ...played, last_played_at: "2024-02-01T00:00:00Z" });
  t.repo.put(t.a, t.ep("Show", 0, 1), { ...played, last_played_at: "2024-02-02T00:00:00Z" });
  t.repo.put(t.a, t.ep("Other", 1, 2), { ...played, last_played_at: "2024-01-01T00:00:00Z" });
  assertEquals(t.repo.nextUp(t.a, [t.lib]).map((i) => i.id), [t.ep("Show", 1, 2)]);
  // Watching S02E01 out of order: next up follows the furthest played episode, not a gap.
  t.repo.put(t.a, t.ep("Show", 2, 1), { ...played, last_played_at: "2024-02-03T00:00:00Z" });
  t.repo.put(t.a, t.ep("Other", 1, 1), { ...played, last_played_at: "2024-03-01T00:00:00Z" });
  assertEquals(t.repo.nextUp(t.a, [t.lib]).map((i) => i.id), [t.ep("Show", 2, 2)]);
  t.repo.put(t.a, t.ep("Show", 2, 2), played, at("2024-04-01T00:00:00Z"));
  assertEquals(t.repo.nextUp(t.a, [t.lib]), [], "nothing left after the last episode");
  assertEquals(t.repo.nextUp(t.b, [t.lib]), [], "another user's state is not used");
  assertEquals(t.repo.nextUp(t.a, []), [], "no readable library, no rows");
});

Deno.test("UserDataRepo marks containers through their episodes and counts unplayed ones", async () => {
  const t = await setup();
  const show = t.seriesId("Show");
  const targets = t.repo.playableTargets(show);
  assertEquals(targets.length, 5);
  t.repo.update(t.a, targets.slice(0, 2), (p) => ({ ...p, played: true }));
  const showRow = t.items.get(show)!;
  assertEquals(t.repo.unplayedCounts(t.a, [showRow]).get(show), 3);
  assertEquals(t.repo.unplayedCounts(t.b, [showRow]).get(show), 5);
  assertEquals(t.repo.playableTargets(t.ep("Show", 1, 1)), [t.ep("Show", 1, 1)]);
  const played = t.items.list({
    library_ids: [t.lib],
    recursive: true,
    kind: "episode",
    played: true,
    user_id: t.a,
  });
  assertEquals(played.total, 2);
  const unplayedSeries = t.items.list({ library_ids: [t.lib], played: false, user_id: t.a });
  assertEquals(unplayedSeries.items.map((i) => i.title).sort(), ["Other", "Show"]);
});

Deno.test("the search index follows title changes and deletions", async () => {
  const t = await setup();
  const other = t.seriesId("Other");
  const find = (q: string) => t.items.list({ library_ids: [t.lib], q }).items.map((i) => i.id);
  assertEquals(find("oth"), [other]);
  t.db.prepare(
    "UPDATE media_items SET title = 'Élan Vital', search_title = 'elan vital' WHERE id = ?",
  )
    .run(other);
  assertEquals(find("oth"), []);
  assertEquals(find("ELAN vit"), [other]);
  t.db.prepare("UPDATE media_items SET original_title = 'Lebenskraft' WHERE id = ?").run(other);
  assertEquals(find("lebens"), [other]);
  t.db.prepare("DELETE FROM media_items WHERE id = ?").run(other);
  assertEquals(find("elan"), []);
});
