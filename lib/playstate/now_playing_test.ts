import { assertEquals } from "../../tests/helpers/assert.ts";
import { estimateSpeed } from "./now_playing.ts";

Deno.test("estimateSpeed() is media time produced per wall time between two samples", () => {
  const table: [
    string,
    { at: number; produced: number } | undefined,
    number,
    number,
    number | null,
  ][] = [
    ["no earlier sample", undefined, 10_000, 5, null],
    ["4 s segments, 5 in 10 s = 2×", { at: 0, produced: 0 }, 10_000, 5, 2],
    ["6 s segments, 1 in 12 s = 0.5×", { at: 0, produced: 3 }, 12_000, 4, 0.5],
    ["paused ffmpeg produces nothing = 0×", { at: 0, produced: 7 }, 5_000, 7, 0],
    ["samples too close together", { at: 0, produced: 0 }, 500, 1, null],
    ["a restart that dropped segments", { at: 0, produced: 9 }, 5_000, 2, null],
  ];
  for (const [name, first, at, produced, want] of table) {
    const segment_s = name.startsWith("6 s") ? 6 : 4;
    assertEquals(estimateSpeed(first, { at, produced }, segment_s), want, name);
  }
});
