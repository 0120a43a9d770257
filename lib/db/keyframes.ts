/**
 * Data access for `media_keyframes`: the keyframe lists of video files, for the size and mtime
 * they were read at (see lib/media/keyframe_cache.ts, which decides when a row is still valid).
 */
import { type Database, StatementCache } from "./database.ts";
import type { KeyframeEntry, KeyframeStore } from "../media/keyframe_cache.ts";

/** Reads and writes `media_keyframes`. */
export class KeyframesRepo implements KeyframeStore {
  readonly #statements: StatementCache;

  constructor(db: Database) {
    this.#statements = new StatementCache(db);
  }

  /** The stored entry of `path` (whatever its size and mtime), if any. */
  get(path: string): KeyframeEntry | undefined {
    const row = this.#statements.prepare(
      "SELECT size_bytes, mtime_ms, keyframes_json FROM media_keyframes WHERE path = ?",
    ).get(path) as { size_bytes: number; mtime_ms: number; keyframes_json: string } | undefined;
    if (!row) return undefined;
    let keyframes: unknown;
    try {
      keyframes = JSON.parse(row.keyframes_json);
    } catch {
      return undefined;
    }
    if (!Array.isArray(keyframes) || !keyframes.every((k) => Number.isFinite(k))) return undefined;
    return { size_bytes: row.size_bytes, mtime_ms: row.mtime_ms, keyframes_ms: keyframes };
  }

  /** Stores (replaces) the entry of `path`. */
  put(path: string, entry: KeyframeEntry): void {
    this.#statements.prepare(
      `INSERT INTO media_keyframes (path, size_bytes, mtime_ms, keyframes_json, read_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes,
         mtime_ms = excluded.mtime_ms, keyframes_json = excluded.keyframes_json,
         read_at = excluded.read_at`,
    ).run(
      path,
      entry.size_bytes,
      entry.mtime_ms,
      JSON.stringify(entry.keyframes_ms),
      new Date().toISOString(),
    );
  }

  /** Forgets the entry of `path`. */
  delete(path: string): void {
    this.#statements.prepare("DELETE FROM media_keyframes WHERE path = ?").run(path);
  }
}
