/**
 * One HLS playback session: its playlists, its cache directory and the ffmpeg run that fills it.
 *
 * Segments are produced on demand. A request for a segment ffmpeg is about to write waits; one
 * far ahead of the encoder, behind the run's start (a seek back) or deleted since restarts ffmpeg
 * at that segment (ffmpeg_args.ts explains why the restart cuts exactly where the playlist says).
 * A segment is served the moment ffmpeg lists it in its CSV segment list, polled every ~25 ms.
 *
 * Each run writes `r<run>-<index>.<ext>` files; finished ones are renamed to `<index>.ts`, or for
 * fMP4 split into `init.mp4` and `<index>.m4s`, so a dying run can never overwrite a newer one's
 * output and a reader never sees a half-written file. Runs are stopped with SIGKILL after "q":
 * whatever a stopped run still lists is ignored (its last segment would be truncated).
 *
 * Disk and CPU stay bounded: segments far behind the playhead are deleted, and a run far ahead
 * of the playhead is paused with SIGSTOP (a paused player then costs nothing) and resumed with
 * SIGCONT when the player catches up.
 */
import { join } from "node:path";
import type { ExitInfo, ProcessSupervisor, SupervisedProcess } from "../media/process.ts";
import type { HwMethod } from "../media/hwaccel_args.ts";
import { silentLogger } from "../log.ts";
import type { Logger } from "../log.ts";
import { buildHlsArgs, parseSegmentList, runSegmentFileName } from "./ffmpeg_args.ts";
import { summariseFfmpegError } from "./ffmpeg_error.ts";
import { shouldRestart } from "./restart_policy.ts";
import { splitFmp4 } from "./fmp4_split.ts";
import { HlsError } from "./hls_error.ts";
import {
  buildMasterPlaylist,
  buildMediaPlaylist,
  INIT_SEGMENT_NAME,
  segmentFileName,
} from "./playlist.ts";
import type { SubtitleMedia } from "./playlist.ts";
import { segmentIndexAt } from "./segment_plan.ts";
import type { SegmentPlan } from "./segment_plan.ts";
import { renditionsOf } from "./spec.ts";
import type { HlsJobSpec, HlsRendition } from "./spec.ts";

/** Callbacks into the session manager. */
export interface HlsSessionHooks {
  /** A dormant session is about to start ffmpeg again; throws `transcode_limit` when full. */
  acquire(session: HlsSession): void;
  onSpawn(pid: number): void;
  onExit(pid: number): void;
  /** Cache bytes added (positive) or removed (negative). */
  onBytes(delta: number): void;
}

/** Options of {@link HlsSession}. */
export interface HlsSessionOptions {
  id: string;
  /** The session's own cache directory (created and removed by the session). */
  dir: string;
  spec: HlsJobSpec;
  plan: SegmentPlan;
  ffmpeg_path: string;
  supervisor: ProcessSupervisor;
  hooks?: Partial<HlsSessionHooks>;
  logger?: Logger;
  /** Where playback starts (resume position); the first run starts at its segment. */
  start_ms?: number;
  /**
   * A request at most this many segments past the one being written may wait (when the measured
   * encoder speed makes waiting cheaper than a restart); default 3.
   */
  restart_ahead_segments?: number;
  /** Interval of the segment-list poll while ffmpeg runs; default 25 ms. */
  poll_ms?: number;
  /** Segments ending this far behind the playhead are deleted; default 720 000 ms. */
  keep_behind_ms?: number;
  /** ffmpeg is paused when this far ahead of the playhead; default 120 000 ms, 0 = never. */
  throttle_ahead_ms?: number;
  /** Segments per run (tests); default ffmpeg_args' MAX_SEGMENTS_PER_RUN. */
  max_segments_per_run?: number;
}

/** Lifecycle: active (may run ffmpeg), dormant (idle: no process, no files), closed. */
export type HlsSessionState = "active" | "dormant" | "closed";

/** A snapshot of one rendition for the admin view and tests. */
export interface HlsRenditionInfo {
  name: string;
  encoder: string | null;
  method: HwMethod | null;
  pipeline: "gpu" | "hybrid" | "software" | null;
  /** Why the session fell back to software encoding, when it did. */
  fallback_reason: string | null;
  last_error: string | null;
  segments_ready: number[];
  run: {
    pid: number;
    start_index: number;
    /** Highest segment finished by this run (start_index - 1 before the first). */
    produced_index: number;
    paused: boolean;
    exited: boolean;
  } | null;
}

/** A snapshot of a session. */
export interface HlsSessionInfo {
  id: string;
  state: HlsSessionState;
  last_request_at: number;
  playhead: { variant: number; index: number };
  bytes: number;
  renditions: HlsRenditionInfo[];
}

interface _Done {
  path: string;
  bytes: number;
  at: number;
}

class _Run {
  proc!: SupervisedProcess;
  produced: number;
  listOffset = 0;
  partial = "";
  stopping = false;
  paused = false;
  exited = false;
  /** The process has ended (set first; `exited` follows once its list is drained). */
  reaped = false;
  /** Set last, once the exit has been fully handled (drain, fallback, cleanup). */
  settled = false;
  exit: ExitInfo | null = null;
  error: string | null = null;
  timer: ReturnType<typeof setInterval> | null = null;
  polling: Promise<void> | null = null;
  readonly spawnedAt = performance.now();
  firstAt: number | null = null;
  constructor(
    readonly no: number,
    readonly start: number,
    readonly end: number,
    readonly listPath: string,
    readonly method: HwMethod | null,
  ) {
    this.produced = start - 1;
  }
}

class _Rendition {
  done = new Map<number, _Done>();
  initPath: string | null = null;
  run: _Run | null = null;
  runs = 0;
  fallback = false;
  fallbackReason: string | null = null;
  lastError: string | null = null;
  encoder: string | null = null;
  method: HwMethod | null = null;
  pipeline: HlsRenditionInfo["pipeline"] = null;
  /** The published init section, to check later runs against. */
  initBytes: Uint8Array | null = null;
  /** Measured ms from ffmpeg's start to its first segment (latest run). */
  startupMs: number | null = null;
  /** Measured ms per segment once running (latest run with two or more segments). */
  segmentMs: number | null = null;
  constructor(readonly index: number, readonly spec: HlsRendition, readonly dir: string) {}
}

function _sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Relative URI of rendition `variant`'s media playlist inside the session's URL space. */
export function variantPlaylistUri(variant: number): string {
  return `v${variant}/main.m3u8`;
}

/** One playback session (see the module documentation). */
export class HlsSession {
  readonly id: string;
  readonly dir: string;
  readonly spec: HlsJobSpec;
  readonly plan: SegmentPlan;
  #opts: HlsSessionOptions;
  #log: Logger;
  #renditions: _Rendition[];
  #state: HlsSessionState = "active";
  #lastRequest = Date.now();
  #inflight = 0;
  #playhead: { variant: number; index: number };
  #bytes = 0;
  #lock: Promise<unknown> = Promise.resolve();
  #pulse = Promise.withResolvers<void>();
  #dying = new Set<Promise<unknown>>();
  #ahead: number;
  #pollMs: number;
  #keepBehind: number;
  #throttleAhead: number;

  constructor(opts: HlsSessionOptions) {
    this.id = opts.id;
    this.dir = opts.dir;
    this.spec = opts.spec;
    this.plan = opts.plan;
    this.#opts = opts;
    this.#log = opts.logger ?? silentLogger;
    this.#renditions = renditionsOf(opts.spec).map((r, i) =>
      new _Rendition(i, r, join(opts.dir, `v${i}`))
    );
    this.#playhead = { variant: 0, index: segmentIndexAt(opts.plan, opts.start_ms ?? 0) };
    this.#ahead = opts.restart_ahead_segments ?? 3;
    this.#pollMs = opts.poll_ms ?? 25;
    this.#keepBehind = opts.keep_behind_ms ?? 720_000;
    this.#throttleAhead = opts.throttle_ahead_ms ?? 120_000;
  }

  /** Current lifecycle state. */
  get state(): HlsSessionState {
    return this.#state;
  }

  /** Time of the last playlist or segment request (ms since the epoch); now while one waits. */
  get lastRequestAt(): number {
    return this.#inflight > 0 ? Date.now() : this.#lastRequest;
  }

  /** Bytes of finished segments held in the cache. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of renditions (1 unless adaptive). */
  get variantCount(): number {
    return this.#renditions.length;
  }

  /** Records client activity without a segment (a playlist fetch keeps the session alive). */
  touch(): void {
    this.#lastRequest = Date.now();
  }

  /** The VOD media playlist of rendition `variant`; `query` is appended to every URI. */
  mediaPlaylist(variant = 0, query = ""): string {
    this.#rendition(variant);
    this.touch();
    return buildMediaPlaylist(this.plan, { segment_type: this.spec.segment_type, query });
  }

  /** The master playlist listing every rendition (URIs from {@link variantPlaylistUri}). */
  masterPlaylist(
    query = "",
    subtitles?: { group_id: string; media: SubtitleMedia[] },
  ): string {
    this.#rendition(0);
    this.touch();
    const speed = this.spec.speed ?? 1;
    return buildMasterPlaylist({
      segment_type: this.spec.segment_type,
      query,
      subtitles,
      variants: this.#renditions.map((r) => ({
        uri: variantPlaylistUri(r.index),
        bandwidth_bps: r.spec.bandwidth_bps,
        average_bandwidth_bps: r.spec.average_bandwidth_bps,
        codecs: r.spec.codecs,
        resolution: r.spec.resolution,
        // setpts keeps every frame, so a faster timeline shows more frames per second.
        frame_rate: r.spec.frame_rate ? r.spec.frame_rate * speed : undefined,
      })),
    });
  }

  /**
   * Resolves with the path of finished segment `index` of rendition `variant`, starting or
   * restarting ffmpeg as needed.
   *
   * @throws {HlsError} `not_found` (no such segment, session closed), `transcode_limit` (a dormant
   * session cannot get a slot back), `internal` (ffmpeg failed; message from its stderr)
   * @throws the signal's reason when `signal` aborts (ffmpeg keeps running)
   */
  async getSegment(index: number, signal?: AbortSignal, variant = 0): Promise<string> {
    const r = this.#rendition(variant);
    if (!(Number.isInteger(index) && index >= 0 && index < this.plan.segments.length)) {
      throw new HlsError("not_found", `Segment ${index} does not exist`);
    }
    this.#lastRequest = Date.now();
    this.#playhead = { variant, index };
    this.#pruneBehind(index);
    this.#inflight++;
    try {
      let patient = false;
      for (let attempt = 0; attempt < 8; attempt++) {
        const hit = r.done.get(index);
        // A session being suspended still lists segments it is about to delete.
        if (hit && this.#state === "active") {
          this.#maybeResume(r);
          return hit.path;
        }
        signal?.throwIfAborted();
        const run = await this.#locked(() => this.#ensureRunFor(r, index, patient));
        // The list may already name it: read it now rather than at the next tick.
        this.#kick(r, run);
        await this.#waitUntil(r, run, () => r.done.has(index), signal);
        patient = false;
        const newer = r.run;
        if (!r.done.has(index) && run && newer && newer !== run && this.#usable(newer)) {
          // Another request restarted ffmpeg meanwhile (a seek elsewhere): let it get its
          // segment first, then continue or restart, so two requests cannot starve each other.
          await this.#waitUntil(
            r,
            newer,
            () => r.done.has(index) || newer.produced >= newer.start,
            signal,
          );
          patient = true;
        }
      }
      const hit = r.done.get(index);
      if (hit) return hit.path;
      throw new HlsError("internal", `Segment ${index} could not be produced`);
    } finally {
      this.#inflight--;
      this.#lastRequest = Date.now();
    }
  }

  /**
   * Resolves with the path of the fMP4 initialisation section of rendition `variant`, starting
   * ffmpeg at the playhead when nothing runs.
   *
   * @throws {HlsError} `not_found` for MPEG-TS sessions; otherwise as {@link getSegment}
   */
  async getInit(signal?: AbortSignal, variant = 0): Promise<string> {
    const r = this.#rendition(variant);
    if (this.spec.segment_type !== "fmp4") {
      throw new HlsError("not_found", "MPEG-TS sessions have no initialisation segment");
    }
    this.#lastRequest = Date.now();
    this.#inflight++;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (r.initPath && this.#state === "active") return r.initPath;
        signal?.throwIfAborted();
        const run = await this.#locked(() => {
          if (r.initPath || (r.run && this.#usable(r.run))) return Promise.resolve(r.run);
          return this.#startRun(r, this.#playhead.variant === variant ? this.#playhead.index : 0);
        });
        await this.#waitUntil(r, run, () => r.initPath !== null, signal);
      }
      if (r.initPath) return r.initPath;
      throw new HlsError("internal", "The initialisation segment could not be produced");
    } finally {
      this.#inflight--;
      this.#lastRequest = Date.now();
    }
  }

  /** Idle: stops ffmpeg and removes the files; a later request starts again (needs a slot). */
  async suspend(): Promise<void> {
    await this.#locked(async () => {
      if (this.#state !== "active") return;
      this.#state = "dormant";
      await this.#teardown();
    });
  }

  /** Stops ffmpeg for good and removes the session directory. */
  async close(): Promise<void> {
    await this.#locked(async () => {
      if (this.#state === "closed") return;
      this.#state = "closed";
      await this.#teardown();
    });
  }

  /**
   * Deletes finished segments, oldest first, until `bytes` are freed or none is left but the
   * playhead's and the next; returns the bytes freed (cache limit).
   */
  async evict(bytes: number): Promise<number> {
    const ph = this.#playhead;
    const victims: { r: _Rendition; index: number; d: _Done }[] = [];
    for (const r of this.#renditions) {
      for (const [index, d] of r.done) {
        if (r.index === ph.variant && (index === ph.index || index === ph.index + 1)) continue;
        victims.push({ r, index, d });
      }
    }
    victims.sort((a, b) => a.d.at - b.d.at);
    let freed = 0;
    for (const v of victims) {
      if (freed >= bytes) break;
      freed += await this.#drop(v.r, v.index);
    }
    return freed;
  }

  /** A snapshot for the admin view. */
  info(): HlsSessionInfo {
    return {
      id: this.id,
      state: this.#state,
      last_request_at: this.#lastRequest,
      playhead: { ...this.#playhead },
      bytes: this.#bytes,
      renditions: this.#renditions.map((r) => ({
        name: r.spec.name,
        encoder: r.encoder,
        method: r.method,
        pipeline: r.pipeline,
        fallback_reason: r.fallbackReason,
        last_error: r.lastError,
        segments_ready: [...r.done.keys()].sort((a, b) => a - b),
        run: r.run
          ? {
            pid: r.run.proc.pid,
            start_index: r.run.start,
            produced_index: r.run.produced,
            paused: r.run.paused,
            exited: r.run.exited,
          }
          : null,
      })),
    };
  }

  #rendition(variant: number): _Rendition {
    if (this.#state === "closed") throw new HlsError("not_found", "The session has ended");
    const r = this.#renditions[variant];
    if (!r) throw new HlsError("not_found", `Rendition ${variant} does not exist`);
    return r;
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#lock.then(fn);
    this.#lock = next.catch(() => {});
    return next;
  }

  #notify(): void {
    this.#pulse.resolve();
    this.#pulse = Promise.withResolvers<void>();
  }

  #usable(run: _Run): boolean {
    return !run.exited && !run.stopping;
  }

  /** Under the lock: the run that will produce `index`, started or restarted if needed. */
  async #ensureRunFor(r: _Rendition, index: number, patient: boolean): Promise<_Run | null> {
    if (this.#state === "closed") throw new HlsError("not_found", "The session has ended");
    if (r.done.has(index)) return r.run;
    const run = r.run;
    if (
      run && this.#usable(run) && index >= run.start && index < run.end &&
      index > run.produced && (patient || !shouldRestart({
        distance: index - (run.produced + 1),
        max_ahead: this.#ahead,
        segment_ms: r.segmentMs,
        startup_ms: r.startupMs,
        copy: r.spec.video?.action === "copy",
      }))
    ) {
      this.#resume(run);
      return run;
    }
    return await this.#startRun(r, index);
  }

  /** Under the lock: stops every run of the session and starts rendition `r` at `index`. */
  async #startRun(r: _Rendition, index: number): Promise<_Run> {
    if (this.#state === "closed") throw new HlsError("not_found", "The session has ended");
    if (this.#state === "dormant") {
      this.#opts.hooks?.acquire?.(this);
      this.#state = "active";
    }
    for (const other of this.#renditions) {
      if (other.run && !other.run.stopping && !other.run.exited) this.#stopRun(other.run);
    }
    await Deno.mkdir(r.dir, { recursive: true });
    const no = ++r.runs;
    const built = buildHlsArgs(this.spec, r.spec, this.plan, {
      start_index: index,
      dir: r.dir,
      run: no,
      software_fallback: r.fallback,
      max_segments: this.#opts.max_segments_per_run,
    });
    const run = new _Run(no, index, built.end_index, built.list_path, built.method);
    r.encoder = built.encoder;
    r.method = built.method;
    r.pipeline = built.pipeline;
    try {
      run.proc = this.#opts.supervisor.spawn(this.#opts.ffmpeg_path, built.args, {
        id: `hls:${this.id}:${r.index}:${no}`,
        label: `hls ${this.id} ${r.spec.name} from segment ${index}`,
        logFile: join(this.dir, "ffmpeg.log"),
      });
    } catch (err) {
      this.#log.error("hls: cannot start ffmpeg", { session: this.id, error: err as Error });
      throw new HlsError("internal", "The transcoder could not be started");
    }
    this.#opts.hooks?.onSpawn?.(run.proc.pid);
    this.#log.debug("hls: run started", {
      session: this.id,
      rendition: r.spec.name,
      run: no,
      start: index,
      pid: run.proc.pid,
    });
    r.run = run;
    this.#startPolling(r, run);
    run.proc.exited.then((info) => this.#onRunExit(r, run, info)).catch((err) => {
      this.#log.error("hls: run exit handling failed", { session: this.id, error: err as Error });
    });
    this.#notify();
    return run;
  }

  #startPolling(r: _Rendition, run: _Run): void {
    if (run.timer !== null || run.reaped) return;
    let tick = 0;
    run.timer = setInterval(() => {
      // Fast while a request waits, an eighth as often otherwise (a kick covers the gap).
      if (this.#inflight === 0 && ++tick % 8 !== 0) return;
      this.#kick(r, run);
    }, this.#pollMs);
  }

  /** Reads the run's segment list now (unless a read is under way). */
  #kick(r: _Rendition, run: _Run | null): void {
    if (!run || run.reaped || run.stopping || run.polling) return;
    run.polling = this.#poll(r, run)
      .catch((err) => {
        // The directory can vanish under a read when the session is torn down.
        if (this.#state === "active" && !run.stopping) {
          this.#log.warn("hls: segment list read failed", {
            session: this.id,
            error: err as Error,
          });
        }
      })
      .finally(() => run.polling = null);
  }

  #stopPolling(run: _Run): void {
    if (run.timer !== null) clearInterval(run.timer);
    run.timer = null;
  }

  /** Kills a run without waiting; its late list entries are ignored. */
  #stopRun(run: _Run): Promise<unknown> {
    run.stopping = true;
    this.#stopPolling(run);
    if (run.paused) this.#signal(run, "SIGCONT");
    // Nothing of a stopped run is kept, so there is no point in letting ffmpeg flush its
    // encoder: "q" then SIGTERM then SIGKILL without grace.
    const p = this.#opts.supervisor.stop(run.proc.id, { graceMs: 0 }).catch(() => null);
    this.#dying.add(p);
    p.finally(() => this.#dying.delete(p));
    return p;
  }

  #signal(run: _Run, sig: Deno.Signal): void {
    try {
      Deno.kill(run.proc.pid, sig);
    } catch {
      // Already gone.
    }
  }

  /** Reads new lines of the run's segment list and publishes the finished segments. */
  async #poll(r: _Rendition, run: _Run): Promise<void> {
    let size: number;
    try {
      size = (await Deno.stat(run.listPath)).size;
    } catch {
      return; // ffmpeg has not opened its list yet
    }
    if (size <= run.listOffset) return;
    const chunk = new Uint8Array(size - run.listOffset);
    const file = await Deno.open(run.listPath);
    let got = 0;
    try {
      await file.seek(run.listOffset, Deno.SeekMode.Start);
      while (got < chunk.length) {
        const n = await file.read(chunk.subarray(got));
        if (n === null) break;
        got += n;
      }
    } finally {
      file.close();
    }
    run.listOffset += got;
    const text = run.partial + new TextDecoder().decode(chunk.subarray(0, got));
    const cut = text.lastIndexOf("\n") + 1;
    run.partial = text.slice(cut);
    for (const index of parseSegmentList(text.slice(0, cut), run.no)) {
      if (run.stopping) return;
      if (index < run.start || index >= run.end) continue;
      await this.#finalize(r, run, index);
    }
  }

  /** Moves a listed segment into place (splitting fMP4) and wakes its waiters. */
  async #finalize(r: _Rendition, run: _Run, index: number): Promise<void> {
    const type = this.spec.segment_type;
    const raw = join(r.dir, runSegmentFileName(run.no, index, type));
    const final = join(r.dir, segmentFileName(index, type));
    try {
      if (r.done.has(index)) {
        // Produced before by another run and still here: keep the served copy.
        await Deno.remove(raw);
      } else if (type === "ts") {
        await Deno.rename(raw, final);
      } else {
        const parts = splitFmp4(await Deno.readFile(raw));
        if (!r.initPath) {
          const init = join(r.dir, INIT_SEGMENT_NAME);
          await Deno.writeFile(init + ".tmp", parts.init);
          await Deno.rename(init + ".tmp", init);
          r.initPath = init;
          r.initBytes = parts.init;
        } else if (!_sameBytes(r.initBytes, parts.init)) {
          // Every run is built from the same arguments, so this would be an ffmpeg surprise:
          // players keep the first init section, so say so loudly.
          this.#log.warn("hls: a run wrote a different init section", { session: this.id, index });
        }
        await Deno.writeFile(final + ".tmp", parts.media);
        await Deno.rename(final + ".tmp", final);
        await Deno.remove(raw);
      }
      const bytes = (await Deno.stat(final)).size;
      // Checked after the last await: two runs may finish the same segment at once.
      if (!r.done.has(index)) {
        r.done.set(index, { path: final, bytes, at: Date.now() });
        this.#bytes += bytes;
        this.#opts.hooks?.onBytes?.(bytes);
      }
    } catch (err) {
      if (this.#state !== "active" || run.stopping) return; // torn down underneath
      this.#log.error("hls: cannot publish segment", {
        session: this.id,
        index,
        error: err as Error,
      });
      run.error = "A finished segment could not be published";
      return;
    }
    run.produced = Math.max(run.produced, index);
    const now = performance.now();
    if (run.firstAt === null) {
      run.firstAt = now;
      r.startupMs = now - run.spawnedAt;
    } else if (run.produced > run.start) {
      r.segmentMs = (now - run.firstAt) / (run.produced - run.start);
    }
    if (run.produced === run.end - 1 && run.end < this.plan.segments.length) {
      // The run's cut list ends here; what it would write next is one oversized segment.
      this.#stopRun(run);
    } else {
      this.#maybePause(r, run);
    }
    this.#notify();
  }

  async #onRunExit(r: _Rendition, run: _Run, info: ExitInfo): Promise<void> {
    run.exit = info;
    run.reaped = true;
    this.#stopPolling(run);
    this.#opts.hooks?.onExit?.(run.proc.pid);
    try {
      if (run.polling) await run.polling;
      // The list gets its last entry (the final segment) when ffmpeg writes its trailer.
      if (!run.stopping) await this.#poll(r, run);
    } catch (err) {
      this.#log.warn("hls: final list read failed", { session: this.id, error: err as Error });
    }
    run.exited = true;
    if (!run.stopping && this.#state === "active") {
      if (info.code !== 0) {
        const msg = summariseFfmpegError(run.proc.stderrTail(), info.code, [
          this.spec.input_path,
          this.dir,
        ]);
        this.#log.warn("hls: ffmpeg failed", { session: this.id, run: run.no, message: msg });
        const hardware = run.method !== null && run.method !== "none";
        if (hardware && !r.fallback && run.produced < run.start) {
          // A hardware pipeline that fails before its first segment is retried once in
          // software (the reference server never falls back: its #2314). Waiters see the run
          // end without an error and restart it; the next run is built with the fallback.
          r.fallback = true;
          r.fallbackReason = msg;
          this.#log.warn("hls: falling back to software encoding", { session: this.id });
        } else {
          run.error = msg;
          r.lastError = msg;
        }
      } else if (run.produced < run.start) {
        run.error = "ffmpeg ended without producing the requested segment";
        r.lastError = run.error;
      }
    }
    run.settled = true;
    this.#notify();
    await this.#removeRunLeftovers(r, run);
  }

  async #removeRunLeftovers(r: _Rendition, run: _Run): Promise<void> {
    const prefix = `r${run.no}-`;
    try {
      for await (const e of Deno.readDir(r.dir)) {
        if (e.name.startsWith(prefix) || e.name === `r${run.no}.csv`) {
          await Deno.remove(join(r.dir, e.name)).catch(() => {});
        }
      }
    } catch {
      // The directory is gone (suspended or closed).
    }
  }

  /** Waits until `ready()`; returns when the run it waited on ends or is replaced. */
  async #waitUntil(
    r: _Rendition,
    run: _Run | null,
    ready: () => boolean,
    signal?: AbortSignal,
  ): Promise<void> {
    let onAbort: (() => void) | null = null;
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      while (!ready()) {
        signal?.throwIfAborted();
        if (this.#state === "closed") throw new HlsError("not_found", "The session has ended");
        if (!run || r.run !== run) return;
        if (run.settled) {
          if (run.error) throw new HlsError("internal", run.error);
          return;
        }
        if (run.error && !run.exited) throw new HlsError("internal", run.error);
        await Promise.race([this.#pulse.promise, aborted]);
      }
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Pauses a run that is far ahead of the playhead. */
  #maybePause(r: _Rendition, run: _Run): void {
    if (this.#throttleAhead <= 0 || run.paused || run.stopping || run.exited) return;
    if (this.#playhead.variant !== r.index) return;
    const segs = this.plan.segments;
    const ahead = segs[run.produced].start_ms - segs[this.#playhead.index].start_ms;
    if (ahead <= this.#throttleAhead) return;
    run.paused = true;
    this.#stopPolling(run);
    this.#signal(run, "SIGSTOP");
    this.#log.debug("hls: paused ahead of the player", { session: this.id, ahead_ms: ahead });
  }

  /** Resumes a paused run once the player is within half the throttle window. */
  #maybeResume(r: _Rendition): void {
    const run = r.run;
    if (!run || !run.paused) return;
    const segs = this.plan.segments;
    const ahead = segs[Math.max(0, run.produced)].start_ms - segs[this.#playhead.index].start_ms;
    if (ahead < this.#throttleAhead / 2) this.#resume(run);
  }

  #resume(run: _Run): void {
    if (!run.paused || run.stopping || run.exited) return;
    run.paused = false;
    this.#signal(run, "SIGCONT");
    const r = this.#renditions.find((x) => x.run === run);
    if (r) this.#startPolling(r, run);
  }

  /** Deletes segments that ended more than the keep window before the playhead. */
  #pruneBehind(index: number): void {
    const segs = this.plan.segments;
    const limit = segs[index].start_ms - this.#keepBehind;
    if (limit <= 0) return;
    for (const r of this.#renditions) {
      for (const i of [...r.done.keys()]) {
        if (segs[i].start_ms + segs[i].duration_ms < limit) this.#drop(r, i);
      }
    }
  }

  /** Removes one finished segment; returns its size. */
  #drop(r: _Rendition, index: number): Promise<number> {
    const d = r.done.get(index);
    if (!d) return Promise.resolve(0);
    r.done.delete(index);
    this.#bytes -= d.bytes;
    this.#opts.hooks?.onBytes?.(-d.bytes);
    return Deno.remove(d.path).then(() => d.bytes, () => d.bytes);
  }

  /** Under the lock: stops every run, waits for the processes, removes the files. */
  async #teardown(): Promise<void> {
    for (const r of this.#renditions) {
      if (r.run && !r.run.exited && !r.run.stopping) this.#stopRun(r.run);
    }
    await Promise.all([...this.#dying]);
    for (const r of this.#renditions) {
      // Exit handlers run after the process is reaped; let them finish first.
      while (r.run && !r.run.settled) await this.#pulse.promise;
      r.run = null;
      r.done.clear();
      r.initPath = null;
      r.initBytes = null;
    }
    this.#opts.hooks?.onBytes?.(-this.#bytes);
    this.#bytes = 0;
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    this.#notify();
  }
}
