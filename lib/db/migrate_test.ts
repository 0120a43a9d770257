import { DatabaseSync } from "node:sqlite";
import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { applyMigrations, parseMigrationName, readMigrations } from "./migrate.ts";
import { openDatabase } from "./database.ts";

Deno.test("parseMigrationName() accepts NNNN_name.sql only", () => {
  assertEquals(parseMigrationName("0001_core.sql"), { version: 1, name: "core" });
  assertEquals(parseMigrationName("0012_media_files.sql"), { version: 12, name: "media_files" });
  assertEquals(parseMigrationName("1_core.sql"), undefined);
  assertEquals(parseMigrationName("0001_core.sql.bak"), undefined);
  assertEquals(parseMigrationName("README.md"), undefined);
});

Deno.test("applyMigrations() applies each migration once and records it", () => {
  const db = new DatabaseSync(":memory:");
  const v1 = { version: 1, name: "a", sql: "CREATE TABLE a (x INTEGER)" };
  const v2 = { version: 2, name: "b", sql: "ALTER TABLE a ADD COLUMN y TEXT" };
  assertEquals(applyMigrations(db, [v1]), [1]);
  db.exec("INSERT INTO a (x) VALUES (7)");
  // An older database upgrades in place: v1 is skipped, v2 applied, data kept.
  assertEquals(applyMigrations(db, [v1, v2]), [2]);
  assertEquals(applyMigrations(db, [v1, v2]), []);
  assertEquals(db.prepare("SELECT x, y FROM a").get(), { __proto__: null, x: 7, y: null });
});

Deno.test("applyMigrations() rolls back a failing migration", () => {
  const db = new DatabaseSync(":memory:");
  const bad = { version: 1, name: "bad", sql: "CREATE TABLE t (x); INSERT INTO nope VALUES (1)" };
  assertThrows(() => applyMigrations(db, [bad]), Error, "Migration 1_bad failed");
  assertEquals(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get(), undefined);
  assertEquals(db.prepare("SELECT count(*) AS n FROM schema_migrations").get(), {
    __proto__: null,
    n: 0,
  });
});

Deno.test("the repository's migrations apply cleanly to a new database with FKs on", async () => {
  const migrations = await readMigrations();
  assertEquals(migrations[0].version, 1);
  const db = await openDatabase(":memory:", { migrations });
  assertEquals(db.prepare("PRAGMA foreign_keys").get(), { __proto__: null, foreign_keys: 1 });
  const applied = db.prepare("SELECT version FROM schema_migrations ORDER BY version").all().map((
    r,
  ) => r.version);
  assertEquals(applied, migrations.map((m) => m.version));
  db.close();
});
