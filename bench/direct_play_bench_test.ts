import { ok, strictEqual } from "node:assert/strict";
import { rangeFor, wrkMs, wrkScript } from "./direct_play_bench.ts";

const MiB = 1024 * 1024;
const SIZE = 1024 * MiB;

Deno.test("rangeFor() asks for whole MiBs inside the file, or open-ended tails up to 2 MiB", () => {
  for (const x of [0, 1, 1022, 1023, 123456789, 2147483647]) {
    const [, s, e] = /^bytes=(\d+)-(\d+)$/.exec(rangeFor("bounded", x))!.map(Number);
    strictEqual(s % MiB, 0, `start of ${x}`);
    strictEqual(e - s + 1, MiB, `length of ${x}`);
    ok(e < SIZE, `end of ${x} inside the file`);
    const open = /^bytes=(\d+)-$/.exec(rangeFor("open", x));
    ok(open, `open-ended for ${x}`);
    const start = Number(open[1]);
    ok(start < SIZE && SIZE - start <= 2 * MiB, `tail of ${x}: ${SIZE - start} bytes`);
  }
});

Deno.test("wrkScript() writes the same ranges for wrk", () => {
  ok(wrkScript("bounded").includes(`math.random(0, 1022) * ${MiB}`));
  ok(wrkScript("bounded").includes(`(s + ${MiB - 1})`));
  ok(wrkScript("open").includes(`(${SIZE - 1} - math.random(0, ${2 * MiB - 1})) .. "-"`));
});

Deno.test("wrkMs() reads wrk's durations", () => {
  const rows: [string, number][] = [["812.50us", 0.8125], ["12.5ms", 12.5], ["1.2s", 1200]];
  for (const [text, ms] of rows) strictEqual(wrkMs(text), ms, text);
  ok(Number.isNaN(wrkMs("fast")));
});
