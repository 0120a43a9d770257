import { assertEquals } from "../../tests/helpers/assert.ts";
import { openDatabase } from "./database.ts";
import { LibrariesRepo } from "./libraries.ts";
import { MediaIndexRepo } from "./media_files.ts";
import type { MediaProbe } from "../media/types.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import { planLibrary } from "../scanner/plan_library.ts";
import { diffIndex } from "../scanner/diff_index.ts";
import { newId } from "../ids.ts";

const NOW = "2024-01-01T00:00:00.000Z";

async function setup(paths: string[]) {
  const db = await openDatabase(":memory:");
  const libraryId = new LibrariesRepo(db).create({ name: "M", kind: "movies", path: "/m" }).id;
  const repo = new MediaIndexRepo(db);
  const plan = planLibrary(
    "movies",
    paths.map((rel) => ({ rel, size: 100, mtime_ms: 1, naming: parseMediaPath(rel, "movies") })),
  );
  const { changes } = diffIndex(plan, repo.snapshot(libraryId), {
    root: "/m",
    now: NOW,
    newId,
    fingerprints: new Map(),
  });
  repo.applyIndexChanges(libraryId, changes, NOW);
  const fileId = (rel: string) =>
    (db.prepare("SELECT id FROM media_files WHERE rel_path = ?").get(rel) as { id: string }).id;
  return { db, repo, libraryId, fileId };
}

function probe(durationMs: number, tags: Record<string, string> = {}): MediaProbe {
  return {
    container: "mp4",
    format_name: "mov,mp4,m4a,3gp,3g2,mj2",
    duration_ms: durationMs,
    bitrate_kbps: 1500.4,
    size_bytes: 100,
    streams: [],
    tags,
  };
}

Deno.test("saveProbe() stores results and sums the durations of stacked parts", async () => {
  const t = await setup(["S (2000)/S (2000) cd1.mp4", "S (2000)/S (2000) cd2.mp4"]);
  const item = () =>
    t.db.prepare("SELECT duration_ms, container, bitrate_kbps FROM media_items").get();
  const part1 = { file_id: t.fileId("S (2000)/S (2000) cd1.mp4"), size_bytes: 100, mtime_ms: 1 };
  const part2 = { file_id: t.fileId("S (2000)/S (2000) cd2.mp4"), size_bytes: 100, mtime_ms: 1 };
  t.repo.saveProbe(part1, { status: "ok", probe: probe(3000), tags: null }, NOW);
  // Unknown until every part is probed.
  assertEquals(item()?.duration_ms, null);
  assertEquals(item()?.container, "mp4");
  t.repo.saveProbe(part2, { status: "ok", probe: probe(2000), tags: null }, NOW);
  assertEquals({ ...item() }, { duration_ms: 5000, container: "mp4", bitrate_kbps: 1500 });
  assertEquals(t.repo.probeJobs(t.libraryId, true).filter((j) => j.needs_probe), []);

  t.repo.saveProbe(part2, { status: "error", error: "Invalid data" }, NOW);
  assertEquals(t.repo.listScanErrors(t.libraryId).map((e) => [e.kind, e.path, e.message]), [
    ["probe", "S (2000)/S (2000) cd2.mp4", "Invalid data"],
  ]);
  t.repo.saveProbe(part2, { status: "ok", probe: probe(2000), tags: null }, NOW);
  assertEquals(t.repo.countScanErrors(t.libraryId), 0);
});

Deno.test("saveProbe() reports whether music tags changed", async () => {
  const t = await setup(["M (2000)/M (2000).mp4"]);
  const job = { file_id: t.fileId("M (2000)/M (2000).mp4"), size_bytes: 100, mtime_ms: 1 };
  const table: [{ title?: string } | null, boolean][] = [
    [{ title: "A" }, true],
    [{ title: "A" }, false],
    [{ title: "B" }, true],
    [null, true],
    [null, false],
  ];
  for (const [tags, changed] of table) {
    const saved = t.repo.saveProbe(job, { status: "ok", probe: probe(1), tags }, NOW);
    assertEquals(saved, { tagsChanged: changed }, JSON.stringify(tags));
  }
  assertEquals(
    t.repo.saveProbe({ ...job, file_id: "gone" }, { status: "error", error: "x" }, NOW),
    undefined,
  );
});

Deno.test("probeJobs() lists files without a fingerprint or a current probe", async () => {
  const t = await setup([
    "A (2001)/A (2001).mp4",
    "B (2002)/B (2002).mp4",
    "B (2002)/B (2002).srt",
  ]);
  const a = t.fileId("A (2001)/A (2001).mp4");
  const b = t.fileId("B (2002)/B (2002).mp4");
  const jobs = () =>
    t.repo.probeJobs(t.libraryId, true).map((j) => [j.file_id, j.needs_fingerprint, j.needs_probe]);
  assertEquals(jobs(), [[a, true, true], [b, true, true]]);
  t.repo.saveFingerprints([{ file_id: a, fingerprint: "fa", size_bytes: 100, mtime_ms: 1 }]);
  // A fingerprint made for another mtime is not stored.
  t.repo.saveFingerprints([{ file_id: b, fingerprint: "fb", size_bytes: 100, mtime_ms: 2 }]);
  t.repo.saveProbe(
    { file_id: a, size_bytes: 100, mtime_ms: 1 },
    { status: "error", error: "x" },
    NOW,
  );
  assertEquals(jobs(), [[b, true, true]]);
  assertEquals(t.repo.probeJobs(t.libraryId, false).map((j) => [j.file_id, j.needs_probe]), [[
    b,
    false,
  ]]);
  t.db.prepare("UPDATE media_files SET mtime_ms = 5 WHERE id = ?").run(a);
  assertEquals(jobs(), [[a, false, true], [b, true, true]]);
});

Deno.test("replaceWalkErrors() keeps errors that persist and writes nothing for them", async () => {
  const t = await setup([]);
  const changes = () => (t.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  t.repo.replaceWalkErrors(t.libraryId, [{ path: "a", message: "denied" }], NOW);
  const first = t.repo.listScanErrors(t.libraryId);
  const before = changes();
  t.repo.replaceWalkErrors(t.libraryId, [{ path: "a", message: "denied" }], "later");
  assertEquals(changes(), before);
  assertEquals(t.repo.listScanErrors(t.libraryId), first);
  t.repo.replaceWalkErrors(t.libraryId, [{ path: "b", message: "denied" }], "later");
  assertEquals(t.repo.listScanErrors(t.libraryId).map((e) => [e.path, e.at]), [["b", "later"]]);
  t.repo.replaceWalkErrors(t.libraryId, [], "later");
  assertEquals(t.repo.countScanErrors(t.libraryId), 0);
});

Deno.test("withDeferredCheckpoints() restores auto-checkpoints after nested and overlapping use", async () => {
  const t = await setup([]);
  const setting = () =>
    (t.db.prepare("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number })
      .wal_autocheckpoint;
  t.db.exec("PRAGMA wal_autocheckpoint = 700");
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const outer = t.repo.withDeferredCheckpoints(async () => {
    assertEquals(setting(), 0);
    await gate;
    return "outer";
  });
  const inner = await t.repo.withDeferredCheckpoints(() => Promise.resolve("inner"));
  assertEquals([inner, setting()], ["inner", 0]);
  release();
  assertEquals(await outer, "outer");
  assertEquals(setting(), 700);
});
