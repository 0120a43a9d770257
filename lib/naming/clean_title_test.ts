import { deepStrictEqual, equal } from "node:assert/strict";
import { cleanTitle, compareKey, isReleaseTag } from "./clean_title.ts";

type Row = [raw: string, title: string, year?: number];

function check(rows: readonly Row[]): void {
  for (const [raw, title, year] of rows) {
    const expected = year === undefined ? { title } : { title, year };
    deepStrictEqual(cleanTitle(raw), expected, raw);
  }
}

Deno.test("cleanTitle() strips release tags and group names", () => {
  check([
    ["The.Matrix.1999.1080p.BluRay.x264-SPARKS", "The Matrix", 1999],
    ["Movie.Name.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GRP", "Movie Name"],
    ["Movie Name 720p WEB-DL AAC2.0 H.264", "Movie Name"],
    ["Movie.Name.H.264.DD5.1", "Movie Name"],
    ["movie.name.hdtv.xvid-lol", "movie name"],
    ["Movie.Name.DVDRip.XviD", "Movie Name"],
    ["Movie.Name.WEBRip.x265.10bit", "Movie Name"],
    ["Movie.Name.PROPER.REPACK.720p.HDTV", "Movie Name"],
    ["Movie.Name.EXTENDED", "Movie Name"],
    ["Movie.FRENCH.720p.BluRay", "Movie"],
    ["Movie Name (1080p)", "Movie Name"],
    ["Movie Name [1080p] [x264]", "Movie Name"],
    ["[Group] Movie Name", "Movie Name"],
    ["[www.site.org] Movie Name 2010", "Movie Name", 2010],
    ["www.site.com - Movie (2010)", "Movie", 2010],
    ["Movie Name {edition-Director's Cut} (2010)", "Movie Name", 2010],
    ["Movie Name (2010) [imdbid-tt1234567]", "Movie Name", 2010],
    ["Movie Name [tmdbid=603]", "Movie Name"],
    [".720p.WEB-DL", ""],
    ["Pilot [WEBDL-1080p][EAC3 5.1][h264]-GRP", "Pilot"],
    ["Movie [Director's Cut] (2010)", "Movie", 2010],
    ["Movie [ABCD1234]", "Movie"],
    // A bracketed year after the first tag still dates the title; a bare number there does not.
    ["Movie Name x264 (2010) 1080p", "Movie Name", 2010],
    ["Movie.Name.HEVC.(2012).2160p.10bit", "Movie Name", 2012],
    ["Movie Name 1080p 2010", "Movie Name"],
  ]);
});

Deno.test("cleanTitle() turns dots and underscores into spaces but keeps abbreviations", () => {
  check([
    ["Ocean's.Eleven.2001", "Ocean's Eleven", 2001],
    ["Movie_Name_2010", "Movie Name", 2010],
    ["Mr. Robot", "Mr. Robot"],
    ["Dr. Strangelove (1964)", "Dr. Strangelove", 1964],
    ["S.H.I.E.L.D. (2013)", "S.H.I.E.L.D.", 2013],
    ["House M.D", "House M.D"],
    ["The.A.Team.2010", "The A Team", 2010],
    ["U.S.Marshals.1998", "U.S. Marshals", 1998],
    ["E.T.the.Extra-Terrestrial.1982.720p", "E.T. the Extra-Terrestrial", 1982],
    ["Spider-Man.2002", "Spider-Man", 2002],
    ["Show.Name.", "Show Name"],
  ]);
});

Deno.test("cleanTitle() extracts the year that follows the title", () => {
  check([
    ["Alien (1979)", "Alien", 1979],
    ["Alien 1979", "Alien", 1979],
    ["Movie [2010]", "Movie", 2010],
    ["1917", "1917"],
    ["1917 (2019)", "1917", 2019],
    ["2001 A Space Odyssey (1968)", "2001 A Space Odyssey", 1968],
    ["Blade.Runner.2049.2017.1080p", "Blade Runner 2049", 2017],
    ["Movie (2010) Extended Cut", "Movie", 2010],
    ["Movie (2010) 2012", "Movie", 2010],
    ["Apollo 13 (1995)", "Apollo 13", 1995],
    ["The Birth of a Nation 1915", "The Birth of a Nation", 1915],
    ["Movie 1700", "Movie 1700"],
  ]);
});

Deno.test("cleanTitle() keeps ordinary words that are also release tags inside titles", () => {
  check([
    ["The French Connection (1971)", "The French Connection", 1971],
    ["The Good German (2006)", "The Good German", 2006],
    ["Charlotte's Web (1973)", "Charlotte's Web", 1973],
    ["Step Up 3D (2010)", "Step Up 3D", 2010],
    ["Internal Affairs (1990)", "Internal Affairs", 1990],
    ["The Office (US)", "The Office (US)"],
  ]);
});

Deno.test("cleanTitle() keeps unicode, quotes, colons and percent signs", () => {
  check([
    ["Amélie (2001)", "Amélie", 2001],
    ["千と千尋の神隠し (2001)", "千と千尋の神隠し", 2001],
    ["Star Wars: Episode IV - A New Hope (1977)", "Star Wars: Episode IV - A New Hope", 1977],
    ["100% Wolf (2020)", "100% Wolf", 2020],
    [`"Weird Al" Yankovic`, `"Weird Al" Yankovic`],
    ["Movie - ", "Movie"],
  ]);
});

Deno.test("isReleaseTag() knows technical tags, with or without a group suffix", () => {
  const rows: [string, boolean][] = [
    ["1080p", true],
    ["2160P", true],
    ["x264-SPARKS", true],
    ["BluRay", true],
    ["WEB-DL", true],
    ["DDP5.1", true],
    ["(1080p)", true],
    ["French", false],
    ["Web", false],
    ["Movie", false],
    ["", false],
  ];
  for (const [token, expected] of rows) equal(isReleaseTag(token), expected, token);
});

Deno.test("compareKey() reduces names to lower-case words", () => {
  const rows: [string, string][] = [
    ["The.Matrix", "the matrix"],
    ["  Amélie: Part_2 ", "amélie part 2"],
    ["Ocean's Eleven", "ocean s eleven"],
  ];
  for (const [name, key] of rows) equal(compareKey(name), key, name);
});
