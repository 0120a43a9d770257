/**
 * Server configuration, parsed once from environment variables and the same settings as CLI
 * flags (`RUSTFIN_DATA_DIR` ↔ `--data-dir`). Flags win over the environment. A bad value throws
 * a {@link ConfigError} naming the setting; main.ts prints it on one line and exits with code 2.
 */
import { resolve } from "node:path";
import type { LibraryKind } from "./naming/types.ts";

/** A library to create at start when missing (`RUSTFIN_LIBRARIES`). */
export interface LibrarySeed {
  name: string;
  path: string;
  kind: LibraryKind;
}

/** Log levels, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Hardware acceleration methods a user may ask for. */
export const HWACCEL_CHOICES = [
  "auto",
  "none",
  "nvenc",
  "qsv",
  "vaapi",
  "videotoolbox",
  "amf",
  "v4l2m2m",
] as const;

/** The parsed, frozen configuration. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data dir: database, cache, logs. */
  data_dir: string;
  admin_user: string | null;
  admin_password: string | null;
  libraries: LibrarySeed[];
  ffmpeg: string | null;
  ffprobe: string | null;
  log: LogLevel;
  /** Preferred hardware acceleration; "auto" picks the best method that passes a test encode. */
  hwaccel: typeof HWACCEL_CHOICES[number];
  /** Transcodes running at once; over it, playback requests get 503 + Retry-After. */
  max_transcodes: number;
  /** A transcode with no segment request for this long is stopped. */
  transcode_idle_s: number;
  /** Upper bound of the transcode cache over all sessions. */
  transcode_cache_mb: number;
  /** Debounce of the file-system watcher. */
  watch_debounce_ms: number;
  /** TMDb API key; null leaves the online metadata provider off. */
  tmdb_api_key: string | null;
  /** TMDb API root (tests point it at a local server). */
  tmdb_url: string;
}

/** A configuration error: names the setting and what is wrong with it. */
export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = "ConfigError";
  }
}

interface SettingSpec {
  env: string;
  flag: string;
  help: string;
}

/** Every setting, for `--help` and for parsing. */
export const SETTINGS: Record<keyof Config, SettingSpec> = {
  port: { env: "RUSTFIN_PORT", flag: "--port", help: "HTTP port (8096)" },
  host: { env: "RUSTFIN_HOST", flag: "--host", help: "address to listen on (0.0.0.0)" },
  data_dir: {
    env: "RUSTFIN_DATA_DIR",
    flag: "--data-dir",
    help: "database, cache and logs (./data)",
  },
  admin_user: {
    env: "RUSTFIN_ADMIN_USER",
    flag: "--admin-user",
    help: "admin created on first start when no user exists",
  },
  admin_password: {
    env: "RUSTFIN_ADMIN_PASSWORD",
    flag: "--admin-password",
    help: "password of that admin",
  },
  libraries: {
    env: "RUSTFIN_LIBRARIES",
    flag: "--libraries",
    help: 'libraries to create, e.g. "Movies=/srv/movies:movies,Shows=/srv/tv:shows"',
  },
  ffmpeg: {
    env: "RUSTFIN_FFMPEG",
    flag: "--ffmpeg",
    help: "path of ffmpeg (searched on PATH); off: no transcoding",
  },
  ffprobe: {
    env: "RUSTFIN_FFPROBE",
    flag: "--ffprobe",
    help: "path of ffprobe (searched on PATH); off: index by name only",
  },
  log: { env: "RUSTFIN_LOG", flag: "--log", help: "log level: debug|info|warn|error (info)" },
  hwaccel: {
    env: "RUSTFIN_HWACCEL",
    flag: "--hwaccel",
    help: "auto|none|nvenc|qsv|vaapi|videotoolbox|amf|v4l2m2m (auto)",
  },
  max_transcodes: {
    env: "RUSTFIN_MAX_TRANSCODES",
    flag: "--max-transcodes",
    help: "concurrent transcodes (cores, at least 1)",
  },
  transcode_idle_s: {
    env: "RUSTFIN_TRANSCODE_IDLE_S",
    flag: "--transcode-idle-s",
    help: "stop a transcode after this many idle seconds (60)",
  },
  transcode_cache_mb: {
    env: "RUSTFIN_TRANSCODE_CACHE_MB",
    flag: "--transcode-cache-mb",
    help: "transcode cache limit over all sessions, MiB (4096)",
  },
  watch_debounce_ms: {
    env: "RUSTFIN_WATCH_DEBOUNCE_MS",
    flag: "--watch-debounce-ms",
    help: "file watcher debounce, ms (2000)",
  },
  tmdb_api_key: {
    env: "RUSTFIN_TMDB_API_KEY",
    flag: "--tmdb-api-key",
    help: "TMDb API key: fills missing metadata and artwork online (off)",
  },
  tmdb_url: {
    env: "RUSTFIN_TMDB_URL",
    flag: "--tmdb-url",
    help: "TMDb API root (https://api.themoviedb.org/3)",
  },
};

function parseFlags(args: string[]): Map<string, string> {
  const known = new Map(Object.values(SETTINGS).map((s) => [s.flag, s]));
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = known.get(flag);
    if (!spec) throw new ConfigError(arg, "unknown option (see --help)");
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ConfigError(flag, "needs a value");
    value = value.trim();
    out.set(spec.env, value);
  }
  return out;
}

function integer(setting: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(setting, `"${raw}" is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(setting, `${n} is outside ${min}–${max}`);
  return n;
}

/** Parses `RUSTFIN_LIBRARIES`: comma-separated `Name=/path:kind` entries. */
export function parseLibrarySeeds(raw: string, setting = "RUSTFIN_LIBRARIES"): LibrarySeed[] {
  const seeds: LibrarySeed[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const colon = part.lastIndexOf(":");
    if (eq <= 0 || colon <= eq + 1) {
      throw new ConfigError(setting, `"${part}" should look like Name=/path:kind`);
    }
    const name = part.slice(0, eq).trim();
    const path = part.slice(eq + 1, colon).trim();
    const kind = part.slice(colon + 1).trim();
    if (!["movies", "shows", "music", "mixed"].includes(kind)) {
      throw new ConfigError(setting, `kind "${kind}" of "${name}" is not movies|shows|music|mixed`);
    }
    if (seeds.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new ConfigError(setting, `library "${name}" is listed twice`);
    }
    seeds.push({ name, path: resolve(path), kind: kind as LibraryKind });
  }
  return seeds;
}

/**
 * Builds the configuration from `env` and CLI `args`; throws {@link ConfigError} on the first
 * bad setting.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  args: string[] = [],
  cwd: string = Deno.cwd(),
): Readonly<Config> {
  const flags = parseFlags(args);
  const get = (key: keyof Config): string | undefined => {
    const spec = SETTINGS[key];
    const value = flags.get(spec.env) ?? env[spec.env];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const name = (key: keyof Config) =>
    flags.has(SETTINGS[key].env) ? SETTINGS[key].flag : SETTINGS[key].env;

  const logRaw = get("log") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logRaw)) {
    throw new ConfigError(name("log"), `"${logRaw}" is not one of ${LOG_LEVELS.join("|")}`);
  }
  const hwRaw = get("hwaccel") ?? "auto";
  if (!(HWACCEL_CHOICES as readonly string[]).includes(hwRaw)) {
    throw new ConfigError(name("hwaccel"), `"${hwRaw}" is not one of ${HWACCEL_CHOICES.join("|")}`);
  }
  const adminUser = get("admin_user") ?? null;
  const adminPassword = get("admin_password") ?? null;
  if ((adminUser === null) !== (adminPassword === null)) {
    throw new ConfigError(
      adminUser === null ? name("admin_user") : name("admin_password"),
      "RUSTFIN_ADMIN_USER and RUSTFIN_ADMIN_PASSWORD go together",
    );
  }
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError(name("admin_password"), "must be at least 8 characters");
  }
  const host = get("host") ?? "0.0.0.0";
  if (!/^[A-Za-z0-9.:\-\[\]]+$/.test(host)) {
    throw new ConfigError(name("host"), `"${host}" is not a host name or address`);
  }
  const cores = navigator.hardwareConcurrency || 1;
  const config: Config = {
    port: integer(name("port"), get("port") ?? "8096", 0, 65535),
    host,
    data_dir: resolve(cwd, get("data_dir") ?? "./data"),
    admin_user: adminUser,
    admin_password: adminPassword,
    libraries: parseLibrarySeeds(get("libraries") ?? "", name("libraries")),
    ffmpeg: get("ffmpeg") ?? null,
    ffprobe: get("ffprobe") ?? null,
    log: logRaw as LogLevel,
    hwaccel: hwRaw as Config["hwaccel"],
    max_transcodes: integer(
      name("max_transcodes"),
      get("max_transcodes") ?? String(Math.max(1, cores)),
      1,
      64,
    ),
    transcode_idle_s: integer(name("transcode_idle_s"), get("transcode_idle_s") ?? "60", 1, 86400),
    transcode_cache_mb: integer(
      name("transcode_cache_mb"),
      get("transcode_cache_mb") ?? "4096",
      16,
      10_000_000,
    ),
    watch_debounce_ms: integer(
      name("watch_debounce_ms"),
      get("watch_debounce_ms") ?? "2000",
      0,
      600_000,
    ),
    tmdb_api_key: get("tmdb_api_key") || null,
    tmdb_url: get("tmdb_url") ?? "https://api.themoviedb.org/3",
  };
  return Object.freeze(config);
}

/** The `--help` text. */
export function configHelp(): string {
  const lines = ["Usage: rustfin [options]", "", "Every option is also an environment variable:"];
  for (const spec of Object.values(SETTINGS)) {
    lines.push(`  ${spec.flag.padEnd(22)} ${spec.env.padEnd(28)} ${spec.help}`);
  }
  return lines.join("\n");
}
