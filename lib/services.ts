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
import type { PlaybackService } from "./playback/playback_service.ts";
import type { HlsSessionManager } from "./hls/session_manager.ts";
import type { PlayStateService } from "./playstate/play_state_service.ts";
import type { HwaccelReport } from "./media/hwaccel.ts";
import type { ProcessSupervisor } from "./media/process.ts";
import type { MetadataService } from "./metadata/metadata_service.ts";
import type { ImageService } from "./images/image_service.ts";
import type { ProviderEnricher } from "./metadata/enrich.ts";

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
  /** Playback decisions and live playback sessions. */
  playback: PlaybackService;
  /** Per-user play state, settings, home rows and the admin's sessions view. */
  playState: PlayStateService;
  /** HLS sessions; null without ffmpeg/ffprobe. */
  hls: HlsSessionManager | null;
  /** Hardware acceleration report, filled in the background at start. */
  hwaccel: { report: HwaccelReport | null; ready: Promise<void> };
  /** Every ffmpeg child, stopped at shutdown. */
  supervisor: ProcessSupervisor;
  items: ItemsRepo;
  scanner: ScanService;
  /** Local metadata (NFO) and artwork of items. */
  metadata: MetadataService;
  /** Resized artwork (cached on disk) and frame grabs. */
  images: ImageService;
  /** Online metadata (TMDb); null without an API key. */
  enricher: ProviderEnricher | null;
  ffmpeg: FfmpegInfo;
  /** Device profiles from profiles/*.json, validated at start. */
  profiles: DeviceProfile[];
  version: string;
  started_at: Date;
}
