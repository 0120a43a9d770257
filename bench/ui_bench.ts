/**
 * Web UI benchmark (`deno task bench ui`): server-side render time of a library page's first
 * page of cards with 20,000 items in the library (p50/p99, in process, no network), the grid's
 * deep page fetch, and the gzipped JavaScript each page ships (every module the page loads
 * statically: the boot script, the island and their shared chunks; hls.js is a separate chunk
 * loaded only for HLS and is reported on its own).
 */
import { join } from "node:path";
import type { BenchRow } from "./types.ts";
import { percentile } from "./support.ts";
import { parseConfig } from "../lib/config.ts";
import { buildServices } from "../lib/server.ts";
import { createApp } from "../lib/app.ts";
import { silentLogger } from "../lib/log.ts";
import { hashPassword } from "../lib/auth/password.ts";
import { ensureIslandBundles } from "../scripts/build_islands.ts";
import { resetIslandAssets } from "../lib/web/islands.ts";
import { STATIC_DIR } from "../lib/web/static_files.ts";
import manifest from "../routes.gen.ts";
import { makeBigLibrary } from "../tests/e2e/big_library.ts";

/** Items in the benchmark library. */
export const UI_BENCH_ITEMS = 20_000;
const RUNS = 200;

/** Gzipped size of some bytes. */
async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** The gzipped bytes of every module a page's Link header preloads (all it loads statically). */
async function pageJsBytes(res: Response): Promise<number> {
  const link = res.headers.get("link") ?? "";
  let total = 0;
  for (const m of link.matchAll(/<([^>]+)>; rel="modulepreload"/g)) {
    const rel = m[1].replace(/^\/static\//, "");
    total += await gzipSize(await Deno.readFile(join(STATIC_DIR, ...rel.split("/"))));
  }
  return total;
}

async function timed(fn: () => Promise<Response>, runs: number): Promise<number[]> {
  for (let i = 0; i < 10; i++) await (await fn()).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  }
  return times;
}

/** Runs the UI benchmark and returns its rows. */
export async function benchUi(): Promise<BenchRow[]> {
  const assets = await ensureIslandBundles();
  resetIslandAssets();
  const dataDir = await Deno.makeTempDir({ prefix: "rustfin-uibench-" });
  try {
    const libraryId = await makeBigLibrary(dataDir, UI_BENCH_ITEMS);

    const services = await buildServices(
      parseConfig({ RUSTFIN_DATA_DIR: dataDir, RUSTFIN_PORT: "0" }),
      silentLogger,
    );
    try {
      const app = createApp(manifest, services);
      services.users.createFirst({
        username: "bench",
        password_hash: await hashPassword("benchpass1"),
      });
      const { token } = await services.auth.login("bench", "benchpass1", "127.0.0.1");
      const get = (path: string) =>
        app.fetch(
          new Request(`http://bench${path}`, {
            headers: { cookie: `rustfin_session=${token}`, accept: "text/html" },
          }),
        );
      const total = services.items.list({ library_ids: [libraryId], limit: 0 }).total;
      if (total < UI_BENCH_ITEMS) throw new Error(`only ${total} items were indexed`);

      const first = await timed(() => get(`/libraries/${libraryId}`), RUNS);
      const search = await timed(() => get(`/libraries/${libraryId}?q=harbor`), RUNS / 2);
      const deep = await timed(
        () => get(`/api/items?library_id=${libraryId}&sort=title&limit=60&offset=${total - 60}`),
        RUNS / 2,
      );
      const itemId = services.items.list({ library_ids: [libraryId], limit: 1 }).items[0].id;
      const libraryJs = await pageJsBytes(await get(`/libraries/${libraryId}`));
      const itemJs = await pageJsBytes(await get(`/items/${itemId}`));
      const homeJs = await pageJsBytes(await get("/"));
      let hlsBytes = 0;
      const buildDir = join(STATIC_DIR, "_rf", assets.build_id);
      for await (const e of Deno.readDir(buildDir)) {
        if (e.isFile && /^hls/.test(e.name)) {
          hlsBytes += await gzipSize(await Deno.readFile(join(buildDir, e.name)));
        }
      }
      const kb = (n: number) => Math.round(n / 102.4) / 10;
      return [
        {
          name: `library page render, first page of ${total} items, p50`,
          value: percentile(first, 50),
          unit: "ms",
        },
        {
          name: `library page render, first page of ${total} items, p99`,
          value: percentile(first, 99),
          unit: "ms",
        },
        { name: "library page render with search, p50", value: percentile(search, 50), unit: "ms" },
        {
          name: `grid page fetch at offset ${total - 60} (API), p50`,
          value: percentile(deep, 50),
          unit: "ms",
        },
        {
          name: "JS shipped: library page (gzip)",
          value: kb(libraryJs),
          unit: "KiB",
          target: "≤ 30 KB",
          ok: libraryJs <= 30_000,
        },
        {
          name: "JS shipped: item page, direct play (gzip)",
          value: kb(itemJs),
          unit: "KiB",
          target: "≤ 150 KB",
          ok: itemJs <= 150_000,
        },
        {
          name: "JS shipped: home page",
          value: kb(homeJs),
          unit: "KiB",
          target: "0",
          ok: homeJs === 0,
        },
        { name: "hls.js chunk, loaded only for HLS (gzip)", value: kb(hlsBytes), unit: "KiB" },
      ];
    } finally {
      await services.scanner.close();
      services.db.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  for (const row of await benchUi()) console.log(JSON.stringify(row));
}
