import { deepStrictEqual } from "node:assert/strict";
import { parseMediaPath } from "./parse_media_path.ts";
import type { LibraryKind, NamingResult } from "./types.ts";

type Expected = Omit<NamingResult, "path" | "file_class">;
type Row = [path: string, expected: Expected];

/** Compares everything but `path` and `file_class`, so an unexpected extra field fails too. */
function check(kind: LibraryKind, rows: readonly Row[]): void {
  for (const [path, expected] of rows) {
    const { path: echoed, file_class: _class, ...rest } = parseMediaPath(path, kind);
    deepStrictEqual(echoed, path);
    deepStrictEqual(rest, expected, `${kind}: ${path}`);
  }
}

Deno.test("parseMediaPath() names movies from the file, or from the folder when the file name is poor", () => {
  check("movies", [
    ["Alien (1979).mkv", { kind: "movie", rule: "movie:title-year", title: "Alien", year: 1979 }],
    ["The.Matrix.1999.1080p.BluRay.x264-SPARKS.mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "The Matrix",
      year: 1999,
    }],
    ["Inception (2010)/Inception.2010.1080p.BluRay.x264-SPARKS.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Inception",
      year: 2010,
    }],
    ["Inception (2010)/abc-xyz.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Inception",
      year: 2010,
    }],
    ["Inception (2010)/movie.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Inception",
      year: 2010,
    }],
    ["Heat/Heat.mkv", { kind: "movie", rule: "movie:folder-name", title: "Heat" }],
    ["Heat (1995)/Heat (1995) [imdbid-tt0113277].mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Heat",
      year: 1995,
    }],
    ["Collection/Aliens.mkv", { kind: "movie", rule: "movie:title", title: "Aliens" }],
    ["Alien (1979)/Aliens (1986).mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Aliens",
      year: 1986,
    }],
    ["Blade Runner 2049 (2017)/Blade Runner 2049.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Blade Runner 2049",
      year: 2017,
    }],
    [
      "The Lord of the Rings - The Fellowship of the Ring (2001)/The.Lord.of.the.Rings.The.Fellowship.of.the.Ring.2001.EXTENDED.1080p.BluRay.x264.mkv",
      {
        kind: "movie",
        rule: "movie:folder-name",
        title: "The Lord of the Rings - The Fellowship of the Ring",
        year: 2001,
      },
    ],
    ["Kill Bill Vol. 1 (2003)/Kill.Bill.Vol.1.2003.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Kill Bill Vol. 1",
      year: 2003,
    }],
    ["Sci-Fi/Blade.Runner.2049.2017.2160p.UHD.BluRay.x265.mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Blade Runner 2049",
      year: 2017,
    }],
  ]);
});

Deno.test("parseMediaPath() prefers the file's year over the folder's", () => {
  check("movies", [
    ["Movie (2010)/Movie (2011).mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Movie",
      year: 2011,
    }],
    ["Dune (1984)/Dune.2021.2160p.WEB-DL.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Dune",
      year: 2021,
    }],
  ]);
});

Deno.test("parseMediaPath() keeps unicode, quotes, colons and % in titles", () => {
  check("movies", [
    ["Amélie (2001)/Amélie (2001).mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Amélie",
      year: 2001,
    }],
    ["Crouching Tiger, Hidden Dragon (2000)/臥虎藏龍 (2000).mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "臥虎藏龍",
      year: 2000,
    }],
    ["Star Wars: Episode IV - A New Hope (1977).mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Star Wars: Episode IV - A New Hope",
      year: 1977,
    }],
    ["100% Wolf (2020)/100% Wolf (2020).mp4", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "100% Wolf",
      year: 2020,
    }],
    ["Ocean's Eleven (2001)/Ocean's.Eleven.2001.720p.mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Ocean's Eleven",
      year: 2001,
    }],
    [`"Weird Al" Yankovic (2022).mkv`, {
      kind: "movie",
      rule: "movie:title-year",
      title: `"Weird Al" Yankovic`,
      year: 2022,
    }],
    ["Léon - The Professional (1994)/Leon.The.Professional.1994.mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Leon The Professional",
      year: 1994,
    }],
  ]);
});

Deno.test("parseMediaPath() stacks multi-part movies under one key", () => {
  check("movies", [
    ["Movie (2010)/Movie (2010) - cd1.avi", {
      kind: "movie",
      rule: "movie:stack",
      title: "Movie",
      year: 2010,
      part: 1,
      stack_key: "movie (2010)/movie (2010)",
    }],
    ["Movie (2010)/Movie (2010) - cd2.avi", {
      kind: "movie",
      rule: "movie:stack",
      title: "Movie",
      year: 2010,
      part: 2,
      stack_key: "movie (2010)/movie (2010)",
    }],
    ["Movie (2010)/Movie.2010.part.b.avi", {
      kind: "movie",
      rule: "movie:stack",
      title: "Movie",
      year: 2010,
      part: 2,
      stack_key: "movie (2010)/movie.2010",
    }],
    ["Movie (2010)/CD2/movie.avi", {
      kind: "movie",
      rule: "movie:stack",
      title: "Movie",
      year: 2010,
      part: 2,
      stack_key: "movie (2010)",
    }],
    ["Old Film_DISK_3.mpg", {
      kind: "movie",
      rule: "movie:stack",
      title: "Old Film",
      part: 3,
      stack_key: "old film",
    }],
    ["Harry Potter and the Deathly Hallows Part 1 (2010).mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Harry Potter and the Deathly Hallows Part 1",
      year: 2010,
    }],
  ]);
});

Deno.test("parseMediaPath() reads versions from `Folder - label` names", () => {
  check("movies", [
    ["Movie (2010)/Movie (2010) - 4K.mkv", {
      kind: "movie",
      rule: "movie:version",
      title: "Movie",
      year: 2010,
      version: "4K",
    }],
    ["Movie (2010)/Movie (2010) - [1080p].mkv", {
      kind: "movie",
      rule: "movie:version",
      title: "Movie",
      year: 2010,
      version: "1080p",
    }],
    ["Movie (2010)/Movie (2010) - Director's Cut.mkv", {
      kind: "movie",
      rule: "movie:version",
      title: "Movie",
      year: 2010,
      version: "Director's Cut",
    }],
    ["Movie (2010)/Movie (2010).mkv", {
      kind: "movie",
      rule: "movie:folder-name",
      title: "Movie",
      year: 2010,
    }],
  ]);
});

Deno.test("parseMediaPath() recognises extras by folder, suffix and name", () => {
  check("movies", [
    ["Movie (2010)/Trailers/Official Trailer 2.mkv", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "trailer",
      title: "Official Trailer 2",
    }],
    ["Movie (2010)/Behind The Scenes/Making.Of.mkv", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "behindthescenes",
      title: "Making Of",
    }],
    ["Movie (2010)/Deleted Scenes/Alternate Ending.mkv", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "deletedscene",
      title: "Alternate Ending",
    }],
    ["Movie (2010)/Extras/Featurettes/Costumes.mkv", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "featurette",
      title: "Costumes",
    }],
    ["Movie (2010)/backdrops/loop.mp4", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "themevideo",
      title: "loop",
    }],
    ["Movie (2010)/theme-music/main.flac", {
      kind: "movie",
      rule: "extra:folder",
      extra_type: "themesong",
      title: "main",
    }],
    ["Movie (2010)/Movie (2010)-trailer.mkv", {
      kind: "movie",
      rule: "extra:suffix",
      extra_type: "trailer",
      title: "Movie",
    }],
    ["Movie (2010)/Cast Q&A-interview.mp4", {
      kind: "movie",
      rule: "extra:suffix",
      extra_type: "interview",
      title: "Cast Q&A",
    }],
    ["Movie (2010)/Opening - deleted.mkv", {
      kind: "movie",
      rule: "extra:suffix",
      extra_type: "deletedscene",
      title: "Opening",
    }],
    ["Movie (2010)/trailer.mp4", {
      kind: "movie",
      rule: "extra:name",
      extra_type: "trailer",
      title: "trailer",
    }],
    ["Movie (2010)/theme.mp3", {
      kind: "movie",
      rule: "extra:name",
      extra_type: "themesong",
      title: "theme",
    }],
    // A folder named like an extras folder at the library root has no owner: ordinary movies.
    ["Other/Some Movie (2012).mkv", {
      kind: "movie",
      rule: "movie:title-year",
      title: "Some Movie",
      year: 2012,
    }],
  ]);
});

Deno.test("parseMediaPath() reads DVD and Blu-ray folder structures", () => {
  check("movies", [
    ["Movie (2010)/VIDEO_TS/VTS_01_1.VOB", {
      kind: "movie",
      rule: "movie:disc-folder",
      title: "Movie",
      year: 2010,
      part: 1,
      stack_key: "movie (2010)/video_ts/vts_01",
    }],
    ["Movie (2010)/VIDEO_TS/VIDEO_TS.VOB", {
      kind: "ignored",
      rule: "ignored:dvd-menu",
      ignored_reason: "DVD menu or title-set index",
    }],
    ["Movie (2010)/BDMV/STREAM/00001.m2ts", {
      kind: "movie",
      rule: "movie:disc-folder",
      title: "Movie",
      year: 2010,
    }],
  ]);
});

Deno.test("parseMediaPath() ignores hidden, system, sample and non-media files", () => {
  check("movies", [
    [".hidden/Movie (2010).mkv", {
      kind: "ignored",
      rule: "ignored:hidden",
      ignored_reason: 'hidden file or folder ".hidden"',
    }],
    ["Movie (2010)/._Movie (2010).mkv", {
      kind: "ignored",
      rule: "ignored:hidden",
      ignored_reason: 'hidden file or folder "._Movie (2010).mkv"',
    }],
    ["Movie (2010)/@eaDir/Movie (2010).mkv@SYNOVIDEO_VIDEO_SCREENSHOT.jpg", {
      kind: "ignored",
      rule: "ignored:system",
      ignored_reason: 'system folder "@eaDir"',
    }],
    ["#recycle/Old (1990).mkv", {
      kind: "ignored",
      rule: "ignored:system",
      ignored_reason: 'system folder "#recycle"',
    }],
    ["$RECYCLE.BIN/x.mkv", {
      kind: "ignored",
      rule: "ignored:system",
      ignored_reason: 'system folder "$RECYCLE.BIN"',
    }],
    ["lost+found/x.mkv", {
      kind: "ignored",
      rule: "ignored:system",
      ignored_reason: 'system folder "lost+found"',
    }],
    ["Movie (2010)/movie.2010.1080p-sample.mkv", {
      kind: "ignored",
      rule: "ignored:sample",
      ignored_reason: "sample file",
    }],
    ["Movie (2010)/Sample/movie.mkv", {
      kind: "ignored",
      rule: "ignored:sample",
      ignored_reason: 'in sample folder "Sample"',
    }],
    ["Movie (2010)/Samples/clip.mkv", {
      kind: "ignored",
      rule: "ignored:sample",
      ignored_reason: 'in sample folder "Samples"',
    }],
    ["Movie (2010)/notes.txt", {
      kind: "ignored",
      rule: "ignored:extension",
      ignored_reason: "not a media file: extension .txt",
    }],
    ["Movie (2010)/Movie.2010.1080p.BluRay.x264-SPARKS.nzb", {
      kind: "ignored",
      rule: "ignored:extension",
      ignored_reason: "not a media file: extension .nzb",
    }],
    ["Movie (2010)/README", {
      kind: "ignored",
      rule: "ignored:extension",
      ignored_reason: "not a media file: extension (none)",
    }],
    ["Movie (2010)/score.mp3", {
      kind: "ignored",
      rule: "ignored:kind",
      ignored_reason: "audio file in a video library",
    }],
    ["", { kind: "ignored", rule: "ignored:empty", ignored_reason: "empty path" }],
  ]);
});

Deno.test("parseMediaPath() passes artwork, NFO and sidecar subtitles through", () => {
  check("movies", [
    ["Movie (2010)/poster.jpg", { kind: "image", rule: "image" }],
    ["Movie (2010)/Movie (2010)-fanart.webp", { kind: "image", rule: "image" }],
    ["Movie (2010)/movie.nfo", { kind: "nfo", rule: "nfo" }],
    ["Movie (2010)/Movie (2010).en.forced.srt", {
      kind: "subtitle",
      rule: "sidecar",
      sidecar: {
        language: "eng",
        forced: true,
        default: false,
        hearing_impaired: false,
        video_base: "Movie (2010)",
        video_dir: "Movie (2010)",
      },
    }],
    ["Movie (2010)/Subs/2_English.srt", {
      kind: "subtitle",
      rule: "sidecar",
      sidecar: {
        language: "eng",
        forced: false,
        default: false,
        hearing_impaired: false,
        video_base: "Movie (2010)",
        video_dir: "Movie (2010)",
        from_folder: true,
      },
    }],
  ]);
});

Deno.test("parseMediaPath() parses episodes in season folders", () => {
  check("shows", [
    ["Breaking Bad (2008)/Season 01/Breaking.Bad.S01E02.720p.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Breaking Bad",
      series_year: 2008,
      season: 1,
      episodes: [2],
    }],
    ["The Office (US)/Season 2/The Office - S02E01 - The Dundies.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "The Office (US)",
      season: 2,
      episodes: [1],
      title: "The Dundies",
    }],
    ["Doctor Who (2005)/Series 2/Doctor.Who.2005.S02E01.New.Earth.720p.HDTV.x264-FoV.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Doctor Who",
      series_year: 2005,
      season: 2,
      episodes: [1],
      title: "New Earth",
    }],
    ["Dark/Staffel 2/Dark - 2x03 - Geister.mkv", {
      kind: "episode",
      rule: "episode:1x02",
      series: "Dark",
      season: 2,
      episodes: [3],
      title: "Geister",
    }],
    ["Lupin/Saison 1/Lupin.s1e5.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Lupin",
      season: 1,
      episodes: [5],
    }],
    ["Show/S03/Show.S03E10.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 3,
      episodes: [10],
    }],
    ["Show/Season 2/Show Season 2 Episode 5.mkv", {
      kind: "episode",
      rule: "episode:season-episode",
      series: "Show",
      season: 2,
      episodes: [5],
    }],
    ["Show/Season 2/ep05 - The Heist.mkv", {
      kind: "episode",
      rule: "episode:ep",
      series: "Show",
      season: 2,
      episodes: [5],
      title: "The Heist",
    }],
    ["Show/Season 2/E06.mkv", {
      kind: "episode",
      rule: "episode:ep",
      series: "Show",
      season: 2,
      episodes: [6],
    }],
    ["Show/Season 1/02 - Second.mkv", {
      kind: "episode",
      rule: "episode:number",
      series: "Show",
      season: 1,
      episodes: [2],
      title: "Second",
    }],
    ["Show/Season 1/103 - Third.mkv", {
      kind: "episode",
      rule: "episode:number",
      series: "Show",
      season: 1,
      episodes: [3],
      title: "Third",
    }],
    [
      "Show (2019) [tvdbid-12345]/Season 01/Show (2019) - S01E01 - Pilot [WEBDL-1080p][EAC3 5.1][h264]-GRP.mkv",
      {
        kind: "episode",
        rule: "episode:sxxeyy",
        series: "Show",
        series_year: 2019,
        season: 1,
        episodes: [1],
        title: "Pilot",
      },
    ],
    [
      "Game of Thrones/Season 8/Game.of.Thrones.S08E06.The.Iron.Throne.1080p.AMZN.WEB-DL.DDP5.1.H.264-GoT.mkv",
      {
        kind: "episode",
        rule: "episode:sxxeyy",
        series: "Game of Thrones",
        season: 8,
        episodes: [6],
        title: "The Iron Throne",
      },
    ],
    ["House M.D/Season 1/House.M.D.S01E01.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "House M.D",
      season: 1,
      episodes: [1],
    }],
    ["Show/Season 1 (2008)/Show.102.mkv", {
      kind: "episode",
      rule: "episode:number",
      series: "Show",
      season: 1,
      episodes: [2],
    }],
    ["Show/Season 2/Show.S01E04.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 1,
      episodes: [4],
    }],
  ]);
});

Deno.test("parseMediaPath() maps Season 00 and Specials to season 0", () => {
  check("shows", [
    ["Show/Season 00/Show - S00E01 - Pilot Pitch.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 0,
      episodes: [1],
      title: "Pilot Pitch",
    }],
    ["Show/Specials/Christmas Special.mkv", {
      kind: "episode",
      rule: "episode:title-only",
      series: "Show",
      season: 0,
      title: "Christmas Special",
    }],
    ["Show/Season Specials/E02.mkv", {
      kind: "episode",
      rule: "episode:ep",
      series: "Show",
      season: 0,
      episodes: [2],
    }],
  ]);
});

Deno.test("parseMediaPath() reads multi-episode files and ranges", () => {
  check("shows", [
    ["Show/Season 1/Show.S01E02E03.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [2, 3],
    }],
    ["Show/Season 1/Show.S01E02-E03.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [2, 3],
    }],
    ["Show/Season 1/Show.S01E02-03.1080p.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [2, 3],
    }],
    ["Show/Season 1/Show - S01E02-E03-E04 - Finale.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [2, 3, 4],
      title: "Finale",
    }],
    ["Show/Season 1/Show.S01E01-E04.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [1, 2, 3, 4],
    }],
    ["Show/Season 1/Show 1x02-1x03.mkv", {
      kind: "episode",
      rule: "episode:multi",
      series: "Show",
      season: 1,
      episodes: [2, 3],
    }],
    ["Show/Season 1/Show.S01E02-1080p.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 1,
      episodes: [2],
    }],
  ]);
});

Deno.test("parseMediaPath() reads date-based and absolute episodes", () => {
  check("shows", [
    ["The Daily Show/The.Daily.Show.2024.01.15.Guest.Name.720p.WEB.h264.mkv", {
      kind: "episode",
      rule: "episode:date",
      series: "The Daily Show",
      air_date: "2024-01-15",
      title: "Guest Name",
    }],
    ["News/Season 2024/News 2024-02-29.mp4", {
      kind: "episode",
      rule: "episode:date",
      series: "News",
      season: 2024,
      air_date: "2024-02-29",
    }],
    ["One Piece/[SubsPlease] One Piece - 1071 (1080p) [ABCD1234].mkv", {
      kind: "episode",
      rule: "episode:absolute",
      series: "One Piece",
      episodes: [1071],
    }],
    ["Frieren/[Group] Frieren - 05v2 - The Hero's Funeral [1080p].mkv", {
      kind: "episode",
      rule: "episode:absolute",
      series: "Frieren",
      episodes: [5],
      title: "The Hero's Funeral",
    }],
    ["Bleach/Bleach_-_101_[720p].mkv", {
      kind: "episode",
      rule: "episode:absolute",
      series: "Bleach",
      episodes: [101],
    }],
  ]);
});

Deno.test("parseMediaPath() takes the series from the name when episodes sit at the root", () => {
  check("shows", [
    ["Show.Name.S01E02.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show Name",
      season: 1,
      episodes: [2],
    }],
    ["Show - S01E02 - The Title.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 1,
      episodes: [2],
      title: "The Title",
    }],
    ["Season 1/Show.Name.2019.S01E03.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show Name",
      series_year: 2019,
      season: 1,
      episodes: [3],
    }],
    ["Show/Show.S02E01.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 2,
      episodes: [1],
    }],
  ]);
});

Deno.test("parseMediaPath() attaches show extras to their series and season", () => {
  check("shows", [
    ["Show/Extras/Making of.mkv", {
      kind: "episode",
      rule: "extra:folder",
      extra_type: "extra",
      title: "Making of",
      series: "Show",
    }],
    ["Show (2010)/Season 1/Show.S01E02-deleted.mkv", {
      kind: "episode",
      rule: "extra:suffix",
      extra_type: "deletedscene",
      title: "Show S01E02",
      series: "Show",
      series_year: 2010,
      season: 1,
    }],
    ["Show/theme.mp3", {
      kind: "episode",
      rule: "extra:name",
      extra_type: "themesong",
      title: "theme",
      series: "Show",
    }],
    ["Show/Season 1/Show.S01E01.sample.mkv", {
      kind: "ignored",
      rule: "ignored:sample",
      ignored_reason: "sample file",
    }],
  ]);
});

Deno.test("parseMediaPath() derives artist, album, disc and track from music folders", () => {
  check("music", [
    ["Artist/Album/01 - Title.flac", {
      kind: "track",
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      track: 1,
      title: "Title",
    }],
    ["Artist/Album (2010)/CD1/01 Title.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      year: 2010,
      disc: 1,
      track: 1,
      title: "Title",
    }],
    ["Artist/Album (2010)/Disc 2/03. Title.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      year: 2010,
      disc: 2,
      track: 3,
      title: "Title",
    }],
    ["Radiohead/Albums/1997 - OK Computer [FLAC]/1-03 Subterranean Homesick Alien.flac", {
      kind: "track",
      rule: "music:folder",
      artist: "Radiohead",
      album: "OK Computer",
      year: 1997,
      disc: 1,
      track: 3,
      title: "Subterranean Homesick Alien",
    }],
    ["Pink Floyd - The Wall (1979)/205 - Pink Floyd - Comfortably Numb.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Pink Floyd",
      album: "The Wall",
      year: 1979,
      disc: 2,
      track: 5,
      title: "Comfortably Numb",
    }],
    ["Phish/Billy Breathes (1996)/04 Sample in a Jar.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Phish",
      album: "Billy Breathes",
      year: 1996,
      track: 4,
      title: "Sample in a Jar",
    }],
    ["Artist/Singles/Song.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Artist",
      title: "Song",
    }],
    ["Artist - Song.mp3", { kind: "track", rule: "music:file", artist: "Artist", title: "Song" }],
    ["Artist/Album/cover.jpg", { kind: "image", rule: "image" }],
    ["Artist/Album/video.mkv", {
      kind: "ignored",
      rule: "ignored:kind",
      ignored_reason: "video file in a music library",
    }],
    ["Artist/Album/01 Title.srt", {
      kind: "ignored",
      rule: "ignored:kind",
      ignored_reason: "subtitle in a music library",
    }],
  ]);
});

Deno.test("parseMediaPath() in mixed libraries: strict episodes, else videos and tracks", () => {
  check("mixed", [
    ["TV/Show/Season 1/Show.S01E01.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 1,
      episodes: [1],
    }],
    ["Downloads/Show.Name.S02E03.720p.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show Name",
      season: 2,
      episodes: [3],
    }],
    ["Show/S01E04 - Title.mkv", {
      kind: "episode",
      rule: "episode:sxxeyy",
      series: "Show",
      season: 1,
      episodes: [4],
      title: "Title",
    }],
    ["Anime/[Sub] Name - 05 [720p].mkv", {
      kind: "episode",
      rule: "episode:absolute",
      series: "Name",
      episodes: [5],
    }],
    ["Home/Birthday 2024-01-15.mp4", {
      kind: "video",
      rule: "video:title",
      title: "Birthday 2024-01-15",
    }],
    ["Home/Holiday - 03.mp4", { kind: "video", rule: "video:title", title: "Holiday - 03" }],
    ["Videos/Clip (2019).mp4", {
      kind: "video",
      rule: "video:title-year",
      title: "Clip",
      year: 2019,
    }],
    ["Films/Movie (2010)-cd1.mkv", {
      kind: "video",
      rule: "video:stack",
      title: "Movie",
      year: 2010,
      part: 1,
      stack_key: "films/movie (2010)",
    }],
    ["Films/Movie (2010)/Trailers/Teaser.mp4", {
      kind: "video",
      rule: "extra:folder",
      extra_type: "trailer",
      title: "Teaser",
    }],
    ["Music/Artist/Other/song.mp3", {
      kind: "track",
      rule: "music:folder",
      artist: "Artist",
      album: "Other",
      title: "song",
    }],
  ]);
});
