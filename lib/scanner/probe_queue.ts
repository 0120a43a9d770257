/**
 * Phase 4 of a scan (see README.md): background work on indexed files. Each job fingerprints a
 * file (for move detection) and/or probes it with ffprobe; results go to the database as they
 * arrive, so items are listed long before their probes finish. Probes run with bounded
 * concurrency (ffprobe is CPU- and I/O-heavy); fingerprint-only jobs (two 64 KiB reads) run on
 * a wider lane of their own so they never wait behind slow probes.
 */
import type { MediaIndexRepo, ProbeJob, ProbeOutcome } from "../db/media_files.ts";
import type { MediaProbe } from "../media/types.ts";
import type { Logger } from "../log.ts";
import { FINGERPRINT_CHUNK, fingerprintFile, fingerprintSmallFileSync } from "./fingerprint.ts";
import { musicTags } from "./music_tags.ts";

/** Probes one file; rejects with an Error whose message is client-safe (no paths). */
export type ProbeFn = (path: string, signal: AbortSignal) => Promise<MediaProbe>;

/** Options of {@link ProbeQueue}. */
export interface ProbeQueueOptions {
  repo: MediaIndexRepo;
  /** Null: files are only fingerprinted, probes stay pending. */
  probe: ProbeFn | null;
  /** Probes running at once. */
  concurrency: number;
  /** Fingerprint-only jobs running at once (default 8). */
  fingerprintConcurrency?: number;
  logger?: Logger;
  /** Called when a probe changed the music tags of a file of the library. */
  onTagsChanged?: (libraryId: string) => void;
  /** Called after each finished job with the library's jobs done and in total. */
  onProgress?: (libraryId: string, done: number, total: number) => void;
  now?: () => string;
}

interface Lane {
  queue: ProbeJob[];
  /** Index of the next job in `queue` (Array#shift is O(n) on long queues). */
  head: number;
  active: number;
  limit: number;
}

interface LibraryProgress {
  done: number;
  total: number;
  waiters: (() => void)[];
}

const FINGERPRINT_FLUSH_SIZE = 500;
const FINGERPRINT_FLUSH_MS = 1000;
const SLICE_MS = 16;

/** Bounded background fingerprinting and probing, shared by all libraries. */
export class ProbeQueue {
  readonly #opts: ProbeQueueOptions;
  readonly #probeLane: Lane;
  readonly #fingerprintLane: Lane;
  /** File ids queued or running: a rescan while probing does not queue a file twice. */
  readonly #known = new Set<string>();
  readonly #libraries = new Map<string, LibraryProgress>();
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<void>>();
  /** Libraries being removed: their jobs are not queued and their results not stored. */
  readonly #cancelled = new Set<string>();
  #fingerprints: { file_id: string; fingerprint: string; size_bytes: number; mtime_ms: number }[] =
    [];
  #fingerprintsSince = 0;
  #sliceStart = 0;
  #closed = false;

  constructor(opts: ProbeQueueOptions) {
    this.#opts = opts;
    this.#probeLane = { queue: [], head: 0, active: 0, limit: Math.max(1, opts.concurrency) };
    this.#fingerprintLane = {
      queue: [],
      head: 0,
      active: 0,
      limit: Math.max(1, opts.fingerprintConcurrency ?? 8),
    };
  }

  /** Whether probes run (an ffprobe is configured). */
  get probes(): boolean {
    return this.#opts.probe !== null;
  }

  /** Queues jobs (ignoring files already queued); returns how many were added. */
  enqueue(jobs: readonly ProbeJob[]): number {
    if (this.#closed) return 0;
    let added = 0;
    for (const job of jobs) {
      if (this.#known.has(job.file_id) || this.#cancelled.has(job.library_id)) continue;
      const needsProbe = job.needs_probe && this.#opts.probe !== null;
      if (!needsProbe && !job.needs_fingerprint) continue;
      this.#known.add(job.file_id);
      (needsProbe ? this.#probeLane : this.#fingerprintLane).queue.push(job);
      const progress = this.#progress(job.library_id);
      progress.total++;
      added++;
    }
    this.#pump();
    return added;
  }

  /** Jobs of a library done and in total since its queue was last empty. */
  progress(libraryId: string): { done: number; total: number } {
    const p = this.#libraries.get(libraryId);
    return p ? { done: p.done, total: p.total } : { done: 0, total: 0 };
  }

  /** Jobs of a library not finished yet. */
  pending(libraryId: string): number {
    const p = this.#libraries.get(libraryId);
    return p ? p.total - p.done : 0;
  }

  /** Resolves once the library has no queued or running jobs (at once when it has none). */
  drained(libraryId: string): Promise<void> {
    const p = this.#libraries.get(libraryId);
    if (!p || p.done >= p.total) return Promise.resolve();
    return new Promise((resolve) => p.waiters.push(resolve));
  }

  /**
   * Drops a library's queued jobs and resolves once its running ones have ended; nothing of the
   * library is queued or stored meanwhile (a library being deleted).
   */
  async cancel(libraryId: string): Promise<void> {
    this.#cancelled.add(libraryId);
    try {
      for (const lane of [this.#probeLane, this.#fingerprintLane]) {
        const rest = lane.queue.slice(lane.head);
        const dropped = rest.filter((j) => j.library_id === libraryId);
        if (dropped.length === 0) continue;
        lane.queue = rest.filter((j) => j.library_id !== libraryId);
        lane.head = 0;
        for (const job of dropped) this.#finish(job);
      }
      await this.drained(libraryId);
    } finally {
      this.#cancelled.delete(libraryId);
    }
  }

  /** Aborts running probes, drops queued jobs and waits for the workers to stop. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort();
    for (const lane of [this.#probeLane, this.#fingerprintLane]) {
      const dropped = lane.queue.slice(lane.head);
      lane.queue = [];
      lane.head = 0;
      for (const job of dropped) this.#finish(job);
    }
    await Promise.allSettled([...this.#running]);
    this.#flushFingerprints();
  }

  #progress(libraryId: string): LibraryProgress {
    let p = this.#libraries.get(libraryId);
    if (!p) {
      p = { done: 0, total: 0, waiters: [] };
      this.#libraries.set(libraryId, p);
    }
    return p;
  }

  /** Starts workers on lanes with queued jobs, up to each lane's limit. */
  #pump(): void {
    for (const lane of [this.#probeLane, this.#fingerprintLane]) {
      while (!this.#closed && lane.active < lane.limit && lane.head < lane.queue.length) {
        lane.active++;
        const worker = this.#work(lane).finally(() => {
          lane.active--;
          this.#running.delete(worker);
        });
        this.#running.add(worker);
      }
    }
  }

  /** One worker: takes jobs from its lane until the lane is empty (no promise per job). */
  async #work(lane: Lane): Promise<void> {
    while (!this.#closed && lane.head < lane.queue.length) {
      const job = lane.queue[lane.head++];
      if (lane.head === lane.queue.length) {
        lane.queue = [];
        lane.head = 0;
      }
      try {
        await this.#run(job);
      } finally {
        this.#finish(job);
      }
    }
  }

  #finish(job: ProbeJob): void {
    this.#known.delete(job.file_id);
    const p = this.#progress(job.library_id);
    p.done++;
    this.#opts.onProgress?.(job.library_id, p.done, p.total);
    if (p.done >= p.total) {
      // Written before anyone waiting on the library looks at the index.
      this.#flushFingerprints();
      const waiters = p.waiters;
      this.#libraries.delete(job.library_id);
      for (const w of waiters) w();
    }
  }

  async #run(job: ProbeJob): Promise<void> {
    const signal = this.#abort.signal;
    if (job.needs_fingerprint) {
      try {
        let fingerprint: string;
        if (job.size_bytes <= 2 * FINGERPRINT_CHUNK) {
          fingerprint = fingerprintSmallFileSync(job.path);
          // Synchronous reads chain through microtasks; yield now and then so requests are served.
          if (performance.now() - this.#sliceStart > SLICE_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            this.#sliceStart = performance.now();
          }
        } else {
          fingerprint = await fingerprintFile(job.path);
        }
        if (this.#fingerprints.length === 0) this.#fingerprintsSince = Date.now();
        this.#fingerprints.push({
          file_id: job.file_id,
          fingerprint,
          size_bytes: job.size_bytes,
          mtime_ms: job.mtime_ms,
        });
        if (
          this.#fingerprints.length >= FINGERPRINT_FLUSH_SIZE ||
          Date.now() - this.#fingerprintsSince > FINGERPRINT_FLUSH_MS
        ) this.#flushFingerprints();
      } catch (err) {
        // Gone or unreadable since the walk: the next scan sees it.
        this.#opts.logger?.debug("fingerprint failed", { file: job.file_id, error: err });
      }
    }
    const probe = this.#opts.probe;
    if (!job.needs_probe || probe === null || signal.aborted) return;
    if (this.#cancelled.has(job.library_id)) return;
    let outcome: ProbeOutcome;
    try {
      const result = await probe(job.path, signal);
      const tags = job.file_class === "audio" ? musicTags(result.tags) : null;
      outcome = { status: "ok", probe: result, tags };
    } catch (err) {
      if (signal.aborted) return;
      outcome = { status: "error", error: err instanceof Error ? err.message : String(err) };
      this.#opts.logger?.warn("probe failed", { path: job.path, error: err });
    }
    if (this.#cancelled.has(job.library_id)) return;
    const now = this.#opts.now?.() ?? new Date().toISOString();
    try {
      const saved = this.#opts.repo.saveProbe(job, outcome, now);
      if (saved?.tagsChanged && job.file_class === "audio") {
        this.#opts.onTagsChanged?.(job.library_id);
      }
    } catch (err) {
      // The database closing under a shutdown, or the library deleted meanwhile.
      this.#opts.logger?.warn("storing probe failed", { file: job.file_id, error: err });
    }
  }

  #flushFingerprints(): void {
    if (this.#fingerprints.length === 0) return;
    const batch = this.#fingerprints;
    this.#fingerprints = [];
    try {
      this.#opts.repo.saveFingerprints(batch);
    } catch (err) {
      this.#opts.logger?.warn("storing fingerprints failed", { error: err });
    }
  }
}
