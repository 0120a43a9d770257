import { assertEquals } from "../../tests/helpers/assert.ts";
import { boxForBitrate, qualityLadder, recommendedBitrate } from "./quality_ladder.ts";

const ids = (opts: ReturnType<typeof qualityLadder>) => opts.map((o) => o.id);

Deno.test("qualityLadder() offers Auto, Original and the rungs not larger than the source", () => {
  const rows: [string, Parameters<typeof qualityLadder>, string[]][] = [
    ["4K source", [2160], ["auto", "original", "1080p", "720p", "480p", "360p"]],
    ["720p source", [720], ["auto", "original", "720p", "480p", "360p"]],
    ["scope 1920×800 still offers 1080p", [800, undefined, { source_width: 1920 }], [
      "auto",
      "original",
      "1080p",
      "720p",
      "480p",
      "360p",
    ]],
    ["user limit hides Original and big rungs", [1080, 5000, { source_bitrate_kbps: 8000 }], [
      "auto",
      "720p",
      "480p",
      "360p",
    ]],
    ["source under the limit keeps Original", [480, 5000, { source_bitrate_kbps: 1500 }], [
      "auto",
      "original",
      "480p",
      "360p",
    ]],
  ];
  for (const [label, args, expected] of rows) {
    assertEquals(ids(qualityLadder(...args)), expected, label);
  }
});

Deno.test("qualityLadder() entries carry the bitrate the engine maps back to their height", () => {
  const opts = qualityLadder(2160);
  assertEquals(opts[0], { id: "auto", label: "Auto", height: null, max_bitrate_kbps: null });
  assertEquals(opts[1], {
    id: "original",
    label: "Original",
    height: 2160,
    max_bitrate_kbps: null,
  });
  assertEquals(opts.slice(2).map((o) => [o.height, o.max_bitrate_kbps]), [
    [1080, 8000],
    [720, 4000],
    [480, 2000],
    [360, 1000],
  ]);
  for (const o of opts.slice(2)) assertEquals(boxForBitrate(o.max_bitrate_kbps!)?.height, o.height);
});

Deno.test("boxForBitrate() gives the 16:9 box a limit allows, or none at high limits", () => {
  const rows: [number, { width: number; height: number } | undefined][] = [
    [8000, { width: 1920, height: 1080 }],
    [7999, { width: 1280, height: 720 }],
    [4000, { width: 1280, height: 720 }],
    [1500, { width: 640, height: 360 }],
    [300, { width: 427, height: 240 }],
    [20000, { width: 2560, height: 1440 }],
    [25000, undefined],
    [Infinity, undefined],
  ];
  for (const [kbps, box] of rows) assertEquals(boxForBitrate(kbps), box, String(kbps));
});

Deno.test("recommendedBitrate() scales by height and codec efficiency", () => {
  const rows: [string, number, number][] = [
    ["h264", 1080, 8000],
    ["h264", 800, 8000],
    ["h264", 480, 2000],
    ["h264", 4320, 100000],
    ["hevc", 1080, 4800],
    ["av1", 2160, 15000],
    ["vp9", 720, 2600],
  ];
  for (const [codec, h, kbps] of rows) {
    assertEquals(recommendedBitrate(codec, h), kbps, `${codec} ${h}`);
  }
});
