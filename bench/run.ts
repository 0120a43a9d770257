/**
 * `deno task bench`: runs the benchmarks and prints one table with ratios against the
 * reference run made in the same process (nginx, plain ffmpeg). `deno task bench scan hls`
 * runs only the named groups.
 */
import type { BenchRow } from "./types.ts";
import { benchDirectPlay } from "./direct_play_bench.ts";
import { benchScanRows } from "./scan_bench.ts";
import { benchUi } from "./ui_bench.ts";
import { benchHls } from "./hls_bench.ts";
import { benchSearch } from "./search_bench.ts";
import { benchMetadata } from "./metadata_bench.ts";

const groups: Record<string, () => Promise<BenchRow[]>> = {
  scan: benchScanRows,
  direct: benchDirectPlay,
  ui: benchUi,
  hls: benchHls,
  search: benchSearch,
  metadata: benchMetadata,
};

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return "";
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Renders rows as a plain-text table. */
export function table(rows: BenchRow[]): string {
  const head = ["benchmark", "value", "unit", "reference", "ratio", "target", "ok"];
  const body = rows.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    r.reference ? `${r.reference.name} ${fmt(r.reference.value)}` : "",
    r.ratio === undefined ? "" : `${fmt(r.ratio)}×`,
    r.target ?? "",
    r.ok === undefined ? "" : r.ok ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}

if (import.meta.main) {
  const wanted = Deno.args.length ? Deno.args : Object.keys(groups);
  const rows: BenchRow[] = [];
  for (const name of wanted) {
    const run = groups[name];
    if (!run) {
      console.error(`unknown benchmark group "${name}" (${Object.keys(groups).join(", ")})`);
      Deno.exit(2);
    }
    console.error(`running ${name}…`);
    try {
      rows.push(...await run());
    } catch (err) {
      console.error(`${name} failed: ${(err as Error).stack ?? err}`);
      rows.push({ name: `${name}: FAILED`, value: NaN, unit: "" });
    }
  }
  console.log(table(rows));
}
