import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/helpers/assert.ts";
import { openDatabase } from "../db/database.ts";
import { KeyframesRepo } from "../db/keyframes.ts";
import { KeyframeCache, MemoryKeyframeStore } from "./keyframe_cache.ts";
import type { KeyframeStore } from "./keyframe_cache.ts";
import { ProbeError } from "./ffprobe.ts";

/** A reader that counts its runs and answers what `next` says (a list, an error, or a wait). */
function countingReader(list: number[] = [0, 2000, 4000]) {
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  let fail: Error | null = null;
  return {
    calls,
    /** Makes the next reads wait until the returned function is called. */
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((r) => open = r);
      return () => {
        gate = null;
        open();
      };
    },
    failNext(err: Error) {
      fail = err;
    },
    read: async (path: string): Promise<number[]> => {
      calls.push(path);
      if (gate) await gate;
      if (fail) {
        const e = fail;
        fail = null;
        throw e;
      }
      return list.slice();
    },
  };
}

async function tempFile(bytes = 100): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-kf-" });
  const path = join(dir, "film.mkv");
  await Deno.writeFile(path, new Uint8Array(bytes));
  return { dir, path };
}

function stores(): [string, () => Promise<KeyframeStore>][] {
  return [
    ["memory", () => Promise.resolve(new MemoryKeyframeStore())],
    ["sqlite", async () => new KeyframesRepo(await openDatabase(":memory:"))],
  ];
}

for (const [name, makeStore] of stores()) {
  Deno.test(`KeyframeCache (${name}) answers the second lookup without reading`, async () => {
    const { dir, path } = await tempFile();
    try {
      const r = countingReader([21, 1221, 3021]);
      const cache = new KeyframeCache({
        ffprobe_path: "unused",
        store: await makeStore(),
        reader: r.read,
      });
      assertEquals(await cache.keyframes(path), [21, 1221, 3021]);
      assertEquals(r.calls.length, 1);
      const second = await cache.keyframes(path);
      assertEquals(second, [21, 1221, 3021]);
      assertEquals(r.calls.length, 1, "no second read");
      assertEquals(cache.stats, { hits: 1, joined: 0, reads: 1 });
      // What a caller does with its list does not reach the cache.
      second.push(99_999);
      assertEquals(await cache.keyframes(path), [21, 1221, 3021]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`KeyframeCache (${name}) reads again when size or mtime change`, async () => {
    const { dir, path } = await tempFile(100);
    try {
      const r = countingReader();
      const cache = new KeyframeCache({
        ffprobe_path: "unused",
        store: await makeStore(),
        reader: r.read,
      });
      await cache.keyframes(path);
      await cache.keyframes(path);
      assertEquals(r.calls.length, 1);
      // Same size, other mtime (a file replaced by one of the same length).
      await Deno.utime(path, new Date(), new Date(Date.now() - 3_600_000));
      await cache.keyframes(path);
      assertEquals(r.calls.length, 2, "mtime change reads again");
      await cache.keyframes(path);
      assertEquals(r.calls.length, 2, "and that version is kept");
      // Other size, mtime set back to the same value.
      const st = await Deno.stat(path);
      await Deno.writeFile(path, new Uint8Array(200));
      await Deno.utime(path, st.atime!, st.mtime!);
      await cache.keyframes(path);
      assertEquals(r.calls.length, 3, "size change reads again");
      await cache.keyframes(path);
      assertEquals(r.calls.length, 3);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("KeyframeCache: the database store outlives the cache (a server restart)", async () => {
  const { dir, path } = await tempFile();
  try {
    const db = await openDatabase(":memory:");
    const r = countingReader([0, 5000]);
    await new KeyframeCache({ ffprobe_path: "x", store: new KeyframesRepo(db), reader: r.read })
      .keyframes(path);
    const restarted = new KeyframeCache({
      ffprobe_path: "x",
      store: new KeyframesRepo(db),
      reader: r.read,
    });
    assertEquals(await restarted.keyframes(path), [0, 5000]);
    assertEquals(r.calls.length, 1);
    assertEquals(restarted.stats.hits, 1);
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyframeCache: concurrent lookups of one file share one read", async () => {
  const { dir, path } = await tempFile();
  try {
    const r = countingReader([0, 2000]);
    const cache = new KeyframeCache({ ffprobe_path: "x", reader: r.read });
    const release = r.hold();
    const all = Promise.all([1, 2, 3, 4].map(() => cache.keyframes(path)));
    // Every lookup has stat'ed the file and is waiting on the one read.
    await new Promise((res) => setTimeout(res, 50));
    assertEquals(r.calls.length, 1);
    release();
    assertEquals(await all, [[0, 2000], [0, 2000], [0, 2000], [0, 2000]]);
    assertEquals(cache.stats, { hits: 0, joined: 3, reads: 1 });
    await cache.keyframes(path);
    assertEquals(r.calls.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyframeCache: a caller's abort leaves the shared read to the others", async () => {
  const { dir, path } = await tempFile();
  try {
    const r = countingReader([0, 2000]);
    const cache = new KeyframeCache({ ffprobe_path: "x", reader: r.read });
    const release = r.hold();
    const ac = new AbortController();
    const aborted = cache.keyframes(path, { signal: ac.signal });
    const other = cache.keyframes(path);
    await new Promise((res) => setTimeout(res, 50));
    ac.abort();
    const err = await assertRejects(() => aborted, ProbeError);
    assertEquals((err as ProbeError).code, "probe_aborted");
    release();
    assertEquals(await other, [0, 2000]);
    assertEquals(r.calls.length, 1);
    // The read finished and was kept although its first caller left.
    await cache.keyframes(path);
    assertEquals(r.calls.length, 1);
    // An already aborted signal does not even stat.
    await assertRejects(() => cache.keyframes(path, { signal: AbortSignal.abort() }), ProbeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyframeCache: failed reads are not remembered; missing files are unreadable", async () => {
  const { dir, path } = await tempFile();
  try {
    const r = countingReader([0]);
    const cache = new KeyframeCache({ ffprobe_path: "x", reader: r.read });
    r.failNext(new ProbeError("probe_failed", "boom"));
    await assertRejects(() => cache.keyframes(path), ProbeError, "boom");
    assertEquals(await cache.keyframes(path), [0]);
    assertEquals(r.calls.length, 2);
    const err = await assertRejects(() => cache.keyframes(join(dir, "gone.mkv")), ProbeError);
    assertEquals((err as ProbeError).code, "probe_unreadable");
    assertEquals(r.calls.length, 2, "no read for a missing file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyframeCache: a file rewritten during the read is not stored", async () => {
  const { dir, path } = await tempFile(100);
  try {
    const r = countingReader([0]);
    const cache = new KeyframeCache({ ffprobe_path: "x", reader: r.read });
    const release = r.hold();
    const first = cache.keyframes(path);
    await new Promise((res) => setTimeout(res, 50));
    await Deno.writeFile(path, new Uint8Array(300));
    release();
    await first;
    await cache.keyframes(path);
    assertEquals(r.calls.length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("MemoryKeyframeStore keeps the most recently used entries", () => {
  const s = new MemoryKeyframeStore(2);
  const e = (n: number) => ({ size_bytes: n, mtime_ms: n, keyframes_ms: [n] });
  s.put("/a", e(1));
  s.put("/b", e(2));
  s.get("/a");
  s.put("/c", e(3));
  assertEquals(s.get("/b"), undefined);
  assert(s.get("/a") && s.get("/c"));
});

Deno.test("KeyframeCache with ffprobe reads what readKeyframes reads, once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-kf-" });
  try {
    const path = join(dir, "gop.mkv");
    const out = await new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-nostdin",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x90:rate=25:duration=5",
        "-c:v",
        "libx264",
        "-g",
        "25",
        "-sc_threshold",
        "0",
        path,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
    const cache = new KeyframeCache({ ffprobe_path: "ffprobe" });
    const kf = await cache.keyframes(path);
    assertEquals(kf, [0, 1000, 2000, 3000, 4000]);
    assertEquals(await cache.keyframes(path), kf);
    assertEquals(cache.stats, { hits: 1, joined: 0, reads: 1 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
