/**
 * Data access for the scanner's side of the media index: the snapshot of a library it diffs
 * against, applying that diff, background fingerprint/probe bookkeeping and scan errors. All the
 * scanner's SQL lives here; the read side for the API is lib/db/items.ts.
 */
import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { Database } from "./database.ts";
import { transaction } from "./database.ts";
import type { MediaProbe } from "../media/types.ts";
import { primaryVersion } from "../scanner/versions.ts";

/** What an item is; docs/api.md `kind`. */
export type ItemKind =
  | "movie"
  | "series"
  | "season"
  | "episode"
  | "artist"
  | "album"
  | "track"
  | "video";

/** The file classes the index stores (the naming rules' "other" is never indexed). */
export type IndexedFileClass = "video" | "audio" | "subtitle" | "image" | "nfo";

/** Music tags taken from a probe; they win over folder names when tracks are grouped. */
export interface MusicTags {
  title?: string;
  artist?: string;
  album_artist?: string;
  album?: string;
  track?: number;
  disc?: number;
  year?: number;
}

/** The item fields the scanner derives from names and tags (probes own the media fields). */
export interface ItemFields {
  kind: ItemKind;
  parent_id: string | null;
  series_id: string | null;
  group_key: string;
  title: string;
  sort_title: string;
  search_title: string;
  original_title: string | null;
  year: number | null;
  season_number: number | null;
  episode_number: number | null;
  episode_end: number | null;
  air_date: string | null;
  artist: string | null;
  album_artist: string | null;
  album: string | null;
  track_number: number | null;
  disc_number: number | null;
  extra_type: string | null;
  size_bytes: number | null;
}

/** The names of {@link ItemFields}, in column order. */
export const ITEM_FIELD_NAMES: readonly (keyof ItemFields)[] = [
  "kind",
  "parent_id",
  "series_id",
  "group_key",
  "title",
  "sort_title",
  "search_title",
  "original_title",
  "year",
  "season_number",
  "episode_number",
  "episode_end",
  "air_date",
  "artist",
  "album_artist",
  "album",
  "track_number",
  "disc_number",
  "extra_type",
  "size_bytes",
];

/** An item as the scanner knows it. */
export interface KnownItem extends ItemFields {
  id: string;
}

/** The file fields the scanner writes. */
export interface FileFields {
  item_id: string | null;
  path: string;
  rel_path: string;
  file_class: IndexedFileClass;
  size_bytes: number;
  mtime_ms: number;
  fingerprint: string | null;
  part_number: number | null;
  version_label: string | null;
  /** JSON of the sidecar's language and flags, or null. */
  sidecar: string | null;
  missing_since: string | null;
}

/** The names of {@link FileFields}, in column order. */
export const FILE_FIELD_NAMES: readonly (keyof FileFields)[] = [
  "item_id",
  "path",
  "rel_path",
  "file_class",
  "size_bytes",
  "mtime_ms",
  "fingerprint",
  "part_number",
  "version_label",
  "sidecar",
  "missing_since",
];

/** A file as the scanner knows it, with the music tags of its current probe. */
export interface KnownFile extends FileFields {
  id: string;
  /** JSON {@link MusicTags} of an ok probe made for the file's current size and mtime. */
  tags_json: string | null;
}

/** Everything the index holds for one library, loaded once per scan. */
export interface IndexSnapshot {
  items: KnownItem[];
  files: KnownFile[];
}

/** Writes that bring the index in line with a scan; applied in the order of the fields. */
export interface IndexChanges {
  insertItems: KnownItem[];
  updateItems: KnownItem[];
  insertFiles: (FileFields & { id: string })[];
  updateFiles: (FileFields & { id: string })[];
  deleteFileIds: string[];
  /** Children before their parents. */
  deleteItemIds: string[];
}

/** A file the background worker must fingerprint and/or probe. */
export interface ProbeJob {
  file_id: string;
  library_id: string;
  item_id: string | null;
  path: string;
  file_class: "video" | "audio";
  size_bytes: number;
  mtime_ms: number;
  needs_fingerprint: boolean;
  needs_probe: boolean;
}

/** The result of one background probe. */
export type ProbeOutcome =
  | { status: "ok"; probe: MediaProbe; tags: MusicTags | null }
  | { status: "error"; error: string };

/** One row of `scan_errors`. */
export interface ScanErrorRow {
  id: number;
  library_id: string;
  file_id: string | null;
  kind: "walk" | "probe";
  path: string;
  message: string;
  at: string;
}

/** Rows per multi-row INSERT (well under SQLite's limit of 32 766 parameters). */
const INSERT_ROWS = 50;

/** The scanner's queries over one database. */
export class MediaIndexRepo {
  readonly #db: Database;
  readonly #statements = new Map<string, StatementSync>();
  #deferred = 0;
  #autocheckpoint = 1000;

  constructor(db: Database) {
    this.#db = db;
  }

  /** A prepared statement, cached: the scanner runs the same few statements many times. */
  #prepare(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** The items and files of a library (one query each: the scanner's fast path). */
  snapshot(libraryId: string): IndexSnapshot {
    return { items: this.snapshotItems(libraryId), files: this.snapshotFiles(libraryId) };
  }

  /** The items of a library as the scanner compares them. */
  snapshotItems(libraryId: string): KnownItem[] {
    return this.#prepare(
      `SELECT id, ${ITEM_FIELD_NAMES.join(", ")} FROM media_items WHERE library_id = ?`,
    ).all(libraryId) as unknown as KnownItem[];
  }

  /** The files of a library, with the tags of their current probes. */
  snapshotFiles(libraryId: string): KnownFile[] {
    // Tags count only when the probe was made for the file as it is now.
    return this.#prepare(
      `SELECT f.id, ${FILE_FIELD_NAMES.map((c) => "f." + c).join(", ")},
         CASE WHEN p.status = 'ok' AND p.size_bytes = f.size_bytes AND p.mtime_ms = f.mtime_ms
           THEN p.tags_json END AS tags_json
       FROM media_files f LEFT JOIN media_probe p ON p.file_id = f.id
       WHERE f.library_id = ?`,
    ).all(libraryId) as unknown as KnownFile[];
  }

  /**
   * Runs `fn` (a large index write spread over several transactions) with WAL auto-checkpoints
   * off, then checkpoints once. SQLite would otherwise checkpoint (and fsync) every 1000 pages,
   * several times during a first scan. Nested and concurrent calls share one deferral.
   */
  async withDeferredCheckpoints<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#deferred++ === 0) {
      const row = this.#db.prepare("PRAGMA wal_autocheckpoint").get() as
        | { wal_autocheckpoint: number }
        | undefined;
      this.#autocheckpoint = row?.wal_autocheckpoint ?? 1000;
      this.#db.exec("PRAGMA wal_autocheckpoint = 0");
    }
    try {
      return await fn();
    } finally {
      if (--this.#deferred === 0 && this.#db.isOpen) {
        this.#db.exec(`PRAGMA wal_autocheckpoint = ${Math.trunc(this.#autocheckpoint)}`);
        this.#db.exec("PRAGMA wal_checkpoint(PASSIVE)");
      }
    }
  }

  /** Number of files indexed for a library. */
  fileCount(libraryId: string): number {
    return (this.#prepare("SELECT count(*) AS n FROM media_files WHERE library_id = ?")
      .get(libraryId) as { n: number }).n;
  }

  /** Applies one batch of changes in one transaction; `now` stamps added_at/updated_at. */
  applyIndexChanges(libraryId: string, changes: IndexChanges, now: string): void {
    const db = this.#db;
    transaction(db, () => {
      this.#insertRows("media_items", ITEM_FIELD_NAMES, changes.insertItems, libraryId, now);
      if (changes.updateItems.length > 0) {
        const update = this.#prepare(
          `UPDATE media_items SET ${ITEM_FIELD_NAMES.map((k) => k + " = ?").join(", ")},
             updated_at = ? WHERE id = ?`,
        );
        for (const item of changes.updateItems) {
          update.run(...ITEM_FIELD_NAMES.map((k) => item[k]), now, item.id);
        }
      }
      this.#insertRows("media_files", FILE_FIELD_NAMES, changes.insertFiles, libraryId, now);
      if (changes.updateFiles.length > 0) {
        const update = this.#prepare(
          `UPDATE media_files SET ${FILE_FIELD_NAMES.map((k) => k + " = ?").join(", ")},
             updated_at = ? WHERE id = ?`,
        );
        for (const file of changes.updateFiles) {
          update.run(...FILE_FIELD_NAMES.map((k) => file[k]), now, file.id);
        }
      }
      if (changes.deleteFileIds.length > 0) {
        const del = this.#prepare("DELETE FROM media_files WHERE id = ?");
        for (const id of changes.deleteFileIds) del.run(id);
      }
      if (changes.deleteItemIds.length > 0) {
        const del = this.#prepare("DELETE FROM media_items WHERE id = ?");
        for (const id of changes.deleteItemIds) del.run(id);
      }
    });
  }

  /**
   * Inserts rows with multi-row INSERT statements: a first scan inserts tens of thousands of
   * rows, and one statement per row spends about a quarter of its time on per-statement work.
   */
  #insertRows<T extends { id: string }>(
    table: "media_items" | "media_files",
    fields: readonly (keyof T)[],
    rows: readonly T[],
    libraryId: string,
    now: string,
  ): void {
    if (rows.length === 0) return;
    const columns = `(id, library_id, ${fields.join(", ")}, added_at, updated_at)`;
    const tuple = `(?, ?, ${fields.map(() => "?").join(", ")}, ?, ?)`;
    const many = this.#prepare(
      `INSERT INTO ${table} ${columns} VALUES ${Array(INSERT_ROWS).fill(tuple).join(", ")}`,
    );
    const one = this.#prepare(`INSERT INTO ${table} ${columns} VALUES ${tuple}`);
    const params: SQLInputValue[] = [];
    const push = (row: T) => {
      params.push(row.id, libraryId);
      for (const k of fields) params.push(row[k] as SQLInputValue);
      params.push(now, now);
    };
    let i = 0;
    for (; i + INSERT_ROWS <= rows.length; i += INSERT_ROWS) {
      params.length = 0;
      for (let j = i; j < i + INSERT_ROWS; j++) push(rows[j]);
      many.run(...params);
    }
    for (; i < rows.length; i++) {
      params.length = 0;
      push(rows[i]);
      one.run(...params);
    }
  }

  /**
   * Files of a library that need background work: video and audio files that are present and
   * have no fingerprint yet, or (when `probes`) no probe made for their current size and mtime.
   */
  probeJobs(libraryId: string, probes: boolean): ProbeJob[] {
    // Filtered in SQL: an unchanged library returns no rows at all.
    const rows = this.#prepare(
      `SELECT f.id AS file_id, f.library_id, f.item_id, f.path, f.file_class, f.size_bytes,
         f.mtime_ms, f.fingerprint IS NULL AS needs_fingerprint,
         (p.file_id IS NULL OR p.status = 'pending' OR p.size_bytes != f.size_bytes
           OR p.mtime_ms != f.mtime_ms) AS stale_probe
       FROM media_files f LEFT JOIN media_probe p ON p.file_id = f.id
       WHERE f.library_id = ? AND f.file_class IN ('video', 'audio') AND f.missing_since IS NULL
         AND (f.fingerprint IS NULL OR (? AND (p.file_id IS NULL OR p.status = 'pending'
           OR p.size_bytes != f.size_bytes OR p.mtime_ms != f.mtime_ms)))
       ORDER BY f.rel_path`,
    ).all(
      libraryId,
      probes ? 1 : 0,
    ) as unknown as (Omit<ProbeJob, "needs_probe" | "needs_fingerprint"> & {
      needs_fingerprint: number;
      stale_probe: number;
    })[];
    const jobs: ProbeJob[] = [];
    for (const row of rows) {
      jobs.push({
        file_id: row.file_id,
        library_id: row.library_id,
        item_id: row.item_id,
        path: row.path,
        file_class: row.file_class,
        size_bytes: row.size_bytes,
        mtime_ms: row.mtime_ms,
        needs_fingerprint: row.needs_fingerprint === 1,
        needs_probe: probes && row.stale_probe === 1,
      });
    }
    return jobs;
  }

  /**
   * Stores fingerprints computed in the background; a file that changed meanwhile (other size or
   * mtime) is left alone, its next scan queues it again.
   */
  saveFingerprints(
    results: { file_id: string; fingerprint: string; size_bytes: number; mtime_ms: number }[],
  ): void {
    if (results.length === 0) return;
    const update = this.#prepare(
      `UPDATE media_files SET fingerprint = ? WHERE id = ? AND size_bytes = ? AND mtime_ms = ?`,
    );
    transaction(this.#db, () => {
      for (const r of results) update.run(r.fingerprint, r.file_id, r.size_bytes, r.mtime_ms);
    });
  }

  /**
   * Stores a probe result for the size and mtime it was made for, records or clears the file's
   * probe error, and copies duration/container/bitrate to the item. Returns whether the music
   * tags changed (the scanner then regroups tracks), or undefined when the file is gone.
   */
  saveProbe(
    job: Pick<ProbeJob, "file_id" | "size_bytes" | "mtime_ms">,
    outcome: ProbeOutcome,
    now: string,
  ): { tagsChanged: boolean } | undefined {
    const db = this.#db;
    return transaction(db, () => {
      const file = this.#prepare(
        "SELECT library_id, item_id, rel_path FROM media_files WHERE id = ?",
      ).get(job.file_id) as
        | { library_id: string; item_id: string | null; rel_path: string }
        | undefined;
      if (!file) return undefined;
      const before = this.#prepare("SELECT tags_json FROM media_probe WHERE file_id = ?")
        .get(job.file_id) as { tags_json: string | null } | undefined;
      const tagsJson = outcome.status === "ok" && outcome.tags
        ? JSON.stringify(outcome.tags)
        : null;
      this.#prepare(
        `INSERT INTO media_probe (file_id, status, probe_json, tags_json, error, probed_at,
           size_bytes, mtime_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET status = excluded.status,
           probe_json = excluded.probe_json, tags_json = excluded.tags_json,
           error = excluded.error, probed_at = excluded.probed_at,
           size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms`,
      ).run(
        job.file_id,
        outcome.status,
        outcome.status === "ok" ? JSON.stringify(outcome.probe) : null,
        tagsJson,
        outcome.status === "error" ? outcome.error : null,
        now,
        job.size_bytes,
        job.mtime_ms,
      );
      this.#prepare("DELETE FROM scan_errors WHERE file_id = ? AND kind = 'probe'").run(
        job.file_id,
      );
      if (outcome.status === "error") {
        this.#prepare(
          `INSERT INTO scan_errors (library_id, file_id, kind, path, message, at)
           VALUES (?, ?, 'probe', ?, ?, ?)`,
        ).run(file.library_id, job.file_id, file.rel_path, outcome.error, now);
      }
      if (file.item_id) this.refreshItemMedia(file.item_id, now);
      return { tagsChanged: (before?.tags_json ?? null) !== tagsJson };
    });
  }

  /**
   * Recomputes an item's duration, container and bitrate from the probes of its primary
   * version (durations of stacked parts add up); writes only when something changed.
   */
  refreshItemMedia(itemId: string, now: string): void {
    const files = this.#prepare(
      `SELECT f.rel_path, f.version_label, f.part_number, p.probe_json
       FROM media_files f LEFT JOIN media_probe p ON p.file_id = f.id AND p.status = 'ok'
       WHERE f.item_id = ? AND f.file_class IN ('video', 'audio')`,
    ).all(itemId) as unknown as {
      rel_path: string;
      version_label: string | null;
      part_number: number | null;
      probe_json: string | null;
    }[];
    const parts = primaryVersion(files);
    const probes = parts.map((f) => f.probe_json ? JSON.parse(f.probe_json) as MediaProbe : null);
    const first = probes[0] ?? null;
    const complete = probes.length > 0 && probes.every((p) => p !== null);
    const duration = complete
      ? Math.round(probes.reduce((sum, p) => sum + (p?.duration_ms ?? 0), 0))
      : null;
    const container = first?.container ?? null;
    const bitrate = first ? Math.round(first.bitrate_kbps) : null;
    this.#prepare(
      `UPDATE media_items SET duration_ms = ?, container = ?, bitrate_kbps = ?, updated_at = ?
       WHERE id = ? AND (duration_ms IS NOT ? OR container IS NOT ? OR bitrate_kbps IS NOT ?)`,
    ).run(duration, container, bitrate, now, itemId, duration, container, bitrate);
  }

  /**
   * Replaces the walk errors of a library (unreadable folders, broken links) with those of the
   * latest walk. Errors that persist keep their row and time, so a rescan that finds the same
   * problems writes nothing.
   */
  replaceWalkErrors(
    libraryId: string,
    errors: readonly { path: string; message: string }[],
    now: string,
  ): void {
    const existing = this.#prepare(
      "SELECT id, path, message FROM scan_errors WHERE library_id = ? AND kind = 'walk'",
    ).all(libraryId) as unknown as { id: number; path: string; message: string }[];
    const wanted = new Set(errors.map((e) => `${e.path}\0${e.message}`));
    const have = new Set(existing.map((e) => `${e.path}\0${e.message}`));
    const stale = existing.filter((e) => !wanted.has(`${e.path}\0${e.message}`));
    const fresh = errors.filter((e) => !have.has(`${e.path}\0${e.message}`));
    if (stale.length === 0 && fresh.length === 0) return;
    transaction(this.#db, () => {
      const del = this.#prepare("DELETE FROM scan_errors WHERE id = ?");
      for (const e of stale) del.run(e.id);
      const insert = this.#prepare(
        `INSERT INTO scan_errors (library_id, kind, path, message, at) VALUES (?, 'walk', ?, ?, ?)`,
      );
      for (const e of fresh) insert.run(libraryId, e.path, e.message, now);
    });
  }

  /** The scan errors of a library, newest first. */
  listScanErrors(libraryId: string, limit = 500, offset = 0): ScanErrorRow[] {
    return this.#prepare(
      `SELECT * FROM scan_errors WHERE library_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(libraryId, limit, offset) as unknown as ScanErrorRow[];
  }

  /** Number of scan errors of a library. */
  countScanErrors(libraryId: string): number {
    return (this.#prepare("SELECT count(*) AS n FROM scan_errors WHERE library_id = ?")
      .get(libraryId) as { n: number }).n;
  }
}
