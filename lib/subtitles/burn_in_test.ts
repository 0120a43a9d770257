import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { BITMAP_OVERLAY_RE, buildHlsArgs } from "../hls/ffmpeg_args.ts";
import { planForSpec } from "../hls/segment_plan.ts";
import { type HlsJobSpec, renditionsOf, validateHlsSpec } from "../hls/spec.ts";
import {
  bitmapBurnInFilter,
  imageSidecarPath,
  shiftedTextBurnIn,
  sidecarBurnInFilter,
  sidecarInputArgs,
  textBurnInFilter,
} from "./burn_in.ts";

const spec: HlsJobSpec = {
  input_path: "/media/film.mkv",
  duration_ms: 20_000,
  segment_type: "ts",
  video: {
    action: "encode",
    stream_index: 0,
    codec: "h264",
    width: 640,
    height: 360,
    bitrate_kbps: 1000,
    hwaccel: { method: "none" },
    frame_rate: 25,
  },
  audio: { action: "encode", stream_index: 1, codec: "aac", channels: 2 },
  segments: { target_s: 6 },
};

function args(s: HlsJobSpec, start_index = 0): string[] {
  return buildHlsArgs(s, renditionsOf(s)[0], planForSpec(s), { start_index, dir: "/d", run: 1 })
    .args;
}

Deno.test("textBurnInFilter() and bitmapBurnInFilter() build the filter fragments", () => {
  assertEquals(textBurnInFilter("/c/it's [1].ass"), "subtitles=filename=/c/it\\\\\\'s \\[1\\].ass");
  assertEquals(bitmapBurnInFilter(3), "[0:3]overlay=eof_action=pass");
  assertEquals(BITMAP_OVERLAY_RE.exec(bitmapBurnInFilter(3))?.[1], "0:3");
  assertEquals(sidecarBurnInFilter(), "[1:s:0]overlay=eof_action=pass");
  assertEquals(BITMAP_OVERLAY_RE.exec(sidecarBurnInFilter())?.[1], "1:s:0");
  assertEquals(BITMAP_OVERLAY_RE.exec("[2:s:0]overlay"), null);
  assertEquals(BITMAP_OVERLAY_RE.exec(textBurnInFilter("/a.srt")), null);
  assertThrows(() => bitmapBurnInFilter(-1), RangeError);
});

Deno.test("buildHlsArgs() puts a text burn-in in the -vf chain after the scaler", () => {
  const a = args({ ...spec, burn_in_filter: textBurnInFilter("/c/s.ass") });
  assertEquals(
    a[a.indexOf("-vf") + 1],
    "scale=w=640:h=360,subtitles=filename=/c/s.ass,format=yuv420p",
  );
  assertEquals(a.includes("-filter_complex"), false);
});

Deno.test("buildHlsArgs() turns a bitmap burn-in into a filter_complex overlay", () => {
  const a = args({ ...spec, burn_in_filter: bitmapBurnInFilter(4), speed: 2 });
  assertEquals(a.includes("-vf"), false);
  assertEquals(
    a[a.indexOf("-filter_complex") + 1],
    "[0:0]scale=w=640:h=360[rfb];[0:4][rfb]scale2ref[rfs][rfr];" +
      "[rfr][rfs]overlay=eof_action=pass,format=yuv420p,setpts=PTS/2[rfv]",
  );
  const maps = a.flatMap((x, i) => x === "-map" ? [a[i + 1]] : []);
  assertEquals(maps, ["[rfv]", "0:1"]);
});

Deno.test("sidecarInputArgs() seeks the sidecar before the video's seek point and undoes ffmpeg's shift", () => {
  const url = "file:/m/film.sup";
  const cases: [string, number, boolean, number | undefined, string[]][] = [
    // HLS (-copyts -start_at_zero): ffmpeg subtracts the file's start time (its first cue).
    ["HLS from 0, cues from 0", 0, true, undefined, []],
    ["HLS from 0, first cue at 62.5 s", 0, true, 62_500, ["-itsoffset", "62.500"]],
    ["HLS seek inside the margin", 18_000, true, 62_500, ["-itsoffset", "62.500"]],
    ["HLS seek past the margin", 600_000, true, 0, ["-ss", "570.000"]],
    ["HLS seek past the margin, late first cue", 600_000, true, 1000, [
      ...["-ss", "570.000", "-itsoffset", "1.000"],
    ]],
    // Progressive (times restart at 0 at the seek point): moved back by the seek instead.
    ["progressive from 0", 0, false, 62_500, []],
    ["progressive seek inside the margin", 18_000, false, 62_500, ["-itsoffset", "-18.000"]],
    ["progressive seek past the margin", 600_000, false, 62_500, [
      ...["-ss", "570.000", "-itsoffset", "-30.000"],
    ]],
  ];
  for (const [name, seek_ms, copyts, start_ms, middle] of cases) {
    assertEquals(
      sidecarInputArgs({ path: "/m/film.sup", start_ms }, { seek_ms, copyts }),
      ["-seek_timestamp", "1", ...middle, "-i", url],
      name,
    );
  }
});

Deno.test("buildHlsArgs() reads an image sidecar as the second input, seeked with each run", () => {
  const sidecar: HlsJobSpec = {
    ...spec,
    duration_ms: 120_000,
    burn_in_filter: sidecarBurnInFilter(),
    burn_in_input: { path: "/media/film.en.sup", start_ms: 1500 },
  };
  const graph = "[0:0]scale=w=640:h=360[rfb];[1:s:0][rfb]scale2ref[rfs][rfr];" +
    "[rfr][rfs]overlay=eof_action=pass,format=yuv420p[rfv]";
  const cases: [string, HlsJobSpec, number, string[], string][] = [
    ["from the start", sidecar, 0, [], graph],
    // Segment 2 starts at 12 s: within the margin, so the sidecar is read from its start.
    ["restart at segment 2", sidecar, 2, ["-ss", "12.000"], graph],
    ["restart at segment 10 (60 s)", sidecar, 10, ["-ss", "60.000"], graph],
    // At speed 2 segment 10 is 120 s of the file: the sidecar seeks in file time too.
    ["restart at 2x speed", { ...sidecar, speed: 2, duration_ms: 240_000 }, 10, [
      "-ss",
      "120.000",
    ], graph.replace("format=yuv420p[rfv]", "format=yuv420p,setpts=PTS/2[rfv]")],
  ];
  for (const [name, s, k, videoSeek, g] of cases) {
    validateHlsSpec(s);
    const a = args(s, k);
    const inputs = a.flatMap((x, i) => x === "-i" ? [a[i + 1]] : []);
    assertEquals(inputs, ["file:/media/film.mkv", "file:/media/film.en.sup"], name);
    const first = a.indexOf("-i");
    assertEquals(a.slice(a.indexOf("-copyts"), first), [
      "-copyts",
      "-start_at_zero",
      ...videoSeek,
    ], name);
    const seekMs = videoSeek.length ? Number(videoSeek[1]) * 1000 : 0;
    assertEquals(
      a.slice(first + 2, a.lastIndexOf("-i") + 2),
      sidecarInputArgs(sidecar.burn_in_input!, {
        seek_ms: seekMs,
        copyts: true,
      }),
      name,
    );
    assertEquals(a[a.indexOf("-filter_complex") + 1], g, name);
    assertEquals(a.flatMap((x, i) => x === "-map" ? [a[i + 1]] : []), ["[rfv]", "0:1"], name);
  }
  // Only one `-ss` applies to the video (before its -i); the sidecar's own comes after it.
  const far = args(sidecar, 10);
  assertEquals(far.slice(far.indexOf("-seek_timestamp")), [
    ...["-seek_timestamp", "1", "-ss", "30.000", "-itsoffset", "1.500"],
    ...far.slice(far.indexOf("-i", far.indexOf("-seek_timestamp"))),
  ]);
});

Deno.test("validateHlsSpec() wants a sidecar input exactly when the overlay reads one", () => {
  const cases: [string, Partial<HlsJobSpec>, boolean][] = [
    ["sidecar overlay with its input", {
      burn_in_filter: sidecarBurnInFilter(),
      burn_in_input: { path: "/a.sup" },
    }, true],
    ["sidecar overlay without input", { burn_in_filter: sidecarBurnInFilter() }, false],
    ["input without overlay", { burn_in_input: { path: "/a.sup" } }, false],
    ["input with a text burn-in", {
      burn_in_filter: textBurnInFilter("/a.srt"),
      burn_in_input: { path: "/a.sup" },
    }, false],
    ["embedded overlay", { burn_in_filter: bitmapBurnInFilter(2) }, true],
  ];
  for (const [name, extra, ok] of cases) {
    const s = { ...spec, ...extra };
    let error: unknown = null;
    try {
      validateHlsSpec(s);
    } catch (err) {
      error = err;
    }
    assertEquals(error === null, ok, name);
    if (!ok) assertEquals(error instanceof RangeError && /burn_in_input/.test(error.message), true);
  }
});

Deno.test("imageSidecarPath() finds the file ffmpeg reads for an image sidecar", () => {
  const cases: [string, { source: string; format: string; path: string }, string | null][] = [
    ["PGS sidecar", { source: "sidecar", format: "sup", path: "/m/F.de.sup" }, "/m/F.de.sup"],
    ["VobSub .idx", { source: "sidecar", format: "idx", path: "/m/F.en.idx" }, "/m/F.en.idx"],
    ["MicroDVD .sub (no .idx)", { source: "sidecar", format: "sub", path: "/m/F.fr.sub" }, null],
    ["SubRip", { source: "sidecar", format: "srt", path: "/m/F.srt" }, null],
    ["embedded PGS", { source: "embedded", format: "hdmv_pgs_subtitle", path: "/m/F.mkv" }, null],
  ];
  for (const [name, track, want] of cases) {
    assertEquals(imageSidecarPath(track), want, name);
  }
});

Deno.test("shiftedTextBurnIn() moves frames to file time around libass after a seek", () => {
  assertEquals(shiftedTextBurnIn("subtitles=filename=/a.ass", 0), "subtitles=filename=/a.ass");
  assertEquals(
    shiftedTextBurnIn("subtitles=filename=/a.ass", 6000),
    "setpts=PTS+6.000/TB,subtitles=filename=/a.ass,setpts=PTS-6.000/TB",
  );
});
