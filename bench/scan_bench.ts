/**
 * Scan: 20,000 generated tiny files naming-only (files/s) and an unchanged rescan, against a
 * reference run in the same process: a bare recursive walk (readDir + stat of every file) of the
 * same kind of tree, the floor any scanner pays. Targets: ≥ 10,000 files/s, rescan ≤ 2 s.
 */
import { join } from "node:path";
import { benchScan, makeBenchLibrary } from "../lib/scanner/bench_support.ts";
import type { BenchRow } from "./types.ts";

const COUNT = 20_000;

async function bareWalk(dir: string): Promise<number> {
  let n = 0;
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) n += await bareWalk(path);
    else {
      await Deno.stat(path);
      n++;
    }
  }
  return n;
}

/** Runs the scan benchmark. */
export async function benchScanRows(): Promise<BenchRow[]> {
  const tmp = await Deno.makeTempDir({ prefix: "rustfin-walkbench-" });
  let walkMs: number;
  try {
    await makeBenchLibrary(tmp, COUNT);
    await bareWalk(tmp); // warm the dentry cache like the scan's own generation does
    const t = performance.now();
    await bareWalk(tmp);
    walkMs = performance.now() - t;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  const r = await benchScan(COUNT);
  const walkPerS = COUNT / (walkMs / 1000);
  return [
    {
      name: `first scan, ${r.files} files naming-only (${r.items} items)`,
      value: r.files_per_s,
      unit: "files/s",
      target: "≥ 10,000 files/s",
      reference: { name: "bare readDir+stat walk", value: walkPerS },
      ratio: r.files_per_s / walkPerS,
      ok: r.files_per_s >= 10_000,
    },
    {
      name: "unchanged rescan",
      value: r.rescan_ms,
      unit: "ms",
      target: "≤ 2000 ms, 0 writes",
      reference: { name: "bare walk", value: walkMs },
      ratio: r.rescan_ms / walkMs,
      ok: r.rescan_ms <= 2000 && r.rescan_writes === 0,
    },
  ];
}
