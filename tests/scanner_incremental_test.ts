/**
 * Incremental scanning on small fake files with a fake prober (the naming, index and
 * bookkeeping logic does not need real media): renames, deletions, changes, offline roots,
 * unreadable folders, concurrency, background probes and the file system watcher.
 */
import { assert, assertEquals, assertNotEquals } from "./helpers/assert.ts";
import { type Database, openDatabase } from "../lib/db/database.ts";
import { LibrariesRepo } from "../lib/db/libraries.ts";
import { type ItemRow, ItemsRepo, itemToJson } from "../lib/db/items.ts";
import type { MediaProbe } from "../lib/media/types.ts";
import type { LibraryKind } from "../lib/naming/types.ts";
import { ScanService, type ScanServiceOptions } from "../lib/scanner/scan_service.ts";
import { emptyWalkResult } from "../lib/scanner/walk_library.ts";

/** What a fake media file holds: JSON read by the fake prober. */
interface FakeMedia {
  duration_ms?: number;
  tags?: Record<string, string>;
  fail?: boolean;
  /** Makes files of equal metadata differ in content. */
  id?: string;
}

function fakeProbe(spec: FakeMedia, size: number): MediaProbe {
  return {
    container: "mkv",
    format_name: "matroska,webm",
    duration_ms: spec.duration_ms ?? 1000,
    bitrate_kbps: 800,
    size_bytes: size,
    streams: [{
      index: 0,
      type: "video",
      codec: "h264",
      width: 320,
      height: 180,
      default: true,
      forced: false,
    }],
    tags: spec.tags ?? {},
  };
}

interface Harness {
  root: string;
  db: Database;
  libraryId: string;
  scanner: ScanService;
  items: ItemsRepo;
  libraries: LibrariesRepo;
  probes: Map<string, number>;
  write(rel: string, spec?: FakeMedia): Promise<void>;
  itemOf(rel: string): ItemRow | undefined;
  fileId(rel: string): string | undefined;
  count(table: "media_items" | "media_files"): number;
  [Symbol.asyncDispose](): Promise<void>;
}

async function harness(
  kind: LibraryKind,
  files: Record<string, FakeMedia>,
  opts: Partial<ScanServiceOptions> = {},
): Promise<Harness> {
  const base = await Deno.makeTempDir({ prefix: "rustfin-scaninc-" });
  const root = `${base}/library`;
  await Deno.mkdir(root);
  const db = await openDatabase(":memory:");
  const libraries = new LibrariesRepo(db);
  const libraryId = libraries.create({ name: "Lib", kind, path: root }).id;
  const probes = new Map<string, number>();
  const scanner = new ScanService({
    db,
    ffprobePath: null,
    concurrency: 2,
    debounceMs: 200,
    probe: async (path) => {
      const rel = path.slice(root.length + 1);
      probes.set(rel, (probes.get(rel) ?? 0) + 1);
      const text = await Deno.readTextFile(path);
      const spec = JSON.parse(text) as FakeMedia;
      if (spec.fail) throw new Error("Invalid data found when processing input");
      return fakeProbe(spec, text.length);
    },
    ...opts,
  });
  const write = async (rel: string, spec: FakeMedia = {}) => {
    const abs = `${root}/${rel}`;
    await Deno.mkdir(abs.slice(0, abs.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(abs, JSON.stringify({ id: rel, ...spec }));
  };
  for (const [rel, spec] of Object.entries(files)) await write(rel, spec);
  const items = new ItemsRepo(db);
  return {
    root,
    db,
    libraryId,
    scanner,
    items,
    libraries,
    probes,
    write,
    itemOf: (rel) => {
      const row = db.prepare("SELECT item_id FROM media_files WHERE rel_path = ?").get(rel) as
        | { item_id: string }
        | undefined;
      return row ? items.get(row.item_id) : undefined;
    },
    fileId: (rel) =>
      (db.prepare("SELECT id FROM media_files WHERE rel_path = ?").get(rel) as
        | { id: string }
        | undefined)?.id,
    count: (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    async [Symbol.asyncDispose]() {
      await scanner.close();
      db.close();
      await Deno.remove(base, { recursive: true });
    },
  };
}

function changes(db: Database): number {
  return (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
}

async function waitFor<T>(what: string, fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = fn();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

Deno.test("an unchanged rescan writes nothing and probes nothing", async () => {
  await using h = await harness("shows", {
    "Show/Season 1/Show S01E01.mkv": {},
    "Show/Season 1/Show S01E02.mkv": {},
    "Show/Season 1/Show S01E02.en.srt": {},
  });
  await h.scanner.scan(h.libraryId);
  const before = h.db.prepare("SELECT group_concat(id || updated_at) AS v FROM media_items").get();
  const writes = changes(h.db);
  const probed = [...h.probes.values()].reduce((a, b) => a + b, 0);
  const status = await h.scanner.scan(h.libraryId);
  assertEquals(status.state, "idle");
  assertEquals(changes(h.db), writes);
  assertEquals(
    h.db.prepare("SELECT group_concat(id || updated_at) AS v FROM media_items").get(),
    before,
  );
  assertEquals([...h.probes.values()].reduce((a, b) => a + b, 0), probed);
  assertEquals(h.scanner.walkCount(h.libraryId), 2);
});

Deno.test("a renamed or moved file keeps its item id and its probe", async () => {
  await using h = await harness("movies", {
    "Old Name (2001)/Old Name (2001).mkv": { duration_ms: 4000 },
    "Other (1999)/Other (1999).mkv": {},
  });
  await h.scanner.scan(h.libraryId);
  const item = h.itemOf("Old Name (2001)/Old Name (2001).mkv")!;
  const fileId = h.fileId("Old Name (2001)/Old Name (2001).mkv");
  assertEquals([item.title, item.duration_ms], ["Old Name", 4000]);

  await Deno.mkdir(`${h.root}/New Name (2002)`);
  await Deno.rename(
    `${h.root}/Old Name (2001)/Old Name (2001).mkv`,
    `${h.root}/New Name (2002)/New Name (2002).mkv`,
  );
  await Deno.remove(`${h.root}/Old Name (2001)`);
  await h.scanner.scan(h.libraryId);
  const moved = h.itemOf("New Name (2002)/New Name (2002).mkv")!;
  assertEquals([moved.id, moved.title, moved.year], [item.id, "New Name", 2002]);
  assertEquals(h.fileId("New Name (2002)/New Name (2002).mkv"), fileId);
  assertEquals(moved.duration_ms, 4000);
  assertEquals(h.probes.get("New Name (2002)/New Name (2002).mkv"), undefined);
  assertEquals(h.count("media_items"), 2);
});

Deno.test("a copied-then-deleted file (new mtime) keeps its item by fingerprint", async () => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} });
  await h.scanner.scan(h.libraryId);
  const item = h.itemOf("A (2001)/A (2001).mkv")!;
  const fp = h.db.prepare("SELECT fingerprint FROM media_files").get() as { fingerprint: string };
  assert(fp.fingerprint !== null, "background fingerprint stored");
  const content = await Deno.readFile(`${h.root}/A (2001)/A (2001).mkv`);
  await Deno.mkdir(`${h.root}/Elsewhere`);
  await Deno.writeFile(`${h.root}/Elsewhere/A (2001).mkv`, content);
  await Deno.utime(`${h.root}/Elsewhere/A (2001).mkv`, new Date(), new Date(2000, 0, 1));
  await Deno.remove(`${h.root}/A (2001)`, { recursive: true });
  await h.scanner.scan(h.libraryId);
  assertEquals(h.itemOf("Elsewhere/A (2001).mkv")?.id, item.id);
});

Deno.test("moving an album folder keeps the ids of its tracks and of the album", async () => {
  await using h = await harness("music", {
    "Artist/Album/01 - One.flac": {},
    "Artist/Album/02 - Two.flac": {},
  });
  await h.scanner.scan(h.libraryId);
  const one = h.itemOf("Artist/Album/01 - One.flac")!;
  const album = h.items.get(one.parent_id!)!;
  await Deno.rename(`${h.root}/Artist/Album`, `${h.root}/Artist/Album (Remaster)`);
  await h.scanner.scan(h.libraryId);
  const moved = h.itemOf("Artist/Album (Remaster)/01 - One.flac")!;
  assertEquals(moved.id, one.id);
  assertEquals(moved.parent_id, album.id);
  assertEquals(h.items.get(album.id)!.title, "Album (Remaster)");
  assertEquals(h.count("media_items"), 4);
});

Deno.test("deleted files leave the index with their empty seasons and series", async () => {
  await using h = await harness("shows", {
    "Show/Season 1/Show S01E01.mkv": {},
    "Show/Season 2/Show S02E01.mkv": {},
    "Show/Season 2/Show S02E01.srt": {},
    "Other/Season 1/Other S01E01.mkv": {},
  });
  await h.scanner.scan(h.libraryId);
  assertEquals(h.count("media_items"), 8);
  await Deno.remove(`${h.root}/Show/Season 2`, { recursive: true });
  await h.scanner.scan(h.libraryId);
  const titles = (h.db.prepare("SELECT kind, title FROM media_items ORDER BY kind, title").all())
    .map((r) => `${r.kind} ${r.title}`);
  assertEquals(titles, [
    "episode Episode 1",
    "episode Episode 1",
    "season Season 1",
    "season Season 1",
    "series Other",
    "series Show",
  ]);
  await Deno.remove(`${h.root}/Show`, { recursive: true });
  await h.scanner.scan(h.libraryId);
  assertEquals(h.count("media_items"), 3);
  assertEquals(h.count("media_files"), 1);
});

Deno.test("a changed file is probed again and its item updated", async () => {
  await using h = await harness("movies", { "M (2010)/M (2010).mkv": { duration_ms: 1000 } });
  await h.scanner.scan(h.libraryId);
  const before = h.itemOf("M (2010)/M (2010).mkv")!;
  await new Promise((r) => setTimeout(r, 5));
  await h.write("M (2010)/M (2010).mkv", { duration_ms: 2500, id: "a longer replacement" });
  await h.scanner.scan(h.libraryId);
  const after = h.itemOf("M (2010)/M (2010).mkv")!;
  assertEquals(after.id, before.id);
  assertEquals(after.duration_ms, 2500);
  assertNotEquals(after.updated_at, before.updated_at);
  assertEquals(h.probes.get("M (2010)/M (2010).mkv"), 2);
});

Deno.test("a missing or emptied root marks the library offline and deletes nothing", async (t) => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {}, "B (2002)/B.mkv": {} });
  await h.scanner.scan(h.libraryId);
  const ids = h.db.prepare("SELECT id FROM media_items ORDER BY id").all();

  await t.step("root renamed away (unmounted)", async () => {
    await Deno.rename(h.root, `${h.root}-away`);
    const status = await h.scanner.scan(h.libraryId);
    assertEquals(status.state, "failed");
    assertEquals(status.message, "Library folder not found");
    assertEquals(h.libraries.get(h.libraryId)!.state, "offline");
    assertEquals(h.db.prepare("SELECT id FROM media_items ORDER BY id").all(), ids);
    await Deno.rename(`${h.root}-away`, h.root);
    assertEquals((await h.scanner.scan(h.libraryId)).state, "idle");
    assertEquals(h.libraries.get(h.libraryId)!.state, "online");
    assertEquals(h.db.prepare("SELECT id FROM media_items ORDER BY id").all(), ids);
  });

  await t.step("root left as an empty mount point", async () => {
    const aside = `${h.root}-aside`;
    await Deno.mkdir(aside);
    for (const name of ["A (2001)", "B (2002)"]) {
      await Deno.rename(`${h.root}/${name}`, `${aside}/${name}`);
    }
    const status = await h.scanner.scan(h.libraryId);
    assertEquals(status.state, "failed");
    assertEquals(h.libraries.get(h.libraryId)!.state, "offline");
    assertEquals(h.count("media_files"), 2);
    for (const name of ["A (2001)", "B (2002)"]) {
      await Deno.rename(`${aside}/${name}`, `${h.root}/${name}`);
    }
    assertEquals((await h.scanner.scan(h.libraryId)).state, "idle");
    assertEquals(h.libraries.get(h.libraryId)!.state, "online");
    assertEquals(h.db.prepare("SELECT id FROM media_items ORDER BY id").all(), ids);
  });
});

Deno.test("a library folder that stops answering goes offline and keeps its index", async () => {
  let hung = false;
  let terminated = 0;
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} }, {
    walkStallMs: 100,
    walkWorker: () => {
      if (!hung) {
        return new Worker(new URL("../lib/scanner/walk_worker.ts", import.meta.url).href, {
          type: "module",
        });
      }
      // A walk stuck in a system call on a dead network mount: it never reports back.
      return {
        onmessage: null,
        onerror: null,
        postMessage() {},
        terminate() {
          terminated++;
        },
      };
    },
  });
  assertEquals((await h.scanner.scan(h.libraryId)).state, "idle");
  const ids = h.db.prepare("SELECT id FROM media_items ORDER BY id").all();
  assertEquals(ids.length, 1);
  hung = true;
  const status = await h.scanner.scan(h.libraryId);
  assertEquals(status.state, "failed");
  assertEquals(
    status.message,
    "Library folder stopped responding (network share or disk not answering?)",
  );
  assertEquals(terminated, 1);
  assertEquals(h.libraries.get(h.libraryId)!.state, "offline");
  assertEquals(h.db.prepare("SELECT id FROM media_items ORDER BY id").all(), ids);
  hung = false;
  assertEquals((await h.scanner.scan(h.libraryId)).state, "idle");
  assertEquals(h.libraries.get(h.libraryId)!.state, "online");
});

Deno.test("removing a library ends a long walk at once instead of waiting for it", async () => {
  let terminated = 0;
  let walking: () => void;
  const started = new Promise<void>((r) => walking = r);
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} }, {
    // A walk of a huge folder: it keeps reporting progress for a long while.
    walkWorker: () => {
      let timer: ReturnType<typeof setInterval> | undefined;
      const w = {
        onmessage: null as ((e: MessageEvent) => void) | null,
        onerror: null,
        postMessage() {
          let found = 0;
          timer = setInterval(() => {
            walking();
            // Done after about 3 s: long enough to tell waiting from not waiting.
            const data = found < 300_000
              ? { type: "progress", found }
              : { type: "done", result: emptyWalkResult() };
            w.onmessage?.(new MessageEvent("message", { data }));
            found += 1000;
          }, 10);
        },
        terminate() {
          terminated++;
          clearInterval(timer);
        },
      };
      return w;
    },
  });
  const scan = h.scanner.scan(h.libraryId);
  await started;
  let dropped = false;
  const t0 = performance.now();
  await h.scanner.remove(h.libraryId, () => dropped = true);
  assertEquals(dropped, true);
  assertEquals(terminated, 1);
  assertEquals(performance.now() - t0 < 1000, true, "remove did not wait for the walk");
  assertEquals((await scan).message, "Scan cancelled");
});

Deno.test("a watched offline library comes back online when its root returns", async () => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} }, {
    offlineRetryMs: 100,
  });
  await h.scanner.scan(h.libraryId);
  h.scanner.watch(h.libraryId);
  await Deno.rename(h.root, `${h.root}-away`);
  assertEquals((await h.scanner.scan(h.libraryId)).state, "failed");
  assertEquals(h.scanner.watching(h.libraryId), false);
  await new Promise((r) => setTimeout(r, 250));
  assertEquals(h.libraries.get(h.libraryId)!.state, "offline");
  await Deno.rename(`${h.root}-away`, h.root);
  await waitFor("library online", () => h.libraries.get(h.libraryId)!.state === "online");
  await waitFor("watching again", () => h.scanner.watching(h.libraryId));
  assertEquals(h.count("media_items"), 1);
});

Deno.test("files under an unreadable folder are kept and marked missing", async () => {
  let broken = false;
  await using h = await harness("shows", {
    "Show/Season 1/Show S01E01.mkv": {},
    "Show/Season 2/Show S02E01.mkv": {},
  }, {
    readDirSync: (path) => {
      if (broken && path.endsWith("/Season 2")) throw new Deno.errors.PermissionDenied("denied");
      return Deno.readDirSync(path);
    },
  });
  await h.scanner.scan(h.libraryId);
  const item = h.itemOf("Show/Season 2/Show S02E01.mkv")!;
  broken = true;
  const status = await h.scanner.scan(h.libraryId);
  assertEquals(status.state, "idle");
  assertEquals(status.errors, 1);
  assertEquals(h.scanner.errors(h.libraryId).map((e) => [e.kind, e.path]), [[
    "walk",
    "Show/Season 2",
  ]]);
  assertEquals(h.itemOf("Show/Season 2/Show S02E01.mkv")?.id, item.id);
  const missing = h.db.prepare("SELECT missing_since FROM media_files WHERE rel_path = ?")
    .get("Show/Season 2/Show S02E01.mkv") as { missing_since: string | null };
  assert(missing.missing_since !== null, "marked missing");
  // The same problem found again writes nothing.
  const writes = changes(h.db);
  assertEquals((await h.scanner.scan(h.libraryId)).errors, 1);
  assertEquals(changes(h.db), writes);
  broken = false;
  assertEquals((await h.scanner.scan(h.libraryId)).errors, 0);
  const back = h.db.prepare("SELECT missing_since FROM media_files WHERE rel_path = ?")
    .get("Show/Season 2/Show S02E01.mkv") as { missing_since: string | null };
  assertEquals(back.missing_since, null);
});

Deno.test("concurrent scan calls of one library share one run", async () => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} });
  const first = h.scanner.scan(h.libraryId);
  const second = h.scanner.scan(h.libraryId);
  assert(first === second, "the second call returns the running scan");
  await first;
  assertEquals(h.scanner.walkCount(h.libraryId), 1);
  assertEquals(h.count("media_items"), 1);
});

Deno.test("items are listed before their probes finish; a failing probe is recorded", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  await using h = await harness("movies", {
    "Good (2001)/Good (2001).mkv": {},
    "Bad (2002)/Bad (2002).mkv": { fail: true },
  }, {
    probe: async (path) => {
      await gate;
      const spec = JSON.parse(await Deno.readTextFile(path)) as FakeMedia;
      if (spec.fail) throw new Error("Invalid data found when processing input");
      return fakeProbe(spec, 10);
    },
  });
  const scan = h.scanner.scan(h.libraryId);
  await waitFor("probing state", () => h.scanner.status(h.libraryId).state === "probing");
  const listed = h.items.list({ library_ids: [h.libraryId] });
  assertEquals(listed.items.map((i) => i.title), ["Bad", "Good"]);
  const good = h.items.getWithFiles(listed.items[1].id)!;
  assertEquals(itemToJson(good.item, { isAdmin: true, files: good.files }).probe, {
    status: "pending",
  });
  assertEquals(h.scanner.status(h.libraryId).total, 2);
  release();
  const status = await scan;
  assertEquals([status.state, status.done, status.total, status.errors], ["idle", 2, 2, 1]);
  const bad = h.items.getWithFiles(listed.items[0].id)!;
  assertEquals(itemToJson(bad.item, { isAdmin: false, files: bad.files }).probe, {
    status: "error",
    error: "Invalid data found when processing input",
  });
  assertEquals(h.scanner.errors(h.libraryId).map((e) => [e.kind, e.path]), [
    ["probe", "Bad (2002)/Bad (2002).mkv"],
  ]);
  assertEquals(h.itemOf("Good (2001)/Good (2001).mkv")!.duration_ms, 1000);
});

Deno.test("without ffprobe the scan indexes by name and leaves probes pending", async () => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} }, { probe: undefined });
  const status = await h.scanner.scan(h.libraryId);
  assertEquals(status.state, "idle");
  const item = h.items.getWithFiles(h.itemOf("A (2001)/A (2001).mkv")!.id)!;
  assertEquals(item.files[0].probe_status, "pending");
  assert(item.files[0].fingerprint !== null, "fingerprinted anyway");
  assertEquals(h.count("media_items"), 1);
});

Deno.test("close() aborts running probes and ends the scan", async () => {
  let aborted = false;
  const h = await harness("movies", { "A (2001)/A (2001).mkv": {} }, {
    probe: (_path, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("Probe was cancelled"));
        });
      }),
  });
  try {
    const scan = h.scanner.scan(h.libraryId);
    await waitFor("probing state", () => h.scanner.status(h.libraryId).state === "probing");
    await h.scanner.close();
    const status = await scan;
    assert(aborted, "probe aborted");
    assertEquals(status.state, "failed");
    assertEquals(h.db.prepare("SELECT count(*) AS n FROM media_probe").get()?.n, 0);
  } finally {
    await h[Symbol.asyncDispose]();
  }
});

Deno.test("the watcher picks up added and removed files", async () => {
  await using h = await harness("movies", { "A (2001)/A (2001).mkv": {} });
  await h.scanner.scan(h.libraryId);
  h.scanner.watch(h.libraryId);
  assert(h.scanner.watching(h.libraryId), "watching");
  await h.write("B (2002)/B (2002).mkv");
  const added = await waitFor("new item", () => h.itemOf("B (2002)/B (2002).mkv"));
  assertEquals(added.title, "B");
  await Deno.remove(`${h.root}/A (2001)`, { recursive: true });
  await waitFor("removed item", () => h.count("media_items") === 1);
  h.scanner.unwatch(h.libraryId);
  assertEquals(h.scanner.watching(h.libraryId), false);
});
