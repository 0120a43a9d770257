/**
 * SQL for local metadata and artwork (`item_metadata`, `item_images`; schema in
 * `migrations/0005_metadata.sql`), and the NFO overrides the scanner applies to planned items.
 */
import type { StatementSync } from "node:sqlite";
import { type Database, StatementCache, transaction } from "../db/database.ts";
import type { NfoPerson, NfoRating } from "./nfo.ts";
import type { ImageType } from "./local_images.ts";
import type { SourceFile, SourceItem } from "./item_sources.ts";

/** NFO values that replace the path's (null fields keep the path's). */
export interface TitleOverride {
  title: string | null;
  sort_title: string | null;
  original_title: string | null;
  year: number | null;
}

/** The title fields of an item that an NFO can replace. */
export interface ItemTitles {
  title: string;
  sort_title: string;
  search_title: string;
  original_title: string | null;
  year: number | null;
}

/** The public metadata of an item (item JSON fields). */
export interface ItemMetadata {
  plot: string | null;
  outline: string | null;
  tagline: string | null;
  genres: string[];
  studios: string[];
  content_rating: string | null;
  premiered: string | null;
  runtime_ms: number | null;
  ratings: NfoRating[];
  provider_ids: Record<string, string>;
  people: NfoPerson[];
}

/** One image of an item. */
export interface ItemImage {
  item_id: string;
  type: ImageType;
  idx: number;
  source: "local" | "embedded" | "frame";
  /** Absolute path of the image or of the media file carrying it. */
  path: string;
  stream_index: number | null;
  tag: string;
}

/** Everything stored for an item after reading its sources. */
export interface MetadataRecord {
  item_id: string;
  library_id: string;
  group_key: string;
  source_sig: string;
  metadata: ItemMetadata | null;
  error: string | null;
  override: TitleOverride;
  images: ItemImage[];
}

/** An item row as the metadata phase reads it. */
export interface MetaItemRow extends SourceItem {
  group_key: string;
  title: string;
  year: number | null;
  duration_ms: number | null;
}

/** An audio file with a picture embedded in it. */
export interface EmbeddedPicture {
  item_id: string;
  path: string;
  size_bytes: number;
  mtime_ms: number;
  stream_index: number;
}

/** A movie or series to look up online, with its local metadata and NFO title overrides. */
export interface EnrichCandidate {
  id: string;
  library_id: string;
  kind: "movie" | "series";
  group_key: string;
  title: string;
  year: number | null;
  json: string | null;
  source_sig: string | null;
  o_title: string | null;
  o_sort_title: string | null;
  o_original_title: string | null;
  o_year: number | null;
}

/** Data access for the metadata phase and the images endpoint. */
export class MetadataRepo {
  readonly #db: Database;
  readonly #statements: StatementCache;

  constructor(db: Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
  }

  #prepare(sql: string): StatementSync {
    return this.#statements.prepare(sql);
  }

  /** Creates the item's metadata row when it has none yet (no sources read: empty signature). */
  #ensureRow(itemId: string, libraryId: string, groupKey: string, now: string): void {
    this.#prepare(
      `INSERT INTO item_metadata (item_id, library_id, group_key, source_sig, updated_at)
       VALUES (?, ?, ?, '', ?) ON CONFLICT (item_id) DO NOTHING`,
    ).run(itemId, libraryId, groupKey, now);
  }

  /** Rewrites the item's image summary (what item JSON builds URLs from) from its images. */
  #refreshImagesSummary(itemId: string): void {
    this.#prepare("UPDATE item_metadata SET images = ? WHERE item_id = ?").run(
      imagesSummary(this.images(itemId)),
      itemId,
    );
  }

  /** NFO title overrides of a library by item group key. */
  overrides(libraryId: string): Map<string, TitleOverride> {
    const rows = this.#prepare(
      `SELECT group_key, title, sort_title, original_title, year FROM item_metadata
       WHERE library_id = ? AND (title IS NOT NULL OR sort_title IS NOT NULL
         OR original_title IS NOT NULL OR year IS NOT NULL)`,
    ).all(libraryId) as unknown as (TitleOverride & { group_key: string })[];
    return new Map(rows.map(({ group_key, ...o }) => [group_key, o]));
  }

  /** The items and indexed files of a library. */
  inputs(libraryId: string): { items: MetaItemRow[]; files: SourceFile[] } {
    const items = this.#prepare(
      `SELECT id, kind, parent_id, series_id, season_number, group_key, title, year, duration_ms
       FROM media_items WHERE library_id = ?`,
    ).all(libraryId) as unknown as MetaItemRow[];
    const files = this.#prepare(
      `SELECT item_id, rel_path, file_class, size_bytes, mtime_ms FROM media_files
       WHERE library_id = ? AND missing_since IS NULL`,
    ).all(libraryId) as unknown as SourceFile[];
    return { items, files };
  }

  /**
   * A cheap summary of a library's index (files, items, probes): equal stamps mean nothing the
   * metadata phase reads has changed, so an unchanged rescan skips it.
   */
  libraryStamp(libraryId: string): string {
    const row = this.#prepare(
      `SELECT
         (SELECT count(*) || ':' || coalesce(sum(size_bytes), 0) || ':' ||
            coalesce(sum(mtime_ms), 0) || ':' || coalesce(max(updated_at), '')
          FROM media_files WHERE library_id = ?1) AS files,
         (SELECT count(*) || ':' || coalesce(max(updated_at), '')
          FROM media_items WHERE library_id = ?1) AS items,
         (SELECT count(*) || ':' || coalesce(max(p.probed_at), '') FROM media_probe p
          JOIN media_files f ON f.id = p.file_id WHERE f.library_id = ?1) AS probes`,
    ).get(libraryId) as { files: string; items: string; probes: string };
    return `${row.files}|${row.items}|${row.probes}`;
  }

  /** The stored source signature of each item of a library. */
  signatures(libraryId: string): Map<string, string> {
    const rows = this.#prepare(
      "SELECT item_id, source_sig FROM item_metadata WHERE library_id = ?",
    ).all(libraryId) as { item_id: string; source_sig: string }[];
    return new Map(rows.map((r) => [r.item_id, r.source_sig]));
  }

  /** Audio files of a library whose current probe lists an attached picture. */
  embeddedPictures(libraryId: string): EmbeddedPicture[] {
    const rows = this.#prepare(
      `SELECT f.item_id, f.path, f.size_bytes, f.mtime_ms, p.probe_json FROM media_files f
       JOIN media_probe p ON p.file_id = f.id
       WHERE f.library_id = ? AND f.file_class = 'audio' AND f.item_id IS NOT NULL
         AND p.status = 'ok' AND p.size_bytes = f.size_bytes AND p.mtime_ms = f.mtime_ms
         AND p.probe_json LIKE '%"attached_pic":true%'`,
    ).all(libraryId) as {
      item_id: string;
      path: string;
      size_bytes: number;
      mtime_ms: number;
      probe_json: string;
    }[];
    const out: EmbeddedPicture[] = [];
    for (const r of rows) {
      const probe = JSON.parse(r.probe_json) as {
        streams?: { index: number; attached_pic?: boolean }[];
      };
      const pic = probe.streams?.find((s) => s.attached_pic === true);
      if (pic) {
        out.push({
          item_id: r.item_id,
          path: r.path,
          size_bytes: r.size_bytes,
          mtime_ms: r.mtime_ms,
          stream_index: pic.index,
        });
      }
    }
    return out;
  }

  /**
   * Stores what was read for some items in one transaction: metadata, images, the title
   * overrides (applied to the items at once), and people/genres in the search index.
   */
  save(records: readonly MetadataRecord[], root: string, now: string): void {
    if (records.length === 0) return;
    transaction(this.#db, () => {
      for (const r of records) {
        this.#prepare(
          `INSERT INTO item_metadata (item_id, library_id, group_key, source_sig, json, images,
             error, title, sort_title, original_title, year, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (item_id) DO UPDATE SET library_id = excluded.library_id,
             group_key = excluded.group_key, source_sig = excluded.source_sig,
             json = excluded.json, images = excluded.images, error = excluded.error,
             title = excluded.title, sort_title = excluded.sort_title,
             original_title = excluded.original_title, year = excluded.year,
             updated_at = excluded.updated_at`,
        ).run(
          r.item_id,
          r.library_id,
          r.group_key,
          r.source_sig,
          r.metadata ? JSON.stringify(r.metadata) : null,
          imagesSummary(r.images),
          r.error,
          r.override.title,
          r.override.sort_title,
          r.override.original_title,
          r.override.year,
          now,
        );
        this.#prepare("DELETE FROM item_images WHERE item_id = ? AND source != 'frame'").run(
          r.item_id,
        );
        for (const img of r.images) {
          this.#prepare(
            `INSERT OR REPLACE INTO item_images (item_id, type, idx, source, path, stream_index, tag)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            img.item_id,
            img.type,
            img.idx,
            img.source,
            img.path.startsWith("/") ? img.path : `${root}/${img.path}`,
            img.stream_index,
            img.tag,
          );
        }
        // The summary covers frames grabbed earlier too (they outlive a re-read of the NFO).
        this.#refreshImagesSummary(r.item_id);
        const m = r.metadata;
        this.#prepare(
          `UPDATE media_items_fts SET people = ?, genres = ?
           WHERE rowid = (SELECT rowid FROM media_items WHERE id = ?)`,
        ).run(
          m ? m.people.map((p) => p.name).join(" ") : "",
          m ? m.genres.join(" ") : "",
          r.item_id,
        );
      }
    });
  }

  /** Applies title overrides to items whose stored fields differ (in one transaction). */
  applyOverrides(rows: readonly (ItemTitles & { id: string })[], now: string): void {
    if (rows.length === 0) return;
    transaction(this.#db, () => {
      for (const r of rows) {
        this.#prepare(
          `UPDATE media_items SET title = ?, sort_title = ?, search_title = ?, original_title = ?,
             year = ?, updated_at = ?
           WHERE id = ? AND (title IS NOT ? OR sort_title IS NOT ? OR original_title IS NOT ?
             OR year IS NOT ?)`,
        ).run(
          r.title,
          r.sort_title,
          r.search_title,
          r.original_title,
          r.year,
          now,
          r.id,
          r.title,
          r.sort_title,
          r.original_title,
          r.year,
        );
      }
    });
  }

  /** The title fields of one item, or undefined. */
  itemTitles(id: string): ItemTitles | undefined {
    return this.#prepare(
      "SELECT title, sort_title, search_title, original_title, year FROM media_items WHERE id = ?",
    ).get(id) as ItemTitles | undefined;
  }

  /** Adds a grabbed frame as an item's image (and to its image summary). */
  saveFrame(image: ItemImage, libraryId: string, groupKey: string, now: string): void {
    transaction(this.#db, () => {
      this.#prepare(
        `INSERT OR REPLACE INTO item_images (item_id, type, idx, source, path, stream_index, tag)
         VALUES (?, ?, ?, 'frame', ?, NULL, ?)`,
      ).run(image.item_id, image.type, image.idx, image.path, image.tag);
      this.#ensureRow(image.item_id, libraryId, groupKey, now);
      this.#refreshImagesSummary(image.item_id);
    });
  }

  /** Every image of an item. */
  images(itemId: string): ItemImage[] {
    return this.#prepare(
      "SELECT * FROM item_images WHERE item_id = ? ORDER BY type, idx",
    ).all(itemId) as unknown as ItemImage[];
  }

  /** One image of an item, or undefined. */
  image(itemId: string, type: ImageType, idx: number): ItemImage | undefined {
    return this.#prepare(
      "SELECT * FROM item_images WHERE item_id = ? AND type = ? AND idx = ?",
    ).get(itemId, type, idx) as ItemImage | undefined;
  }

  /**
   * Movies and series of a library not yet looked up online under `mark` (a lookup appends its
   * mark to the item's source signature; new local sources reset the signature).
   */
  enrichCandidates(libraryId: string, mark: string): EnrichCandidate[] {
    return this.#prepare(
      `SELECT i.id, i.library_id, i.kind, i.group_key, i.title, i.year, m.json, m.source_sig,
         m.title AS o_title, m.sort_title AS o_sort_title,
         m.original_title AS o_original_title, m.year AS o_year
       FROM media_items i LEFT JOIN item_metadata m ON m.item_id = i.id
       WHERE i.library_id = ? AND i.kind IN ('movie', 'series')
         AND (m.source_sig IS NULL OR m.source_sig NOT LIKE ?)`,
    ).all(libraryId, `%${mark}`) as unknown as EnrichCandidate[];
  }

  /**
   * Records an online lookup of `item` in one transaction: its `mark`, the merged metadata when
   * the provider knew the item (also the original title and the genres search sees), and the
   * artwork it downloaded.
   */
  saveEnrichment(
    item: Pick<EnrichCandidate, "id" | "library_id" | "group_key">,
    mark: string,
    merged: { metadata: ItemMetadata; original_title: string | null } | null,
    downloads: readonly { type: ImageType; path: string; tag: string }[],
    now: string,
  ): void {
    transaction(this.#db, () => {
      this.#ensureRow(item.id, item.library_id, item.group_key, now);
      this.#prepare(
        "UPDATE item_metadata SET source_sig = source_sig || ?, updated_at = ? WHERE item_id = ?",
      ).run(mark, now, item.id);
      if (merged) {
        this.#prepare(
          "UPDATE item_metadata SET json = ?, original_title = ? WHERE item_id = ?",
        ).run(JSON.stringify(merged.metadata), merged.original_title, item.id);
        this.#prepare(
          `UPDATE media_items SET original_title = coalesce(original_title, ?) WHERE id = ?`,
        ).run(merged.original_title, item.id);
        this.#prepare(
          `UPDATE media_items_fts SET genres = ?
           WHERE rowid = (SELECT rowid FROM media_items WHERE id = ?)`,
        ).run(merged.metadata.genres.join(" "), item.id);
      }
      for (const d of downloads) {
        this.#prepare(
          `INSERT OR REPLACE INTO item_images (item_id, type, idx, source, path, stream_index, tag)
           VALUES (?, ?, 0, 'local', ?, NULL, ?)`,
        ).run(item.id, d.type, d.path, d.tag);
      }
      this.#refreshImagesSummary(item.id);
    });
  }

  /** Video items of a library with a duration and no primary image (frame grab candidates). */
  withoutPrimary(
    libraryId: string,
  ): { id: string; group_key: string; duration_ms: number; path: string }[] {
    return this.#prepare(
      `SELECT * FROM (SELECT i.id, i.group_key, i.duration_ms,
         (SELECT f.path FROM media_files f WHERE f.item_id = i.id AND f.file_class = 'video'
            AND f.missing_since IS NULL ORDER BY f.part_number, f.rel_path LIMIT 1) AS path
       FROM media_items i
       WHERE i.library_id = ? AND i.kind IN ('movie', 'episode', 'video') AND i.duration_ms > 0
         AND NOT EXISTS (SELECT 1 FROM item_images g WHERE g.item_id = i.id AND g.type = 'primary'))
       WHERE path IS NOT NULL`,
    ).all(libraryId) as { id: string; group_key: string; duration_ms: number; path: string }[];
  }
}

/** `{"primary": ["tag"], "backdrop": ["t0", "t1"]}`: what item JSON needs to build URLs. */
export function imagesSummary(images: readonly Pick<ItemImage, "type" | "idx" | "tag">[]): string {
  const out: Record<string, string[]> = {};
  for (const img of [...images].sort((a, b) => a.idx - b.idx)) {
    (out[img.type] ??= [])[img.idx] = img.tag;
  }
  return JSON.stringify(out);
}
