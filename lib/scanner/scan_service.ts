/**
 * Runs library scans (phases in README.md): walk → plan → diff/apply → background probes, one
 * scan per library at a time, plus a file system watcher per library that triggers incremental
 * rescans. Scans of an unchanged library write nothing.
 */
import type { Database } from "../db/database.ts";
import { LibrariesRepo, type Library } from "../db/libraries.ts";
import {
  type IndexSnapshot,
  MediaIndexRepo,
  type MusicTags,
  type ScanErrorRow,
} from "../db/media_files.ts";
import { newId } from "../ids.ts";
import type { Logger } from "../log.ts";
import { probeFile } from "../media/ffprobe.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import type { LibraryKind, NamingResult } from "../naming/types.ts";
import { batchChanges, diffIndexSteps, isEmptyChanges, renameCandidates } from "./diff_index.ts";
import { FINGERPRINT_CHUNK, fingerprintFile, fingerprintSmallFileSync } from "./fingerprint.ts";
import { LibraryWatcher } from "./library_watcher.ts";
import { type LibraryPlan, type PlanEntry, planLibrarySteps } from "./plan_library.ts";
import { runStepsSliced } from "./slices.ts";
import { type ProbeFn, ProbeQueue } from "./probe_queue.ts";
import { type RootProblem, walkLibrary, type WalkResult } from "./walk_library.ts";
import { DEFAULT_STALL_MS, walkLibraryInWorker, type WalkWorkerLike } from "./walk_in_worker.ts";

/** Progress of a library's scan (docs/api.md "Scan status"). */
export interface ScanStatus {
  /** walking: listing and indexing files; probing: background ffprobe; failed: see `message`. */
  state: "idle" | "walking" | "probing" | "failed";
  /** Walking: files found so far (= total). Probing: files probed of `total`. */
  done: number;
  total: number;
  /** Files that could not be read (`errors(id)` lists them). */
  errors: number;
  started_at: string | null;
  finished_at: string | null;
  /** Files the last walk skipped: hidden, zero-byte, samples and other ignored names. */
  skipped?: number;
  /** Why the scan failed (offline library, cancelled), without paths. */
  message?: string;
}

/** A scan error as the API lists it (admins only; the path is relative to the library). */
export interface ScanErrorJson {
  path: string;
  kind: "walk" | "probe";
  message: string;
  at: string;
}

/** Options of {@link ScanService}. */
export interface ScanServiceOptions {
  db: Database;
  /** ffprobe to run; null indexes by name only and leaves probes pending. */
  ffprobePath: string | null;
  /** Probes at once; default `navigator.hardwareConcurrency`. */
  concurrency?: number;
  /** Quiet period after file system events before a rescan; default 2000 ms. */
  debounceMs?: number;
  logger?: Logger;
  /** Replaces ffprobe (tests). */
  probe?: ProbeFn;
  /** Replaces `Deno.readDirSync` in the walk (tests simulate unreadable folders). */
  readDirSync?: (path: string) => Iterable<Deno.DirEntry>;
  /** While probes run, music tags are applied to albums at most this often; default 10 s. */
  regroupIntervalMs?: number;
  /** How often a watched offline library checks whether its root is back; default 60 s. */
  offlineRetryMs?: number;
  /** A walk that reports no progress for this long counts the root as not responding (2 min). */
  walkStallMs?: number;
  /** Starts the walk's worker (tests simulate a mount that stops answering). */
  walkWorker?: () => WalkWorkerLike;
  /** Local metadata (lib/metadata): NFO titles into the plan, NFO and artwork read after probes. */
  metadata?: ScanMetadataHook;
}

/** What the scanner asks of the metadata phase (lib/metadata/metadata_service.ts). */
export interface ScanMetadataHook {
  /** Replaces planned titles by NFO ones, before the plan is diffed against the index. */
  adjustPlan(libraryId: string, plan: LibraryPlan): void;
  /** Reads the NFO files and artwork that changed; runs once the probes are done. */
  refresh(library: { id: string; path: string }): Promise<unknown>;
}

/** Thrown by {@link ScanService.scan} for an unknown library. */
export class ScanError extends Error {
  readonly code: "library_not_found" | "scanner_closed";

  constructor(code: ScanError["code"], message: string) {
    super(message);
    this.name = "ScanError";
    this.code = code;
  }
}

interface LibraryState {
  status: ScanStatus;
  running: Promise<ScanStatus> | null;
  phase: "walking" | "probing" | null;
  /** A (further) walk is wanted: set by `scan()` and the watcher, consumed by the run loop. */
  walkRequested: boolean;
  /** Wakes the run loop while it waits for probes. */
  wake: (() => void) | null;
  /** The last walk's files (with ghosts of unreadable folders), kept for regrouping by tags. */
  entries: PlanEntry[] | null;
  tagsDirty: boolean;
  watcher: LibraryWatcher | null;
  watchWanted: boolean;
  /** Pending check of an offline root (watched libraries only). */
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Naming results by relative path: pure, so cached across scans of the library. */
  naming: Map<string, NamingResult>;
  namingKind: LibraryKind | null;
  walks: number;
  /** Ends the walk in progress (the library is being removed). */
  walkAbort: AbortController | null;
}

const ROOT_PROBLEM_TEXT: Record<RootProblem | "empty", string> = {
  missing: "Library folder not found",
  not_directory: "Library path is not a folder",
  unreadable: "Library folder cannot be read",
  not_responding: "Library folder stopped responding (network share or disk not answering?)",
  empty: "Library folder is empty while the index has files (disk not mounted?)",
};

// Writes per transaction: larger batches commit fewer times (each commit rewrites the index pages
// it touched) but hold the event loop longer; 2000 rows take a few tens of ms.
const BATCH_SIZE = 2000;
/** Longest stretch of synchronous work in the index phase before yielding, in ms. */
const SLICE_MS = 16;

function nowIso(): string {
  return new Date().toISOString();
}

/** Whether a root is a folder with something in it (an empty mount point is not). */
async function rootLooksMounted(root: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(root)) return true;
  } catch {
    // Missing or unreadable: still offline.
  }
  return false;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Scans libraries into the media index and keeps them current. */
export class ScanService {
  readonly #repo: MediaIndexRepo;
  readonly #libraries: LibrariesRepo;
  readonly #log: Logger | undefined;
  readonly #queue: ProbeQueue;
  readonly #debounceMs: number;
  readonly #regroupMs: number;
  readonly #offlineRetryMs: number;
  readonly #readDirSync: ScanServiceOptions["readDirSync"];
  readonly #walkStallMs: number;
  readonly #walkWorker: ScanServiceOptions["walkWorker"];
  readonly #metadata: ScanMetadataHook | undefined;
  readonly #states = new Map<string, LibraryState>();
  readonly #abort = new AbortController();
  #closed = false;
  /** Libraries being deleted: no scan starts, a running one stops writing and ends early. */
  readonly #removing = new Set<string>();

  constructor(opts: ScanServiceOptions) {
    this.#repo = new MediaIndexRepo(opts.db);
    this.#libraries = new LibrariesRepo(opts.db);
    this.#log = opts.logger;
    this.#debounceMs = opts.debounceMs ?? 2000;
    this.#regroupMs = opts.regroupIntervalMs ?? 10_000;
    this.#offlineRetryMs = opts.offlineRetryMs ?? 60_000;
    this.#readDirSync = opts.readDirSync;
    this.#walkStallMs = opts.walkStallMs ?? DEFAULT_STALL_MS;
    this.#walkWorker = opts.walkWorker;
    this.#metadata = opts.metadata;
    const ffprobe = opts.ffprobePath;
    const probe: ProbeFn | null = opts.probe ??
      (ffprobe === null ? null : (path, signal) => probeFile(ffprobe, path, { signal }));
    this.#queue = new ProbeQueue({
      repo: this.#repo,
      probe,
      concurrency: opts.concurrency ?? navigator.hardwareConcurrency ?? 2,
      logger: opts.logger,
      onTagsChanged: (id) => {
        const st = this.#states.get(id);
        if (st) st.tagsDirty = true;
      },
      onProgress: (id, done, total) => {
        const st = this.#states.get(id);
        if (!st) return;
        if (st.phase === "probing") {
          st.status.done = done;
          st.status.total = total;
        }
        if (done >= total) st.wake?.();
      },
    });
  }

  /**
   * Scans a library: resolves with the final status once the walk, the index update and the
   * background probes it queued are done. A call while the library is being walked returns that
   * scan's promise; a call while it is probing makes the running scan walk again first.
   */
  scan(libraryId: string): Promise<ScanStatus> {
    if (this.#closed) {
      return Promise.reject(new ScanError("scanner_closed", "Scanner is shut down"));
    }
    if (this.#removing.has(libraryId)) {
      return Promise.reject(new ScanError("library_not_found", "Library not found"));
    }
    const st = this.#state(libraryId);
    if (st.running) {
      if (st.phase === "probing") this.#requestWalk(st);
      return st.running;
    }
    if (!this.#libraries.get(libraryId)) {
      return Promise.reject(new ScanError("library_not_found", "Library not found"));
    }
    st.walkRequested = true;
    const running = this.#run(libraryId, st);
    st.running = running;
    return running;
  }

  /** The library's scan progress (idle with zero counts before its first scan). */
  status(libraryId: string): ScanStatus {
    const st = this.#states.get(libraryId);
    const status: ScanStatus = st?.status ?? {
      state: "idle",
      done: 0,
      total: 0,
      errors: 0,
      started_at: null,
      finished_at: null,
    };
    let errors = status.errors;
    try {
      errors = this.#repo.countScanErrors(libraryId);
    } catch {
      // Closed database during shutdown: the last known count will do.
    }
    return { ...status, errors };
  }

  /** The files of a library that could not be read, newest first. */
  errors(libraryId: string, limit = 500): ScanErrorJson[] {
    return this.#repo.listScanErrors(libraryId, limit).map((e: ScanErrorRow) => ({
      path: e.path,
      kind: e.kind,
      message: e.message,
      at: e.at,
    }));
  }

  /**
   * Watches the library root and rescans after changes settle. When the root cannot be watched
   * now (offline), the watch starts after the next scan that finds it.
   */
  watch(libraryId: string): void {
    if (this.#closed) return;
    const st = this.#state(libraryId);
    st.watchWanted = true;
    this.#arm(libraryId, st);
  }

  /** Stops watching the library. */
  unwatch(libraryId: string): void {
    const st = this.#states.get(libraryId);
    if (!st) return;
    st.watchWanted = false;
    this.#stopWatcher(st);
  }

  /** Closes the library's watch and its pending offline check (whether or not it is wanted). */
  #stopWatcher(st: LibraryState): void {
    st.watcher?.close();
    st.watcher = null;
    clearTimeout(st.retryTimer);
    st.retryTimer = undefined;
  }

  /**
   * After the library's folder changed (the row already holds the new path): the watch moves to
   * the new folder and the library is walked again. A running scan walks once more when its
   * current pass ends (a walk of the old folder in progress is not interrupted); otherwise a new
   * scan starts. Resolves like {@link scan}.
   */
  repoint(libraryId: string): Promise<ScanStatus> {
    const st = this.#states.get(libraryId);
    if (st) {
      this.#stopWatcher(st);
      st.entries = null;
      if (st.watchWanted) this.#arm(libraryId, st);
      if (st.running) {
        this.#requestWalk(st);
        return st.running;
      }
    }
    return this.scan(libraryId);
  }

  /**
   * Removes a library from the scanner before its rows are deleted: its watch stops, no new scan
   * may start, a running scan stops at its next step without writing more, the probe queue drops
   * its jobs and waits for running ones (their results are not stored), then `drop` runs (it
   * deletes the rows; nothing of this service writes for the library afterwards). When `drop`
   * throws, the library is watched again as before and the error is rethrown.
   */
  async remove(libraryId: string, drop: () => void): Promise<void> {
    if (this.#removing.has(libraryId)) {
      throw new ScanError("library_not_found", "Library not found");
    }
    this.#removing.add(libraryId);
    const st = this.#states.get(libraryId);
    const watched = st?.watchWanted ?? false;
    try {
      this.unwatch(libraryId);
      if (st) {
        st.walkRequested = false;
        st.wake?.();
        // A walk of a large or slow folder is not waited for: its result would be dropped.
        st.walkAbort?.abort(new DOMException("Library removed", "AbortError"));
        if (st.running) await st.running;
      }
      await this.#queue.cancel(libraryId);
      try {
        drop();
      } catch (err) {
        this.#removing.delete(libraryId);
        if (watched) this.watch(libraryId);
        throw err;
      }
      this.#states.delete(libraryId);
    } finally {
      this.#removing.delete(libraryId);
    }
  }

  /** Whether a watch is active on the library root. */
  watching(libraryId: string): boolean {
    return this.#states.get(libraryId)?.watcher?.active ?? false;
  }

  /** Number of walks run for the library since start (diagnostics and tests). */
  walkCount(libraryId: string): number {
    return this.#states.get(libraryId)?.walks ?? 0;
  }

  /** Stops watchers, aborts running probes and walks, and waits for running scans to end. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    const running: Promise<unknown>[] = [];
    for (const st of this.#states.values()) {
      st.watcher?.close();
      st.watcher = null;
      clearTimeout(st.retryTimer);
      st.wake?.();
      if (st.running) running.push(st.running);
    }
    await this.#queue.close();
    await Promise.allSettled(running);
  }

  #state(libraryId: string): LibraryState {
    let st = this.#states.get(libraryId);
    if (!st) {
      st = {
        status: {
          state: "idle",
          done: 0,
          total: 0,
          errors: 0,
          started_at: null,
          finished_at: null,
        },
        running: null,
        phase: null,
        walkRequested: false,
        wake: null,
        entries: null,
        tagsDirty: false,
        watcher: null,
        watchWanted: false,
        retryTimer: undefined,
        naming: new Map(),
        namingKind: null,
        walks: 0,
        walkAbort: null,
      };
      this.#states.set(libraryId, st);
    }
    return st;
  }

  #requestWalk(st: LibraryState): void {
    st.walkRequested = true;
    st.wake?.();
  }

  #arm(libraryId: string, st: LibraryState): void {
    if (!st.watchWanted || st.watcher?.active || this.#closed) return;
    const library = this.#libraries.get(libraryId);
    if (!library) return;
    if (library.state === "offline") {
      this.#retryWhenBack(libraryId, st);
      return;
    }
    const watcher = new LibraryWatcher(library.path, {
      debounceMs: this.#debounceMs,
      onChange: () => {
        if (this.#closed) return;
        this.#log?.debug("library changed on disk", { library: library.name });
        if (st.running) this.#requestWalk(st);
        else {
          this.scan(libraryId).catch((err) =>
            this.#log?.error("scan failed", { library: library.name, error: err })
          );
        }
      },
      onEnd: (err) => {
        if (st.watcher === watcher) st.watcher = null;
        this.#log?.warn("library watch ended", { library: library.name, error: err });
        // The root vanished (unmounted): a rescan marks the library offline.
        if (!this.#closed) this.scan(libraryId).catch(() => {});
      },
    });
    if (watcher.start()) st.watcher = watcher;
  }

  /**
   * A watched library that went offline is checked now and then; once its root is a non-empty
   * folder again (the disk was mounted), it is rescanned and comes back online.
   */
  #retryWhenBack(libraryId: string, st: LibraryState): void {
    if (!st.watchWanted || st.retryTimer !== undefined || this.#closed) return;
    st.retryTimer = setTimeout(async () => {
      st.retryTimer = undefined;
      const library = this.#libraries.get(libraryId);
      if (this.#closed || !st.watchWanted || !library || library.state !== "offline") return;
      if (await rootLooksMounted(library.path)) {
        this.scan(libraryId).catch((err) =>
          this.#log?.error("scan failed", { library: library.name, error: err })
        );
      } else {
        this.#retryWhenBack(libraryId, st);
      }
    }, this.#offlineRetryMs);
    Deno.unrefTimer(st.retryTimer as unknown as number);
  }

  async #run(libraryId: string, st: LibraryState): Promise<ScanStatus> {
    st.status = {
      state: "walking",
      done: 0,
      total: 0,
      errors: st.status.errors,
      started_at: nowIso(),
      finished_at: null,
    };
    let failure: string | undefined;
    try {
      while (st.walkRequested && !this.#closed && !this.#removing.has(libraryId)) {
        st.walkRequested = false;
        st.phase = "walking";
        st.status.state = "walking";
        const library = this.#libraries.get(libraryId);
        if (!library) throw new ScanError("library_not_found", "Library not found");
        const offline = await this.#walkAndIndex(library, st);
        if (offline) {
          failure = offline;
          st.entries = null;
          continue;
        }
        failure = undefined;
        if (this.#removing.has(libraryId)) break;
        this.#arm(libraryId, st);
        this.#queue.enqueue(this.#repo.probeJobs(libraryId, this.#queue.probes));
        st.phase = "probing";
        st.status.state = "probing";
        const p = this.#queue.progress(libraryId);
        st.status.done = p.done;
        st.status.total = p.total;
        await this.#awaitProbes(library, st);
        if (
          this.#metadata && !st.walkRequested && !this.#closed && !this.#removing.has(libraryId)
        ) {
          await this.#metadata.refresh(library).catch((error) =>
            this.#log?.error("metadata refresh failed", { library: library.id, error })
          );
        }
      }
      if (this.#closed || this.#removing.has(libraryId)) failure ??= "Scan cancelled";
    } catch (err) {
      const aborted = this.#abort.signal.aborted || this.#removing.has(libraryId);
      failure = aborted ? "Scan cancelled" : "Scan failed";
      if (!aborted) this.#log?.error("scan failed", { library: libraryId, error: err });
      if (err instanceof ScanError) failure = err.message;
    }
    // Cleared in the same synchronous step as the loop's last check, so a scan() arriving now
    // starts a new run instead of joining one that will not walk again.
    st.running = null;
    st.phase = null;
    st.entries = null;
    st.status = {
      ...st.status,
      state: failure ? "failed" : "idle",
      finished_at: nowIso(),
      ...(failure ? { message: failure } : {}),
    };
    if (!failure) delete st.status.message;
    return this.status(libraryId);
  }

  /** Walks and indexes; returns the offline reason when the library cannot be scanned. */
  async #walkAndIndex(library: Library, st: LibraryState): Promise<string | undefined> {
    st.walks++;
    const started = performance.now();
    const onProgress = (found: number) => {
      st.status.done = found;
      st.status.total = found;
    };
    const walkAbort = new AbortController();
    st.walkAbort = walkAbort;
    const signal = AbortSignal.any([this.#abort.signal, walkAbort.signal]);
    let walk: WalkResult;
    try {
      // On its own thread unless a test injects folder listings (functions cannot cross over).
      walk = this.#readDirSync
        ? await walkLibrary(library.path, { signal, readDirSync: this.#readDirSync, onProgress })
        : await walkLibraryInWorker(library.path, {
          signal,
          onProgress,
          stallMs: this.#walkStallMs,
          spawn: this.#walkWorker,
        });
    } finally {
      st.walkAbort = null;
    }
    const snapshot = await this.#snapshot(library.id);
    const problem = walk.rootProblem ??
      (walk.rootEntries === 0 && snapshot.files.length > 0 ? "empty" : undefined);
    if (problem) {
      // An unmounted disk must not empty the index: keep everything, mark the library offline.
      const reason = ROOT_PROBLEM_TEXT[problem];
      this.#libraries.setState(library.id, "offline", reason);
      this.#log?.warn("library offline", { library: library.name, reason });
      st.watcher?.close();
      st.watcher = null;
      this.#retryWhenBack(library.id, st);
      return reason;
    }
    if (library.state === "offline") {
      this.#libraries.setState(library.id, "online", null);
      this.#log?.info("library online again", { library: library.name });
    }
    const now = nowIso();
    this.#repo.replaceWalkErrors(
      library.id,
      walk.errors.map((e) => ({ path: e.rel, message: e.message })),
      now,
    );

    if (st.namingKind !== library.kind) {
      st.naming = new Map();
      st.namingKind = library.kind;
    }
    const naming = new Map<string, NamingResult>();
    const nameOf = (rel: string): NamingResult => {
      let n = st.naming.get(rel);
      if (!n) n = parseMediaPath(rel, library.kind);
      naming.set(rel, n);
      return n;
    };
    const entries: PlanEntry[] = [];
    let ignored = 0;
    let sliceStart = performance.now();
    for (const f of walk.files) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      const n = nameOf(f.rel);
      if (n.kind === "ignored" || n.file_class === "other") {
        ignored++;
        continue;
      }
      entries.push({ rel: f.rel, size: f.size, mtime_ms: f.mtime_ms, naming: n });
    }
    // Files under folders that could not be read stay indexed as they were, marked missing.
    if (walk.failedDirs.length > 0 || walk.failedFiles.length > 0) {
      const failedFiles = new Set(walk.failedFiles);
      const prefixes = walk.failedDirs.map((d) => d + "/");
      for (const f of snapshot.files) {
        if (!failedFiles.has(f.rel_path) && !prefixes.some((p) => f.rel_path.startsWith(p))) {
          continue;
        }
        entries.push({
          rel: f.rel_path,
          size: f.size_bytes,
          mtime_ms: f.mtime_ms,
          naming: nameOf(f.rel_path),
          missing: true,
        });
      }
    }
    // Keep only the names of files that still exist.
    st.naming = naming;
    st.entries = entries;
    const s = walk.skipped;
    st.status.skipped = s.hidden + s.zero_byte + s.unsupported + ignored;
    st.status.done = entries.length;
    st.status.total = entries.length;
    const walkMs = performance.now() - started;
    await this.#index(library, entries, snapshot);
    this.#log?.info("library indexed", {
      library: library.name,
      files: entries.length,
      skipped: st.status.skipped,
      errors: walk.errors.length,
      walk_ms: Math.round(walkMs),
      total_ms: Math.round(performance.now() - started),
    });
    return undefined;
  }

  /** The library's index, loaded in two pieces with a yield between (each takes a while). */
  async #snapshot(libraryId: string): Promise<IndexSnapshot> {
    const items = this.#repo.snapshotItems(libraryId);
    await yieldToEventLoop();
    return { items, files: this.#repo.snapshotFiles(libraryId) };
  }

  /** Plans, diffs against the index and applies the difference in batches. */
  async #index(library: Library, entries: PlanEntry[], given?: IndexSnapshot): Promise<void> {
    const snapshot = given ?? await this.#snapshot(library.id);
    const tagsByRel = new Map<string, MusicTags>();
    for (const f of snapshot.files) {
      if (f.tags_json) tagsByRel.set(f.rel_path, JSON.parse(f.tags_json) as MusicTags);
    }
    const withTags = tagsByRel.size === 0
      ? entries
      : entries.map((e) => ({ ...e, tags: tagsByRel.get(e.rel) ?? null }));
    const plan = await runStepsSliced(planLibrarySteps(library.kind, withTags), SLICE_MS);
    this.#metadata?.adjustPlan(library.id, plan);

    const fingerprints = new Map<string, string>();
    for (const rel of renameCandidates(plan, snapshot)) {
      try {
        fingerprints.set(rel, await fingerprintFile(`${library.path}/${rel}`));
      } catch {
        // Unreadable right now: treated as a new file; the background worker retries.
      }
    }
    // New or changed small files are fingerprinted right here: one read, about the cost of the
    // stat the walk already made, and it saves a background job and an UPDATE per file. Large
    // files are left to the background worker so items appear without reading media.
    const known = new Map(snapshot.files.map((f) => [f.rel_path, f]));
    let sliceStart = performance.now();
    for (const f of plan.files) {
      if (f.missing || f.size > 2 * FINGERPRINT_CHUNK || fingerprints.has(f.rel)) continue;
      if (f.file_class !== "video" && f.file_class !== "audio") continue;
      const k = known.get(f.rel);
      if (k && k.size_bytes === f.size && k.mtime_ms === f.mtime_ms) continue;
      try {
        fingerprints.set(f.rel, fingerprintSmallFileSync(`${library.path}/${f.rel}`));
      } catch {
        // Gone or unreadable since the walk: stored without a fingerprint.
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    const now = nowIso();
    const { changes, stats } = await runStepsSliced(
      diffIndexSteps(plan, snapshot, { root: library.path, now, newId, fingerprints }),
      SLICE_MS,
    );
    if (isEmptyChanges(changes)) return;
    const batches = batchChanges(changes, BATCH_SIZE);
    const apply = async () => {
      for (let i = 0; i < batches.length; i++) {
        // A library being deleted: the rest is not written (its rows are about to go).
        if (this.#removing.has(library.id)) return;
        this.#repo.applyIndexChanges(library.id, batches[i], now);
        if (i < batches.length - 1) await yieldToEventLoop();
      }
    };
    if (batches.length > 1) await this.#repo.withDeferredCheckpoints(apply);
    else await apply();
    this.#log?.debug("index updated", { library: library.name, ...stats });
  }

  /**
   * Waits for the library's background jobs, applying music tags to albums as they arrive (at
   * most every `regroupIntervalMs`, and once at the end). Returns early when a walk is wanted.
   */
  async #awaitProbes(library: Library, st: LibraryState): Promise<void> {
    let lastRegroup = performance.now();
    const regroup = async () => {
      st.tagsDirty = false;
      lastRegroup = performance.now();
      if (st.entries) await this.#index(library, st.entries);
    };
    while (!this.#closed && !st.walkRequested && !this.#removing.has(library.id)) {
      if (this.#queue.pending(library.id) === 0) {
        if (st.tagsDirty) await regroup();
        return;
      }
      const woken = new Promise<void>((resolve) => st.wake = resolve);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<void>((resolve) => timer = setTimeout(resolve, this.#regroupMs));
      await Promise.race([woken, tick, this.#queue.drained(library.id)]);
      clearTimeout(timer);
      st.wake = null;
      if (st.tagsDirty && performance.now() - lastRegroup >= this.#regroupMs) await regroup();
    }
  }
}
