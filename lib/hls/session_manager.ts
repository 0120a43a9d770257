/**
 * Owns every HLS session of the server: creates them (planning the segments, reading keyframes
 * for remux), enforces the concurrent-transcode limit, stops idle ones, keeps the cache under its
 * size limit, and cleans up after a crash.
 *
 * Crash recovery: the pid of every ffmpeg it starts is recorded in `<cache>/ffmpeg.pids`. At start,
 * any recorded pid still alive whose command line mentions the cache directory is killed (a pid
 * reused by an unrelated process is left alone), and every session directory is removed.
 */
import { join } from "node:path";
import { ffmpegInputUrl } from "../media/ffprobe.ts";
import { KeyframeCache } from "../media/keyframe_cache.ts";
import type { KeyframeSource } from "../media/keyframe_cache.ts";
import { ProcessSupervisor } from "../media/process.ts";
import { silentLogger } from "../log.ts";
import type { Logger } from "../log.ts";
import { HlsError } from "./hls_error.ts";
import type { SubtitleMedia } from "./playlist.ts";
import { planForSpec } from "./segment_plan.ts";
import { HlsSession } from "./session.ts";
import type { HlsSessionInfo } from "./session.ts";
import { isRemux, validateHlsSpec } from "./spec.ts";
import type { HlsJobSpec } from "./spec.ts";

/** Options of {@link HlsSessionManager.start}. */
export interface HlsManagerOptions {
  /** Directory for session caches; dedicated to HLS (stale `s-*` entries are removed). */
  cache_dir: string;
  ffmpeg_path: string;
  ffprobe_path: string;
  /** Concurrent sessions that encode video; over it, new ones get `transcode_limit`. */
  max_transcodes: number;
  /** A session without requests for this long loses its ffmpeg and files; default 60. */
  idle_s?: number;
  /** Size limit of all sessions' segments; default 4096 MiB. */
  cache_mb?: number;
  /** Segments ending this long before the playhead are deleted; default 720. */
  keep_behind_s?: number;
  /** ffmpeg pauses when this far ahead of the player; default 120, 0 = never. */
  throttle_ahead_s?: number;
  /** An idle session is forgotten after this long (its URLs then answer not_found); default 4 h. */
  dormant_ttl_s?: number;
  /** Count remux sessions (video copy) against the limit too; default false. */
  limit_remux?: boolean;
  /** Segments a request may be ahead of the encoder before ffmpeg restarts there; default 3. */
  restart_ahead_segments?: number;
  /** Segment-list poll interval; default 25 ms. */
  poll_ms?: number;
  /** Segments per ffmpeg run (tests); default ffmpeg_args' MAX_SEGMENTS_PER_RUN. */
  max_segments_per_run?: number;
  /** Shared with the rest of the server so shutdown stops everything; default a private one. */
  supervisor?: ProcessSupervisor;
  /**
   * Keyframe lists of remux sources; default a {@link KeyframeCache} in memory (the server passes
   * one backed by the database, so lists survive restarts).
   */
  keyframes?: KeyframeSource;
  logger?: Logger;
}

/** Options of {@link HlsSessionManager.createSession}. */
export interface CreateSessionOptions {
  /** Session id (letters, digits, `_`, `-`); default a random UUID. */
  id?: string;
  /** Resume position; the first run starts at its segment. */
  start_ms?: number;
  /** Cancels keyframe reading. */
  signal?: AbortSignal;
}

/** Manager-wide figures for the health and admin views. */
export interface HlsManagerStats {
  sessions: number;
  active_transcodes: number;
  max_transcodes: number;
  cache_bytes: number;
  cache_limit_bytes: number;
}

const _PID_FILE = "ffmpeg.pids";
const _SESSION_PREFIX = "s-";
const _ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The HLS session registry (see the module documentation). */
export class HlsSessionManager {
  #opts: HlsManagerOptions;
  #log: Logger;
  #supervisor: ProcessSupervisor;
  #keyframes: KeyframeSource;
  #sessions = new Map<string, HlsSession>();
  #pids = new Set<number>();
  #pidWrite: Promise<unknown> = Promise.resolve();
  #bytes = 0;
  #evicting = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #suspending = new Set<string>();
  #closed = false;

  private constructor(opts: HlsManagerOptions) {
    this.#opts = opts;
    this.#log = opts.logger ?? silentLogger;
    this.#supervisor = opts.supervisor ?? new ProcessSupervisor();
    this.#keyframes = opts.keyframes ??
      new KeyframeCache({ ffprobe_path: opts.ffprobe_path, logger: this.#log });
  }

  /** Creates the manager: cleans what a previous process left, then starts the idle timer. */
  static async start(opts: HlsManagerOptions): Promise<HlsSessionManager> {
    const m = new HlsSessionManager(opts);
    await Deno.mkdir(opts.cache_dir, { recursive: true });
    await m.#recover();
    const idleMs = m.#idleMs();
    m.#timer = setInterval(() => m.#sweep(), Math.min(5000, Math.max(100, idleMs / 4)));
    Deno.unrefTimer(m.#timer as unknown as number);
    return m;
  }

  /** Where remux sessions get their keyframe lists. */
  get keyframes(): KeyframeSource {
    return this.#keyframes;
  }

  /** The cache directory of sessions. */
  get cacheDir(): string {
    return this.#opts.cache_dir;
  }

  /**
   * Creates a session for `spec`. For video copy without `segments.keyframes_ms` the keyframes
   * come from the manager's {@link KeyframeSource} (cached per file version; a miss makes
   * ffprobe read every packet of the file).
   *
   * @throws {HlsError} `bad_request` (invalid spec), `transcode_limit` (with `retry_after_s`),
   * `internal` (keyframes unreadable)
   */
  async createSession(spec: HlsJobSpec, opts: CreateSessionOptions = {}): Promise<HlsSession> {
    if (this.#closed) throw new HlsError("internal", "The transcoder is shutting down");
    try {
      validateHlsSpec(spec);
    } catch (err) {
      throw new HlsError("bad_request", (err as Error).message);
    }
    const id = opts.id ?? crypto.randomUUID();
    if (!_ID_RE.test(id)) throw new HlsError("bad_request", "Invalid session id");
    if (this.#sessions.has(id)) throw new HlsError("bad_request", "Session id already in use");
    const counted = this.#counts(spec);
    if (counted) this.#checkCapacity();
    let job = spec;
    if (isRemux(spec) && spec.start_time_ms === undefined) {
      // Keyframe times are on the file's own clock; the playlist's starts at the file's start
      // time (1.4 s in many MPEG-TS files), so a remux plan needs it.
      job = { ...job, start_time_ms: await probeStartTimeMs(this.#opts.ffprobe_path, spec, opts) };
    }
    if (isRemux(spec) && !spec.segments.keyframes_ms) {
      try {
        const keyframes = await this.#keyframes.keyframes(spec.input_path, {
          signal: opts.signal,
        });
        job = { ...job, segments: { ...spec.segments, keyframes_ms: keyframes } };
      } catch (err) {
        this.#log.warn("hls: keyframes unreadable", { error: err as Error });
        throw new HlsError("internal", "The keyframes of the file could not be read");
      }
    }
    const plan = planForSpec(job);
    // Checked again: another session may have taken the last slot while keyframes were read.
    if (counted) this.#checkCapacity();
    if (this.#sessions.has(id)) throw new HlsError("bad_request", "Session id already in use");
    const session = new HlsSession({
      id,
      dir: join(this.#opts.cache_dir, _SESSION_PREFIX + id),
      spec: job,
      plan,
      ffmpeg_path: this.#opts.ffmpeg_path,
      supervisor: this.#supervisor,
      logger: this.#log,
      start_ms: opts.start_ms,
      restart_ahead_segments: this.#opts.restart_ahead_segments,
      poll_ms: this.#opts.poll_ms,
      keep_behind_ms: (this.#opts.keep_behind_s ?? 720) * 1000,
      throttle_ahead_ms: (this.#opts.throttle_ahead_s ?? 120) * 1000,
      max_segments_per_run: this.#opts.max_segments_per_run,
      hooks: {
        acquire: (s) => {
          if (this.#counts(s.spec)) this.#checkCapacity(s);
        },
        onSpawn: (pid) => this.#trackPid(pid, true),
        onExit: (pid) => this.#trackPid(pid, false),
        onBytes: (delta) => this.#onBytes(delta),
      },
    });
    this.#sessions.set(id, session);
    this.#log.info("hls: session created", {
      session: id,
      remux: isRemux(job),
      segments: plan.segments.length,
    });
    return session;
  }

  /** The session with this id, if any. */
  get(id: string): HlsSession | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Path of finished segment `index` of session `sessionId` (rendition `variant`).
   *
   * @throws {HlsError} `not_found` for an unknown session; see {@link HlsSession.getSegment}
   */
  getSegment(
    sessionId: string,
    index: number,
    signal?: AbortSignal,
    variant = 0,
  ): Promise<string> {
    return this.#session(sessionId).getSegment(index, signal, variant);
  }

  /** Path of the fMP4 initialisation section; see {@link HlsSession.getInit}. */
  getInit(sessionId: string, signal?: AbortSignal, variant = 0): Promise<string> {
    return this.#session(sessionId).getInit(signal, variant);
  }

  /** The media playlist of a session's rendition, every URI followed by `query`. */
  mediaPlaylist(sessionId: string, variant = 0, query = ""): string {
    return this.#session(sessionId).mediaPlaylist(variant, query);
  }

  /** The master playlist of a session. */
  masterPlaylist(
    sessionId: string,
    query = "",
    subtitles?: { group_id: string; media: SubtitleMedia[] },
  ): string {
    return this.#session(sessionId).masterPlaylist(query, subtitles);
  }

  /** Ends a session (the client stopped): ffmpeg stopped, files removed. */
  async stop(sessionId: string): Promise<void> {
    const s = this.#sessions.get(sessionId);
    if (!s) return;
    this.#sessions.delete(sessionId);
    await s.close();
  }

  /** Ends every session (server shutdown). */
  async stopAll(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(all.map((s) => s.close()));
    await this.#pidWrite;
  }

  /** Snapshots of every session. */
  list(): HlsSessionInfo[] {
    return [...this.#sessions.values()].map((s) => s.info());
  }

  /** Figures for the health and admin views. */
  stats(): HlsManagerStats {
    return {
      sessions: this.#sessions.size,
      active_transcodes: this.#activeCount(),
      max_transcodes: this.#opts.max_transcodes,
      cache_bytes: this.#bytes,
      cache_limit_bytes: this.#cacheLimit(),
    };
  }

  #session(id: string): HlsSession {
    const s = this.#sessions.get(id);
    if (!s) throw new HlsError("not_found", "No such playback session");
    return s;
  }

  #idleMs(): number {
    return (this.#opts.idle_s ?? 60) * 1000;
  }

  #cacheLimit(): number {
    return (this.#opts.cache_mb ?? 4096) * 1024 * 1024;
  }

  #counts(spec: HlsJobSpec): boolean {
    return this.#opts.limit_remux || !isRemux(spec);
  }

  #activeCount(except?: HlsSession): number {
    let n = 0;
    for (const s of this.#sessions.values()) {
      if (s !== except && s.state === "active" && this.#counts(s.spec)) n++;
    }
    return n;
  }

  #checkCapacity(except?: HlsSession): void {
    if (this.#activeCount(except) < this.#opts.max_transcodes) return;
    // The soonest a slot frees up on its own is when the least recently used session idles out.
    const now = Date.now();
    let soonest = this.#idleMs();
    for (const s of this.#sessions.values()) {
      if (s.state === "active" && this.#counts(s.spec)) {
        soonest = Math.min(soonest, Math.max(0, this.#idleMs() - (now - s.lastRequestAt)));
      }
    }
    const retry = Math.min(60, Math.max(5, Math.ceil(soonest / 1000)));
    throw new HlsError(
      "transcode_limit",
      `All ${this.#opts.max_transcodes} transcoding slots are busy; try again shortly`,
      retry,
    );
  }

  /** Idle sessions lose ffmpeg and files; long-dormant ones are forgotten. */
  #sweep(): void {
    const now = Date.now();
    const ttl = (this.#opts.dormant_ttl_s ?? 4 * 3600) * 1000;
    for (const [id, s] of this.#sessions) {
      const idle = now - s.lastRequestAt;
      if (s.state === "active" && idle > this.#idleMs() && !this.#suspending.has(id)) {
        this.#suspending.add(id);
        this.#log.info("hls: session idle, stopping ffmpeg", { session: id, idle_ms: idle });
        s.suspend().catch((err) => this.#log.error("hls: suspend failed", { error: err as Error }))
          .finally(() => this.#suspending.delete(id));
      } else if (s.state === "dormant" && idle > ttl) {
        this.#sessions.delete(id);
        s.close().catch(() => {});
      }
    }
  }

  #onBytes(delta: number): void {
    this.#bytes += delta;
    if (this.#bytes > this.#cacheLimit() && !this.#evicting) this.#evict();
  }

  /** Frees cache space from the most idle sessions first. */
  async #evict(): Promise<void> {
    this.#evicting = true;
    try {
      const order = [...this.#sessions.values()].sort((a, b) => a.lastRequestAt - b.lastRequestAt);
      for (const s of order) {
        const over = this.#bytes - this.#cacheLimit();
        if (over <= 0) break;
        await s.evict(over);
      }
      if (this.#bytes > this.#cacheLimit()) {
        this.#log.warn("hls: cache over its limit with nothing left to evict", {
          bytes: this.#bytes,
        });
      }
    } catch (err) {
      this.#log.error("hls: eviction failed", { error: err as Error });
    } finally {
      this.#evicting = false;
    }
  }

  #trackPid(pid: number, running: boolean): void {
    if (running) this.#pids.add(pid);
    else this.#pids.delete(pid);
    const text = [...this.#pids].map((p) => `${p}\n`).join("");
    const path = join(this.#opts.cache_dir, _PID_FILE);
    this.#pidWrite = this.#pidWrite.then(() => Deno.writeTextFile(path, text)).catch((err) =>
      this.#log.warn("hls: cannot write the pid file", { error: err as Error })
    );
  }

  /** Kills ffmpeg processes a previous server left running and removes their directories. */
  async #recover(): Promise<void> {
    const dir = this.#opts.cache_dir;
    const stale = await staleFfmpegPids(join(dir, _PID_FILE), dir);
    for (const pid of stale) {
      try {
        Deno.kill(pid, "SIGKILL");
        this.#log.warn("hls: killed a stale ffmpeg from a previous run", { pid });
      } catch {
        // Exited meanwhile.
      }
    }
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && e.name.startsWith(_SESSION_PREFIX)) {
        await Deno.remove(join(dir, e.name), { recursive: true }).catch(() => {});
      }
    }
    await Deno.writeTextFile(join(dir, _PID_FILE), "");
  }
}

/** The container start time (ffprobe `format=start_time`) in ms; 0 when it has none. */
async function probeStartTimeMs(
  ffprobe: string,
  spec: HlsJobSpec,
  opts: CreateSessionOptions,
): Promise<number> {
  const signal = opts.signal
    ? AbortSignal.any([opts.signal, AbortSignal.timeout(30_000)])
    : AbortSignal.timeout(30_000);
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(ffprobe, {
      args: [
        "-v",
        "error",
        "-show_entries",
        "format=start_time",
        "-of",
        "csv=p=0",
        ffmpegInputUrl(spec.input_path),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal,
    }).output();
  } catch {
    throw new HlsError("internal", "The file could not be probed");
  }
  if (!out.success) throw new HlsError("internal", "The file could not be probed");
  const v = Number(new TextDecoder().decode(out.stdout).trim());
  return Number.isFinite(v) ? Math.round(v * 1000) : 0;
}

/**
 * Pids listed in `pidFile` that are still running a command whose arguments mention `marker`
 * (the cache directory): only those are ours. Linux /proc; elsewhere none is found.
 */
export async function staleFfmpegPids(pidFile: string, marker: string): Promise<number[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(pidFile);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const line of text.split("\n")) {
    const pid = Number(line.trim());
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`);
      if (cmdline.includes(marker)) out.push(pid);
    } catch {
      // Not running (or not readable): nothing to kill.
    }
  }
  return out;
}
