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
import { loadProfiles } from "./playback/load_profiles.ts";
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
  const scanner = new ScanService({
    db,
    ffprobePath: ffmpeg.ffprobe?.path ?? null,
    debounceMs: config.watch_debounce_ms,
    logger: log,
  });
  users.purgeExpiredSessions();
  return {
    config,
    log,
    db,
    users,
    libraries,
    settings,
    items,
    scanner,
    auth: new Authenticator(users),
    playbackTokens: new PlaybackTokens(settings.getOrCreate("playback_secret", newToken)),
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
      await services.scanner.close();
      await server.finished.catch(() => {});
      services.db.close();
    })();
  return { url, services, shutdown, finished: server.finished };
}
