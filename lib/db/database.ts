/**
 * Opens Rustfin's SQLite database (node:sqlite) with the settings every connection needs and
 * brings its schema up to date from the ordered SQL files in `migrations/`.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { applyMigrations, type Migration, readMigrations } from "./migrate.ts";

/** The database handle used across lib/db. */
export type Database = DatabaseSync;

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Migrations to apply; defaults to the files in the repository's `migrations/` folder. */
  migrations?: Migration[];
}

/**
 * Opens (creating when missing) the database at `path` (":memory:" for tests), enables WAL and
 * foreign keys, and applies pending migrations.
 */
export async function openDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const db = new DatabaseSync(path);
  // WAL lets the API read while the scanner writes; NORMAL sync is safe with WAL and much
  // faster for the scanner's many small transactions.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA temp_store = MEMORY");
  const migrations = options.migrations ?? await readMigrations();
  applyMigrations(db, migrations);
  return db;
}

/**
 * Runs `fn` inside a transaction: committed when it returns, rolled back when it throws.
 * Nested calls join the outer transaction.
 */
export function transaction<T>(db: Database, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
}

/**
 * Prepared statements of one database, prepared once per SQL text and reused: repositories
 * call `prepare(sql)` on every query without paying for re-parsing.
 */
export class StatementCache {
  readonly #db: Database;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** The prepared statement for `sql`. */
  prepare(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
}
