/**
 * Ordered SQL migrations: `migrations/NNNN_name.sql`, each applied once in its own transaction
 * and recorded in `schema_migrations`, so a database from an older version upgrades in place.
 */
import type { DatabaseSync } from "node:sqlite";

/** One migration file. */
export interface Migration {
  /** Numeric prefix of the file name; defines the order. */
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Parses a migration file name such as `0001_core.sql`; undefined for other files. */
export function parseMigrationName(
  fileName: string,
): { version: number; name: string } | undefined {
  const m = MIGRATION_FILE.exec(fileName);
  return m ? { version: Number(m[1]), name: m[2] } : undefined;
}

/** Reads the migration files of `dir` (default: the repository's `migrations/`), sorted. */
export async function readMigrations(
  dir: URL = new URL("../../migrations/", import.meta.url),
): Promise<Migration[]> {
  const found: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const parsed = entry.isFile ? parseMigrationName(entry.name) : undefined;
    if (!parsed) continue;
    const sql = await Deno.readTextFile(new URL(entry.name, dir));
    found.push({ ...parsed, sql });
  }
  found.sort((a, b) => a.version - b.version);
  for (let i = 1; i < found.length; i++) {
    if (found[i].version === found[i - 1].version) {
      throw new Error(`Two migrations share version ${found[i].version}`);
    }
  }
  return found;
}

/** Applies the migrations that `db` has not recorded yet; returns the versions applied. */
export function applyMigrations(db: DatabaseSync, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const rows = db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[];
  const done = new Set(rows.map((r) => r.version));
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw new Error(`Migration ${m.version}_${m.name} failed: ${(err as Error).message}`);
    }
    applied.push(m.version);
  }
  return applied;
}
