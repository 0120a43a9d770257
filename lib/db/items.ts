/**
 * Read access to the media index for the API: item listings with access filtering, one item
 * with its files and probes, the file to play, and the JSON shape of an item (docs/api.md).
 * The scanner's writes are in lib/db/media_files.ts.
 */
import type { StatementSync } from "node:sqlite";
import { type Database, StatementCache } from "./database.ts";
import type { ItemFields, ItemKind } from "./media_files.ts";
import type { MediaProbe, MediaStream } from "../media/types.ts";
import { searchText } from "../scanner/sort_title.ts";
import { orderPlayableFiles } from "../scanner/versions.ts";
import { METADATA_COLUMNS, metadataJson } from "../metadata/item_json.ts";

/** One `media_items` row, with the number of its children. */
export interface ItemRow extends ItemFields {
  id: string;
  library_id: string;
  duration_ms: number | null;
  container: string | null;
  bitrate_kbps: number | null;
  added_at: string;
  updated_at: string;
  child_count: number;
  /** Local metadata and artwork summaries (lib/metadata/item_json.ts); absent in some queries. */
  metadata_json?: string | null;
  images_json?: string | null;
  metadata_error?: string | null;
}

/** Probe state of a file: "pending" until a probe for its current size and mtime exists. */
export type ProbeStatus = "pending" | "ok" | "error";

/** One `media_files` row with the state of its probe. */
export interface FileWithProbe {
  id: string;
  library_id: string;
  item_id: string | null;
  path: string;
  rel_path: string;
  file_class: "video" | "audio" | "subtitle" | "image" | "nfo";
  size_bytes: number;
  mtime_ms: number;
  fingerprint: string | null;
  part_number: number | null;
  version_label: string | null;
  /** JSON of the sidecar's language and flags (subtitle files). */
  sidecar: string | null;
  missing_since: string | null;
  added_at: string;
  updated_at: string;
  probe_status: ProbeStatus;
  /** The probe, when `probe_status` is "ok". */
  probe: MediaProbe | null;
  /** Client-safe error text, when `probe_status` is "error". */
  probe_error: string | null;
}

/**
 * Sort orders of item listings; `-` for descending. `release` is the air date, else the year;
 * `runtime` the duration.
 */
export type ItemSort =
  | "title"
  | "-title"
  | "added"
  | "-added"
  | "year"
  | "-year"
  | "release"
  | "-release"
  | "runtime"
  | "-runtime";

/** The sort orders {@link ItemsRepo.list} accepts. */
export const ITEM_SORTS: readonly ItemSort[] = [
  "title",
  "-title",
  "added",
  "-added",
  "year",
  "-year",
  "release",
  "-release",
  "runtime",
  "-runtime",
];

/** A listing query; `library_ids` is the caller's access filter and always applies. */
export interface ListItemsQuery {
  /** Libraries the caller may read (all library ids for admins). */
  library_ids: readonly string[];
  library_id?: string;
  /** Children of this item; without it (and without `recursive` or `q`) the top level. */
  parent_id?: string;
  kind?: ItemKind;
  /** Every level of the libraries, not just the top level. */
  recursive?: boolean;
  /**
   * Search (case, accents and punctuation ignored): every word must start a word of the title
   * or original title (full-text index); searches every level.
   */
  q?: string;
  /** Items of this year or later. */
  year_min?: number;
  /** Items of this year or earlier. */
  year_max?: number;
  /** With `user_id`: only items that user has (true) or has not (false) played. */
  played?: boolean;
  /** The caller, for `played`. */
  user_id?: string;
  sort?: ItemSort;
  /** Default 100, at most 500. */
  limit?: number;
  offset?: number;
}

/** A subtitle track of an item: a sidecar file or a subtitle stream of the primary file. */
export interface SubtitleTrack {
  /** Position in the item's subtitle list; `/api/items/{id}/subtitles/{index}.vtt`. */
  index: number;
  source: "embedded" | "sidecar";
  /** The sidecar file (sidecar tracks). */
  file_id?: string;
  /** Absolute path of the file holding the track (sidecar file or primary media file). */
  path: string;
  /** Stream index inside the media file (embedded tracks). */
  stream_index?: number;
  /** Sidecar extension (srt, ass, vtt…) or the stream's codec (subrip, ass, hdmv_pgs_subtitle…). */
  format: string;
  language: string | null;
  title: string | null;
  forced: boolean;
  default: boolean;
  hearing_impaired: boolean;
}

/** Sidecar JSON as the scanner stores it. */
interface SidecarJson {
  language: string | null;
  title: string | null;
  forced: boolean;
  default: boolean;
  hearing_impaired: boolean;
}

const CHILD_COUNT = "(SELECT count(*) FROM media_items c WHERE c.parent_id = i.id) AS child_count";

const NATURAL_ORDER = `i.season_number IS NULL, i.season_number, i.disc_number IS NULL,
  i.disc_number, i.track_number IS NULL, i.track_number, i.episode_number IS NULL,
  i.episode_number, i.air_date, i.sort_title, i.id`;

const RELEASE = "coalesce(i.air_date, printf('%04d', i.year))";

const SORT_SQL: Record<ItemSort, string> = {
  "title": "i.sort_title, i.id",
  "-title": "i.sort_title DESC, i.id DESC",
  "added": "i.added_at, i.id",
  "-added": "i.added_at DESC, i.id DESC",
  "year": "i.year IS NULL, i.year, i.sort_title, i.id",
  "-year": "i.year IS NULL, i.year DESC, i.sort_title, i.id",
  "release": `${RELEASE} IS NULL, ${RELEASE}, i.sort_title, i.id`,
  "-release": `${RELEASE} IS NULL, ${RELEASE} DESC, i.sort_title, i.id`,
  "runtime": "i.duration_ms IS NULL, i.duration_ms, i.sort_title, i.id",
  "-runtime": "i.duration_ms IS NULL, i.duration_ms DESC, i.sort_title, i.id",
};

/**
 * An FTS5 query for `?q=`: each word of the folded text as a quoted prefix term, all required.
 * Quoting keeps FTS5 operators (AND, NEAR, `*`, `:`) in user input literal.
 */
export function ftsQuery(q: string): string {
  const words = searchText(q).split(" ").filter((w) => w !== "");
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(" ");
}

/**
 * Played state of an item for one user: containers (series, season) count as played when
 * none of their episodes is unplayed.
 */
const PLAYED_SQL = `(CASE WHEN i.kind IN ('series', 'season') THEN NOT EXISTS (
    SELECT 1 FROM media_items e LEFT JOIN user_item_data ue ON ue.item_id = e.id AND ue.user_id = ?
    WHERE e.kind = 'episode' AND (e.series_id = i.id OR e.parent_id = i.id)
      AND coalesce(ue.played, 0) = 0)
  ELSE coalesce((SELECT u.played FROM user_item_data u WHERE u.user_id = ? AND u.item_id = i.id),
    0) = 1 END)`;

const FILE_SELECT = `SELECT f.*,
    CASE WHEN p.file_id IS NULL OR p.size_bytes != f.size_bytes OR p.mtime_ms != f.mtime_ms
      THEN 'pending' ELSE p.status END AS probe_status,
    p.probe_json, p.error AS probe_error
  FROM media_files f LEFT JOIN media_probe p ON p.file_id = f.id`;

type FileQueryRow = Omit<FileWithProbe, "probe"> & { probe_json: string | null };

function toFile(row: FileQueryRow): FileWithProbe {
  const { probe_json, ...rest } = row;
  return {
    ...rest,
    probe: rest.probe_status === "ok" && probe_json ? JSON.parse(probe_json) as MediaProbe : null,
    probe_error: rest.probe_status === "error" ? rest.probe_error : null,
  };
}

function isPlayable(f: { file_class: string }): boolean {
  return f.file_class === "video" || f.file_class === "audio";
}

/** Item queries over one database. */
export class ItemsRepo {
  readonly #db: Database;
  readonly #statements: StatementCache;

  constructor(db: Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
  }

  #prepare(sql: string): StatementSync {
    return this.#statements.prepare(sql);
  }

  /**
   * One page of items and the total. Without `parent_id`, `recursive` or `q` this is the top
   * level of the libraries (movies, series, artists, loose videos and tracks); children of a
   * season or album come in episode/track order when sorted by title.
   */
  list(query: ListItemsQuery): { items: ItemRow[]; total: number } {
    const where = ["i.library_id IN (SELECT value FROM json_each(?))"];
    const params: (string | number)[] = [JSON.stringify(query.library_ids)];
    if (query.library_id !== undefined) {
      where.push("i.library_id = ?");
      params.push(query.library_id);
    }
    const q = query.q !== undefined ? searchText(query.q) : "";
    if (query.parent_id !== undefined) {
      where.push("i.parent_id = ?");
      params.push(query.parent_id);
    } else if (!query.recursive && q === "") {
      where.push("i.parent_id IS NULL");
    }
    if (query.kind !== undefined) {
      where.push("i.kind = ?");
      params.push(query.kind);
    }
    if (q !== "") {
      where.push("i.rowid IN (SELECT rowid FROM media_items_fts WHERE media_items_fts MATCH ?)");
      params.push(ftsQuery(q));
    }
    if (query.year_min !== undefined) {
      where.push("i.year >= ?");
      params.push(query.year_min);
    }
    if (query.year_max !== undefined) {
      where.push("i.year <= ?");
      params.push(query.year_max);
    }
    if (query.played !== undefined && query.user_id !== undefined) {
      where.push(query.played ? PLAYED_SQL : `NOT ${PLAYED_SQL}`);
      params.push(query.user_id, query.user_id);
    }
    const sort = query.sort ?? "title";
    const order = sort === "title" && query.parent_id !== undefined
      ? NATURAL_ORDER
      : SORT_SQL[sort];
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 0), 500);
    const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
    const whereSql = where.join(" AND ");
    const items = this.#prepare(
      `SELECT i.*, ${CHILD_COUNT}, ${METADATA_COLUMNS} FROM media_items i WHERE ${whereSql}
       ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as unknown as ItemRow[];
    // A bare search over every library counts in the index alone: the full-text index has one
    // row per item, so the per-row library check (the costly part of broad searches) is moot.
    const total = where.length === 2 && q !== "" && this.#readsAll(query.library_ids)
      ? (this.#prepare("SELECT count(*) AS n FROM media_items_fts WHERE media_items_fts MATCH ?")
        .get(params[1]) as { n: number }).n
      : (this.#prepare(`SELECT count(*) AS n FROM media_items i WHERE ${whereSql}`)
        .get(...params) as { n: number }).n;
    return { items, total };
  }

  /** Whether `libraryIds` names every library. */
  #readsAll(libraryIds: readonly string[]): boolean {
    return (this.#prepare(
      "SELECT count(*) AS n FROM libraries WHERE id NOT IN (SELECT value FROM json_each(?))",
    ).get(JSON.stringify(libraryIds)) as { n: number }).n === 0;
  }

  /** One item by id (no access check: callers check the item's library). */
  get(id: string): ItemRow | undefined {
    return this.#prepare(
      `SELECT i.*, ${CHILD_COUNT}, ${METADATA_COLUMNS} FROM media_items i WHERE i.id = ?`,
    )
      .get(id) as unknown as ItemRow | undefined;
  }

  /** An item with its files (play order first, then sidecars). */
  getWithFiles(id: string): { item: ItemRow; files: FileWithProbe[] } | undefined {
    const item = this.get(id);
    return item ? { item, files: this.files(id) } : undefined;
  }

  /** Number of direct children of an item. */
  childCount(id: string): number {
    return (this.#prepare("SELECT count(*) AS n FROM media_items WHERE parent_id = ?")
      .get(id) as { n: number }).n;
  }

  /** The files of an item: playable files in play order, then the sidecars by path. */
  files(itemId: string): FileWithProbe[] {
    const rows = this.#prepare(`${FILE_SELECT} WHERE f.item_id = ? ORDER BY f.rel_path`)
      .all(itemId) as unknown as FileQueryRow[];
    return sortFiles(rows.map(toFile));
  }

  /** The files of several items at once (list pages), keyed by item id. */
  filesFor(itemIds: readonly string[]): Map<string, FileWithProbe[]> {
    const rows = this.#prepare(
      `${FILE_SELECT} WHERE f.item_id IN (SELECT value FROM json_each(?)) ORDER BY f.rel_path`,
    ).all(JSON.stringify(itemIds)) as unknown as FileQueryRow[];
    const out = new Map<string, FileWithProbe[]>();
    for (const row of rows) {
      const list = out.get(row.item_id!) ?? [];
      list.push(toFile(row));
      out.set(row.item_id!, list);
    }
    for (const [id, list] of out) out.set(id, sortFiles(list));
    return out;
  }

  /**
   * The file to direct-play: the first part of the primary version (highest resolution label,
   * else the unlabelled file), preferring files that are present.
   */
  primaryFile(itemId: string): FileWithProbe | undefined {
    return primaryOf(this.files(itemId));
  }

  /** The sidecar subtitle files of an item, by path. */
  subtitleFiles(itemId: string): FileWithProbe[] {
    return this.files(itemId).filter((f) => f.file_class === "subtitle");
  }

  /** One file by id. */
  file(fileId: string): FileWithProbe | undefined {
    const row = this.#prepare(`${FILE_SELECT} WHERE f.id = ?`).get(fileId) as unknown as
      | FileQueryRow
      | undefined;
    return row ? toFile(row) : undefined;
  }
}

function sortFiles(files: FileWithProbe[]): FileWithProbe[] {
  return [...orderPlayableFiles(files.filter(isPlayable)), ...files.filter((f) => !isPlayable(f))];
}

/** The file to play among an item's files (see {@link ItemsRepo.primaryFile}). */
export function primaryOf(files: readonly FileWithProbe[]): FileWithProbe | undefined {
  const playable = files.filter(isPlayable);
  const present = playable.filter((f) => f.missing_since === null);
  return orderPlayableFiles(present.length > 0 ? present : playable)[0];
}

/**
 * The subtitle tracks of an item: sidecar files first (known as soon as the item is indexed, so
 * their positions do not move when the probe arrives), then the primary file's subtitle streams.
 */
export function subtitleTracks(files: readonly FileWithProbe[]): SubtitleTrack[] {
  const tracks: SubtitleTrack[] = [];
  const sidecars = files.filter((f) => f.file_class === "subtitle")
    .sort((a, b) => a.rel_path < b.rel_path ? -1 : a.rel_path > b.rel_path ? 1 : 0);
  // A VobSub pair is one track: the .idx (timing, palette, language) that ffmpeg opens; its
  // .sub holds the bitmaps and is not MicroDVD text, which a lone .sub is.
  const vobsubStems = new Set(
    sidecars.filter((f) => /\.idx$/i.test(f.rel_path)).map((f) => f.rel_path.slice(0, -4)),
  );
  for (const f of sidecars) {
    if (/\.sub$/i.test(f.rel_path) && vobsubStems.has(f.rel_path.slice(0, -4))) continue;
    const info: Partial<SidecarJson> = f.sidecar ? JSON.parse(f.sidecar) : {};
    const dot = f.rel_path.lastIndexOf(".");
    tracks.push({
      index: tracks.length,
      source: "sidecar",
      file_id: f.id,
      path: f.path,
      format: dot >= 0 ? f.rel_path.slice(dot + 1).toLowerCase() : "",
      language: info.language ?? null,
      title: info.title ?? null,
      forced: info.forced ?? false,
      default: info.default ?? false,
      hearing_impaired: info.hearing_impaired ?? false,
    });
  }
  const primary = primaryOf(files);
  for (const s of primary?.probe?.streams ?? []) {
    if (s.type !== "subtitle") continue;
    tracks.push({
      index: tracks.length,
      source: "embedded",
      path: primary!.path,
      stream_index: s.index,
      format: s.codec,
      language: s.language ?? null,
      title: s.title ?? null,
      forced: s.forced,
      default: s.default,
      hearing_impaired: s.hearing_impaired ?? false,
    });
  }
  return tracks;
}

function streamJson(s: MediaStream) {
  return {
    index: s.index,
    type: s.type,
    codec: s.codec,
    profile: s.profile ?? null,
    level: s.level ?? null,
    width: s.width ?? null,
    height: s.height ?? null,
    bit_depth: s.bit_depth ?? null,
    frame_rate: s.frame_rate ?? null,
    channels: s.channels ?? null,
    channel_layout: s.channel_layout ?? null,
    sample_rate: s.sample_rate ?? null,
    language: s.language ?? null,
    title: s.title ?? null,
    default: s.default,
    forced: s.forced,
  };
}

/** Options of {@link itemToJson}. */
export interface ItemJsonOptions {
  /** Admins see filesystem paths. */
  isAdmin: boolean;
  /** The item's files ({@link ItemsRepo.files}); without them the media fields are empty. */
  files?: readonly FileWithProbe[];
}

/** The JSON of an item (docs/api.md "Item"). */
export type ItemJson = ReturnType<typeof itemToJson>;

/**
 * Maps an item row (and its files) to the API's Item shape. Items without playable files
 * (series, seasons, artists, albums) have `probe: null` and empty `streams`, `subtitles` and
 * `files`. `path` (the primary file's) is present only for admins.
 */
export function itemToJson(row: ItemRow, opts: ItemJsonOptions) {
  const files = opts.files ?? [];
  const primary = primaryOf(files);
  const json = {
    id: row.id,
    library_id: row.library_id,
    kind: row.kind,
    title: row.title,
    sort_title: row.sort_title,
    original_title: row.original_title,
    year: row.year,
    parent_id: row.parent_id,
    series_id: row.series_id,
    season_number: row.season_number,
    episode_number: row.episode_number,
    episode_end: row.episode_end,
    air_date: row.air_date,
    artist: row.artist,
    album_artist: row.album_artist,
    album: row.album,
    track_number: row.track_number,
    disc_number: row.disc_number,
    extra_type: row.extra_type,
    duration_ms: row.duration_ms,
    size_bytes: row.size_bytes,
    container: row.container,
    bitrate_kbps: row.bitrate_kbps,
    added_at: row.added_at,
    updated_at: row.updated_at,
    ...(opts.isAdmin ? { path: primary?.path ?? null } : {}),
    probe: primary
      ? {
        status: primary.probe_status,
        ...(primary.probe_status === "error" ? { error: primary.probe_error ?? "" } : {}),
      }
      : null,
    streams: (primary?.probe?.streams ?? [])
      .filter((s) => s.type === "video" || s.type === "audio" || s.type === "subtitle")
      .map(streamJson),
    subtitles: subtitleTracks(files).map(({ path: _path, file_id: _file, ...t }) => ({
      ...t,
      url: `/api/items/${row.id}/subtitles/${t.index}.vtt`,
    })),
    files: files.filter(isPlayable).map((f) => ({
      id: f.id,
      part: f.part_number,
      version: f.version_label,
      size_bytes: f.size_bytes,
      container: f.probe?.container ?? null,
    })),
    ...metadataJson(row.id, row.metadata_json, row.images_json, row.metadata_error, opts.isAdmin),
    child_count: row.child_count,
  };
  return json;
}
