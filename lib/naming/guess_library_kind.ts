/**
 * A library kind guessed from one path, for tools that see a path without its library
 * (`deno task naming`): audio → music, a video with an episode token or in a season folder →
 * shows, anything else → movies.
 */
import { matchEpisode, parseSeasonFolder } from "./episode.ts";
import { classifyFile, splitExtension } from "./extensions.ts";
import type { LibraryKind } from "./types.ts";

/** Guesses the library kind a relative path most likely belongs to. */
export function guessLibraryKind(relativePath: string): LibraryKind {
  const segments = relativePath.split("/").filter((s) => s !== "");
  const name = segments[segments.length - 1] ?? "";
  const fileClass = classifyFile(name);
  if (fileClass === "audio") return "music";
  const dirs = segments.slice(0, -1);
  if (dirs.some((d) => parseSeasonFolder(d) !== undefined)) return "shows";
  const { base } = splitExtension(name);
  return matchEpisode(base, { strict: true }) ? "shows" : "movies";
}
