/** Shared shapes of the naming rules (see lib/naming/parse_media_path.ts). */

/** What a library holds; drives which naming rules apply. */
export type LibraryKind = "movies" | "shows" | "music" | "mixed";

/** Coarse class of a file, from its extension. */
export type FileClass = "video" | "audio" | "subtitle" | "image" | "nfo" | "other";

/** Flags and language parsed from a sidecar subtitle name such as `Movie.en.forced.srt`. */
export interface SidecarInfo {
  /** ISO 639-2/B code ("eng", "ger"), when recognised. */
  language?: string;
  forced: boolean;
  default: boolean;
  hearing_impaired: boolean;
  /** Leftover words that are not a language or flag become the track title. */
  title?: string;
  /** Base name of the video the sidecar belongs to (without extension). */
  video_base: string;
  /**
   * Directory of that video relative to the library root ("" at the root): the sidecar's own
   * directory, or the one above a `Subs/` folder.
   */
  video_dir?: string;
  /**
   * True when `video_base` is a folder name (`Subs/Movie/2_English.srt`) rather than the video's
   * file name, so the scanner should fall back to the only video in `video_dir`.
   */
  from_folder?: boolean;
}

/** Everything the naming rules derive from one path. */
export interface NamingResult {
  /** The path as given. */
  path: string;
  file_class: FileClass;
  /** What the file becomes in the index, or "ignored" with `ignored_reason`. */
  kind: "movie" | "episode" | "track" | "video" | "subtitle" | "image" | "nfo" | "ignored";
  /** Name of the rule that matched, for "why is my file not recognised?". */
  rule: string;
  ignored_reason?: string;
  title?: string;
  year?: number;
  /** Episodes: the series folder's name (cleaned) and its year. */
  series?: string;
  series_year?: number;
  /** Season number; 0 for specials. */
  season?: number;
  /** Episode numbers; more than one for multi-episode files (S01E02E03 → [2, 3]). */
  episodes?: number[];
  /** Date-based episodes: ISO date "2024-01-15". */
  air_date?: string;
  /** Stacked parts (cd1, part2): the part number and a key shared by all parts of one movie. */
  part?: number;
  stack_key?: string;
  /** Multi-version files (`Movie (2010) - 4K.mkv`): the label. */
  version?: string;
  /** Extras: trailer, featurette, behindthescenes, deletedscene, interview, scene, sample, short, clip, other, extra, themesong, themevideo. */
  extra_type?: string;
  /** Music, from the folder layout (tags win at scan time). */
  artist?: string;
  album?: string;
  track?: number;
  disc?: number;
  sidecar?: SidecarInfo;
}
