/**
 * Multi-part files ("stacking"): `Movie (2010) - cd1.avi` + `Movie (2010) - cd2.avi` play as one
 * movie. Behaviour matched (Jellyfin's documented multi-part naming): `cd`, `dvd`, `part`, `pt`,
 * `disc` or `disk`, then a number or a letter a–d, with optional space . - _ in between and a
 * separator before the token. Parts cannot be combined with versions.
 */

/** A part token found in a name. */
export interface StackPart {
  /** 1-based part number (`cd2` → 2, `part b` → 2). */
  part: number;
  /** The name with the part token removed: shared by all parts of one movie. */
  rest: string;
}

// The token must start the name or follow a separator, and end the name or meet a separator,
// so `Departed`, `DVDRip` and `Part Deux` are not parts.
const PART_TOKEN =
  /(^|[ ._-]+)(cd|dvd|part|pt|disc|disk)[ ._-]*(\d{1,2}|[a-d])(?=$|[ ._\-()[\]])/gi;
const PART_FOLDER = /^(?:cd|dvd|part|pt|disc|disk)[ ._-]*(\d{1,2}|[a-d])$/i;
// A year after the token means it is part of the title: `Deathly Hallows Part 1 (2010)`.
const YEAR_AFTER = /(?:^|[ ._\-([])(?:18[89]\d|19\d\d|20\d\d)(?=$|[ ._\-)\]])/;
// `DVD5`/`DVD9` name disc formats, not part numbers.
const DVD_FORMAT = /^dvd$/i;
const TRAILING_SEPARATORS = /[ ._-]+$/;

function partNumber(token: string): number | undefined {
  const lower = token.toLowerCase();
  const letter = "abcd".indexOf(lower);
  if (letter >= 0) return letter + 1;
  const n = Number(lower);
  return n >= 1 ? n : undefined;
}

/**
 * Finds the part token of a file name without extension (`Movie.2010.part2` → part 2, rest
 * `Movie.2010`). Returns undefined when the name has none. The last token wins, because part
 * markers trail the title.
 */
export function parseStackPart(base: string): StackPart | undefined {
  let found: RegExpExecArray | undefined;
  PART_TOKEN.lastIndex = 0;
  for (let m = PART_TOKEN.exec(base); m !== null; m = PART_TOKEN.exec(base)) {
    const unseparated = m[0].length === m[1].length + m[2].length + m[3].length;
    if (DVD_FORMAT.test(m[2]) && unseparated && (m[3] === "5" || m[3] === "9")) continue;
    found = m;
  }
  if (!found) return undefined;
  const after = base.slice(found.index + found[0].length);
  if (YEAR_AFTER.test(after)) return undefined;
  const part = partNumber(found[3]);
  if (part === undefined) return undefined;
  const rest = (base.slice(0, found.index) + after).replace(TRAILING_SEPARATORS, "");
  return { part, rest };
}

/** Parses a folder that holds one part (`Movie (2010)/CD1/movie.avi`): its part number. */
export function parseStackFolder(name: string): number | undefined {
  const m = PART_FOLDER.exec(name);
  return m ? partNumber(m[1]) : undefined;
}
