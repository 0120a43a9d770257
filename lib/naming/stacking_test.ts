import { deepStrictEqual, equal } from "node:assert/strict";
import { parseStackFolder, parseStackPart, type StackPart } from "./stacking.ts";

Deno.test("parseStackPart() finds cd/dvd/part/pt/disc/disk tokens with any separator", () => {
  const rows: [string, StackPart | undefined][] = [
    ["Movie (2010) - cd1", { part: 1, rest: "Movie (2010)" }],
    ["Movie (2010)-cd2", { part: 2, rest: "Movie (2010)" }],
    ["Movie.2010.CD.3", { part: 3, rest: "Movie.2010" }],
    ["Movie_dvd_1", { part: 1, rest: "Movie" }],
    ["Movie part2", { part: 2, rest: "Movie" }],
    ["Movie.pt.4", { part: 4, rest: "Movie" }],
    ["Movie - Disc 1", { part: 1, rest: "Movie" }],
    ["Movie-disk2", { part: 2, rest: "Movie" }],
    ["Movie.part.a", { part: 1, rest: "Movie" }],
    ["Movie - part d", { part: 4, rest: "Movie" }],
    ["Movie-cd1-x264", { part: 1, rest: "Movie-x264" }],
    ["Movie (2010) - part1 [1080p]", { part: 1, rest: "Movie (2010) [1080p]" }],
    ["cd1", { part: 1, rest: "" }],
    ["Movie - Part 10", { part: 10, rest: "Movie" }],
  ];
  for (const [base, expected] of rows) deepStrictEqual(parseStackPart(base), expected, base);
});

Deno.test("parseStackPart() leaves titles that only look like parts alone", () => {
  const rows = [
    "The Departed (2006)",
    "Movie.2010.DVDRip",
    "Movie.DVD5",
    "Movie.DVD9.Untouched",
    "Movie Part Deux",
    "Back to the Future Part II",
    "Harry Potter and the Deathly Hallows Part 1 (2010)",
    "Harry.Potter.and.the.Deathly.Hallows.Part.1.2010.1080p",
    "Discovery",
    "Movie part0",
    "Movie parte",
  ];
  for (const base of rows) equal(parseStackPart(base), undefined, base);
});

Deno.test("parseStackFolder() reads part folders", () => {
  const rows: [string, number | undefined][] = [
    ["CD1", 1],
    ["cd 2", 2],
    ["Disc 3", 3],
    ["DVD-1", 1],
    ["Part B", 2],
    ["Extras", undefined],
    ["CD1 Bonus", undefined],
  ];
  for (const [name, part] of rows) equal(parseStackFolder(name), part, name);
});
