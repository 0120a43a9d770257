/**
 * Phase 3 of a scan (see README.md): compares the planned index with what the database holds and
 * produces the writes that bring it in line. Pure. Unchanged files and items produce no writes;
 * a file that moved (a new path whose fingerprint matches a vanished file) keeps its file row,
 * its probe and its item id.
 */
import type {
  IndexChanges,
  IndexSnapshot,
  ItemFields,
  KnownFile,
  KnownItem,
} from "../db/media_files.ts";
import { ITEM_FIELD_NAMES } from "../db/media_files.ts";
import type { SidecarInfo } from "../naming/types.ts";
import type { LibraryPlan, PlannedItem } from "./plan_library.ts";
import { runSteps, STEP_EVERY, type Steps } from "./slices.ts";

/** Inputs of {@link diffIndex} besides the plan and the snapshot. */
export interface DiffOptions {
  /** Absolute library root; file paths are stored absolute. */
  root: string;
  /** ISO timestamp used for `missing_since`. */
  now: string;
  newId: () => string;
  /** Fingerprints computed this scan for new paths ({@link renameCandidates}). */
  fingerprints: ReadonlyMap<string, string>;
}

/** What a diff changes, for logs and tests. */
export interface DiffStats {
  items_added: number;
  items_updated: number;
  items_removed: number;
  files_added: number;
  files_updated: number;
  files_moved: number;
  files_removed: number;
}

/** The writes and their counts. */
export interface DiffResult {
  changes: IndexChanges;
  stats: DiffStats;
}

function isPlayable(fileClass: string): boolean {
  return fileClass === "video" || fileClass === "audio";
}

/** Vanished playable files (in the index, not in the plan) by size. */
function vanishedBySize(plan: LibraryPlan, snapshot: IndexSnapshot): Map<number, KnownFile[]> {
  const planned = new Set(plan.files.map((f) => f.rel));
  const bySize = new Map<number, KnownFile[]>();
  for (const f of snapshot.files) {
    if (planned.has(f.rel_path) || !isPlayable(f.file_class)) continue;
    const list = bySize.get(f.size_bytes);
    if (list) list.push(f);
    else bySize.set(f.size_bytes, [f]);
  }
  for (const list of bySize.values()) list.sort((a, b) => a.rel_path < b.rel_path ? -1 : 1);
  return bySize;
}

/**
 * New playable paths that may be a vanished file moved elsewhere (same size as a vanished file
 * that has a fingerprint): the only files the index phase reads. Everything else is
 * fingerprinted in the background.
 */
export function renameCandidates(plan: LibraryPlan, snapshot: IndexSnapshot): string[] {
  const known = new Set(snapshot.files.map((f) => f.rel_path));
  const vanished = vanishedBySize(plan, snapshot);
  if (vanished.size === 0) return [];
  const out: string[] = [];
  for (const f of plan.files) {
    if (known.has(f.rel) || !isPlayable(f.file_class)) continue;
    if (vanished.get(f.size)?.some((v) => v.fingerprint !== null)) out.push(f.rel);
  }
  return out;
}

function sidecarJson(info: SidecarInfo | null): string | null {
  if (!info) return null;
  // Fixed key order so an unchanged sidecar compares equal to the stored JSON.
  const out: Record<string, unknown> = {
    language: info.language ?? null,
    title: info.title ?? null,
    forced: info.forced,
    default: info.default,
    hearing_impaired: info.hearing_impaired,
  };
  return JSON.stringify(out);
}

/** Item fields the plan decides besides the ids and the key. */
const PLANNED_FIELDS = ITEM_FIELD_NAMES.filter((k) =>
  k !== "parent_id" && k !== "series_id" && k !== "group_key"
) as (keyof ItemFields & keyof PlannedItem)[];

function samePlannedFields(known: KnownItem, planned: PlannedItem): boolean {
  for (const k of PLANNED_FIELDS) if (known[k] !== planned[k]) return false;
  return true;
}

/** Computes the writes that turn `snapshot` into `plan`. */
export function diffIndex(
  plan: LibraryPlan,
  snapshot: IndexSnapshot,
  opts: DiffOptions,
): DiffResult {
  return runSteps(diffIndexSteps(plan, snapshot, opts));
}

/** {@link diffIndex} as pausable steps (see slices.ts). */
export function* diffIndexSteps(
  plan: LibraryPlan,
  snapshot: IndexSnapshot,
  opts: DiffOptions,
): Steps<DiffResult> {
  let step = 0;
  const changes: IndexChanges = {
    insertItems: [],
    updateItems: [],
    insertFiles: [],
    updateFiles: [],
    deleteFileIds: [],
    deleteItemIds: [],
  };
  const stats: DiffStats = {
    items_added: 0,
    items_updated: 0,
    items_removed: 0,
    files_added: 0,
    files_updated: 0,
    files_moved: 0,
    files_removed: 0,
  };
  const knownFiles = new Map<string, KnownFile>();
  for (const f of snapshot.files) knownFiles.set(f.rel_path, f);
  const knownById = new Map<string, KnownItem>();
  for (const i of snapshot.items) knownById.set(i.id, i);
  const plannedByKey = new Map<string, PlannedItem>();
  for (const i of plan.items) plannedByKey.set(i.key, i);
  const root = opts.root.replace(/\/+$/, "");

  yield;
  // Moves: a new path takes over a vanished file with the same content.
  const vanished = vanishedBySize(plan, snapshot);
  const movedFrom = new Map<string, KnownFile>();
  const used = new Set<string>();
  for (const f of plan.files) {
    if (knownFiles.has(f.rel) || !isPlayable(f.file_class)) continue;
    const candidates = vanished.get(f.size);
    if (!candidates) continue;
    const fp = opts.fingerprints.get(f.rel);
    const match = candidates.find((c) =>
      !used.has(c.id) && c.file_class === f.file_class &&
      (c.fingerprint !== null
        ? fp !== undefined && c.fingerprint === fp
        // Not fingerprinted yet (moved right after it was added): a `mv` keeps size and mtime.
        : c.mtime_ms === f.mtime_ms)
    );
    if (match) {
      used.add(match.id);
      movedFrom.set(f.rel, match);
    }
  }

  yield;
  // Item ids: the existing item with the key, else the moved file's old item (and its old
  // containers, as far as they are going away too), else a new id.
  const idByKey = new Map<string, string>();
  for (const item of snapshot.items) {
    if (plannedByKey.has(item.group_key)) idByKey.set(item.group_key, item.id);
  }
  yield;
  const inherited = new Set<string>();
  for (const f of plan.files) {
    const from = movedFrom.get(f.rel);
    let key = f.item_key;
    let oldId = from?.item_id ?? null;
    while (key !== null && oldId !== null) {
      const old = knownById.get(oldId);
      if (!old || idByKey.has(key) || plannedByKey.has(old.group_key) || inherited.has(oldId)) {
        break;
      }
      idByKey.set(key, oldId);
      inherited.add(oldId);
      key = plannedByKey.get(key)?.parent_key ?? null;
      oldId = old.parent_id;
    }
  }
  for (const item of plan.items) {
    if (!idByKey.has(item.key)) idByKey.set(item.key, opts.newId());
  }

  // Unchanged items and files are recognised by comparing fields in place: no objects are
  // built for them, which is most of the work of an unchanged rescan.
  const keptItems = new Set<string>();
  yield;
  for (const p of plan.items) {
    if (++step % STEP_EVERY === 0) yield;
    const id = idByKey.get(p.key)!;
    keptItems.add(id);
    const parentId = p.parent_key === null ? null : idByKey.get(p.parent_key) ?? null;
    const seriesId = p.series_key === null ? null : idByKey.get(p.series_key) ?? null;
    const existing = knownById.get(id);
    if (
      existing && existing.group_key === p.key && existing.parent_id === parentId &&
      existing.series_id === seriesId && samePlannedFields(existing, p)
    ) continue;
    const row: KnownItem = {
      id,
      kind: p.kind,
      parent_id: parentId,
      series_id: seriesId,
      group_key: p.key,
      title: p.title,
      sort_title: p.sort_title,
      search_title: p.search_title,
      original_title: p.original_title,
      year: p.year,
      season_number: p.season_number,
      episode_number: p.episode_number,
      episode_end: p.episode_end,
      air_date: p.air_date,
      artist: p.artist,
      album_artist: p.album_artist,
      album: p.album,
      track_number: p.track_number,
      disc_number: p.disc_number,
      extra_type: p.extra_type,
      size_bytes: p.size_bytes,
    };
    if (existing) {
      changes.updateItems.push(row);
      stats.items_updated++;
    } else {
      changes.insertItems.push(row);
      stats.items_added++;
    }
  }

  const keptFiles = new Set<string>();
  const prefix = `${root}/`;
  for (const f of plan.files) {
    if (++step % STEP_EVERY === 0) yield;
    const known = knownFiles.get(f.rel);
    const from = known ?? movedFrom.get(f.rel);
    const itemId = f.item_key === null ? null : idByKey.get(f.item_key) ?? null;
    const sidecar = f.sidecar === null ? null : sidecarJson(f.sidecar);
    const missingSince = f.missing ? (from?.missing_since ?? opts.now) : null;
    if (from) keptFiles.add(from.id);
    if (
      known && known.item_id === itemId && known.size_bytes === f.size &&
      known.mtime_ms === f.mtime_ms && known.file_class === f.file_class &&
      known.part_number === f.part_number && known.version_label === f.version_label &&
      known.sidecar === sidecar && known.missing_since === missingSince &&
      known.path.length === prefix.length + f.rel.length && known.path.startsWith(prefix)
    ) continue;
    const contentSame = from !== undefined && from.size_bytes === f.size &&
      from.mtime_ms === f.mtime_ms;
    const row = {
      id: from?.id ?? opts.newId(),
      item_id: itemId,
      path: prefix + f.rel,
      rel_path: f.rel,
      file_class: f.file_class,
      size_bytes: f.size,
      mtime_ms: f.mtime_ms,
      fingerprint: contentSame ? from.fingerprint : opts.fingerprints.get(f.rel) ?? null,
      part_number: f.part_number,
      version_label: f.version_label,
      sidecar,
      missing_since: missingSince,
    };
    if (!from) {
      changes.insertFiles.push(row);
      stats.files_added++;
    } else {
      changes.updateFiles.push(row);
      if (known) stats.files_updated++;
      else stats.files_moved++;
    }
  }

  for (const f of snapshot.files) {
    if (!keptFiles.has(f.id)) {
      changes.deleteFileIds.push(f.id);
      stats.files_removed++;
    }
  }

  yield;
  const depth = (item: KnownItem): number => {
    let d = 0;
    for (let p = item.parent_id; p !== null && d < 64; p = knownById.get(p)?.parent_id ?? null) d++;
    return d;
  };
  const doomed = snapshot.items.filter((i) => !keptItems.has(i.id));
  doomed.sort((a, b) => depth(b) - depth(a));
  for (const item of doomed) changes.deleteItemIds.push(item.id);
  stats.items_removed = doomed.length;

  return { changes, stats };
}

/** True when the changes write nothing. */
export function isEmptyChanges(c: IndexChanges): boolean {
  return c.insertItems.length + c.updateItems.length + c.insertFiles.length +
      c.updateFiles.length + c.deleteFileIds.length + c.deleteItemIds.length === 0;
}

/**
 * Splits changes into consecutive batches of at most `size` writes that, applied in order, do
 * what the whole does: each batch is a contiguous run of the overall write order.
 */
export function batchChanges(c: IndexChanges, size: number): IndexChanges[] {
  const order = [
    "insertItems",
    "updateItems",
    "insertFiles",
    "updateFiles",
    "deleteFileIds",
    "deleteItemIds",
  ] as const;
  const batches: IndexChanges[] = [];
  const empty = (): IndexChanges => ({
    insertItems: [],
    updateItems: [],
    insertFiles: [],
    updateFiles: [],
    deleteFileIds: [],
    deleteItemIds: [],
  });
  let current = empty();
  let count = 0;
  for (const field of order) {
    const list = c[field] as unknown[];
    let i = 0;
    while (i < list.length) {
      const take = Math.min(size - count, list.length - i);
      (current[field] as unknown[]).push(...list.slice(i, i + take));
      i += take;
      count += take;
      if (count === size) {
        batches.push(current);
        current = empty();
        count = 0;
      }
    }
  }
  if (count > 0) batches.push(current);
  return batches;
}
