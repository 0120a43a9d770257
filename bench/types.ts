/** One measured figure of a benchmark, printed as a row of `deno task bench`'s table. */
export interface BenchRow {
  /** What was measured, e.g. "direct play 1 MiB ranges, 16 clients". */
  name: string;
  value: number;
  unit: string;
  /** The target from the issue, as text (e.g. "≥ 0.8× nginx"). */
  target?: string;
  /** The same figure for the reference run in the same process (nginx, plain ffmpeg). */
  reference?: { name: string; value: number };
  /** value / reference.value, or as the row defines it. */
  ratio?: number;
  /** Whether the target is met, when it can be judged. */
  ok?: boolean;
}
