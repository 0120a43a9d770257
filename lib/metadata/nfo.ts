/**
 * Kodi NFO files (`movie.nfo`, `<video>.nfo`, `tvshow.nfo`, `season.nfo`, episode `<video>.nfo`,
 * `album.nfo`, `artist.nfo`) read into plain metadata. Pure: the caller reads the file. Broken XML
 * is a result with an `error`, never an exception, so one bad NFO cannot fail a scan.
 */
import { childrenNamed, childText, parseXml, type XmlElement } from "./xml.ts";

/** A person credited in an NFO. */
export interface NfoPerson {
  name: string;
  kind: "actor" | "director" | "writer";
  role: string | null;
  order: number | null;
  /** Image URL or path as written in the NFO. */
  thumb: string | null;
}

/** One rating (`<ratings><rating name="imdb" max="10" default="true">`). */
export interface NfoRating {
  name: string;
  value: number;
  max: number | null;
  votes: number | null;
  default: boolean;
}

/** What an NFO file says about an item; absent fields are null or empty. */
export interface NfoMetadata {
  /** The root element: movie, tvshow, season, episodedetails, album, artist, musicvideo. */
  kind: string;
  title: string | null;
  original_title: string | null;
  sort_title: string | null;
  year: number | null;
  /** ISO date (`premiered`, `aired` or `releasedate`). */
  premiered: string | null;
  plot: string | null;
  outline: string | null;
  tagline: string | null;
  genres: string[];
  studios: string[];
  content_rating: string | null;
  runtime_ms: number | null;
  ratings: NfoRating[];
  /** Provider ids by lower-case provider name: imdb, tmdb, tvdb, musicbrainz… */
  provider_ids: Record<string, string>;
  people: NfoPerson[];
  season_number: number | null;
  episode_number: number | null;
  artist: string | null;
}

/** The outcome of {@link parseNfo}. */
export type NfoResult =
  | { ok: true; metadata: NfoMetadata }
  | { ok: false; error: string };

const IMDB_RE = /\b(tt\d{5,10})\b/;
const TMDB_URL_RE = /themoviedb\.org\/(?:movie|tv)\/(\d+)/;

/** An empty metadata record of the given kind. */
export function emptyNfo(kind: string): NfoMetadata {
  return {
    kind,
    title: null,
    original_title: null,
    sort_title: null,
    year: null,
    premiered: null,
    plot: null,
    outline: null,
    tagline: null,
    genres: [],
    studios: [],
    content_rating: null,
    runtime_ms: null,
    ratings: [],
    provider_ids: {},
    people: [],
    season_number: null,
    episode_number: null,
    artist: null,
  };
}

/**
 * Parses an NFO file's text. A file holding only a URL (Kodi's "URL NFO") yields the provider
 * ids it names; broken XML yields `{ok: false, error}`.
 */
export function parseNfo(text: string): NfoResult {
  const trimmed = text.trim();
  if (!trimmed.includes("<")) {
    const meta = emptyNfo("url");
    _idsFromText(trimmed, meta.provider_ids);
    if (Object.keys(meta.provider_ids).length === 0) {
      return { ok: false, error: "NFO holds neither XML nor a known provider URL" };
    }
    return { ok: true, metadata: meta };
  }
  let doc;
  try {
    doc = parseXml(text);
  } catch (err) {
    return { ok: false, error: `Malformed NFO: ${(err as Error).message}` };
  }
  const meta = _fromRoot(doc.root);
  _idsFromText(doc.trailing, meta.provider_ids);
  return { ok: true, metadata: meta };
}

function _fromRoot(root: XmlElement): NfoMetadata {
  const m = emptyNfo(root.name);
  const t = (name: string) => childText(root, name);
  m.title = t("title") ?? t("name");
  m.original_title = t("originaltitle");
  m.sort_title = t("sorttitle");
  m.plot = t("plot") ?? t("review") ?? t("biography");
  m.outline = t("outline");
  m.tagline = t("tagline");
  m.premiered = _date(t("premiered") ?? t("aired") ?? t("releasedate") ?? t("formed"));
  m.year = _int(t("year")) ?? (m.premiered ? Number(m.premiered.slice(0, 4)) : null);
  if (m.year !== null && (m.year < 1800 || m.year > 2200)) m.year = null;
  m.genres = _list(root, "genre");
  m.studios = _list(root, "studio");
  m.content_rating = _contentRating(t("mpaa") ?? t("certification"));
  const runtime = _int(t("runtime"));
  m.runtime_ms = runtime !== null && runtime > 0 ? runtime * 60_000 : null;
  m.ratings = _ratings(root);
  m.season_number = _int(t("season") ?? t("seasonnumber"));
  m.episode_number = _int(t("episode"));
  m.artist = t("artist") ?? t("albumartist");
  _providerIds(root, m.provider_ids);
  m.people = _people(root);
  return m;
}

/** Unique values of every `<name>` child, splitting Kodi's " / " joined lists. */
function _list(root: XmlElement, name: string): string[] {
  const out: string[] = [];
  for (const el of childrenNamed(root, name)) {
    for (const part of el.text.split(" / ")) {
      const v = part.trim();
      if (v !== "" && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

function _int(s: string | null): number | null {
  if (s === null) return null;
  const m = /^-?\d+/.exec(s.trim());
  return m ? Number(m[0]) : null;
}

function _date(s: string | null): string | null {
  if (s === null) return null;
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(s.trim());
  if (!m) return null;
  const mm = m[2] ? m[2].padStart(2, "0") : null;
  const dd = m[3] ? m[3].padStart(2, "0") : null;
  return mm && dd ? `${m[1]}-${mm}-${dd}` : mm ? `${m[1]}-${mm}` : m[1];
}

/** "Rated PG-13" / "US:PG-13" / "PG-13" → "PG-13"; Kodi writes all three. */
function _contentRating(s: string | null): string | null {
  if (s === null) return null;
  let v = s.replace(/^rated\s+/i, "").trim();
  const colon = v.indexOf(":");
  if (colon > 0 && colon <= 3) v = v.slice(colon + 1).trim();
  return v === "" ? null : v;
}

function _ratings(root: XmlElement): NfoRating[] {
  const out: NfoRating[] = [];
  for (const ratings of childrenNamed(root, "ratings")) {
    for (const r of childrenNamed(ratings, "rating")) {
      const value = Number(childText(r, "value") ?? r.text.trim());
      if (!Number.isFinite(value) || (childText(r, "value") === null && r.text.trim() === "")) {
        continue;
      }
      const max = r.attrs.max !== undefined ? Number(r.attrs.max) : NaN;
      const votes = Number((childText(r, "votes") ?? "").replace(/[,.\s]/g, ""));
      out.push({
        name: (r.attrs.name ?? "default").toLowerCase(),
        value,
        max: Number.isFinite(max) && max > 0 ? max : null,
        votes: childText(r, "votes") !== null && Number.isFinite(votes) ? votes : null,
        default: r.attrs.default === "true",
      });
    }
  }
  // Legacy single `<rating>7.5</rating>` (+ `<votes>`).
  const legacy = childText(root, "rating");
  if (out.length === 0 && legacy !== null && Number.isFinite(Number(legacy))) {
    const votes = Number((childText(root, "votes") ?? "").replace(/[,.\s]/g, ""));
    out.push({
      name: "default",
      value: Number(legacy),
      max: 10,
      votes: childText(root, "votes") !== null && Number.isFinite(votes) ? votes : null,
      default: true,
    });
  }
  if (out.length > 0 && !out.some((r) => r.default)) out[0].default = true;
  return out;
}

function _providerIds(root: XmlElement, ids: Record<string, string>): void {
  for (const u of childrenNamed(root, "uniqueid")) {
    const type = (u.attrs.type ?? "").toLowerCase().trim();
    const value = u.text.trim();
    if (type !== "" && value !== "" && ids[type] === undefined) ids[type] = value;
  }
  const legacy: [string, string][] = [
    ["imdbid", "imdb"],
    ["tmdbid", "tmdb"],
    ["tvdbid", "tvdb"],
    ["musicbrainzalbumid", "musicbrainz_album"],
    ["musicbrainzartistid", "musicbrainz_artist"],
  ];
  for (const [tag, type] of legacy) {
    const v = childText(root, tag);
    if (v !== null && ids[type] === undefined) ids[type] = v;
  }
  // The bare `<id>` is IMDb's for movies (tt…) and TVDb's for shows and episodes.
  const id = childText(root, "id");
  if (id !== null) {
    if (IMDB_RE.test(id)) ids.imdb ??= id;
    else if (/^\d+$/.test(id)) {
      if (root.name === "movie") ids.tmdb ??= id;
      else ids.tvdb ??= id;
    }
  }
}

function _idsFromText(text: string, ids: Record<string, string>): void {
  const imdb = IMDB_RE.exec(text);
  if (imdb) ids.imdb ??= imdb[1];
  const tmdb = TMDB_URL_RE.exec(text);
  if (tmdb) ids.tmdb ??= tmdb[1];
}

function _people(root: XmlElement): NfoPerson[] {
  const out: NfoPerson[] = [];
  for (const a of childrenNamed(root, "actor")) {
    const name = childText(a, "name");
    if (name === null) continue;
    out.push({
      name,
      kind: "actor",
      role: childText(a, "role"),
      order: _int(childText(a, "order")),
      thumb: childText(a, "thumb"),
    });
  }
  const crew: [string, NfoPerson["kind"]][] = [
    ["director", "director"],
    ["credits", "writer"],
    ["writer", "writer"],
  ];
  for (const [tag, kind] of crew) {
    for (const name of _list(root, tag)) {
      if (!out.some((p) => p.kind === kind && p.name === name)) {
        out.push({ name, kind, role: null, order: null, thumb: null });
      }
    }
  }
  return out;
}
