/**
 * The server's long-lived services, built once by main.ts (or a test) and handed to every
 * request as `ctx.services`.
 */
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./log.ts";
import type { LibrariesRepo } from "./db/libraries.ts";
import type { UsersRepo } from "./db/users.ts";
import type { SettingsRepo } from "./db/settings.ts";
import type { Authenticator } from "./auth/authenticator.ts";
import type { PlaybackTokens } from "./auth/playback_token.ts";
import type { ItemsRepo } from "./db/items.ts";
import type { ScanService } from "./scanner/scan_service.ts";
import type { FfmpegInfo } from "./media/ffmpeg_locate.ts";
import type { DeviceProfile } from "./playback/profile.ts";

/** Everything a request handler may use. */
export interface Services {
  config: Readonly<Config>;
  log: Logger;
  db: Database;
  users: UsersRepo;
  libraries: LibrariesRepo;
  settings: SettingsRepo;
  auth: Authenticator;
  /** Signs the credentials carried by playback URLs. */
  playbackTokens: PlaybackTokens;
  items: ItemsRepo;
  scanner: ScanService;
  ffmpeg: FfmpegInfo;
  /** Device profiles from profiles/*.json, validated at start. */
  profiles: DeviceProfile[];
  version: string;
  started_at: Date;
}
