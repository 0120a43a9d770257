/**
 * `deno task naming [--kind K] [--root DIR] PATH…` — prints what the naming rules make of each
 * path, one JSON NamingResult per line. Answers "why is my file not recognised?" without a scan.
 * All logic lives in lib/naming; this file only maps arguments to calls.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { guessLibraryKind } from "../lib/naming/guess_library_kind.ts";
import { parseSeasonFolder } from "../lib/naming/episode.ts";
import { parseMediaPath } from "../lib/naming/parse_media_path.ts";
import type { LibraryKind } from "../lib/naming/types.ts";

const USAGE = `Usage: deno task naming [--kind movies|shows|music|mixed] [--root DIR] PATH...

Prints one JSON object per PATH: the naming result (kind, rule, title, year, series, season,
episodes, …). With no PATH, reads newline-separated paths from stdin
(e.g. find /media/tv -type f | deno task naming --kind shows --root /media/tv).

  --kind K    library kind whose rules apply. Default: guessed per path — music for audio
              files, shows when the name has an episode token (S01E02, 1x02, …) or sits in a
              season folder, else movies.
  --root DIR  library root; paths are made relative to it (relative PATHs resolve against the
              current directory first). Paths outside DIR are reported on stderr and skipped.
              Default: relative PATHs are used as given; for an absolute PATH the last 3
              segments are kept (Artist/Album/track, Show/Season 1/episode,
              Collection/Movie (2010)/movie.mkv), or from the series folder on when a season
              folder is among them. Pass --root when that guess is wrong.
  -h, --help  show this help.`;

const KINDS: readonly LibraryKind[] = ["movies", "shows", "music", "mixed"];

interface Options {
  kind?: LibraryKind;
  root?: string;
  paths: string[];
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  Deno.exit(2);
}

function parseArgs(args: readonly string[]): Options {
  const opts: Options = { paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      Deno.exit(0);
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (flag === "--kind" || flag === "--root") {
      const value = inline ?? args[++i];
      if (value === undefined) fail(`Missing value for ${flag}`);
      if (flag === "--root") {
        opts.root = value;
      } else if ((KINDS as readonly string[]).includes(value)) {
        opts.kind = value as LibraryKind;
      } else {
        fail(`Unknown kind "${value}": use one of ${KINDS.join(", ")}`);
      }
    } else if (arg === "--") {
      opts.paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith("--")) {
      fail(`Unknown option ${arg}`);
    } else {
      opts.paths.push(arg);
    }
  }
  return opts;
}

/** The path relative to the library root, or undefined when it lies outside `root`. */
function toRelative(path: string, root: string | undefined): string | undefined {
  if (root !== undefined) {
    const rel = relative(resolve(root), resolve(path));
    return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? undefined : rel;
  }
  if (!isAbsolute(path)) return path;
  const segments = path.split("/").filter((s) => s !== "");
  const dirs = segments.slice(0, -1);
  for (let i = dirs.length - 1; i >= Math.max(1, dirs.length - 3); i--) {
    if (parseSeasonFolder(dirs[i]) !== undefined) return segments.slice(i - 1).join("/");
  }
  return segments.slice(-3).join("/");
}

async function readStdinLines(): Promise<string[]> {
  const text = await new Response(Deno.stdin.readable).text();
  return text.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
}

const opts = parseArgs(Deno.args);
const paths = opts.paths.length > 0 ? opts.paths : await readStdinLines();
let skipped = 0;
for (const path of paths) {
  const rel = toRelative(path, opts.root);
  if (rel === undefined) {
    console.error(`Skipped: "${path}" is not under --root`);
    skipped++;
    continue;
  }
  console.log(JSON.stringify(parseMediaPath(rel, opts.kind ?? guessLibraryKind(rel))));
}
if (skipped > 0) Deno.exit(1);
