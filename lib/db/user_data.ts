/**
 * Per-user item state (`user_item_data`): resume position, played, play count, last played and
 * favorite, plus the queries behind the home rows. Every method takes the user: one user's
 * state is never read for another.
 */
import type { StatementSync } from "node:sqlite";
import { type Database, StatementCache, transaction } from "./database.ts";
import type { ItemRow } from "./items.ts";
import { EMPTY_PLAY_STATE, type PlayState } from "../playstate/resume_rules.ts";

/** A user's state of one item. */
export interface UserItemData extends PlayState {
  favorite: boolean;
}

/** The `user_data` object of the Item JSON. */
export interface UserDataJson {
  position_ms: number;
  played: boolean;
  play_count: number;
  last_played_at: string | null;
  favorite: boolean;
  /** Series and seasons: episodes not played yet (played means none left). */
  unplayed_count?: number;
}

/** The state of an item the user never touched. */
export const EMPTY_USER_DATA: UserItemData = { ...EMPTY_PLAY_STATE, favorite: false };

interface Row {
  item_id: string;
  position_ms: number;
  played: number;
  play_count: number;
  last_played_at: string | null;
  favorite: number;
}

function fromRow(r: Row): UserItemData {
  return {
    position_ms: r.position_ms,
    played: r.played === 1,
    play_count: r.play_count,
    last_played_at: r.last_played_at,
    favorite: r.favorite === 1,
  };
}

const ITEM_COLUMNS =
  "i.*, (SELECT count(*) FROM media_items c WHERE c.parent_id = i.id) AS child_count";

/** Queries and writes of `user_item_data` over one database. */
export class UserDataRepo {
  readonly #db: Database;
  readonly #statements: StatementCache;

  constructor(db: Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
  }

  #prepare(sql: string): StatementSync {
    return this.#statements.prepare(sql);
  }

  /** The user's state of one item (the empty state when there is no row). */
  get(userId: string, itemId: string): UserItemData {
    const row = this.#prepare("SELECT * FROM user_item_data WHERE user_id = ? AND item_id = ?")
      .get(userId, itemId) as Row | undefined;
    return row ? fromRow(row) : { ...EMPTY_USER_DATA };
  }

  /** The user's state of several items, keyed by item id (absent: never touched). */
  getMany(userId: string, itemIds: readonly string[]): Map<string, UserItemData> {
    const rows = this.#prepare(
      `SELECT * FROM user_item_data
       WHERE user_id = ? AND item_id IN (SELECT value FROM json_each(?))`,
    ).all(userId, JSON.stringify(itemIds)) as unknown as Row[];
    return new Map(rows.map((r) => [r.item_id, fromRow(r)]));
  }

  /**
   * Unplayed episode counts of series and seasons for the user (other kinds are left out).
   * Specials (season 0) count like other episodes.
   */
  unplayedCounts(userId: string, containers: readonly ItemRow[]): Map<string, number> {
    const out = new Map<string, number>();
    const stmt = this.#prepare(
      `SELECT count(*) AS n FROM media_items e
       LEFT JOIN user_item_data u ON u.item_id = e.id AND u.user_id = ?
       WHERE e.kind = 'episode' AND (e.series_id = ? OR e.parent_id = ?)
         AND coalesce(u.played, 0) = 0`,
    );
    for (const c of containers) {
      if (c.kind !== "series" && c.kind !== "season") continue;
      const key = c.kind === "series" ? c.id : "";
      const parent = c.kind === "season" ? c.id : "";
      out.set(c.id, (stmt.get(userId, key, parent) as { n: number }).n);
    }
    return out;
  }

  /**
   * The items "mark played" applies to: the item itself when it plays (movie, episode, track,
   * video), else every playable item below it (a series' or season's episodes, an album's
   * tracks). Extras below a movie are left out.
   */
  playableTargets(itemId: string): string[] {
    const rows = this.#prepare(
      `WITH RECURSIVE d (id, kind, extra_type, depth) AS (
         SELECT id, kind, extra_type, 0 FROM media_items WHERE id = ?
         UNION ALL
         SELECT m.id, m.kind, m.extra_type, d.depth + 1 FROM media_items m
           JOIN d ON m.parent_id = d.id WHERE d.kind NOT IN ('movie', 'episode', 'track', 'video'))
       SELECT id FROM d WHERE kind IN ('movie', 'episode', 'track', 'video')
         AND (depth = 0 OR extra_type IS NULL)`,
    ).all(itemId) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Writes the user's state of an item. */
  put(userId: string, itemId: string, data: UserItemData, now = new Date()): void {
    this.#prepare(
      `INSERT INTO user_item_data
         (user_id, item_id, position_ms, played, play_count, last_played_at, favorite, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, item_id) DO UPDATE SET position_ms = excluded.position_ms,
         played = excluded.played, play_count = excluded.play_count,
         last_played_at = excluded.last_played_at, favorite = excluded.favorite,
         updated_at = excluded.updated_at`,
    ).run(
      userId,
      itemId,
      Math.max(0, Math.trunc(data.position_ms)),
      data.played ? 1 : 0,
      data.play_count,
      data.last_played_at,
      data.favorite ? 1 : 0,
      now.toISOString(),
    );
  }

  /** Applies `fn` to the user's state of each item in one transaction. */
  update(
    userId: string,
    itemIds: readonly string[],
    fn: (prev: UserItemData) => UserItemData,
    now = new Date(),
  ): void {
    transaction(this.#db, () => {
      const prev = this.getMany(userId, itemIds);
      for (const id of itemIds) this.put(userId, id, fn(prev.get(id) ?? EMPTY_USER_DATA), now);
    });
  }

  /**
   * "Continue watching": items of the readable libraries with a resume point and not played,
   * the most recently reported first.
   */
  continueWatching(userId: string, libraryIds: readonly string[], limit = 20): ItemRow[] {
    return this.#prepare(
      `SELECT ${ITEM_COLUMNS} FROM user_item_data u JOIN media_items i ON i.id = u.item_id
       WHERE u.user_id = ? AND u.position_ms > 0 AND u.played = 0
         AND i.library_id IN (SELECT value FROM json_each(?))
       ORDER BY u.updated_at DESC, i.id LIMIT ?`,
    ).all(userId, JSON.stringify(libraryIds), limit) as unknown as ItemRow[];
  }

  /**
   * "Next up": for each series the user has played an episode of (most recently played
   * first), the first unplayed episode after the furthest played one in season/episode order.
   * Specials (season 0) are never next up; a series with nothing left is left out.
   */
  nextUp(userId: string, libraryIds: readonly string[], limit = 20): ItemRow[] {
    const series = this.#prepare(
      `SELECT e.series_id AS series_id, max(u.last_played_at) AS last,
         max(coalesce(e.season_number, 1) * 100000 + coalesce(e.episode_number, 0)) AS furthest
       FROM user_item_data u JOIN media_items e ON e.id = u.item_id
       WHERE u.user_id = ? AND u.played = 1 AND e.kind = 'episode' AND e.series_id IS NOT NULL
         AND coalesce(e.season_number, 1) > 0
         AND e.library_id IN (SELECT value FROM json_each(?))
       GROUP BY e.series_id ORDER BY last DESC`,
    ).all(userId, JSON.stringify(libraryIds)) as {
      series_id: string;
      last: string | null;
      furthest: number;
    }[];
    const next = this.#prepare(
      `SELECT ${ITEM_COLUMNS} FROM media_items i
       LEFT JOIN user_item_data u ON u.item_id = i.id AND u.user_id = ?
       WHERE i.series_id = ? AND i.kind = 'episode' AND coalesce(i.season_number, 1) > 0
         AND coalesce(i.season_number, 1) * 100000 + coalesce(i.episode_number, 0) > ?
         AND coalesce(u.played, 0) = 0
       ORDER BY coalesce(i.season_number, 1), i.episode_number IS NULL, i.episode_number,
         i.air_date, i.sort_title, i.id
       LIMIT 1`,
    );
    const out: ItemRow[] = [];
    for (const s of series) {
      if (out.length >= limit) break;
      const row = next.get(userId, s.series_id, s.furthest) as unknown as ItemRow | undefined;
      if (row) out.push(row);
    }
    return out;
  }

  /**
   * "Recently added" of one library: movies, episodes, albums and loose videos (not extras),
   * newest first.
   */
  recentlyAdded(libraryId: string, limit = 16): ItemRow[] {
    return this.#prepare(
      `SELECT ${ITEM_COLUMNS} FROM media_items i
       WHERE i.library_id = ? AND i.kind IN ('movie', 'episode', 'album', 'video')
         AND i.extra_type IS NULL
       ORDER BY i.added_at DESC, i.id DESC LIMIT ?`,
    ).all(libraryId, limit) as unknown as ItemRow[];
  }
}

/** The `user_data` JSON of an item for its user. */
export function userDataJson(data: UserItemData | undefined, unplayed?: number): UserDataJson {
  const d = data ?? EMPTY_USER_DATA;
  const container = unplayed !== undefined;
  return {
    position_ms: d.position_ms,
    played: container ? unplayed === 0 : d.played,
    play_count: d.play_count,
    last_played_at: d.last_played_at,
    favorite: d.favorite,
    ...(container ? { unplayed_count: unplayed } : {}),
  };
}
