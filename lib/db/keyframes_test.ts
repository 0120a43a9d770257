import { assertEquals } from "../../tests/helpers/assert.ts";
import { openDatabase } from "./database.ts";
import { KeyframesRepo } from "./keyframes.ts";
import { LibrariesRepo } from "./libraries.ts";

const NOW = "2024-01-01T00:00:00.000Z";

Deno.test("KeyframesRepo stores, replaces and forgets lists; rows follow their file out and along moves", async () => {
  const db = await openDatabase(":memory:");
  try {
    const repo = new KeyframesRepo(db);
    assertEquals(repo.get("/m/a.mkv"), undefined);
    repo.put("/m/a.mkv", { size_bytes: 10, mtime_ms: 5, keyframes_ms: [0, 2002, 4004] });
    assertEquals(repo.get("/m/a.mkv"), {
      size_bytes: 10,
      mtime_ms: 5,
      keyframes_ms: [0, 2002, 4004],
    });
    repo.put("/m/a.mkv", { size_bytes: 11, mtime_ms: 6, keyframes_ms: [] });
    assertEquals(repo.get("/m/a.mkv"), { size_bytes: 11, mtime_ms: 6, keyframes_ms: [] });
    repo.delete("/m/a.mkv");
    assertEquals(repo.get("/m/a.mkv"), undefined);

    // The trigger of migration 0006: deleting the media_files row deletes the list of its path.
    const lib = new LibrariesRepo(db).create({ name: "M", kind: "movies", path: "/m" }).id;
    db.prepare(
      `INSERT INTO media_files (id, library_id, path, rel_path, file_class, size_bytes, mtime_ms,
         added_at, updated_at) VALUES ('f1', ?, '/m/b.mkv', 'b.mkv', 'video', 10, 5, ?, ?)`,
    ).run(lib, NOW, NOW);
    repo.put("/m/b.mkv", { size_bytes: 10, mtime_ms: 5, keyframes_ms: [0] });
    repo.put("/m/c.mkv", { size_bytes: 10, mtime_ms: 5, keyframes_ms: [0] });
    db.prepare("DELETE FROM media_files WHERE id = 'f1'").run();
    assertEquals(repo.get("/m/b.mkv"), undefined);
    assertEquals(repo.get("/m/c.mkv")?.keyframes_ms, [0]);

    // Migration 0007: a file moved in the index (same row, new path) takes its list along, also
    // over a stale row left at the new path.
    db.prepare(
      `INSERT INTO media_files (id, library_id, path, rel_path, file_class, size_bytes, mtime_ms,
         added_at, updated_at) VALUES ('f2', ?, '/m/d.mkv', 'd.mkv', 'video', 10, 5, ?, ?)`,
    ).run(lib, NOW, NOW);
    repo.put("/m/d.mkv", { size_bytes: 10, mtime_ms: 5, keyframes_ms: [0, 1001] });
    repo.put("/m/e/d.mkv", { size_bytes: 99, mtime_ms: 1, keyframes_ms: [7] });
    db.prepare("UPDATE media_files SET path = '/m/e/d.mkv', rel_path = 'e/d.mkv' WHERE id = 'f2'")
      .run();
    assertEquals(repo.get("/m/d.mkv"), undefined);
    assertEquals(repo.get("/m/e/d.mkv"), { size_bytes: 10, mtime_ms: 5, keyframes_ms: [0, 1001] });
  } finally {
    db.close();
  }
});
