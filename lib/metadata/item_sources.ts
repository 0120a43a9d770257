/**
 * Which local files describe each item: its NFO and its artwork. Pure: works on the index's
 * rows (items, and files with their relative paths), so it needs no file system access; the
 * scanner already indexes NFO and image files.
 */
import { findLocalImages, type ImageOwner, type LocalImage } from "./local_images.ts";

/** The item fields the lookup needs. */
export interface SourceItem {
  id: string;
  kind: ImageOwner["kind"];
  parent_id: string | null;
  series_id: string | null;
  season_number: number | null;
}

/** One indexed file (media, NFO or image). */
export interface SourceFile {
  item_id: string | null;
  rel_path: string;
  file_class: "video" | "audio" | "subtitle" | "image" | "nfo";
  size_bytes: number;
  mtime_ms: number;
}

/** The local sources of one item. */
export interface ItemSources {
  item_id: string;
  /** Relative path of the NFO to read, or null. */
  nfo: string | null;
  images: LocalImage[];
  /** Changes whenever the NFO or an image file does (paths, sizes, mtimes). */
  signature: string;
}

const SEASON_DIR = /^(?:season|saison|staffel|temporada|series|s)[ ._-]*\d{1,4}$|^specials?$/i;
const DISC_DIR = /^(?:cd|dvd|disc|disk|part|pt)[ ._-]*[0-9a-d]{1,3}$/i;

function _dir(rel: string): string {
  const slash = rel.lastIndexOf("/");
  return slash < 0 ? "" : rel.slice(0, slash);
}

function _base(rel: string): string {
  return rel.slice(rel.lastIndexOf("/") + 1);
}

function _stem(rel: string): string {
  const name = _base(rel);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? name : name.slice(0, dot);
}

/** The deepest folder holding every path of `dirs`; null for none. */
function _commonDir(dirs: readonly string[]): string | null {
  if (dirs.length === 0) return null;
  let common = dirs[0];
  for (const d of dirs) {
    while (common !== "" && d !== common && !d.startsWith(common + "/")) common = _dir(common);
  }
  return common;
}

/** Goes up from a disc folder (`CD1`) or, when asked, a season folder. */
function _up(dir: string | null, re: RegExp): string | null {
  return dir !== null && dir !== "" && re.test(_base(dir)) ? _dir(dir) : dir;
}

/**
 * Finds the NFO and images of every item. Folders are given to an item only when no other
 * item's media sits in them (two loose movies side by side share neither `poster.jpg` nor
 * `movie.nfo`).
 */
export function findItemSources(
  items: readonly SourceItem[],
  files: readonly SourceFile[],
): ItemSources[] {
  const listing = new Map<string, string[]>();
  const fileByRel = new Map<string, SourceFile>();
  const mediaOf = new Map<string, string[]>();
  const mediaItemsInDir = new Map<string, Set<string>>();
  for (const f of files) {
    if (f.file_class === "image" || f.file_class === "nfo") {
      const d = _dir(f.rel_path);
      let names = listing.get(d);
      if (!names) listing.set(d, names = []);
      names.push(_base(f.rel_path));
      fileByRel.set(f.rel_path, f);
    } else if ((f.file_class === "video" || f.file_class === "audio") && f.item_id !== null) {
      let list = mediaOf.get(f.item_id);
      if (!list) mediaOf.set(f.item_id, list = []);
      list.push(f.rel_path);
      const d = _dir(f.rel_path);
      let owners = mediaItemsInDir.get(d);
      if (!owners) mediaItemsInDir.set(d, owners = new Set());
      owners.add(f.item_id);
    }
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const albumsOf = new Map<string, SourceItem[]>();
  for (const i of items) {
    if (i.kind !== "album" || i.parent_id === null) continue;
    let list = albumsOf.get(i.parent_id);
    if (!list) albumsOf.set(i.parent_id, list = []);
    list.push(i);
  }
  // Media of containers: every descendant's files (series ← episodes, album ← tracks…).
  const descendantMedia = new Map<string, string[]>();
  for (const item of items) {
    const media = mediaOf.get(item.id);
    if (!media) continue;
    let p = item.parent_id;
    const seen = new Set<string>();
    while (p !== null && !seen.has(p)) {
      seen.add(p);
      let list = descendantMedia.get(p);
      if (!list) descendantMedia.set(p, list = []);
      list.push(...media);
      p = byId.get(p)?.parent_id ?? null;
    }
  }
  const folderCache = new Map<string, string | null>();
  const folderOf = (item: SourceItem): string | null => {
    if (folderCache.has(item.id)) return folderCache.get(item.id)!;
    let folder: string | null = null;
    const own = mediaOf.get(item.id) ?? [];
    const below = descendantMedia.get(item.id) ?? [];
    switch (item.kind) {
      case "movie":
      case "video": {
        const d = _up(_commonDir(own.map(_dir)), DISC_DIR);
        const dirs = new Set(own.map(_dir));
        const shared = [...dirs].some((x) => (mediaItemsInDir.get(x)?.size ?? 0) > 1);
        folder = d !== null && !shared ? d : null;
        break;
      }
      case "series":
        folder = _up(_commonDir(below.map(_dir)), SEASON_DIR);
        break;
      case "season": {
        const d = _commonDir(below.map(_dir));
        const series = item.parent_id ? byId.get(item.parent_id) : undefined;
        const seriesFolder = series ? folderOf(series) : null;
        folder = d !== null && d !== seriesFolder ? d : null;
        break;
      }
      case "album":
        folder = _up(_commonDir(below.map(_dir)), DISC_DIR);
        break;
      case "artist": {
        const albums = albumsOf.get(item.id) ?? [];
        const dirs = albums.map(folderOf).filter((d): d is string => d !== null).map(_dir);
        const d = _commonDir(dirs);
        folder = d === "" ? null : d;
        break;
      }
    }
    folderCache.set(item.id, folder);
    return folder;
  };

  const list = (dir: string) => listing.get(dir) ?? [];
  const has = (rel: string) => fileByRel.has(rel);
  const join = (dir: string, name: string) => dir === "" ? name : `${dir}/${name}`;
  const out: ItemSources[] = [];
  for (const item of items) {
    const folder = folderOf(item);
    const own = item.kind === "track" || item.kind === "episode" ||
        item.kind === "movie" || item.kind === "video"
      ? mediaOf.get(item.id) ?? []
      : [];
    const owner: ImageOwner = { kind: item.kind, folder, files: own };
    if (item.kind === "season") {
      const series = item.parent_id ? byId.get(item.parent_id) : undefined;
      owner.season = {
        number: item.season_number,
        series_folder: series ? folderOf(series) : null,
      };
    }
    const images = findLocalImages(owner, list);
    let nfo: string | null = null;
    for (const f of own) {
      const candidate = join(_dir(f), `${_stem(f)}.nfo`);
      if (has(candidate)) {
        nfo = candidate;
        break;
      }
    }
    if (nfo === null && folder !== null) {
      const name = {
        movie: "movie.nfo",
        video: "movie.nfo",
        series: "tvshow.nfo",
        season: "season.nfo",
        album: "album.nfo",
        artist: "artist.nfo",
      }[item.kind as string];
      if (name) {
        // NFO names are matched without regard to case, like the image names.
        const hit = list(folder).find((n) => n.toLowerCase() === name);
        if (hit) nfo = join(folder, hit);
      }
    }
    if (nfo === null && images.length === 0) {
      out.push({ item_id: item.id, nfo, images, signature: "" });
      continue;
    }
    const parts: string[] = [];
    for (const rel of [nfo, ...images.map((i) => i.path)]) {
      if (rel === null) continue;
      const f = fileByRel.get(rel)!;
      parts.push(`${rel}:${f.size_bytes}:${f.mtime_ms}`);
    }
    for (const i of images) parts.push(`${i.type}${i.index}`);
    out.push({ item_id: item.id, nfo, images, signature: parts.join("|") });
  }
  return out;
}

/** A short version tag for an image file (changes with its size and mtime). */
export function imageTag(path: string, size: number, mtimeMs: number): string {
  // FNV-1a, 32 bits twice with different seeds: short, stable, no crypto needed for a cache key.
  const text = `${path}\0${size}\0${mtimeMs}`;
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
