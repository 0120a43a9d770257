import { assertEquals, assertRejects } from "../../tests/helpers/assert.ts";
import { walkLibraryInWorker, type WalkWorkerLike } from "./walk_in_worker.ts";
import { emptyWalkResult, walkLibrary, type WalkResult } from "./walk_library.ts";
import type { WalkWorkerMessage } from "./walk_worker.ts";

/** A worker that sends `script`'s messages at their times (ms after the request) and no more. */
function scriptedWorker(
  script: [atMs: number, msg: WalkWorkerMessage][],
): WalkWorkerLike & { terminated: boolean; asked: string[] } {
  const timers: ReturnType<typeof setTimeout>[] = [];
  const w = {
    onmessage: null as WalkWorkerLike["onmessage"],
    onerror: null as WalkWorkerLike["onerror"],
    terminated: false,
    asked: [] as string[],
    postMessage(req: { root: string }) {
      w.asked.push(req.root);
      for (const [at, msg] of script) {
        timers.push(
          setTimeout(() => w.onmessage?.(new MessageEvent("message", { data: msg })), at),
        );
      }
    },
    terminate() {
      w.terminated = true;
      timers.forEach(clearTimeout);
    },
  };
  return w;
}

const DONE: WalkResult = { ...emptyWalkResult(), rootEntries: 3 };

Deno.test("walkLibraryInWorker() finds what walkLibrary finds, on a worker thread", async () => {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "rustfin-walkw-" }));
  try {
    await Deno.mkdir(`${root}/Movie (2001)/extras`, { recursive: true });
    await Deno.writeTextFile(`${root}/Movie (2001)/Movie (2001).mkv`, "x");
    await Deno.writeTextFile(`${root}/Movie (2001)/Movie (2001).en.srt`, "x");
    await Deno.writeTextFile(`${root}/Movie (2001)/extras/a.mkv`, "xy");
    await Deno.writeTextFile(`${root}/.hidden.mkv`, "x");
    await Deno.writeFile(`${root}/empty.mkv`, new Uint8Array());
    await Deno.writeTextFile(`${root}/notes.txt`, "x");
    const progress: number[] = [];
    const inWorker = await walkLibraryInWorker(root, { onProgress: (n) => progress.push(n) });
    const inThread = await walkLibrary(root);
    const byRel = (r: WalkResult) => r.files.toSorted((a, b) => a.rel.localeCompare(b.rel));
    assertEquals(byRel(inWorker), byRel(inThread));
    assertEquals(inWorker.files.length, 3);
    assertEquals(inWorker.skipped, { hidden: 1, zero_byte: 1, unsupported: 1, loops: 0 });
    assertEquals(progress.at(-1), 3);
    assertEquals((await walkLibraryInWorker(`${root}/nope`)).rootProblem, "missing");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walkLibraryInWorker() gives up on a walk that stops reporting", async () => {
  const silent = scriptedWorker([]);
  const started = performance.now();
  const result = await walkLibraryInWorker("/mnt/nas", { stallMs: 50, spawn: () => silent });
  assertEquals(result.rootProblem, "not_responding");
  assertEquals(result.files, []);
  assertEquals(silent.asked, ["/mnt/nas"]);
  assertEquals(silent.terminated, true);
  assertEquals(performance.now() - started >= 45, true);
});

Deno.test("walkLibraryInWorker() waits as long as progress keeps coming", async () => {
  const slow = scriptedWorker([
    [30, { type: "progress", found: 10 }],
    [60, { type: "progress", found: 20 }],
    [90, { type: "progress", found: 30 }],
    [120, { type: "done", result: DONE }],
  ]);
  const seen: number[] = [];
  const result = await walkLibraryInWorker("/srv", {
    stallMs: 50,
    spawn: () => slow,
    onProgress: (n) => seen.push(n),
  });
  assertEquals(result, DONE);
  assertEquals(seen, [10, 20, 30]);
  assertEquals(slow.terminated, true);
});

Deno.test("walkLibraryInWorker() rejects on abort and on a failed walk, ending the worker", async () => {
  const ac = new AbortController();
  const never = scriptedWorker([]);
  const aborted = walkLibraryInWorker("/srv", { signal: ac.signal, spawn: () => never });
  ac.abort(new DOMException("Scanner closed", "AbortError"));
  await assertRejects(() => aborted, DOMException, "Scanner closed");
  assertEquals(never.terminated, true);

  const failing = scriptedWorker([[5, { type: "failed", message: "boom" }]]);
  await assertRejects(
    () => walkLibraryInWorker("/srv", { spawn: () => failing }),
    Error,
    "Library walk failed: boom",
  );
  assertEquals(failing.terminated, true);
});
