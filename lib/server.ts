/**
 * Wires config, database, services and the HTTP server. main.ts calls {@link startServer};
 * tests call it too, with a temp data dir and port 0, so they exercise the real wiring.
 */
import { join } from "node:path";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { LibrariesRepo } from "./db/libraries.ts";
import { SettingsRepo } from "./db/settings.ts";
import { UsersRepo } from "./db/users.ts";
import { ItemsRepo } from "./db/items.ts";
import { Authenticator } from "./auth/authenticator.ts";
import { PlaybackTokens } from "./auth/playback_token.ts";
import { newToken } from "./ids.ts";
import { hashPassword } from "./auth/password.ts";
import { createLogger, type Logger } from "./log.ts";
import { locateFfmpeg } from "./media/ffmpeg_locate.ts";
import { ScanService } from "./scanner/scan_service.ts";
import { MetadataService } from "./metadata/metadata_service.ts";
import { ImageService } from "./images/image_service.ts";
import { ProviderEnricher } from "./metadata/enrich.ts";
import { TmdbProvider } from "./metadata/tmdb.ts";
import { loadProfiles } from "./playback/load_profiles.ts";
import { PlaybackService } from "./playback/playback_service.ts";
import { PlayStateService } from "./playstate/play_state_service.ts";
import { HlsSessionManager } from "./hls/session_manager.ts";
import { KeyframesRepo } from "./db/keyframes.ts";
import { KeyframeCache } from "./media/keyframe_cache.ts";
import { ProcessSupervisor } from "./media/process.ts";
import { detectHwaccel, type HwaccelReport } from "./media/hwaccel.ts";
import type { Services } from "./services.ts";
import { createApp } from "./app.ts";
import { VERSION } from "./version.ts";
import manifest from "../routes.gen.ts";

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8096 */
  url: string;
  services: Services;
  /** Stops accepting requests, stops scans, watchers and ffmpeg children, closes the database. */
  shutdown(): Promise<void>;
  /** Resolves when the server has finished. */
  finished: Promise<void>;
}

/** Options of {@link startServer}. */
export interface StartOptions {
  logger?: Logger;
  /** Skip the initial scan of every library (tests that scan explicitly). */
  skipInitialScan?: boolean;
  /** Called once the server listens. */
  onListen?: (url: string) => void;
}

/** Builds the services for a config: creates the data dir, opens and migrates the database. */
export async function buildServices(config: Config, logger?: Logger): Promise<Services> {
  const log = logger ?? createLogger(config.log);
  await Deno.mkdir(join(config.data_dir, "cache"), { recursive: true });
  await Deno.mkdir(join(config.data_dir, "logs"), { recursive: true });
  const db = await openDatabase(join(config.data_dir, "rustfin.db"));
  const users = new UsersRepo(db);
  const libraries = new LibrariesRepo(db);
  const settings = new SettingsRepo(db);
  const items = new ItemsRepo(db);
  const profiles = await loadProfiles();
  const ffmpeg = await locateFfmpeg({
    ffmpeg: config.ffmpeg ?? undefined,
    ffprobe: config.ffprobe ?? undefined,
  });
  for (const problem of ffmpeg.problems) log.warn(problem);
  const metadata = new MetadataService({ db, logger: log });
  const scanner = new ScanService({
    db,
    ffprobePath: ffmpeg.ffprobe?.path ?? null,
    debounceMs: config.watch_debounce_ms,
    logger: log,
    metadata,
  });
  users.purgeExpiredSessions();
  const supervisor = new ProcessSupervisor();
  const images = new ImageService({
    cacheDir: join(config.data_dir, "cache", "images"),
    ffmpegPath: ffmpeg.ffmpeg?.path ?? null,
    supervisor,
    repo: metadata.repo,
    logger: log,
  });
  // Online metadata only with an API key.
  const enricher = config.tmdb_api_key
    ? new ProviderEnricher({
      repo: metadata.repo,
      provider: new TmdbProvider({ apiKey: config.tmdb_api_key, baseUrl: config.tmdb_url }),
      cacheDir: join(config.data_dir, "cache", "images"),
      logger: log,
    })
    : null;
  // In the background once a scan's metadata is read: the provider first (its poster beats a
  // grabbed frame), then frames for videos still without artwork.
  metadata.onRefreshed((libraryId) =>
    (enricher?.enrich(libraryId) ?? Promise.resolve(0))
      .catch((error) => log.warn("metadata provider failed", { library: libraryId, error }))
      .then(() => images.grabFrames(libraryId))
      .catch((error) => log.warn("frame grabs failed", { library: libraryId, error }))
  );
  const canTranscode = ffmpeg.ffmpeg !== null && ffmpeg.ffprobe !== null;
  const hls = canTranscode
    ? await HlsSessionManager.start({
      cache_dir: join(config.data_dir, "cache", "transcodes"),
      ffmpeg_path: ffmpeg.ffmpeg!.path,
      ffprobe_path: ffmpeg.ffprobe!.path,
      max_transcodes: config.max_transcodes,
      idle_s: config.transcode_idle_s,
      cache_mb: config.transcode_cache_mb,
      supervisor,
      logger: log,
      // Remux sessions of a file already played skip ffprobe's full read of its packets.
      keyframes: new KeyframeCache({
        ffprobe_path: ffmpeg.ffprobe!.path,
        store: new KeyframesRepo(db),
        logger: log,
      }),
    })
    : null;
  // Hardware detection runs test encodes (a second or so): in the background, so the server
  // answers at once; transcodes started before it finishes use software.
  const hwaccel: { report: HwaccelReport | null; ready: Promise<void> } = {
    report: null,
    ready: Promise.resolve(),
  };
  if (ffmpeg.ffmpeg && config.hwaccel !== "none") {
    hwaccel.ready = detectHwaccel(ffmpeg.ffmpeg.path, {
      configured: config.hwaccel === "auto" ? undefined : config.hwaccel,
    }).then((report) => {
      hwaccel.report = report;
      log.info("hardware acceleration", { selected: report.selected, reason: report.reason });
    }, (err) => log.warn("hardware acceleration detection failed", { error: err }));
  }
  const playbackTokens = new PlaybackTokens(settings.getOrCreate("playback_secret", newToken));
  const playback = new PlaybackService({
    items,
    profiles,
    tokens: playbackTokens,
    hls,
    ffmpegPath: ffmpeg.ffmpeg?.path ?? null,
    ffprobePath: ffmpeg.ffprobe?.path ?? null,
    supervisor,
    hwaccel: () => hwaccel.report,
    log,
  });
  return {
    config,
    log,
    db,
    users,
    libraries,
    settings,
    items,
    scanner,
    metadata,
    images,
    enricher,
    auth: new Authenticator(users),
    playbackTokens,
    playback,
    playState: new PlayStateService({ db, items, playback, hls }),
    hls,
    hwaccel,
    supervisor,
    ffmpeg,
    profiles,
    version: VERSION,
    started_at: new Date(),
  };
}

/** Creates the configured admin and libraries when missing (first start). */
export async function seed(services: Services): Promise<void> {
  const { config, users, libraries, log } = services;
  if (config.admin_user && config.admin_password && users.count() === 0) {
    users.createFirst({
      username: config.admin_user,
      password_hash: await hashPassword(config.admin_password),
    });
    log.info("admin created from RUSTFIN_ADMIN_USER", { username: config.admin_user });
  }
  for (const seedLib of config.libraries) {
    if (libraries.getByName(seedLib.name)) continue;
    libraries.create(seedLib);
    log.info("library created from RUSTFIN_LIBRARIES", { name: seedLib.name });
  }
}

/** Starts the server for a config. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const services = await buildServices(config, opts.logger);
  await seed(services);
  const app = createApp(manifest, services);
  const ac = new AbortController();
  let listening!: (url: string) => void;
  const ready = new Promise<string>((r) => listening = r);
  const server = Deno.serve({
    port: config.port,
    hostname: config.host,
    signal: ac.signal,
    onListen: ({ port, hostname }) => {
      const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
      listening(`http://${host.includes(":") ? `[${host}]` : host}:${port}`);
    },
    onError: (err) => {
      services.log.error("unhandled request error", { error: err });
      return new Response("Internal server error", { status: 500 });
    },
  }, app.fetch);
  const url = await ready;
  opts.onListen?.(url);

  for (const library of services.libraries.list()) {
    services.scanner.watch(library.id);
    if (!opts.skipInitialScan) {
      services.scanner.scan(library.id).catch((err) =>
        services.log.error("scan failed", { library: library.name, error: err })
      );
    }
  }

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    closing ??= (async () => {
      ac.abort();
      await services.playback.close();
      await services.hls?.stopAll();
      services.images.close();
      services.enricher?.close();
      await services.supervisor.stopAll();
      await services.scanner.close();
      await server.finished.catch(() => {});
      services.db.close();
    })();
  return { url, services, shutdown, finished: server.finished };
}
