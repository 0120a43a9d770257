/**
 * Phase 1 of a scan on a thread of its own. The walk's file system calls are synchronous (the
 * fast way to make tens of thousands of `stat` calls), so on the server's thread a network mount
 * that stops answering — a NAS asleep, an NFS server gone — would freeze every request until it
 * came back. In a worker, the server keeps answering, and a watchdog gives up on a walk that has
 * not reported progress for `stallMs`: the scan then treats the library like an unmounted one
 * (offline, index kept) instead of waiting forever.
 */
import { emptyWalkResult, type WalkResult } from "./walk_library.ts";
import type { WalkWorkerMessage, WalkWorkerRequest } from "./walk_worker.ts";

/** The part of a `Worker` the walk uses (tests pass their own). */
export interface WalkWorkerLike {
  onmessage: ((e: MessageEvent<WalkWorkerMessage>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(msg: WalkWorkerRequest): void;
  terminate(): void;
}

/** Options of {@link walkLibraryInWorker}. */
export interface WalkInWorkerOptions {
  signal?: AbortSignal;
  /** Called with the number of files found so far. */
  onProgress?: (found: number) => void;
  /** Give up when the walk reports nothing for this long (default 2 minutes). */
  stallMs?: number;
  /** Starts the worker; by default `walk_worker.ts` as a module worker. */
  spawn?: () => WalkWorkerLike;
}

/** Default of {@link WalkInWorkerOptions.stallMs}. */
export const DEFAULT_STALL_MS = 120_000;

function spawnWalkWorker(): WalkWorkerLike {
  return new Worker(new URL("./walk_worker.ts", import.meta.url).href, { type: "module" });
}

/**
 * Walks `root` in a worker with the same result as `walkLibrary`. Rejects with the signal's
 * reason when aborted and with an error when the worker fails; resolves with a
 * `not_responding` root problem when the walk stalls. The worker is terminated in every case.
 */
export function walkLibraryInWorker(
  root: string,
  opts: WalkInWorkerOptions = {},
): Promise<WalkResult> {
  const stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
  return new Promise<WalkResult>((resolve, reject) => {
    opts.signal?.throwIfAborted();
    const worker = (opts.spawn ?? spawnWalkWorker)();
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void) => {
      clearTimeout(watchdog);
      opts.signal?.removeEventListener("abort", onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      // A thread stuck in a system call on a dead mount cannot be interrupted; terminating
      // still detaches it, and it ends when the call returns.
      worker.terminate();
      settle();
    };
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(
        () => finish(() => resolve(emptyWalkResult("not_responding"))),
        stallMs,
      );
    };
    const onAbort = () => finish(() => reject(opts.signal!.reason));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (e) => {
      const msg = e.data;
      if (msg.type === "progress") {
        arm();
        opts.onProgress?.(msg.found);
      } else if (msg.type === "done") {
        finish(() => resolve(msg.result));
      } else {
        finish(() => reject(new Error(`Library walk failed: ${msg.message}`)));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      finish(() => reject(new Error(`Library walk failed: ${e.message}`)));
    };
    arm();
    worker.postMessage({ root });
  });
}
