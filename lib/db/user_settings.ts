/** Data access for `user_settings`: each user's playback preferences. */
import type { StatementSync } from "node:sqlite";
import type { Database } from "./database.ts";

/** A user's playback preferences; null means "no preference". */
export interface UserSettings {
  /** ISO 639-2/B code ("eng", "fre", "ger"). */
  audio_language: string | null;
  subtitle_language: string | null;
  max_bitrate_kbps: number | null;
}

/** The settings of a user who never saved any. */
export const DEFAULT_USER_SETTINGS: UserSettings = {
  audio_language: null,
  subtitle_language: null,
  max_bitrate_kbps: null,
};

/** Reads and writes `user_settings`. */
export class UserSettingsRepo {
  readonly #get: StatementSync;
  readonly #put: StatementSync;

  constructor(db: Database) {
    this.#get = db.prepare(
      "SELECT audio_language, subtitle_language, max_bitrate_kbps FROM user_settings WHERE user_id = ?",
    );
    this.#put = db.prepare(
      `INSERT INTO user_settings (user_id, audio_language, subtitle_language, max_bitrate_kbps,
         updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET audio_language = excluded.audio_language,
         subtitle_language = excluded.subtitle_language,
         max_bitrate_kbps = excluded.max_bitrate_kbps, updated_at = excluded.updated_at`,
    );
  }

  /** The user's settings (the defaults when never saved). */
  get(userId: string): UserSettings {
    const row = this.#get.get(userId) as UserSettings | undefined;
    return row ? { ...row } : { ...DEFAULT_USER_SETTINGS };
  }

  /** Saves the user's settings. */
  put(userId: string, settings: UserSettings): void {
    this.#put.run(
      userId,
      settings.audio_language,
      settings.subtitle_language,
      settings.max_bitrate_kbps,
      new Date().toISOString(),
    );
  }
}
