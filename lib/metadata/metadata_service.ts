/**
 * The metadata phase of a scan: after the index is current, reads the NFO files and finds the
 * artwork of items whose local sources changed (an unchanged rescan reads nothing), and gives
 * the scanner the NFO titles that replace the ones parsed from paths.
 */
import type { Database } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { searchText, sortTitle } from "../scanner/sort_title.ts";
import type { LibraryPlan } from "../scanner/plan_library.ts";
import { parseNfo } from "./nfo.ts";
import { findItemSources, imageTag } from "./item_sources.ts";
import {
  type ItemImage,
  type ItemMetadata,
  type ItemTitles,
  type MetadataRecord,
  MetadataRepo,
  type TitleOverride,
} from "./metadata_repo.ts";

/** Options of {@link MetadataService}. */
export interface MetadataServiceOptions {
  db: Database;
  logger?: Logger;
}

/** What one refresh did. */
export interface RefreshStats {
  items_read: number;
  nfo_errors: number;
}

const SAVE_BATCH = 500;

/** Suffix of `source_sig` once an online provider has looked the item up. */
export const PROVIDER_MARK = /\|provider:[a-z]+$/;

/** Reads local metadata and artwork into the index. */
export class MetadataService {
  readonly repo: MetadataRepo;
  readonly #log: Logger | undefined;
  readonly #listeners: ((libraryId: string) => void)[] = [];
  /** Each library's index stamp after its last refresh (see MetadataRepo.libraryStamp). */
  readonly #stamps = new Map<string, string>();

  constructor(opts: MetadataServiceOptions) {
    this.repo = new MetadataRepo(opts.db);
    this.#log = opts.logger;
  }

  /** Calls `fn` (not awaited) after each refresh of a library, e.g. to grab missing frames. */
  onRefreshed(fn: (libraryId: string) => void): void {
    this.#listeners.push(fn);
  }

  /**
   * Replaces the path-derived titles of planned items by their NFO's (the scanner calls this
   * between planning and diffing, so the index holds NFO titles and rescans do not churn).
   */
  adjustPlan(libraryId: string, plan: LibraryPlan): void {
    const overrides = this.repo.overrides(libraryId);
    if (overrides.size === 0) return;
    for (const item of plan.items) {
      const o = overrides.get(item.key);
      if (o) Object.assign(item, applyOverride(item, o));
    }
  }

  /** Reads the changed local sources of a library's items (`root`: the library folder). */
  async refresh(library: { id: string; path: string }): Promise<RefreshStats> {
    const stats: RefreshStats = { items_read: 0, nfo_errors: 0 };
    if (this.#stamps.get(library.id) === this.repo.libraryStamp(library.id)) {
      // Background work still runs: a provider that was offline is tried again.
      for (const fn of this.#listeners) fn(library.id);
      return stats;
    }
    const { items, files } = this.repo.inputs(library.id);
    const sources = findItemSources(items, files);
    const signatures = this.repo.signatures(library.id);
    const embedded = new Map<string, { path: string; stream: number; tag: string }>();
    for (const e of this.repo.embeddedPictures(library.id)) {
      if (embedded.has(e.item_id)) continue;
      embedded.set(e.item_id, {
        path: e.path,
        stream: e.stream_index,
        tag: imageTag(e.path, e.size_bytes, e.mtime_ms),
      });
    }
    // An album without a cover file takes its first track's embedded picture.
    const byId = new Map(items.map((i) => [i.id, i]));
    const albumPic = new Map<string, { path: string; stream: number; tag: string }>();
    for (const [trackId, pic] of embedded) {
      const parent = byId.get(trackId)?.parent_id;
      if (parent && !albumPic.has(parent)) albumPic.set(parent, pic);
    }
    const fileMeta = new Map(files.map((f) => [f.rel_path, f]));
    let batch: MetadataRecord[] = [];
    const now = new Date().toISOString();
    for (const src of sources) {
      const item = byId.get(src.item_id)!;
      const pic = embedded.get(item.id) ?? albumPic.get(item.id);
      const hasLocalPrimary = src.images.some((i) => i.type === "primary");
      const usePic = pic && !hasLocalPrimary ? pic : undefined;
      const signature = src.signature + (usePic ? `|embedded:${usePic.tag}` : "");
      // An online provider marks the rows it completed with a suffix (see enrich.ts).
      const stored = signatures.get(item.id)?.replace(PROVIDER_MARK, "");
      if (stored === signature || (stored === undefined && signature === "")) continue;
      let metadata: ItemMetadata | null = null;
      let error: string | null = null;
      let override: TitleOverride = {
        title: null,
        sort_title: null,
        original_title: null,
        year: null,
      };
      if (src.nfo !== null) {
        try {
          const result = parseNfo(Deno.readTextFileSync(`${library.path}/${src.nfo}`));
          if (result.ok) {
            const m = result.metadata;
            metadata = {
              plot: m.plot,
              outline: m.outline,
              tagline: m.tagline,
              genres: m.genres,
              studios: m.studios,
              content_rating: m.content_rating,
              premiered: m.premiered,
              runtime_ms: m.runtime_ms,
              ratings: m.ratings,
              provider_ids: m.provider_ids,
              people: m.people,
            };
            override = {
              title: m.title,
              sort_title: m.sort_title,
              original_title: m.original_title,
              year: m.year,
            };
          } else {
            error = result.error;
          }
        } catch (err) {
          error = err instanceof Deno.errors.NotFound ? "NFO file vanished" : "NFO unreadable";
        }
        if (error !== null) stats.nfo_errors++;
      }
      const images: ItemImage[] = src.images.map((i) => {
        const f = fileMeta.get(i.path)!;
        return {
          item_id: item.id,
          type: i.type,
          idx: i.index,
          source: "local",
          path: i.path,
          stream_index: null,
          tag: imageTag(i.path, f.size_bytes, f.mtime_ms),
        };
      });
      if (usePic) {
        images.push({
          item_id: item.id,
          type: "primary",
          idx: 0,
          source: "embedded",
          path: usePic.path,
          stream_index: usePic.stream,
          tag: usePic.tag,
        });
      }
      batch.push({
        item_id: item.id,
        library_id: library.id,
        group_key: item.group_key,
        source_sig: signature,
        metadata,
        error,
        override,
        images,
      });
      stats.items_read++;
      if (batch.length >= SAVE_BATCH) {
        this.#save(batch, library.path, now);
        batch = [];
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    this.#save(batch, library.path, now);
    this.#stamps.set(library.id, this.repo.libraryStamp(library.id));
    for (const fn of this.#listeners) fn(library.id);
    if (stats.items_read > 0) {
      this.#log?.debug("metadata refreshed", { library: library.id, ...stats });
    }
    return stats;
  }

  #save(batch: MetadataRecord[], root: string, now: string): void {
    if (batch.length === 0) return;
    this.repo.save(batch, root, now);
    // Titles now, not at the next scan (the scanner keeps them from then on via adjustPlan).
    const rows = [];
    for (const r of batch) {
      const o = r.override;
      if (Object.values(o).every((v) => v === null)) continue;
      const current = this.repo.itemTitles(r.item_id);
      if (current) rows.push({ id: r.item_id, ...applyOverride(current, o) });
    }
    this.repo.applyOverrides(rows, now);
  }
}

/** The fields of a planned or stored item once an NFO override is applied. */
export function applyOverride(
  item: ItemTitles,
  o: TitleOverride,
): ItemTitles {
  return {
    title: o.title ?? item.title,
    sort_title: o.sort_title !== null
      ? sortTitle(o.sort_title)
      : o.title !== null
      ? sortTitle(o.title)
      : item.sort_title,
    search_title: o.title !== null ? searchText(o.title) : item.search_title,
    original_title: o.original_title ?? item.original_title,
    year: o.year ?? item.year,
  };
}
