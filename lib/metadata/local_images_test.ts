import { assertEquals } from "../../tests/helpers/assert.ts";
import { findLocalImages, type ImageOwner } from "./local_images.ts";

/** A folder listing over a flat list of relative paths. */
function listing(paths: string[]) {
  return (dir: string) =>
    paths.filter((p) => {
      const slash = p.lastIndexOf("/");
      return (slash < 0 ? "" : p.slice(0, slash)) === dir;
    }).map((p) => p.slice(p.lastIndexOf("/") + 1));
}

/** Images as "type[index]=path" strings, compact to compare. */
function found(owner: ImageOwner, paths: string[]): string[] {
  return findLocalImages(owner, listing(paths)).map((i) => `${i.type}[${i.index}]=${i.path}`);
}

const MOVIE_DIR = [
  "Up (2009)/Up (2009).mkv",
  "Up (2009)/poster.jpg",
  "Up (2009)/folder.png",
  "Up (2009)/fanart.jpg",
  "Up (2009)/fanart1.jpg",
  "Up (2009)/backdrop2.webp",
  "Up (2009)/extrafanart/b.jpg",
  "Up (2009)/extrafanart/a.jpg",
  "Up (2009)/clearlogo.png",
  "Up (2009)/banner.jpg",
  "Up (2009)/landscape.jpg",
  "Up (2009)/notes.txt",
  "Up (2009)/random.jpg",
];

Deno.test("findLocalImages() finds a movie folder's artwork by the usual names", () => {
  assertEquals(
    found({ kind: "movie", folder: "Up (2009)", files: ["Up (2009)/Up (2009).mkv"] }, MOVIE_DIR),
    [
      "primary[0]=Up (2009)/poster.jpg",
      "backdrop[0]=Up (2009)/fanart.jpg",
      "backdrop[1]=Up (2009)/fanart1.jpg",
      "backdrop[2]=Up (2009)/backdrop2.webp",
      "backdrop[3]=Up (2009)/extrafanart/a.jpg",
      "backdrop[4]=Up (2009)/extrafanart/b.jpg",
      "logo[0]=Up (2009)/clearlogo.png",
      "banner[0]=Up (2009)/banner.jpg",
      "thumb[0]=Up (2009)/landscape.jpg",
    ],
  );
});

Deno.test("findLocalImages() prefers per-file names and keeps loose movies apart", () => {
  const paths = [
    "Movies/Alien (1979).mkv",
    "Movies/Alien (1979)-poster.jpg",
    "Movies/Alien (1979)-fanart.jpg",
    "Movies/Heat (1995).mp4",
    "Movies/Heat (1995).tbn",
    "Movies/poster.jpg",
  ];
  const cases: [ImageOwner, string[]][] = [
    [{ kind: "movie", folder: null, files: ["Movies/Alien (1979).mkv"] }, [
      "primary[0]=Movies/Alien (1979)-poster.jpg",
      "backdrop[0]=Movies/Alien (1979)-fanart.jpg",
    ]],
    [{ kind: "movie", folder: null, files: ["Movies/Heat (1995).mp4"] }, [
      "primary[0]=Movies/Heat (1995).tbn",
    ]],
    [{ kind: "movie", folder: "Movies", files: ["Movies/Heat (1995).mp4"] }, [
      "primary[0]=Movies/Heat (1995).tbn",
    ]],
  ];
  for (const [owner, expected] of cases) assertEquals(found(owner, paths), expected);
  // Names are matched without regard to case; "movie.jpg" is a movie's primary image.
  assertEquals(
    found({ kind: "movie", folder: "M", files: ["M/m.mkv"] }, ["M/m.mkv", "M/MOVIE.JPG"]),
    ["primary[0]=M/MOVIE.JPG"],
  );
});

const SHOW = [
  "Show/poster.jpg",
  "Show/show.png",
  "Show/fanart.jpg",
  "Show/logo.png",
  "Show/season01-poster.jpg",
  "Show/season1-banner.jpg",
  "Show/season02-poster.jpg",
  "Show/season-specials-poster.jpg",
  "Show/season-all-poster.jpg",
  "Show/Season 01/Show S01E01.mkv",
  "Show/Season 01/Show S01E01-thumb.jpg",
  "Show/Season 01/Show S01E02.mkv",
  "Show/Season 01/Show S01E02.jpg",
  "Show/Season 01/Show S01E03.mkv",
  "Show/Season 03/poster.jpg",
  "Show/Season 03/fanart.jpg",
  "Show/Specials/Show S00E01.mkv",
];

Deno.test("findLocalImages() finds series, season and episode art", () => {
  const cases: [string, ImageOwner, string[]][] = [
    ["series folder", { kind: "series", folder: "Show", files: [] }, [
      "primary[0]=Show/poster.jpg",
      "backdrop[0]=Show/fanart.jpg",
      "logo[0]=Show/logo.png",
    ]],
    ["season art in the series folder", {
      kind: "season",
      folder: "Show/Season 01",
      files: [],
      season: { number: 1, series_folder: "Show" },
    }, ["primary[0]=Show/season01-poster.jpg", "banner[0]=Show/season1-banner.jpg"]],
    ["specials", {
      kind: "season",
      folder: "Show/Specials",
      files: [],
      season: { number: 0, series_folder: "Show" },
    }, ["primary[0]=Show/season-specials-poster.jpg"]],
    ["season folder wins over season-all", {
      kind: "season",
      folder: "Show/Season 03",
      files: [],
      season: { number: 3, series_folder: "Show" },
    }, ["primary[0]=Show/Season 03/poster.jpg", "backdrop[0]=Show/Season 03/fanart.jpg"]],
    ["season-all as the fallback", {
      kind: "season",
      folder: null,
      files: [],
      season: { number: 4, series_folder: "Show" },
    }, ["primary[0]=Show/season-all-poster.jpg"]],
    ["episode -thumb is its thumb and primary", {
      kind: "episode",
      folder: null,
      files: ["Show/Season 01/Show S01E01.mkv"],
    }, [
      "primary[0]=Show/Season 01/Show S01E01-thumb.jpg",
      "thumb[0]=Show/Season 01/Show S01E01-thumb.jpg",
    ]],
    ["episode same-named image", {
      kind: "episode",
      folder: null,
      files: ["Show/Season 01/Show S01E02.mkv"],
    }, ["primary[0]=Show/Season 01/Show S01E02.jpg"]],
    ["episode without art", {
      kind: "episode",
      folder: null,
      files: ["Show/Season 01/Show S01E03.mkv"],
    }, []],
  ];
  for (const [what, owner, expected] of cases) assertEquals(found(owner, SHOW), expected, what);
});

Deno.test("findLocalImages() finds album and artist art", () => {
  const paths = [
    "Artist/artist.nfo",
    "Artist/folder.jpg",
    "Artist/fanart.jpg",
    "Artist/Album/01 Song.flac",
    "Artist/Album/cover.jpg",
    "Artist/Album/back.jpg",
    "Artist/Other/folder.jpeg",
    "Artist/Other/cover.png",
  ];
  const cases: [ImageOwner, string[]][] = [
    [{ kind: "artist", folder: "Artist", files: [] }, [
      "primary[0]=Artist/folder.jpg",
      "backdrop[0]=Artist/fanart.jpg",
    ]],
    [{ kind: "album", folder: "Artist/Album", files: [] }, ["primary[0]=Artist/Album/cover.jpg"]],
    [{ kind: "album", folder: "Artist/Other", files: [] }, ["primary[0]=Artist/Other/folder.jpeg"]],
  ];
  for (const [owner, expected] of cases) assertEquals(found(owner, paths), expected);
});
