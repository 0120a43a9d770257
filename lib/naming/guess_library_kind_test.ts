import { equal } from "node:assert/strict";
import { guessLibraryKind } from "./guess_library_kind.ts";
import type { LibraryKind } from "./types.ts";

Deno.test("guessLibraryKind() guesses music for audio, shows for episodes, else movies", () => {
  const rows: [string, LibraryKind][] = [
    ["Artist/Album/01 Song.flac", "music"],
    ["Show.S01E02.mkv", "shows"],
    ["Show 1x02.mkv", "shows"],
    ["Show/Season 1/Pilot.mkv", "shows"],
    ["Show/Specials/Pilot.mkv", "shows"],
    ["Show.S01E02.en.srt", "shows"],
    ["Movie (2010)/Movie (2010).mkv", "movies"],
    ["Movie (2010)/Movie (2010).en.srt", "movies"],
    ["Movie (2010)/poster.jpg", "movies"],
  ];
  for (const [path, kind] of rows) equal(guessLibraryKind(path), kind, path);
});
