import { equal } from "node:assert/strict";
import { classifyFile, splitExtension } from "./extensions.ts";
import { ignoreReason } from "./ignored.ts";
import type { LibraryKind } from "./types.ts";

function rule(path: string, kind: LibraryKind = "movies"): string | undefined {
  const segments = path.split("/");
  const name = segments.pop()!;
  return ignoreReason(segments, name, splitExtension(name).base, classifyFile(name), kind)?.rule;
}

Deno.test("ignoreReason() skips hidden and system files and folders", () => {
  const rows: [string, string | undefined][] = [
    [".DS_Store", "ignored:hidden"],
    ["Movie/.Movie.mkv.part", "ignored:hidden"],
    [".Trash-1000/Movie.mkv", "ignored:hidden"],
    ["Movie/._Movie.mkv", "ignored:hidden"],
    ["@eaDir/Movie.mkv", "ignored:system"],
    ["Movie/@EADIR/thumb.jpg", "ignored:system"],
    ["#recycle/Movie.mkv", "ignored:system"],
    ["$RECYCLE.BIN/Movie.mkv", "ignored:system"],
    ["lost+found/Movie.mkv", "ignored:system"],
    ["System Volume Information/x.mkv", "ignored:system"],
    ["Movie/Movie.mkv", undefined],
  ];
  for (const [path, expected] of rows) equal(rule(path), expected, path);
});

Deno.test("ignoreReason() skips samples in video libraries only", () => {
  const rows: [string, LibraryKind, string | undefined][] = [
    ["Movie/sample.mkv", "movies", "ignored:sample"],
    ["Movie/Movie-sample.mkv", "movies", "ignored:sample"],
    ["Movie/movie.sample.mkv", "shows", "ignored:sample"],
    ["Movie/Sample/movie.mkv", "movies", "ignored:sample"],
    ["Movie/samples/movie.srt", "mixed", "ignored:sample"],
    ["Movie/Samples/poster.jpg", "movies", "ignored:sample"],
    ["Movie/Sampled Lives.mkv", "movies", undefined],
    ["Movie/Examples/x.mkv", "movies", undefined],
    ["Phish/Album/04 Sample in a Jar.mp3", "music", undefined],
    ["Phish/Album/04 Sample in a Jar.mp3", "mixed", undefined],
    ["Producer/Samples/kick.wav", "music", undefined],
  ];
  for (const [path, kind, expected] of rows) equal(rule(path, kind), expected, path);
});

Deno.test("ignoreReason() skips files that are not media", () => {
  const rows: [string, string | undefined][] = [
    ["Movie/notes.txt", "ignored:extension"],
    ["Movie/Movie.nzb", "ignored:extension"],
    ["Movie/Thumbs.db", "ignored:extension"],
    ["Movie/desktop.ini", "ignored:extension"],
    ["Movie/Movie.mkv.part", "ignored:extension"],
    ["Movie/movie.nfo", undefined],
    ["Movie/poster.jpg", undefined],
  ];
  for (const [path, expected] of rows) equal(rule(path), expected, path);
});
