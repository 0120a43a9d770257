import { assertEquals } from "../../tests/helpers/assert.ts";
import { clampWidth, frameTime, resizeArgs } from "./resize_args.ts";

Deno.test("clampWidth() rounds a requested width up to a cached size", () => {
  const cases: [number, number][] = [
    [1, 160],
    [160, 160],
    [161, 320],
    [400, 480],
    [1000, 1080],
    [1920, 1920],
    [5000, 1920],
    [0, 1920],
    [-5, 1920],
    [NaN, 1920],
  ];
  for (const [w, expected] of cases) assertEquals(clampWidth(w), expected, String(w));
});

Deno.test("resizeArgs() maps each input kind to ffmpeg arguments without upscaling", () => {
  const tail = (fmt: string[]) => ["-an", "-sn", "-dn", "-vf"].concat(fmt);
  const common = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"];
  const jpeg = ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "3", "-f", "mjpeg", "/o.jpg"];
  assertEquals(resizeArgs({ kind: "file", path: "/p.png" }, 320, "jpeg", "/o.jpg"), [
    ...common,
    "-i",
    "/p.png",
    ...tail(["scale='min(320,iw)':-2", "-frames:v", "1"]),
    ...jpeg,
  ]);
  assertEquals(
    resizeArgs({ kind: "embedded", path: "/a.mp3", stream_index: 1 }, 160, "webp", "/o.webp")
      .slice(5),
    [
      "-i",
      "/a.mp3",
      "-map",
      "0:1",
      ...tail(["scale='min(160,iw)':-2", "-frames:v", "1"]),
      "-c:v",
      "libwebp",
      "-quality",
      "82",
      "-f",
      "webp",
      "/o.webp",
    ],
  );
  assertEquals(
    resizeArgs({ kind: "frame", path: "/v.mkv", at_ms: 12_345 }, 480, "jpeg", "/o.jpg").slice(5),
    [
      "-ss",
      "12.345",
      "-i",
      "/v.mkv",
      "-map",
      "0:v:0",
      ...tail(["thumbnail=60,scale='min(480,iw)':-2", "-frames:v", "1"]),
      ...jpeg,
    ],
  );
});

Deno.test("frameTime() starts at 10 % and moves on after each black frame", () => {
  const cases: [number, number, number][] = [
    [100_000, 0, 10_000],
    [100_000, 1, 20_000],
    [100_000, 20, 90_000],
    [0, 0, 0],
  ];
  for (const [d, attempt, expected] of cases) assertEquals(frameTime(d, attempt), expected);
});
