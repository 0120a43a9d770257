/**
 * Scan benchmark support (`deno task bench` calls {@link benchScan}): generates a library of
 * tiny files laid out like a real one (shows with seasons, movies in folders, albums) and times
 * a naming-only first scan and an unchanged rescan. Not used by the server.
 */
import { join } from "node:path";
import { openDatabase } from "../db/database.ts";
import { LibrariesRepo } from "../db/libraries.ts";
import { ScanService } from "./scan_service.ts";

/** Result of {@link benchScan}. */
export interface ScanBenchResult {
  files: number;
  items: number;
  first_scan_ms: number;
  files_per_s: number;
  rescan_ms: number;
  /** Items whose updated_at changed during the unchanged rescan (must be 0). */
  rescan_writes: number;
  /** Longest delay of a 5 ms timer during the scans: how long requests could have waited. */
  max_event_loop_lag_ms: number;
}

/**
 * Writes `count` small files under `dir` in a mixed layout: 60 % episodes (series of 4 seasons ×
 * 25 episodes), 20 % movies (one folder each), 20 % tracks (albums of 10). Returns the number
 * of files written.
 */
export async function makeBenchLibrary(dir: string, count: number): Promise<number> {
  const episodes = Math.floor(count * 0.6);
  const movies = Math.floor(count * 0.2);
  const tracks = count - episodes - movies;
  const dirs = new Set<string>();
  const files: string[] = [];
  for (let i = 0; i < episodes; i++) {
    const show = Math.floor(i / 100);
    const season = Math.floor((i % 100) / 25) + 1;
    const ep = (i % 25) + 1;
    const d = `Shows/Show ${show} (${1990 + (show % 30)})/Season ${season}`;
    dirs.add(d);
    files.push(
      `${d}/Show ${show} S${String(season).padStart(2, "0")}E${String(ep).padStart(2, "0")}.mkv`,
    );
  }
  for (let i = 0; i < movies; i++) {
    const d = `Movies/Movie Number ${i} (${1950 + (i % 70)})`;
    dirs.add(d);
    files.push(`${d}/Movie Number ${i} (${1950 + (i % 70)}).mp4`);
  }
  for (let i = 0; i < tracks; i++) {
    const album = Math.floor(i / 10);
    const d = `Music/Artist ${Math.floor(album / 5)}/Album ${album} (2001)`;
    dirs.add(d);
    files.push(`${d}/${String((i % 10) + 1).padStart(2, "0")} - Song ${i}.flac`);
  }
  for (const d of dirs) await Deno.mkdir(join(dir, d), { recursive: true });
  const bytes = new TextEncoder().encode("x");
  for (let i = 0; i < files.length; i++) {
    await Deno.writeFile(join(dir, files[i]), bytes.map(() => 65 + (i % 26)));
  }
  return files.length;
}

/**
 * Generates `count` files in a temp folder, scans them naming-only (no ffprobe) into a fresh
 * database, rescans unchanged, and cleans up.
 */
export async function benchScan(count = 20_000): Promise<ScanBenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-scanbench-" });
  const db = await openDatabase(join(dir, "bench.db"));
  const scanner = new ScanService({ db, ffprobePath: null, concurrency: 2 });
  let lagTimer: ReturnType<typeof setInterval> | undefined;
  try {
    const root = join(dir, "library");
    const files = await makeBenchLibrary(root, count);
    const library = new LibrariesRepo(db).create({ name: "Bench", kind: "mixed", path: root });
    let maxLag = 0;
    let expected = performance.now() + 5;
    lagTimer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - expected);
      expected = now + 5;
    }, 5);
    let t = performance.now();
    await scanner.scan(library.id);
    const first = performance.now() - t;
    const before = db.prepare("SELECT max(updated_at) AS u, count(*) AS n FROM media_items")
      .get() as { u: string; n: number };
    t = performance.now();
    await scanner.scan(library.id);
    const rescan = performance.now() - t;
    clearInterval(lagTimer);
    const writes = (db.prepare("SELECT count(*) AS n FROM media_items WHERE updated_at > ?")
      .get(before.u) as { n: number }).n;
    return {
      files,
      items: before.n,
      first_scan_ms: Math.round(first),
      files_per_s: Math.round(files / (first / 1000)),
      rescan_ms: Math.round(rescan),
      rescan_writes: writes,
      max_event_loop_lag_ms: Math.round(maxLag),
    };
  } finally {
    clearInterval(lagTimer);
    await scanner.close();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 20_000);
  console.log(JSON.stringify(await benchScan(count)));
}
