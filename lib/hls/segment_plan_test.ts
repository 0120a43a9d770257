import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { planForSpec, planSegments, segmentIndexAt } from "./segment_plan.ts";
import type { PlanInput, SegmentPlan } from "./segment_plan.ts";
import type { HlsJobSpec } from "./spec.ts";

/** Every plan is contiguous, starts at 0, ends at the duration and has an honest target. */
function assertWellFormed(plan: SegmentPlan, duration: number): void {
  let t = 0;
  plan.segments.forEach((s, i) => {
    assertEquals(s.index, i);
    assertEquals(s.start_ms, t, `segment ${i} starts where the previous ended`);
    assert(s.duration_ms > 0, `segment ${i} is not empty`);
    assert(Math.round(s.duration_ms / 1000) <= plan.target_duration_s, "EXTINF ≤ target");
    t += s.duration_ms;
  });
  assertEquals(t, Math.round(duration));
}

const durations = (p: SegmentPlan) => p.segments.map((s) => s.duration_ms);
const starts = (p: SegmentPlan) => p.segments.map((s) => s.start_ms);

const rows: { name: string; input: PlanInput; durations: number[]; target: number }[] = [
  {
    name: "fixed grid divides evenly",
    input: { duration_ms: 30_000, target_s: 6 },
    durations: [6000, 6000, 6000, 6000, 6000],
    target: 6,
  },
  {
    name: "fixed grid keeps a last segment of 1 s",
    input: { duration_ms: 31_000, target_s: 6 },
    durations: [6000, 6000, 6000, 6000, 6000, 1000],
    target: 6,
  },
  {
    name: "fixed grid merges a sliver into the last segment and raises the target",
    input: { duration_ms: 30_500, target_s: 6 },
    durations: [6000, 6000, 6000, 6000, 6500],
    target: 7,
  },
  {
    name: "tiny file is one short segment",
    input: { duration_ms: 400, target_s: 6 },
    durations: [400],
    target: 1,
  },
  {
    name: "fractional target",
    input: { duration_ms: 10_000, target_s: 2.5 },
    durations: [2500, 2500, 2500, 2500],
    target: 3,
  },
  {
    name: "regular 2 s keyframes group into 6 s segments",
    input: {
      duration_ms: 30_000,
      keyframes_ms: [
        0,
        2000,
        4000,
        6000,
        8000,
        10000,
        12000,
        14000,
        16000,
        18000,
        20000,
        22000,
        24000,
        26000,
        28000,
      ],
      target_s: 6,
    },
    durations: [6000, 6000, 6000, 6000, 6000],
    target: 6,
  },
  {
    name: "irregular keyframes: each segment at least the target, starting on a keyframe",
    input: {
      duration_ms: 30_021,
      keyframes_ms: [21, 1221, 3021, 8421, 9021, 15621, 17021, 25021, 28221],
      target_s: 6,
    },
    durations: [8421, 7200, 9400, 5000],
    target: 10,
  },
  {
    name: "long GOP: 10 s keyframes give 10 s segments and an honest target",
    input: { duration_ms: 30_000, keyframes_ms: [0, 10_000, 20_000], target_s: 6 },
    durations: [10_000, 10_000, 10_000],
    target: 10,
  },
  {
    name: "single keyframe: the whole file is one segment",
    input: { duration_ms: 30_000, keyframes_ms: [0], target_s: 6 },
    durations: [30_000],
    target: 30,
  },
  {
    name: "no keyframe listed: one segment",
    input: { duration_ms: 12_345, keyframes_ms: [], target_s: 6 },
    durations: [12_345],
    target: 13,
  },
  {
    name: "keyframe sliver at the end is not a boundary",
    input: { duration_ms: 18_600, keyframes_ms: [0, 6000, 12000, 18000, 18500], target_s: 6 },
    durations: [6000, 6000, 6600],
    target: 7,
  },
  {
    name: "unsorted, duplicated and out-of-range keyframes are cleaned",
    input: {
      duration_ms: 20_000,
      keyframes_ms: [14_000, 7_000, -40, 7_000, 0, 25_000, 20_000, 7_000.4],
      target_s: 6,
    },
    durations: [7000, 7000, 6000],
    target: 7,
  },
  {
    name: "tiny file with keyframes",
    input: { duration_ms: 900, keyframes_ms: [0, 400, 800], target_s: 6 },
    durations: [900],
    target: 1,
  },
];

for (const row of rows) {
  Deno.test(`planSegments() ${row.name}`, () => {
    const plan = planSegments(row.input);
    assertWellFormed(plan, row.input.duration_ms);
    assertEquals(durations(plan), row.durations);
    assertEquals(plan.target_duration_s, row.target);
  });
}

Deno.test("planSegments() remux segments start exactly on keyframes", () => {
  const keyframes = [0, 1300, 2600, 7100, 7900, 13_400, 20_000, 21_000, 26_500];
  const plan = planSegments({ duration_ms: 31_000, keyframes_ms: keyframes, target_s: 6 });
  assertWellFormed(plan, 31_000);
  for (const s of plan.segments) assert(keyframes.includes(s.start_ms), `${s.start_ms} is a key`);
  assertEquals(starts(plan), [0, 7100, 13_400, 20_000, 26_500]);
});

Deno.test("planSegments() rejects empty timelines and targets", () => {
  assertThrows(() => planSegments({ duration_ms: 0, target_s: 6 }), RangeError);
  assertThrows(() => planSegments({ duration_ms: NaN, target_s: 6 }), RangeError);
  assertThrows(() => planSegments({ duration_ms: 1000, target_s: 0 }), RangeError);
});

const baseSpec: HlsJobSpec = {
  input_path: "/m/a.mkv",
  duration_ms: 30_000,
  segment_type: "ts",
  video: { action: "copy", source_codec: "h264" },
  audio: { action: "copy", stream_index: 1 },
  segments: { target_s: 6, keyframes_ms: [1400, 3400, 5400, 7400, 9400, 11_400, 13_400] },
};

Deno.test("planForSpec() shifts keyframes by the source start time for remux", () => {
  const plan = planForSpec({ ...baseSpec, start_time_ms: 1400 });
  assertEquals(starts(plan), [0, 6000, 12_000]);
  assertEquals(durations(plan), [6000, 6000, 18_000]);
});

Deno.test("planForSpec() uses a fixed grid on the sped-up timeline for encodes", () => {
  const plan = planForSpec({
    ...baseSpec,
    speed: 2,
    video: {
      action: "encode",
      codec: "h264",
      width: 320,
      height: 180,
      bitrate_kbps: 500,
      hwaccel: { method: "none" },
    },
    audio: { action: "encode", stream_index: 1, codec: "aac" },
  });
  assertEquals(durations(plan), [6000, 6000, 3000]);
});

Deno.test("planForSpec() needs keyframes for a remux", () => {
  assertThrows(() => planForSpec({ ...baseSpec, segments: { target_s: 6 } }), RangeError);
});

Deno.test("segmentIndexAt() finds the segment holding a time", () => {
  const plan = planSegments({ duration_ms: 30_000, target_s: 6 });
  const table: [number, number][] = [[0, 0], [5999, 0], [6000, 1], [17_500, 2], [29_999, 4], [
    40_000,
    4,
  ], [-5, 0]];
  for (const [t, i] of table) assertEquals(segmentIndexAt(plan, t), i, `t=${t}`);
});
