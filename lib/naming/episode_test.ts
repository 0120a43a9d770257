import { deepStrictEqual, equal } from "node:assert/strict";
import { type EpisodeContext, matchEpisode, parseEpisode, parseSeasonFolder } from "./episode.ts";

type Expected = { rule: string; season?: number; episodes?: number[]; air_date?: string };
type Row = [base: string, expected: Expected | undefined];

function check(ctx: EpisodeContext, rows: readonly Row[]): void {
  for (const [base, expected] of rows) {
    const m = matchEpisode(base, ctx);
    const got = m === undefined ? undefined : (({ before: _b, after: _a, ...rest }) => rest)(m);
    deepStrictEqual(got, expected, base);
  }
}

const loose: EpisodeContext = { strict: false };
const inSeason1: EpisodeContext = { strict: false, folderSeason: 1 };
const strict: EpisodeContext = { strict: true };

Deno.test("matchEpisode() reads SxxEyy in its spellings", () => {
  check(loose, [
    ["Show.S01E02.720p", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["show.s1e2", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show S01 E02", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show.S01.E02", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show_S10E100_Title", { rule: "episode:sxxeyy", season: 10, episodes: [100] }],
    ["Show.S2024E05", { rule: "episode:sxxeyy", season: 2024, episodes: [5] }],
    ["Show.S00E01", { rule: "episode:sxxeyy", season: 0, episodes: [1] }],
    ["Shows01e02", undefined],
  ]);
});

Deno.test("matchEpisode() reads multi-episode files as lists and ranges", () => {
  check(loose, [
    ["Show.S01E02E03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02-E03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02-03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02 - E03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02-E03-E04", { rule: "episode:multi", season: 1, episodes: [2, 3, 4] }],
    ["Show.S01E01-E04", { rule: "episode:multi", season: 1, episodes: [1, 2, 3, 4] }],
    ["Show.S01E02-S01E03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02.E03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show.S01E02-S02E01", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show.S01E02-1080p", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show.S01E01-2160", { rule: "episode:sxxeyy", season: 1, episodes: [1] }],
    ["Show 1x02-1x03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show 1x02x03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
    ["Show 1x02-03", { rule: "episode:multi", season: 1, episodes: [2, 3] }],
  ]);
});

Deno.test("matchEpisode() reads 1x02 and Season X Episode Y", () => {
  check(loose, [
    ["Show 1x02", { rule: "episode:1x02", season: 1, episodes: [2] }],
    ["Show - 12x105 - Title", { rule: "episode:1x02", season: 12, episodes: [105] }],
    ["Movie.1920x1080", undefined],
    ["Show Season 2 Episode 5", { rule: "episode:season-episode", season: 2, episodes: [5] }],
    ["show.season.02.ep.05", { rule: "episode:season-episode", season: 2, episodes: [5] }],
  ]);
});

Deno.test("matchEpisode() reads date-based episodes and rejects impossible dates", () => {
  check(loose, [
    ["Show.2024.01.15.Guest", { rule: "episode:date", air_date: "2024-01-15" }],
    ["Show 2024-01-15", { rule: "episode:date", air_date: "2024-01-15" }],
    ["Show 15.01.2024", { rule: "episode:date", air_date: "2024-01-15" }],
    ["Show 2024-02-29", { rule: "episode:date", air_date: "2024-02-29" }],
    ["Show 2023-02-29", undefined],
    ["Show 2024-13-01", undefined],
  ]);
});

Deno.test("matchEpisode() reads ep02 anywhere and a bare E02 only in a season folder", () => {
  check(loose, [
    ["Show ep02", { rule: "episode:ep", episodes: [2] }],
    ["Show Episode 12 - Title", { rule: "episode:ep", episodes: [12] }],
    ["Show E02", undefined],
    ["Deep 2", undefined],
  ]);
  check(inSeason1, [
    ["E02", { rule: "episode:ep", episodes: [2] }],
    ["Show.E02.Title", { rule: "episode:ep", episodes: [2] }],
  ]);
});

Deno.test("matchEpisode() reads absolute numbering and bare numbers in season folders", () => {
  check(loose, [
    ["[Group] Anime Name - 101 [1080p]", { rule: "episode:absolute", episodes: [101] }],
    ["[Group] Anime Name - 05v2 (1080p)", { rule: "episode:absolute", episodes: [5] }],
    ["[Group] Anime Name 12 [1080p]", { rule: "episode:absolute", episodes: [12] }],
    ["[Group] Anime Name - 1999 [1080p]", { rule: "episode:absolute", episodes: [1999] }],
    ["[Group] Movie Name 2010 [1080p]", undefined],
    ["Name - 1071", { rule: "episode:absolute", episodes: [1071] }],
    ["Name_-_101_[720p]", { rule: "episode:absolute", episodes: [101] }],
    ["Name - 101 END", { rule: "episode:absolute", episodes: [101] }],
    ["Movie - 2010", undefined],
    ["Spider-Man 2", undefined],
    ["02 - Title", undefined],
  ]);
  check(inSeason1, [
    ["02 - Title", { rule: "episode:number", episodes: [2] }],
    ["02", { rule: "episode:number", episodes: [2] }],
    ["103 Title", { rule: "episode:number", episodes: [3] }],
    ["203 Title", { rule: "episode:number", episodes: [203] }],
    ["2012 - Title", undefined],
    ["Show.102", { rule: "episode:number", episodes: [2] }],
    ["Show.202", undefined],
    ["Show.100", undefined],
  ]);
});

Deno.test("matchEpisode() in strict mode accepts only unambiguous forms", () => {
  check(strict, [
    ["Show.S01E02", { rule: "episode:sxxeyy", season: 1, episodes: [2] }],
    ["Show 1x02", { rule: "episode:1x02", season: 1, episodes: [2] }],
    ["Show Season 1 Episode 2", { rule: "episode:season-episode", season: 1, episodes: [2] }],
    ["[Group] Name - 05", { rule: "episode:absolute", episodes: [5] }],
    ["Name - 05", undefined],
    ["Birthday 2024-01-15", undefined],
    ["Clip ep02", undefined],
  ]);
});

Deno.test("matchEpisode() splits the name around the token", () => {
  const m = matchEpisode("Show Name - S01E02 - The Title.720p", loose);
  equal(m?.before, "Show Name - ");
  equal(m?.after, " - The Title.720p");
});

Deno.test("parseSeasonFolder() reads season folder names in several languages", () => {
  const rows: [string, boolean, number | undefined][] = [
    ["Season 01", false, 1],
    ["Season 1", false, 1],
    ["season.2", false, 2],
    ["Season 3 (2012)", false, 3],
    ["Season 01 - 1080p", false, 1],
    ["S01", false, 1],
    ["s4", false, 4],
    ["Series 2", false, 2],
    ["Staffel 2", false, 2],
    ["Saison 3", false, 3],
    ["Temporada 4", false, 4],
    ["Season 00", false, 0],
    ["Specials", false, 0],
    ["Special", false, 0],
    ["Season Specials", false, 0],
    ["S01E01", false, undefined],
    ["Seasoning", false, undefined],
    ["Extras", false, undefined],
    ["2", false, undefined],
    ["2", true, 2],
    ["2008", true, undefined],
  ];
  for (const [name, numeric, season] of rows) {
    equal(parseSeasonFolder(name, numeric), season, name);
  }
});

Deno.test("parseEpisode() in strict mode names the series from the nearest good source", () => {
  const rows: [dirs: string[], base: string, series: string | undefined][] = [
    [["TV", "Show", "Season 1"], "S01E01", "Show"],
    [["Downloads"], "Show.Name.S01E01", "Show Name"],
    [["Show"], "S01E01", "Show"],
    [[], "S01E01", undefined],
    [["Season 1"], "S01E01", undefined],
    [["Season 1"], "Show - S01E01", "Show"],
  ];
  for (const [dirs, base, series] of rows) {
    equal(parseEpisode(dirs, base, true)?.series, series, `${dirs.join("/")}/${base}`);
  }
  equal(parseEpisode(["Home"], "Birthday", true), undefined);
});
