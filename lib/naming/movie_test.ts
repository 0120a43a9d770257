import { deepStrictEqual } from "node:assert/strict";
import { type MovieInfo, parseMovie } from "./movie.ts";

function check(rows: readonly [path: string, expected: MovieInfo][]): void {
  for (const [path, expected] of rows) {
    const segments = path.split("/");
    const name = segments.pop()!;
    deepStrictEqual(parseMovie(segments, name.slice(0, name.lastIndexOf("."))), expected, path);
  }
}

Deno.test("parseMovie() takes the folder's title when the file names the same movie", () => {
  check([
    ["The Matrix (1999)/the.matrix.1999.1080p.bluray.x264-sparks.mkv", {
      title: "The Matrix",
      year: 1999,
      rule: "movie:folder-name",
    }],
    ["Se7en (1995)/Se7en.mkv", { title: "Se7en", year: 1995, rule: "movie:folder-name" }],
    ["Inception/Inception.2010.mkv", { title: "Inception", year: 2010, rule: "movie:folder-name" }],
    ["Movies/video.mp4", { title: "Movies", rule: "movie:folder-name" }],
    ["Movies/1080p.mkv", { title: "Movies", rule: "movie:folder-name" }],
  ]);
});

Deno.test("parseMovie() keeps the file's own title when it names another movie", () => {
  check([
    ["Alien (1979)/Alien Resurrection (1997).mkv", {
      title: "Alien Resurrection",
      year: 1997,
      rule: "movie:title-year",
    }],
    ["Favourites/Heat.mkv", { title: "Heat", rule: "movie:title" }],
    ["1080p.mkv", { title: "1080p", rule: "movie:title" }],
  ]);
});

Deno.test("parseMovie() does not combine versions with parts", () => {
  check([
    ["Movie (2010)/Movie (2010) - 1080p - cd2.mkv", {
      title: "Movie",
      year: 2010,
      rule: "movie:stack",
      part: 2,
      stack_key: "movie (2010)/movie (2010) - 1080p",
    }],
    ["Movie (2010)/Movie (2010) - .mkv", { title: "Movie", year: 2010, rule: "movie:folder-name" }],
    ["Movie/Movie - Extended Edition.mkv", {
      title: "Movie",
      rule: "movie:version",
      version: "Extended Edition",
    }],
    ["Heat (1995) [tmdbid-949]/Heat (1995) [tmdbid-949] - [Bluray-2160p][HDR10][x265]-GRP.mkv", {
      title: "Heat",
      year: 1995,
      rule: "movie:version",
      version: "Bluray-2160p",
    }],
    ["cd1.avi", { title: "cd1", rule: "movie:stack", part: 1, stack_key: "" }],
  ]);
});
