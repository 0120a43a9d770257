/**
 * Extras (trailers, featurettes, theme songs …) that attach to a movie, series or season.
 *
 * Behaviour matched (Jellyfin's documented extras rules): a file is an extra when it sits in a
 * named extras folder, or its name ends in `-trailer`, `-featurette` …, or it is `trailer.mkv` /
 * `theme.mp3` next to the main item. We differ in one place: an extras-named folder directly
 * under the library root is an ordinary folder (`Other/Some Movie.mkv`), because it has no
 * parent item the extra could belong to. Samples are not extras here; they are ignored.
 */

/** An extra recognised from a path. */
export interface ExtraMatch {
  /** Extra type: trailer, featurette, behindthescenes, deletedscene, interview, scene, short, clip, other, extra, themesong, themevideo. */
  extra_type: string;
  rule: "extra:folder" | "extra:suffix" | "extra:name";
  /** The file's base name with the extra suffix removed, for the extra's title. */
  name: string;
  /** Number of leading directories that belong to the owner (the extras folder's parent). */
  owner_depth: number;
}

const EXTRA_FOLDERS: ReadonlyMap<string, string> = new Map([
  ["trailers", "trailer"],
  ["featurettes", "featurette"],
  ["behind the scenes", "behindthescenes"],
  ["deleted scenes", "deletedscene"],
  ["interviews", "interview"],
  ["scenes", "scene"],
  ["shorts", "short"],
  ["extras", "extra"],
  ["other", "other"],
  ["clips", "clip"],
  ["backdrops", "themevideo"],
  ["theme-music", "themesong"],
]);

const SUFFIX_TYPES: ReadonlyMap<string, string> = new Map([
  ["trailer", "trailer"],
  ["featurette", "featurette"],
  ["behindthescenes", "behindthescenes"],
  ["deleted", "deletedscene"],
  ["deletedscene", "deletedscene"],
  ["interview", "interview"],
  ["scene", "scene"],
  ["short", "short"],
  ["clip", "clip"],
  ["other", "other"],
  ["extra", "extra"],
]);

// `Movie (2010)-trailer`, `Movie (2010) - Trailer 2`: a dash, the token, an optional number.
const EXTRA_SUFFIX =
  /\s*-\s*(trailer|featurette|behindthescenes|deletedscene|deleted|interview|scene|short|clip|other|extra)(?:[ ._-]*\d{1,2})?$/i;
const TRAILER_NAME = /^trailer(?:[ ._-]*\d{1,2})?$/i;
const THEME_NAME = /^theme(?:[ ._-]*\d{1,2})?$/i;

/**
 * Detects an extra from the directories (relative to the library root) and the file's base
 * name. `isAudio` tells theme songs from theme videos. Returns undefined for main items.
 */
export function detectExtra(
  dirs: readonly string[],
  base: string,
  isAudio: boolean,
): ExtraMatch | undefined {
  // The deepest extras folder wins (`Extras/Trailers/x.mkv` is a trailer); index 0 is skipped
  // because a folder at the library root has no owner.
  for (let i = dirs.length - 1; i >= 1; i--) {
    const type = EXTRA_FOLDERS.get(dirs[i].toLowerCase());
    if (type !== undefined) {
      return { extra_type: type, rule: "extra:folder", name: base, owner_depth: i };
    }
  }
  const owner_depth = dirs.length;
  if (THEME_NAME.test(base)) {
    return {
      extra_type: isAudio ? "themesong" : "themevideo",
      rule: "extra:name",
      name: base,
      owner_depth,
    };
  }
  if (isAudio) return undefined;
  if (TRAILER_NAME.test(base)) {
    return { extra_type: "trailer", rule: "extra:name", name: base, owner_depth };
  }
  const m = EXTRA_SUFFIX.exec(base);
  if (m && m.index > 0) {
    const type = SUFFIX_TYPES.get(m[1].toLowerCase()) ?? "extra";
    return { extra_type: type, rule: "extra:suffix", name: base.slice(0, m.index), owner_depth };
  }
  return undefined;
}
