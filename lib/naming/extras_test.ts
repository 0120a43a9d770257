import { deepStrictEqual } from "node:assert/strict";
import { detectExtra, type ExtraMatch } from "./extras.ts";

function check(rows: readonly [path: string, isAudio: boolean, expected?: ExtraMatch][]): void {
  for (const [path, isAudio, expected] of rows) {
    const segments = path.split("/");
    const name = segments.pop()!;
    const base = name.slice(0, name.lastIndexOf("."));
    deepStrictEqual(detectExtra(segments, base, isAudio), expected, path);
  }
}

Deno.test("detectExtra() recognises every documented extras folder", () => {
  const folders: [string, string][] = [
    ["trailers", "trailer"],
    ["Featurettes", "featurette"],
    ["Behind The Scenes", "behindthescenes"],
    ["Deleted Scenes", "deletedscene"],
    ["Interviews", "interview"],
    ["Scenes", "scene"],
    ["Shorts", "short"],
    ["Extras", "extra"],
    ["Other", "other"],
    ["Clips", "clip"],
    ["backdrops", "themevideo"],
    ["theme-music", "themesong"],
  ];
  check(folders.map(([folder, type]) => [
    `Movie (2010)/${folder}/x.mkv`,
    false,
    { extra_type: type, rule: "extra:folder", name: "x", owner_depth: 1 },
  ]));
});

Deno.test("detectExtra() uses the deepest extras folder and ignores ones at the root", () => {
  check([
    ["Movie/Extras/Trailers/x.mkv", false, {
      extra_type: "trailer",
      rule: "extra:folder",
      name: "x",
      owner_depth: 2,
    }],
    ["Show/Season 1/Featurettes/x.mkv", false, {
      extra_type: "featurette",
      rule: "extra:folder",
      name: "x",
      owner_depth: 2,
    }],
    ["Trailers/x.mkv", false, undefined],
    ["Other/Movie (2010)/Movie.mkv", false, undefined],
  ]);
});

Deno.test("detectExtra() recognises every documented suffix", () => {
  const suffixes: [string, string][] = [
    ["-trailer", "trailer"],
    ["-featurette", "featurette"],
    ["-behindthescenes", "behindthescenes"],
    ["-deleted", "deletedscene"],
    ["-deletedscene", "deletedscene"],
    ["-interview", "interview"],
    ["-scene", "scene"],
    ["-short", "short"],
    ["-clip", "clip"],
    ["-other", "other"],
    ["-extra", "extra"],
    [" - Trailer", "trailer"],
    ["-trailer2", "trailer"],
    ["-Trailer-3", "trailer"],
  ];
  check(suffixes.map(([suffix, type]) => [
    `Movie (2010)/Movie (2010)${suffix}.mkv`,
    false,
    { extra_type: type, rule: "extra:suffix", name: "Movie (2010)", owner_depth: 1 },
  ]));
});

Deno.test("detectExtra() recognises trailer and theme files and leaves main files alone", () => {
  check([
    ["Movie/trailer.mp4", false, {
      extra_type: "trailer",
      rule: "extra:name",
      name: "trailer",
      owner_depth: 1,
    }],
    ["Movie/theme.mp3", true, {
      extra_type: "themesong",
      rule: "extra:name",
      name: "theme",
      owner_depth: 1,
    }],
    ["Movie/theme.mp4", false, {
      extra_type: "themevideo",
      rule: "extra:name",
      name: "theme",
      owner_depth: 1,
    }],
    ["Movie/song-trailer.mp3", true, undefined],
    ["Movie/Movie.mkv", false, undefined],
    ["Movie/The Last Scene.mkv", false, undefined],
    ["Movie/-trailer.mkv", false, undefined],
    ["Movie/Trailer Park Boys.mkv", false, undefined],
  ]);
});
