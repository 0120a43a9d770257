/**
 * Search: `?q=` over 100,000 items (movies, series, seasons, episodes with generated titles)
 * inserted through SQL into a temp database with the real migrations, so the full-text index is
 * filled by its triggers as the scanner's writes would fill it. Measures p50/p99 of
 * ItemsRepo.list() with `q` (page of 100 plus the total), against the pre-FTS reference: a
 * substring scan of search_title with instr() over the same rows and queries.
 */
import { join } from "node:path";
import { openDatabase } from "../lib/db/database.ts";
import { ItemsRepo } from "../lib/db/items.ts";
import { searchText, sortTitle } from "../lib/scanner/sort_title.ts";
import type { BenchRow } from "./types.ts";

const ITEMS = 100_000;
const QUERIES = 400;

/** A deterministic pseudo-random generator (mulberry32), so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ran", "te", "vor", "shi", "el", "dun", "ba", "qu", "zen"];

function vocabulary(random: () => number, n: number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    const len = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < len; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Runs the search benchmark. */
export async function benchSearch(): Promise<BenchRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-searchbench-" });
  try {
    const db = await openDatabase(join(dir, "bench.db"));
    const random = rng(42);
    const words = vocabulary(random, 3000);
    const title = () => {
      const n = 1 + Math.floor(random() * 4);
      const t: string[] = [];
      for (let i = 0; i < n; i++) t.push(words[Math.floor(random() * words.length)]);
      const s = t.join(" ");
      return s[0].toUpperCase() + s.slice(1);
    };
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO libraries (id, name, kind, path, created_at) VALUES ('lib', 'Bench', 'mixed', '/x', ?)",
    ).run(now);
    const insert = db.prepare(
      `INSERT INTO media_items (id, library_id, kind, parent_id, series_id, group_key, title,
         sort_title, search_title, original_title, year, season_number, episode_number, duration_ms,
         added_at, updated_at) VALUES (?, 'lib', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let n = 0;
    const add = (
      kind: string,
      t: string,
      parent: string | null,
      series: string | null,
      season: number | null,
      episode: number | null,
    ) => {
      const id = `i${n++}`;
      const original = random() < 0.2 ? title() : null;
      insert.run(
        id,
        kind,
        parent,
        series,
        id,
        t,
        sortTitle(t),
        searchText(t),
        original,
        1950 + Math.floor(random() * 75),
        season,
        episode,
        kind === "series" || kind === "season" ? null : 1_200_000 + Math.floor(random() * 6e6),
        now,
        now,
      );
      return id;
    };
    const tLoad = performance.now();
    db.exec("BEGIN");
    for (let i = 0; i < 30_000; i++) add("movie", title(), null, null, null, null);
    for (let s = 0; n < ITEMS; s++) {
      const series = add("series", title(), null, null, null, null);
      for (let season = 1; season <= 2 && n < ITEMS; season++) {
        const seasonId = add("season", `Season ${season}`, series, series, season, null);
        for (let e = 1; e <= 33 && n < ITEMS; e++) {
          add("episode", title(), seasonId, series, season, e);
        }
      }
    }
    db.exec("COMMIT");
    const loadMs = performance.now() - tLoad;
    db.exec("ANALYZE");

    // Queries as people type them: a 3-letter prefix, a whole word, two word prefixes.
    const qr = rng(7);
    const pick = () => words[Math.floor(qr() * words.length)];
    const queries: string[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const kind = i % 3;
      queries.push(
        kind === 0 ? pick().slice(0, 3) : kind === 1 ? pick() : `${pick()} ${pick().slice(0, 4)}`,
      );
    }
    const repo = new ItemsRepo(db);
    const timeFts = (q: string) => {
      const t = performance.now();
      repo.list({ library_ids: ["lib"], q, limit: 100 });
      return performance.now() - t;
    };
    const substring = db.prepare(
      `SELECT i.* FROM media_items i WHERE i.library_id IN (SELECT value FROM json_each(?))
       AND instr(i.search_title, ?) > 0 ORDER BY i.sort_title, i.id LIMIT 100`,
    );
    const substringCount = db.prepare(
      `SELECT count(*) AS n FROM media_items i
       WHERE i.library_id IN (SELECT value FROM json_each(?)) AND instr(i.search_title, ?) > 0`,
    );
    const timeScan = (q: string) => {
      const t = performance.now();
      substring.all('["lib"]', searchText(q));
      substringCount.get('["lib"]', searchText(q));
      return performance.now() - t;
    };
    for (const q of queries.slice(0, 20)) timeFts(q), timeScan(q); // warm caches
    const fts = queries.map(timeFts).sort((a, b) => a - b);
    const scan = queries.map(timeScan).sort((a, b) => a - b);
    db.close();
    const p50 = percentile(fts, 0.5);
    const p99 = percentile(fts, 0.99);
    const ref50 = percentile(scan, 0.5);
    const ref99 = percentile(scan, 0.99);
    return [
      { name: `search: load ${ITEMS} items through SQL (FTS triggers)`, value: loadMs, unit: "ms" },
      {
        name: `search ?q= p50 over ${ITEMS} items`,
        value: p50,
        unit: "ms",
        reference: { name: "instr scan", value: ref50 },
        ratio: p50 / ref50,
      },
      {
        name: `search ?q= p99 over ${ITEMS} items`,
        value: p99,
        unit: "ms",
        target: "p99 ≤ 50 ms",
        reference: { name: "instr scan", value: ref99 },
        ratio: p99 / ref99,
        ok: p99 <= 50,
      },
    ];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const { table } = await import("./run.ts");
  console.log(table(await benchSearch()));
}
