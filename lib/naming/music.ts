/**
 * Music naming from the folder layout: `Artist/Album (Year)/CD1/01 - Title.flac`.
 *
 * Behaviour matched (Jellyfin's documented music layout): one folder is one album, `CD1` /
 * `Disc 2` subfolders are discs of the album above, and artist subfolders such as `Albums` or
 * `Singles` are skipped when looking for the artist. Embedded tags override all of this at scan
 * time; these values are only the fallback for untagged files.
 */
import { tidy, YEAR_TOKEN } from "./clean_title.ts";

/** What the music rules derive from a path. */
export interface MusicInfo {
  /** music:folder (derived from folders) or music:file (a loose file at the library root). */
  rule: string;
  artist?: string;
  album?: string;
  /** The album's year. */
  year?: number;
  disc?: number;
  track?: number;
  title?: string;
}

const ARTIST_SUBFOLDERS: ReadonlySet<string> = new Set([
  "albums",
  "singles",
  "eps",
  "live",
  "compilations",
  "bootlegs",
  "broadcasts",
  "dj-mixes",
  "mixtapes",
  "others",
  "remixes",
  "soundtracks",
  "spokenwords",
  "streets",
]);

const DISC_FOLDER = /^(?:cd|disc|disk|digital media)[ ._-]*(\d{1,3})(?=$|[ ._\-([])/i;
const SQUARE_GROUP = /\[([^\]]*)\]|\{[^}]*\}/g;
// `2010 - Album`, `(2010) Album`: a bare year needs a separator, a bracketed one does not.
const LEADING_YEAR = /^(?:\(((?:18|19|20)\d\d)\)\s*[-–.]?|((?:18|19|20)\d\d)\s*[-–.])\s+(.+)$/;
const TRAILING_YEAR = /^(.+?)\s*(?:\(((?:18|19|20)\d\d)\)|\s[-–]\s+((?:18|19|20)\d\d))$/;
const DISC_TRACK = /^(\d)-(\d{2})(?=$|[ ._-])/;
const TRACK_WORD = /^track[ ._-]*(\d{1,3})(?=$|[ ._-])/i;
const TRACK_NUMBER = /^(\d{1,3})(?=$|[ ._\-)\]])/;
const ARTIST_TRACK = /^(.+?)\s+-\s+(\d{1,3})\s+-\s+(.+)$/;
const DASH_SPLIT = /^(.+?)\s+[-–]\s+(.+)$/;
const LEADING_SEPARATORS = /^[\s._\-–)\]]+/;

/** Underscores stand for spaces only in names that have none. */
function spaces(s: string): string {
  return s.includes(" ") ? s : s.replaceAll("_", " ");
}

/** `Album (2010) [FLAC]`, `2010 - Album` → title and year. */
export function cleanAlbum(name: string): { title: string; year?: number } {
  let year: number | undefined;
  let s = spaces(name).replace(SQUARE_GROUP, (_m, inner: string | undefined) => {
    const t = inner?.trim() ?? "";
    if (YEAR_TOKEN.test(t)) year ??= Number(t);
    return " ";
  });
  s = tidy(s);
  const lead = LEADING_YEAR.exec(s);
  if (lead) {
    year = Number(lead[1] ?? lead[2]);
    s = lead[3];
  } else {
    const trail = TRAILING_YEAR.exec(s);
    if (trail) {
      year = Number(trail[2] ?? trail[3]);
      s = trail[1];
    }
  }
  const title = tidy(s);
  return year === undefined ? { title } : { title, year };
}

function isArtistSubfolder(name: string): boolean {
  return ARTIST_SUBFOLDERS.has(name.toLowerCase());
}

/** Strips `Artist - ` from the front of a name when it repeats the artist. */
function withoutArtist(s: string, artist: string | undefined): string {
  if (artist === undefined || artist === "") return s;
  const m = DASH_SPLIT.exec(s);
  return m && m[1].toLowerCase() === artist.toLowerCase() ? m[2] : s;
}

/**
 * Parses a track from its directories (relative to the library root) and file base name
 * (without extension).
 */
export function parseMusic(dirs: readonly string[], base: string): MusicInfo {
  const info: MusicInfo = { rule: dirs.length > 0 ? "music:folder" : "music:file" };
  let end = dirs.length;
  const discDir = end > 0 ? DISC_FOLDER.exec(dirs[end - 1]) : null;
  if (discDir) {
    info.disc = Number(discDir[1]);
    end--;
  }
  let albumDir: string | undefined;
  if (end > 0 && !isArtistSubfolder(dirs[end - 1])) albumDir = dirs[--end];
  while (end > 0 && isArtistSubfolder(dirs[end - 1])) end--;
  let artist = end > 0 ? tidy(spaces(dirs[end - 1])) : undefined;

  if (albumDir !== undefined) {
    let albumName = albumDir;
    if (artist === undefined) {
      // `Artist - Album (2010)` as a single folder.
      const split = DASH_SPLIT.exec(spaces(albumDir));
      if (split) {
        artist = tidy(split[1]);
        albumName = split[2];
      }
    } else {
      albumName = withoutArtist(spaces(albumDir), artist);
    }
    const album = cleanAlbum(albumName);
    if (album.title !== "") info.album = album.title;
    if (album.year !== undefined) info.year = album.year;
  }
  if (artist !== undefined && artist !== "") info.artist = artist;

  const name = spaces(base);
  let rest = name;
  const artistTrack = ARTIST_TRACK.exec(name);
  const discTrack = DISC_TRACK.exec(name);
  const word = TRACK_WORD.exec(name);
  const num = TRACK_NUMBER.exec(name);
  if (discTrack) {
    info.disc ??= Number(discTrack[1]);
    info.track = Number(discTrack[2]);
    rest = name.slice(discTrack[0].length);
  } else if (word) {
    info.track = Number(word[1]);
    rest = name.slice(word[0].length);
  } else if (num) {
    const n = Number(num[1]);
    rest = name.slice(num[0].length);
    if (n >= 100) {
      // `101 Title`: disc 1, track 01 — the usual numbering of multi-disc albums in one folder.
      const disc = Math.floor(n / 100);
      if (n % 100 !== 0 && (info.disc === undefined || info.disc === disc)) {
        info.disc = disc;
        info.track = n % 100;
      } else {
        rest = name;
      }
    } else {
      info.track = n;
    }
  } else if (artistTrack) {
    info.artist ??= tidy(artistTrack[1]);
    info.track = Number(artistTrack[2]);
    rest = artistTrack[3];
  } else if (dirs.length === 0) {
    const split = DASH_SPLIT.exec(name);
    if (split) {
      info.artist = tidy(split[1]);
      rest = split[2];
    }
  }
  const title = tidy(withoutArtist(rest.replace(LEADING_SEPARATORS, ""), info.artist));
  if (title !== "") info.title = title;
  return info;
}
