/**
 * Direct play: throughput and p50/p99 latency of 1 MiB range requests from 16 concurrent
 * clients on a 1 GiB file, served by Rustfin and — when installed — by nginx from the same file
 * in the same run (target ≥ 0.8× nginx). Also the server's RSS idle with 20,000 items indexed
 * and during 16 concurrent streams.
 */
import { join } from "node:path";
import type { BenchRow } from "./types.ts";
import {
  freePort,
  percentile,
  rssBytes,
  startChildServer,
  waitForHttp,
  waitForScans,
} from "./support.ts";

const MiB = 1024 * 1024;
const FILE_SIZE = 1024 * MiB;
const CLIENTS = 16;
const DURATION_MS = 8_000;

interface LoadResult {
  mbPerS: number;
  p50: number;
  p99: number;
  requests: number;
}

/** 16 clients fetching random 1 MiB ranges for a fixed time. */
async function rangeLoad(url: string, headers: HeadersInit = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  let bytes = 0;
  const end = performance.now() + DURATION_MS;
  const client = async (seed: number) => {
    let x = seed;
    while (performance.now() < end) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const start = (x % (FILE_SIZE / MiB - 1)) * MiB;
      const t0 = performance.now();
      const res = await fetch(url, {
        headers: { ...headers, range: `bytes=${start}-${start + MiB - 1}` },
      });
      if (res.status !== 206) throw new Error(`expected 206, got ${res.status}`);
      const body = await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      bytes += body.byteLength;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i + 1)));
  const seconds = (performance.now() - t0) / 1000;
  return {
    mbPerS: bytes / MiB / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
  };
}

async function makeBigFile(path: string): Promise<void> {
  const block = crypto.getRandomValues(new Uint8Array(65536));
  const chunk = new Uint8Array(MiB);
  for (let i = 0; i < MiB; i += block.length) chunk.set(block, i);
  using f = await Deno.open(path, { write: true, create: true, truncate: true });
  for (let i = 0; i < FILE_SIZE / MiB; i++) {
    chunk[0] = i & 255; // vary blocks a little
    await f.write(chunk);
  }
}

async function startNginx(dir: string): Promise<{ url: string; stop: () => Promise<void> } | null> {
  const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
  if (!nginx) return null;
  const prefix = await Deno.makeTempDir({ prefix: "rustfin-nginx-" });
  const port = freePort();
  const conf = join(prefix, "nginx.conf");
  await Deno.writeTextFile(
    conf,
    // As root, nginx's workers drop to "nobody", who cannot read the private temp dir.
    `${Deno.uid() === 0 ? "user root;\n" : ""}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${prefix}/tmp;
  proxy_temp_path ${prefix}/tmp;
  fastcgi_temp_path ${prefix}/tmp;
  uwsgi_temp_path ${prefix}/tmp;
  scgi_temp_path ${prefix}/tmp;
  server { listen 127.0.0.1:${port}; root ${dir}; }
}
`,
  );
  const child = new Deno.Command(nginx, {
    args: ["-p", prefix, "-c", conf, "-g", "daemon off;"],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(prefix, { recursive: true }).catch(() => {});
    },
  };
}

/** Runs the direct play and memory benchmarks. */
export async function benchDirectPlay(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const media = await Deno.makeTempDir({ prefix: "rustfin-bench-media-" });
  try {
    await Deno.mkdir(join(media, "movies", "Bench (2020)"), { recursive: true });
    const name = "Bench (2020).mkv";
    await makeBigFile(join(media, "movies", "Bench (2020)", name));
    // 20,000 small named files for the memory figure (naming-only: no ffprobe for them).
    const many = join(media, "many");
    for (let i = 0; i < 2000; i++) {
      const dir = join(many, `Show ${i}`, "Season 01");
      await Deno.mkdir(dir, { recursive: true });
      for (let e = 1; e <= 10; e++) {
        await Deno.writeFile(
          join(dir, `Show ${i} S01E${String(e).padStart(2, "0")}.mkv`),
          new Uint8Array([1]),
        );
      }
    }
    await using server = await startChildServer({
      RUSTFIN_LIBRARIES: `Movies=${join(media, "movies")}:movies,Many=${many}:shows`,
      RUSTFIN_FFPROBE: "off",
    });
    await waitForScans(server);
    const libs = (await (await server.api("/api/libraries")).json()).items as {
      id: string;
      name: string;
    }[];
    const movies = libs.find((l) => l.name === "Movies")!;
    const list = await (await server.api(`/api/items?library_id=${movies.id}`)).json();
    const itemId = list.items[0].id as string;
    const idle = await rssBytes(server.pid);
    const streamUrl = `${server.url}/api/items/${itemId}/stream?api_key=${server.token}`;
    await rangeLoad(streamUrl).catch(() => {}); // warm the page cache and the JIT
    let peak = 0;
    const sampler = setInterval(async () => {
      peak = Math.max(peak, await rssBytes(server.pid).catch(() => 0));
    }, 200);
    const ours = await rangeLoad(streamUrl);
    clearInterval(sampler);

    const nginx = await startNginx(join(media, "movies"));
    let ref: LoadResult | undefined;
    if (nginx) {
      const path = `/${encodeURIComponent("Bench (2020)")}/${encodeURIComponent(name)}`;
      try {
        await rangeLoad(nginx.url + path);
        ref = await rangeLoad(nginx.url + path);
      } finally {
        await nginx.stop();
      }
    }
    rows.push({
      name: "direct play throughput (1 MiB ranges, 16 clients, 1 GiB file)",
      value: ours.mbPerS,
      unit: "MiB/s",
      target: "≥ 0.8× nginx",
      ...(ref
        ? {
          reference: { name: "nginx", value: ref.mbPerS },
          ratio: ours.mbPerS / ref.mbPerS,
          ok: ours.mbPerS / ref.mbPerS >= 0.8,
        }
        : {}),
    });
    rows.push({
      name: "direct play latency p50",
      value: ours.p50,
      unit: "ms",
      ...(ref ? { reference: { name: "nginx", value: ref.p50 }, ratio: ours.p50 / ref.p50 } : {}),
    });
    rows.push({
      name: "direct play latency p99",
      value: ours.p99,
      unit: "ms",
      ...(ref ? { reference: { name: "nginx", value: ref.p99 }, ratio: ours.p99 / ref.p99 } : {}),
    });
    rows.push({ name: "RSS idle, 20,000 items indexed", value: idle / MiB, unit: "MiB" });
    rows.push({ name: "RSS peak during 16 concurrent streams", value: peak / MiB, unit: "MiB" });
  } finally {
    await Deno.remove(media, { recursive: true }).catch(() => {});
  }
  return rows;
}
