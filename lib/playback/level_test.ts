import { assertEquals } from "../../tests/helpers/assert.ts";
import { humanLevel, type LevelDemand, minimumLevel, rawLevel } from "./level.ts";

Deno.test("humanLevel() converts ffprobe's raw levels to decimal levels", () => {
  const rows: [string, number | undefined, number | undefined][] = [
    ["h264", 41, 4.1],
    ["h264", 52, 5.2],
    ["hevc", 153, 5.1],
    ["hevc", 93, 3.1],
    ["hevc", 120, 4],
    ["hevc", 186, 6.2],
    ["av1", 8, 4],
    ["av1", 9, 4.1],
    ["av1", 13, 5.1],
    ["av1", 31, undefined],
    ["vp9", 31, 3.1],
    ["mpeg2video", 4, undefined],
    ["h264", -99, undefined],
    ["h264", undefined, undefined],
  ];
  for (const [codec, raw, human] of rows) {
    assertEquals(humanLevel(codec, raw), human, `${codec} ${raw}`);
  }
});

Deno.test("rawLevel() converts decimal levels back to ffprobe's notation", () => {
  const rows: [string, number, number | undefined][] = [
    ["h264", 5.2, 52],
    ["h264", 4.1, 41],
    ["hevc", 5.1, 153],
    ["hevc", 6.2, 186],
    ["av1", 4.1, 9],
    ["av1", 5.0, 12],
    ["mpeg2video", 4, undefined],
  ];
  for (const [codec, human, raw] of rows) {
    assertEquals(rawLevel(codec, human), raw, `${codec} ${human}`);
  }
});

Deno.test("minimumLevel() finds the smallest level for size, frame rate and bitrate", () => {
  const d = (width: number, height: number, frame_rate: number, bitrate_kbps: number) =>
    ({ width, height, frame_rate, bitrate_kbps }) as LevelDemand;
  const rows: [string, LevelDemand, number | undefined][] = [
    ["h264", d(1920, 1080, 23.976, 8000), 4.0],
    ["h264", d(1920, 1080, 29.97, 8000), 4.0],
    ["h264", d(1920, 1080, 29.97, 30000), 4.1],
    ["h264", d(1920, 1080, 59.94, 8000), 4.2],
    ["h264", d(1280, 720, 30, 4000), 3.1],
    ["h264", d(1280, 720, 60, 4000), 3.2],
    ["h264", d(854, 480, 29.97, 2000), 3.1],
    ["h264", d(640, 360, 30, 1000), 3.0],
    ["h264", d(3840, 2160, 23.976, 25000), 5.1],
    ["h264", d(3840, 2160, 60, 25000), 5.2],
    ["h264", d(7680, 4320, 240, 100000), undefined],
    ["hevc", d(1920, 1080, 30, 8000), 4.0],
    ["hevc", d(1920, 1080, 60, 8000), 4.1],
    ["hevc", d(3840, 2160, 23.976, 15000), 5.0],
    ["hevc", d(3840, 2160, 59.94, 15000), 5.1],
    ["av1", d(1920, 1080, 30, 8000), undefined],
  ];
  for (const [codec, demand, level] of rows) {
    assertEquals(minimumLevel(codec, demand), level, `${codec} ${JSON.stringify(demand)}`);
  }
});
