/**
 * Play state over the API: progress reports from players (stored by the resume rules, and
 * keeping the live playback session up to date), played marks and favorites, `user_data` on
 * item JSON, and the home rows. Every operation is for one user.
 */
import type { ItemJson, ItemRow, ItemsRepo } from "../db/items.ts";
import { itemToJson } from "../db/items.ts";
import type { Database } from "../db/database.ts";
import type { User } from "../db/users.ts";
import {
  type UserDataJson,
  userDataJson,
  UserDataRepo,
  type UserItemData,
} from "../db/user_data.ts";
import type { PlaybackService } from "../playback/playback_service.ts";
import { applyMark, applyProgress } from "./resume_rules.ts";
import { UserSettingsRepo } from "../db/user_settings.ts";
import { NowPlaying } from "./now_playing.ts";
import type { HlsSessionManager } from "../hls/session_manager.ts";

/** What a player reports (`POST /api/sessions/progress`). */
export interface ProgressInput {
  position_ms: number;
  paused?: boolean;
  session_id?: string;
  event?: ProgressEvent;
}

/** Why the player reports: the periodic report, or a pause, seek or stop. */
export type ProgressEvent = "progress" | "pause" | "seek" | "stop";

/** The events {@link ProgressInput.event} accepts. */
export const PROGRESS_EVENTS: readonly ProgressEvent[] = ["progress", "pause", "seek", "stop"];

/** An Item JSON with the caller's state. */
export type ItemWithUserData = ItemJson & { user_data: UserDataJson };

/** Home rows of one user. */
export interface HomeRows {
  continue_watching: ItemWithUserData[];
  next_up: ItemWithUserData[];
  recently_added: {
    library: { id: string; name: string; kind: string };
    items: ItemWithUserData[];
  }[];
}

/** Dependencies of {@link PlayStateService}. */
export interface PlayStateOptions {
  db: Database;
  items: ItemsRepo;
  playback: PlaybackService;
  /** For the transcode state of sessions; null without ffmpeg. */
  hls: HlsSessionManager | null;
}

/** See the module documentation. */
export class PlayStateService {
  readonly userData: UserDataRepo;
  readonly settings: UserSettingsRepo;
  /** The admin's view of live sessions. */
  readonly nowPlaying: NowPlaying;
  readonly #o: PlayStateOptions;

  constructor(opts: PlayStateOptions) {
    this.#o = opts;
    this.userData = new UserDataRepo(opts.db);
    this.settings = new UserSettingsRepo(opts.db);
    this.nowPlaying = new NowPlaying(opts.playback, opts.hls);
  }

  /**
   * Stores a progress report of `user` for `item` and updates the live playback session named
   * by `session_id` when it is the user's session of this item; "stop" ends that session (and
   * its transcode). Returns the new state and whether the session was live.
   */
  async report(
    user: User,
    item: ItemRow,
    input: ProgressInput,
    now = new Date(),
  ): Promise<{ user_data: UserDataJson; session_active: boolean }> {
    let duration = item.duration_ms;
    const session = input.session_id ? this.#o.playback.session(input.session_id) : undefined;
    const own = session !== undefined && session.user_id === user.id && session.item_id === item.id;
    if (own && !duration && session.probe?.duration_ms) duration = session.probe.duration_ms;
    let next!: UserItemData;
    this.userData.update(user.id, [item.id], (prev) => {
      next = {
        ...prev,
        ...applyProgress(prev, { position_ms: input.position_ms, duration_ms: duration, now }),
      };
      return next;
    }, now);
    if (own) {
      if (input.event === "stop") await this.#o.playback.stop(session.id);
      else {this.#o.playback.touch(session.id, {
          position_ms: input.position_ms,
          paused: input.paused,
        });}
    }
    return { user_data: userDataJson(next), session_active: own && input.event !== "stop" };
  }

  /** Marks an item (a series or season: its episodes; an album: its tracks) played or not. */
  mark(user: User, item: ItemRow, played: boolean, now = new Date()): UserDataJson {
    const targets = this.userData.playableTargets(item.id);
    this.userData.update(
      user.id,
      targets,
      (prev) => ({ ...prev, ...applyMark(prev, played, now) }),
      now,
    );
    return this.userDataOf(user, item);
  }

  /** Sets or clears the user's favorite flag of an item. */
  favorite(user: User, item: ItemRow, favorite: boolean, now = new Date()): UserDataJson {
    this.userData.update(user.id, [item.id], (prev) => ({ ...prev, favorite }), now);
    return this.userDataOf(user, item);
  }

  /** The user's `user_data` of one item. */
  userDataOf(user: User, item: ItemRow): UserDataJson {
    const unplayed = this.userData.unplayedCounts(user.id, [item]).get(item.id);
    return userDataJson(this.userData.get(user.id, item.id), unplayed);
  }

  /** Adds the user's `user_data` to Item JSON objects (same order as `rows`). */
  withUserData<T extends { id: string }>(user: User, rows: readonly ItemRow[], jsons: T[]) {
    const data = this.userData.getMany(user.id, rows.map((r) => r.id));
    const unplayed = this.userData.unplayedCounts(user.id, rows);
    return jsons.map((j) => ({
      ...j,
      user_data: userDataJson(data.get(j.id), unplayed.get(j.id)),
    }));
  }

  /** Item JSON (with files and the user's state) of a list of rows. */
  itemsJson(user: User, rows: readonly ItemRow[]): ItemWithUserData[] {
    const files = this.#o.items.filesFor(rows.map((r) => r.id));
    const jsons = rows.map((r) =>
      itemToJson(r, { isAdmin: user.is_admin, files: files.get(r.id) ?? [] })
    );
    return this.withUserData(user, rows, jsons);
  }

  /** The home rows of `user` over the libraries it may read. */
  home(
    user: User,
    libraries: readonly { id: string; name: string; kind: string }[],
    limit = 20,
  ): HomeRows {
    const ids = libraries.map((l) => l.id);
    return {
      continue_watching: this.itemsJson(user, this.userData.continueWatching(user.id, ids, limit)),
      next_up: this.itemsJson(user, this.userData.nextUp(user.id, ids, limit)),
      recently_added: libraries.map((l) => ({
        library: { id: l.id, name: l.name, kind: l.kind },
        items: this.itemsJson(user, this.userData.recentlyAdded(l.id, limit)),
      })),
    };
  }
}
