/**
 * Keyframe lists of media files, read once per file version. A remux (video copy) HLS session
 * cuts its segments on the source's keyframes, and reading them makes ffprobe walk every packet
 * of the file (about 150 ms for a 48 s 1080p file, seconds for a feature film). The list is kept
 * for the file's absolute path with the size and mtime it was read at: a lookup stats the file
 * (microseconds) and reuses the list only while both still match, so a replaced or re-encoded
 * file is read again.
 *
 * Concurrent lookups of the same file version share one ffprobe run. That run is not tied to any
 * one caller: a caller whose signal aborts stops waiting, the run finishes (bounded by ffprobe's
 * own timeout) and its result is kept for the next session. Failed reads are not remembered.
 */
import { resolve } from "node:path";
import { ProbeError, readKeyframes } from "./ffprobe.ts";
import { silentLogger } from "../log.ts";
import type { Logger } from "../log.ts";

/** A stored keyframe list and the file version it belongs to. */
export interface KeyframeEntry {
  size_bytes: number;
  mtime_ms: number;
  /** Keyframe times in ms on the file's own timeline, ascending. */
  keyframes_ms: number[];
}

/** Where lists are kept: SQLite in the server (lib/db/keyframes.ts), memory otherwise. */
export interface KeyframeStore {
  get(path: string): KeyframeEntry | undefined;
  put(path: string, entry: KeyframeEntry): void;
}

/** Reads the keyframes of a file (ffprobe by default; tests inject a counting one). */
export type KeyframeReader = (path: string) => Promise<number[]>;

/** What the HLS session manager asks for keyframes. */
export interface KeyframeSource {
  /**
   * Keyframe times (ms, the file's own timeline) of the first video stream of `path`.
   *
   * @throws {ProbeError} `probe_unreadable` (cannot stat), `probe_aborted` (signal), or what
   * the reader throws
   */
  keyframes(path: string, opts?: { signal?: AbortSignal }): Promise<number[]>;
}

/** Figures of a {@link KeyframeCache} since it was created. */
export interface KeyframeCacheStats {
  /** Lookups answered from the store. */
  hits: number;
  /** Lookups that joined a read already running for the same file version. */
  joined: number;
  /** Reads started (ffprobe runs). */
  reads: number;
}

/** A bounded in-memory store: the default when no database is at hand (tests, tools). */
export class MemoryKeyframeStore implements KeyframeStore {
  readonly #max: number;
  readonly #entries = new Map<string, KeyframeEntry>();

  constructor(maxEntries = 64) {
    this.#max = maxEntries;
  }

  get(path: string): KeyframeEntry | undefined {
    const e = this.#entries.get(path);
    if (e) {
      // Most recently used last, so the oldest is evicted first.
      this.#entries.delete(path);
      this.#entries.set(path, e);
    }
    return e;
  }

  put(path: string, entry: KeyframeEntry): void {
    this.#entries.delete(path);
    this.#entries.set(path, entry);
    while (this.#entries.size > this.#max) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }
}

/** Options of {@link KeyframeCache}. */
export interface KeyframeCacheOptions {
  /** ffprobe binary of the default reader. */
  ffprobe_path: string;
  /** Default: a {@link MemoryKeyframeStore}. */
  store?: KeyframeStore;
  /** Default: {@link readKeyframes} with `ffprobe_path` and its 120 s timeout. */
  reader?: KeyframeReader;
  logger?: Logger;
}

/** Size and mtime (ms) of a file, the version a keyframe list belongs to. */
async function fileVersion(path: string): Promise<{ size_bytes: number; mtime_ms: number }> {
  const st = await Deno.stat(path);
  if (!st.isFile) throw new Error("not a regular file");
  return { size_bytes: st.size, mtime_ms: st.mtime?.getTime() ?? 0 };
}

/** Rejects with `probe_aborted` when `signal` aborts before `p` settles. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    return Promise.reject(new ProbeError("probe_aborted", "Probe was cancelled"));
  }
  return new Promise<T>((res, rej) => {
    const onAbort = () => rej(new ProbeError("probe_aborted", "Probe was cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(res, rej).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Keyframe lists per file version, with shared in-flight reads (see the module doc). */
export class KeyframeCache implements KeyframeSource {
  readonly #store: KeyframeStore;
  readonly #read: KeyframeReader;
  readonly #log: Logger;
  readonly #inflight = new Map<string, Promise<number[]>>();
  readonly #stats: KeyframeCacheStats = { hits: 0, joined: 0, reads: 0 };

  constructor(opts: KeyframeCacheOptions) {
    this.#store = opts.store ?? new MemoryKeyframeStore();
    this.#read = opts.reader ?? ((path) => readKeyframes(opts.ffprobe_path, path));
    this.#log = opts.logger ?? silentLogger;
  }

  /** Hits, joined reads and reads so far. */
  get stats(): Readonly<KeyframeCacheStats> {
    return { ...this.#stats };
  }

  async keyframes(path: string, opts: { signal?: AbortSignal } = {}): Promise<number[]> {
    if (opts.signal?.aborted) throw new ProbeError("probe_aborted", "Probe was cancelled");
    const abs = resolve(path);
    let version: { size_bytes: number; mtime_ms: number };
    try {
      version = await fileVersion(abs);
    } catch (err) {
      const why = err instanceof Deno.errors.NotFound ? "file not found" : "file is not readable";
      throw new ProbeError("probe_unreadable", `Cannot read keyframes: ${why}`, String(err));
    }
    let stored: KeyframeEntry | undefined;
    try {
      stored = this.#store.get(abs);
    } catch (err) {
      this.#log.warn("keyframes: cache lookup failed", { error: err as Error });
    }
    if (
      stored && stored.size_bytes === version.size_bytes && stored.mtime_ms === version.mtime_ms
    ) {
      this.#stats.hits++;
      // Copies: sessions keep the list in their spec, and a memory store shares its arrays.
      return stored.keyframes_ms.slice();
    }
    const key = `${version.size_bytes}:${version.mtime_ms}:${abs}`;
    let run = this.#inflight.get(key);
    if (run) this.#stats.joined++;
    else {
      this.#stats.reads++;
      run = this.#readAndStore(abs, version).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, run);
    }
    return (await untilAborted(run, opts.signal)).slice();
  }

  async #readAndStore(
    abs: string,
    version: { size_bytes: number; mtime_ms: number },
  ): Promise<number[]> {
    const keyframes = await this.#read(abs);
    // A file rewritten while ffprobe read it gives a list of neither version: use it for the
    // sessions waiting now, but keep it only when the file is still the one that was stat'ed.
    const after = await fileVersion(abs).catch(() => null);
    if (after?.size_bytes === version.size_bytes && after.mtime_ms === version.mtime_ms) {
      try {
        this.#store.put(abs, { ...version, keyframes_ms: keyframes });
      } catch (err) {
        this.#log.warn("keyframes: cannot store", { error: err as Error });
      }
    }
    return keyframes;
  }
}
