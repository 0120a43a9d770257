/**
 * Worker entry of {@link walkLibraryInWorker}: runs {@link walkLibrary} on its own thread and
 * posts `{type: "progress", found}` every few hundred ms and `{type: "done", result}` at the end.
 * The walk's synchronous file system calls then never hold the server's event loop, and a
 * network mount that stops answering stalls only this thread.
 */
/// <reference lib="deno.worker" />
import { walkLibrary, type WalkResult } from "./walk_library.ts";

/** A message from the walk worker. */
export type WalkWorkerMessage =
  | { type: "progress"; found: number }
  | { type: "done"; result: WalkResult }
  | { type: "failed"; message: string };

/** What the walk worker is asked to do. */
export interface WalkWorkerRequest {
  root: string;
}

/** How often a walk on its own thread reports progress (which also tells it is alive). */
const PROGRESS_EVERY_MS = 250;

self.onmessage = async (e: MessageEvent<WalkWorkerRequest>) => {
  const post = (msg: WalkWorkerMessage) => self.postMessage(msg);
  try {
    const result = await walkLibrary(e.data.root, {
      sliceMs: PROGRESS_EVERY_MS,
      onProgress: (found) => post({ type: "progress", found }),
    });
    post({ type: "done", result });
  } catch (err) {
    post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }
};
