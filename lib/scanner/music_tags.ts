/**
 * The music tags the scanner groups tracks by, read from a probe's container tags (ffprobe
 * lower-cases nothing; lib/media normalises the keys to lower case). Pure.
 */
import type { MusicTags } from "../db/media_files.ts";

/** First non-empty value among the keys. */
function pick(tags: Record<string, string>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = tags[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** "3", "03/12", "3 of 12" → 3; undefined when no positive number leads. */
function leadingNumber(value: string | undefined): number | undefined {
  const m = value ? /^\s*(\d{1,4})/.exec(value) : null;
  const n = m ? Number(m[1]) : 0;
  return n > 0 ? n : undefined;
}

/** A plausible year from "1997", "1997-05-21", "1997/05". */
function yearOf(value: string | undefined): number | undefined {
  const m = value ? /^\s*(1[89]\d\d|20\d\d)(?!\d)/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Extracts title, artist, album artist, album, track, disc and year from container tags. Tag
 * names differ by format (ID3 `album_artist` vs Vorbis `albumartist` / `album artist`,
 * `track` vs `tracknumber`); returns null when none is present.
 */
export function musicTags(tags: Record<string, string>): MusicTags | null {
  const out: MusicTags = {};
  const title = pick(tags, "title");
  const artist = pick(tags, "artist", "artists");
  const albumArtist = pick(tags, "album_artist", "albumartist", "album artist");
  const album = pick(tags, "album");
  const track = leadingNumber(pick(tags, "track", "tracknumber", "trck"));
  const disc = leadingNumber(pick(tags, "disc", "discnumber", "disk", "tpos"));
  const year = yearOf(pick(tags, "date", "year", "originaldate", "tdrc", "tyer"));
  if (title) out.title = title;
  if (artist) out.artist = artist;
  if (albumArtist) out.album_artist = albumArtist;
  if (album) out.album = album;
  if (track !== undefined) out.track = track;
  if (disc !== undefined) out.disc = disc;
  if (year !== undefined) out.year = year;
  return Object.keys(out).length > 0 ? out : null;
}
