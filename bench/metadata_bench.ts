/**
 * Metadata and artwork: the scan cost of NFO files and local images (a movies library with
 * `movie.nfo`, `poster.jpg` and `fanart.jpg` per movie against the same library without them,
 * naming only, no ffprobe), the unchanged rescan of the library with metadata, the throughput of
 * server-side image resizing (ffmpeg, 2 lanes), and the latency of a cached resized image over
 * HTTP against the same endpoint serving the original file.
 */
import { join } from "node:path";
import { openDatabase } from "../lib/db/database.ts";
import { LibrariesRepo } from "../lib/db/libraries.ts";
import { ScanService } from "../lib/scanner/scan_service.ts";
import { MetadataService } from "../lib/metadata/metadata_service.ts";
import { ImageService } from "../lib/images/image_service.ts";
import { ProcessSupervisor } from "../lib/media/process.ts";
import type { ItemImage } from "../lib/metadata/metadata_repo.ts";
import { startTestServer } from "../tests/helpers/server.ts";
import { percentile } from "./support.ts";
import type { BenchRow } from "./types.ts";

const MOVIES = 2000;
const RESIZES = 24;
const REQUESTS = 300;

const NFO = (i: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<movie><title>Film Number ${i} &amp; Co</title><year>${1950 + i % 70}</year>
<plot>A plot of film ${i}, long enough to look like one. ${
    "Words and more words. ".repeat(20)
  }</plot>
<genre>Drama</genre><genre>Comedy</genre><studio>Studio ${i % 30}</studio>
<uniqueid type="imdb">tt${String(1000000 + i)}</uniqueid><uniqueid type="tmdb">${i}</uniqueid>
<ratings><rating name="imdb" max="10" default="true"><value>7.1</value><votes>1000</votes></rating></ratings>
${
    Array.from(
      { length: 8 },
      (_, a) =>
        `<actor><name>Actor ${
          (i + a) % 500
        }</name><role>Role ${a}</role><order>${a}</order></actor>`,
    )
      .join("\n")
  }
<director>Director ${i % 100}</director></movie>`;

async function makeMovies(dir: string, withMetadata: boolean): Promise<number> {
  let files = 0;
  const bytes = new Uint8Array(64).fill(1);
  for (let i = 0; i < MOVIES; i++) {
    const folder = join(dir, `Film ${i} (${1950 + i % 70})`);
    await Deno.mkdir(folder, { recursive: true });
    await Deno.writeFile(join(folder, `Film ${i} (${1950 + i % 70}).mkv`), bytes);
    files++;
    if (withMetadata) {
      await Deno.writeTextFile(join(folder, "movie.nfo"), NFO(i));
      await Deno.writeFile(join(folder, "poster.jpg"), bytes);
      await Deno.writeFile(join(folder, "fanart.jpg"), bytes);
      files += 3;
    }
  }
  return files;
}

async function timeScans(root: string, withMetadata: boolean) {
  const dir = join(root, withMetadata ? "with" : "without");
  await makeMovies(dir, withMetadata);
  const db = await openDatabase(join(root, `${withMetadata ? "with" : "without"}.db`));
  const metadata = new MetadataService({ db });
  // The metadata phase alone (NFO reads and parsing, image lookup, writes).
  let metaMs = 0;
  const refresh = metadata.refresh.bind(metadata);
  metadata.refresh = async (library) => {
    const s = performance.now();
    try {
      return await refresh(library);
    } finally {
      metaMs += performance.now() - s;
    }
  };
  const scanner = new ScanService({ db, ffprobePath: null, metadata });
  const library = new LibrariesRepo(db).create({ name: "m", kind: "movies", path: dir });
  let t = performance.now();
  await scanner.scan(library.id);
  const first = performance.now() - t;
  const firstMeta = metaMs;
  metaMs = 0;
  t = performance.now();
  await scanner.scan(library.id);
  const rescan = performance.now() - t;
  const rescanMeta = metaMs;
  const titled = (db.prepare(
    "SELECT count(*) AS n FROM media_items WHERE title LIKE 'Film Number %'",
  ).get() as { n: number }).n;
  await scanner.close();
  db.close();
  return { first, rescan, titled, firstMeta, rescanMeta };
}

async function ffmpeg(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-loglevel", "error", "-y", ...args],
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/** Runs the metadata benchmark. */
export async function benchMetadata(): Promise<BenchRow[]> {
  const root = await Deno.makeTempDir({ prefix: "rustfin-metabench-" });
  const rows: BenchRow[] = [];
  try {
    const without = await timeScans(root, false);
    const withMeta = await timeScans(root, true);
    if (withMeta.titled !== MOVIES) throw new Error(`only ${withMeta.titled} NFO titles applied`);
    const perMovie = (withMeta.first - without.first) / MOVIES;
    rows.push({
      name: `first scan, ${MOVIES} movies with NFO + poster + fanart`,
      value: withMeta.first,
      unit: "ms",
      reference: { name: "without", value: without.first },
      ratio: withMeta.first / without.first,
    });
    rows.push({
      name: "metadata cost per movie (NFO read + 2 images)",
      value: perMovie * 1000,
      unit: "µs",
    });
    rows.push({
      name: "of which the metadata phase, per movie (first scan)",
      value: withMeta.firstMeta / MOVIES * 1000,
      unit: "µs",
    });
    rows.push({
      name: "of which the metadata phase, unchanged rescan",
      value: withMeta.rescanMeta,
      unit: "ms",
    });
    rows.push({
      name: `unchanged rescan, ${MOVIES} movies with NFO + images`,
      value: withMeta.rescan,
      unit: "ms",
      reference: { name: "without", value: without.rescan },
      ratio: withMeta.rescan / without.rescan,
    });

    // Resize throughput: distinct tags make every render a cache miss.
    const src = join(root, "poster.jpg");
    await ffmpeg("-f", "lavfi", "-i", "testsrc=size=1000x1500", "-frames:v", "1", src);
    const supervisor = new ProcessSupervisor();
    const db = await openDatabase(join(root, "images.db"));
    const images = new ImageService({
      cacheDir: join(root, "cache"),
      ffmpegPath: "ffmpeg",
      supervisor,
      repo: new MetadataService({ db }).repo,
    });
    const image = (n: number): ItemImage => ({
      item_id: "bench",
      type: "primary",
      idx: 0,
      source: "local",
      path: src,
      stream_index: null,
      tag: `t${n}`,
    });
    const t = performance.now();
    await Promise.all(
      Array.from({ length: RESIZES }, (_, n) => images.render(image(n), 320, "jpeg")),
    );
    const seconds = (performance.now() - t) / 1000;
    rows.push({
      name: "image resize 1000×1500 JPEG → 320 px (ffmpeg, 2 lanes)",
      value: RESIZES / seconds,
      unit: "images/s",
    });
    await supervisor.stopAll();
    db.close();

    // Cached image latency over HTTP.
    const lib = join(root, "http", "Poster (2020)");
    await Deno.mkdir(lib, { recursive: true });
    await Deno.writeFile(join(lib, "Poster (2020).mkv"), new Uint8Array(64));
    await Deno.copyFile(src, join(lib, "poster.jpg"));
    await using srv = await startTestServer();
    const libId = await srv.addLibrary("M", join(root, "http"), "movies");
    await srv.waitForScan(libId);
    const item = (await (await srv.api(`/api/items?library_id=${libId}`)).json()).items[0];
    const measure = async (url: string) => {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const s = performance.now();
        const res = await srv.api(url);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        times.push(performance.now() - s);
      }
      return times.sort((a, b) => a - b);
    };
    const resized = await measure(`${item.images.primary}&width=320`);
    const original = await measure(`${item.images.primary}`);
    rows.push({
      name: "cached resized image (320 px) over HTTP, p50",
      value: percentile(resized, 50),
      unit: "ms",
      reference: { name: "original file", value: percentile(original, 50) },
      ratio: percentile(resized, 50) / percentile(original, 50),
    });
    rows.push({
      name: "cached resized image (320 px) over HTTP, p99",
      value: percentile(resized, 99),
      unit: "ms",
      reference: { name: "original file", value: percentile(original, 99) },
      ratio: percentile(resized, 99) / percentile(original, 99),
    });
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
  return rows;
}

if (import.meta.main) {
  for (const row of await benchMetadata()) console.log(JSON.stringify(row));
}
