import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../tests/helpers/assert.ts";
import { findOnPath, locateFfmpeg, parseVersionLine } from "./ffmpeg_locate.ts";

Deno.test("parseVersionLine() takes the version token of the first line", () => {
  const table: [string, string | undefined][] = [
    [
      "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc",
      "5.1.9-0+deb12u1",
    ],
    [
      "ffprobe version N-66595-gc2b38619c0-static https://johnvansickle.com/ffmpeg/  Copyright",
      "N-66595-gc2b38619c0-static",
    ],
    ["ffmpeg version 7.1-jellyfin Copyright (c) 2000-2024", "7.1-jellyfin"],
    ["ffmpeg version 6.0\n", "6.0"],
    ["avconv version 12", undefined],
    ["", undefined],
    ["\nffmpeg version 5.1", undefined], // the version must be on the first line
  ];
  for (const [text, want] of table) assertEquals(parseVersionLine(text), want, text);
});

Deno.test("findOnPath() finds the first executable match and skips non-executables", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = join(dir, "a");
    const b = join(dir, "b");
    await Deno.mkdir(a);
    await Deno.mkdir(b);
    await Deno.writeTextFile(join(a, "ffmpeg"), "not executable");
    await Deno.mkdir(join(a, "ffprobe")); // a directory is not a binary
    await Deno.writeTextFile(join(b, "ffmpeg"), "#!/bin/sh\n");
    await Deno.chmod(join(b, "ffmpeg"), 0o755);
    const path = ["", join(dir, "missing"), a, b].join(":");
    assertEquals(await findOnPath("ffmpeg", path), join(b, "ffmpeg"));
    assertEquals(await findOnPath("ffprobe", path), null);
    assertEquals(await findOnPath("ffmpeg", ""), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("locateFfmpeg() prefers configured paths, then the PATH", async () => {
  const onPath = await locateFfmpeg({ npmFallback: false });
  assertEquals(onPath.problems, []);
  assert(onPath.ffmpeg && onPath.ffprobe);
  assertEquals([onPath.ffmpeg.source, onPath.ffprobe.source], ["path", "path"]);
  assert(/^\S+$/.test(onPath.ffmpeg.version));

  const configured = await locateFfmpeg({
    ffmpeg: onPath.ffmpeg.path,
    ffprobe: onPath.ffprobe.path,
    pathEnv: "",
    npmFallback: false,
  });
  assertEquals(configured.ffmpeg, { ...onPath.ffmpeg, source: "config" });
  assertEquals(configured.ffprobe?.source, "config");
});

Deno.test("locateFfmpeg() reports a broken configured binary and falls back to the PATH", async () => {
  const info = await locateFfmpeg({
    ffmpeg: "/bin/true",
    ffprobe: "/nonexistent/ffprobe",
    npmFallback: false,
  });
  assertEquals(info.ffmpeg?.source, "path");
  assertEquals(info.ffprobe?.source, "path");
  assertEquals(info.problems.length, 2);
  assertStringIncludes(info.problems[0], "RUSTFIN_FFMPEG=/bin/true is not a working ffmpeg");
  assertStringIncludes(
    info.problems[1],
    "RUSTFIN_FFPROBE=/nonexistent/ffprobe is not a working ffprobe (no such file)",
  );
});

Deno.test("locateFfmpeg() never throws when nothing is found; it explains what to do", async () => {
  const info = await locateFfmpeg({ pathEnv: "/nonexistent", npmFallback: false });
  assertEquals(info, {
    ffmpeg: null,
    ffprobe: null,
    problems: [
      "ffmpeg not found: install Debian's ffmpeg package (apt-get install ffmpeg) or set RUSTFIN_FFMPEG",
      "ffprobe not found: install Debian's ffmpeg package (apt-get install ffmpeg) or set RUSTFIN_FFPROBE",
    ],
  });
});

Deno.test("locateFfmpeg() falls back to the npm static builds when the PATH has no ffmpeg", async () => {
  // Downloads @ffmpeg-installer/@ffprobe-installer from npm on first use (cached afterwards).
  const info = await locateFfmpeg({ pathEnv: "/nonexistent" });
  assertEquals(info.problems, []);
  assert(info.ffmpeg && info.ffprobe);
  assertEquals([info.ffmpeg.source, info.ffprobe.source], ["npm", "npm"]);
  // The located binaries really run (locate already ran -version; this checks the probe output).
  const out = await new Deno.Command(info.ffprobe.path, {
    args: [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "sine=d=0.1",
      "-show_entries",
      "format=format_name",
      "-of",
      "csv=p=0",
    ],
  }).output();
  assertEquals(new TextDecoder().decode(out.stdout).trim(), "lavfi");
});

Deno.test('locateFfmpeg() treats "off" as turned off: not searched on the PATH, said why', async () => {
  const found = await locateFfmpeg({ ffprobe: "off", ffmpeg: "OFF", npmFallback: false });
  assertEquals(found.ffmpeg, null);
  assertEquals(found.ffprobe, null);
  assertEquals(found.problems.length, 2);
  assertStringIncludes(found.problems[0], "RUSTFIN_FFMPEG=off");
  assertStringIncludes(found.problems[1], "RUSTFIN_FFPROBE=off");
});
