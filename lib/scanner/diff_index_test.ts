import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import type { IndexChanges, IndexSnapshot, KnownFile } from "../db/media_files.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import type { LibraryKind } from "../naming/types.ts";
import { batchChanges, diffIndex, isEmptyChanges, renameCandidates } from "./diff_index.ts";
import { planLibrary } from "./plan_library.ts";

interface FileSpec {
  rel: string;
  size?: number;
  mtime?: number;
  missing?: boolean;
}

function plan(kind: LibraryKind, files: FileSpec[]) {
  return planLibrary(
    kind,
    files.map((f) => ({
      rel: f.rel,
      size: f.size ?? 100,
      mtime_ms: f.mtime ?? 1,
      naming: parseMediaPath(f.rel, kind),
      missing: f.missing,
    })),
  );
}

let counter = 0;
const opts = (fingerprints: Record<string, string> = {}) => ({
  root: "/lib/",
  now: "2024-01-01T00:00:00.000Z",
  newId: () => `id${++counter}`,
  fingerprints: new Map(Object.entries(fingerprints)),
});

/** The snapshot a database would hold after applying `changes` to `snapshot`. */
function apply(snapshot: IndexSnapshot, changes: IndexChanges): IndexSnapshot {
  const items = new Map(snapshot.items.map((i) => [i.id, i]));
  const files = new Map(snapshot.files.map((f) => [f.id, f]));
  for (const i of [...changes.insertItems, ...changes.updateItems]) items.set(i.id, i);
  for (const f of [...changes.insertFiles, ...changes.updateFiles]) {
    files.set(f.id, { ...f, tags_json: null });
  }
  for (const id of changes.deleteFileIds) files.delete(id);
  for (const id of changes.deleteItemIds) items.delete(id);
  return { items: [...items.values()], files: [...files.values()] };
}

function withFingerprints(s: IndexSnapshot, fps: Record<string, string>): IndexSnapshot {
  return {
    items: s.items,
    files: s.files.map((f): KnownFile => ({ ...f, fingerprint: fps[f.rel_path] ?? f.fingerprint })),
  };
}

const EMPTY: IndexSnapshot = { items: [], files: [] };

Deno.test("diffIndex() inserts everything into an empty index and nothing the second time", () => {
  const p = plan("shows", [
    { rel: "Show/Season 1/Show S01E01.mkv" },
    { rel: "Show/Season 1/Show S01E01.en.srt" },
  ]);
  const first = diffIndex(p, EMPTY, opts());
  assertEquals(first.stats.items_added, 3);
  assertEquals(first.stats.files_added, 2);
  const season = first.changes.insertItems.find((i) => i.kind === "season")!;
  const series = first.changes.insertItems.find((i) => i.kind === "series")!;
  assertEquals([season.parent_id, season.series_id], [series.id, series.id]);
  assertEquals(first.changes.insertFiles[0].path, "/lib/Show/Season 1/Show S01E01.mkv");
  const srt = first.changes.insertFiles.find((f) => f.file_class === "subtitle")!;
  assertEquals(
    srt.sidecar,
    '{"language":"eng","title":null,"forced":false,"default":false,"hearing_impaired":false}',
  );
  const second = diffIndex(p, apply(EMPTY, first.changes), opts());
  assert(isEmptyChanges(second.changes), JSON.stringify(second.stats));
});

Deno.test("diffIndex() matches a moved file by fingerprint, or by size and mtime before one exists", () => {
  const before = plan("movies", [{ rel: "A (2001)/A (2001).mkv", size: 500, mtime: 7 }]);
  const indexed = apply(EMPTY, diffIndex(before, EMPTY, opts()).changes);
  const itemId = indexed.items[0].id;
  const table: {
    name: string;
    after: FileSpec;
    stored?: string;
    computed?: string;
    same: boolean;
  }[] = [
    {
      name: "fingerprint match",
      after: { rel: "B/B.mkv", size: 500, mtime: 9 },
      stored: "fp1",
      computed: "fp1",
      same: true,
    },
    {
      name: "fingerprint differs",
      after: { rel: "B/B.mkv", size: 500, mtime: 7 },
      stored: "fp1",
      computed: "fp2",
      same: false,
    },
    {
      name: "no fingerprint yet, same mtime",
      after: { rel: "B/B.mkv", size: 500, mtime: 7 },
      same: true,
    },
    {
      name: "no fingerprint yet, other mtime",
      after: { rel: "B/B.mkv", size: 500, mtime: 8 },
      same: false,
    },
    { name: "other size", after: { rel: "B/B.mkv", size: 501, mtime: 7 }, same: false },
  ];
  for (const row of table) {
    const snapshot = row.stored
      ? withFingerprints(indexed, { "A (2001)/A (2001).mkv": row.stored })
      : indexed;
    const after = plan("movies", [row.after]);
    const fps = row.computed ? { [row.after.rel]: row.computed } : {};
    const { changes, stats } = diffIndex(after, snapshot, opts(fps));
    const result = apply(snapshot, changes);
    assertEquals(result.items.length, 1, row.name);
    assertEquals(result.items[0].id === itemId, row.same, row.name);
    assertEquals(stats.files_moved, row.same ? 1 : 0, row.name);
    if (row.same) assertEquals(result.items[0].title, "B", row.name);
  }
});

Deno.test("renameCandidates() lists only new playable files sized like a fingerprinted vanished one", () => {
  const before = plan("movies", [
    { rel: "A (2001)/A (2001).mkv", size: 500 },
    { rel: "C (2003)/C (2003).mkv", size: 700 },
  ]);
  const indexed = withFingerprints(apply(EMPTY, diffIndex(before, EMPTY, opts()).changes), {
    "A (2001)/A (2001).mkv": "fpA",
  });
  const after = plan("movies", [
    { rel: "B (2002)/B (2002).mkv", size: 500 },
    { rel: "D (2004)/D (2004).mkv", size: 700 },
    { rel: "E (2005)/E (2005).mkv", size: 900 },
    { rel: "B (2002)/B (2002).srt", size: 500 },
  ]);
  assertEquals(renameCandidates(after, indexed), ["B (2002)/B (2002).mkv"]);
  assertEquals(renameCandidates(before, indexed), []);
});

Deno.test("diffIndex() deletes emptied containers children first and keeps missing files", () => {
  const full = plan("shows", [
    { rel: "Show/Season 1/Show S01E01.mkv" },
    { rel: "Show/Season 2/Show S02E01.mkv" },
  ]);
  const indexed = apply(EMPTY, diffIndex(full, EMPTY, opts()).changes);
  const kindOf = new Map(indexed.items.map((i) => [i.id, i.kind]));

  const gone = diffIndex(plan("shows", []), indexed, opts());
  assertEquals(gone.changes.deleteItemIds.map((id) => kindOf.get(id)), [
    "episode",
    "episode",
    "season",
    "season",
    "series",
  ]);
  assertEquals(gone.changes.deleteFileIds.length, 2);

  const missing = diffIndex(
    plan("shows", [
      { rel: "Show/Season 1/Show S01E01.mkv" },
      { rel: "Show/Season 2/Show S02E01.mkv", missing: true },
    ]),
    indexed,
    opts(),
  );
  assertEquals(missing.changes.deleteItemIds, []);
  assertEquals(missing.changes.updateFiles.map((f) => [f.rel_path, f.missing_since]), [
    ["Show/Season 2/Show S02E01.mkv", "2024-01-01T00:00:00.000Z"],
  ]);
});

Deno.test("diffIndex() clears the fingerprint of a file whose size or mtime changed", () => {
  const p1 = plan("movies", [{ rel: "A (2001)/A (2001).mkv", size: 10, mtime: 1 }]);
  const indexed = withFingerprints(apply(EMPTY, diffIndex(p1, EMPTY, opts()).changes), {
    "A (2001)/A (2001).mkv": "fp",
  });
  const p2 = plan("movies", [{ rel: "A (2001)/A (2001).mkv", size: 20, mtime: 2 }]);
  const { changes } = diffIndex(p2, indexed, opts());
  assertEquals(changes.updateFiles.map((f) => [f.size_bytes, f.fingerprint]), [[20, null]]);
  assertEquals(changes.updateItems.map((i) => i.size_bytes), [20]);
});

Deno.test("batchChanges() splits writes into ordered batches of a bounded size", () => {
  const c: IndexChanges = {
    insertItems: [1, 2, 3].map((n) => ({ id: `i${n}` })) as unknown as IndexChanges["insertItems"],
    updateItems: [],
    insertFiles: [1, 2].map((n) => ({ id: `f${n}` })) as unknown as IndexChanges["insertFiles"],
    updateFiles: [],
    deleteFileIds: ["d1"],
    deleteItemIds: ["x1", "x2"],
  };
  const batches = batchChanges(c, 3);
  const flat = (b: IndexChanges) => [
    ...b.insertItems.map((i) => i.id),
    ...b.insertFiles.map((f) => f.id),
    ...b.deleteFileIds,
    ...b.deleteItemIds,
  ];
  assertEquals(batches.map(flat), [["i1", "i2", "i3"], ["f1", "f2", "d1"], ["x1", "x2"]]);
  assertEquals(batchChanges(c, 100).map(flat), [["i1", "i2", "i3", "f1", "f2", "d1", "x1", "x2"]]);
  assertEquals(
    batchChanges(
      { ...c, insertItems: [], insertFiles: [], deleteFileIds: [], deleteItemIds: [] },
      3,
    ),
    [],
  );
});
