/**
 * Phase 2 of a scan (see README.md): groups the files of a library into the item tree the index
 * should hold. Pure: the naming result of every file (and the music tags of probed files) in,
 * planned items and file assignments out. Items carry stable group keys so that the diff against
 * the index finds the same series, season, album or movie again on every scan.
 */
import type { LibraryKind, NamingResult, SidecarInfo } from "../naming/types.ts";
import { detectExtra } from "../naming/extras.ts";
import { parseSeasonFolder } from "../naming/episode.ts";
import { parseStackFolder } from "../naming/stacking.ts";
import type { IndexedFileClass, ItemFields, ItemKind, MusicTags } from "../db/media_files.ts";
import { NON_ASCII, searchText, sortTitle } from "./sort_title.ts";
import { primaryVersion } from "./versions.ts";
import { runSteps, STEP_EVERY, type Steps } from "./slices.ts";

/** One file of the library as the planner sees it. */
export interface PlanEntry {
  /** Path relative to the library root, `/`-separated. */
  rel: string;
  size: number;
  mtime_ms: number;
  naming: NamingResult;
  /** Tags of the file's current probe (audio), when it has one. */
  tags?: MusicTags | null;
  /** The file's folder could not be read this scan; it is kept as it was. */
  missing?: boolean;
}

/** An item the index should hold; parents are referenced by key. */
export interface PlannedItem extends Omit<ItemFields, "parent_id" | "series_id" | "group_key"> {
  key: string;
  parent_key: string | null;
  series_key: string | null;
}

/** Where a file belongs. */
export interface PlannedFile {
  rel: string;
  file_class: IndexedFileClass;
  /** Null for a sidecar whose video is not in the library. */
  item_key: string | null;
  part_number: number | null;
  version_label: string | null;
  sidecar: SidecarInfo | null;
  size: number;
  mtime_ms: number;
  missing: boolean;
}

/** The planned index of a library: items parents first, and every indexed file. */
export interface LibraryPlan {
  items: PlannedItem[];
  files: PlannedFile[];
}

const ARTWORK_FOLDERS = new Set(["extrafanart", "extrathumbs", "artwork", "metadata"]);
const MUSIC_DISC_FOLDER = /^(?:cd|disc|disk|digital media)[ ._-]*\d{1,3}(?=$|[ ._\-([])/i;
const VARIOUS_ARTISTS = "Various Artists";

interface Split {
  dirs: string[];
  dir: string;
  name: string;
  stem: string;
}

function split(rel: string): Split {
  const parts = rel.split("/");
  const name = parts.pop()!;
  const dot = name.lastIndexOf(".");
  return {
    dirs: parts,
    dir: parts.join("/"),
    name,
    stem: dot > 0 ? name.slice(0, dot) : name,
  };
}

function parentDir(dir: string): string | undefined {
  if (dir === "") return undefined;
  const slash = dir.lastIndexOf("/");
  return slash < 0 ? "" : dir.slice(0, slash);
}

function baseName(dir: string): string {
  return dir.slice(dir.lastIndexOf("/") + 1);
}

/** Case- and space-insensitive key text (keys must not flip when only the case changes). */
function norm(s: string): string {
  // Most names are ASCII, which NFKC leaves as is.
  const n = NON_ASCII.test(s) ? s.normalize("NFKC") : s;
  return n.toLowerCase().replace(/\s+/g, " ").trim();
}

function blankItem(
  key: string,
  kind: ItemKind,
  title: string,
  parentKey: string | null,
  seriesKey: string | null,
): PlannedItem {
  return {
    key,
    kind,
    parent_key: parentKey,
    series_key: seriesKey,
    title,
    sort_title: sortTitle(title),
    search_title: searchText(title),
    original_title: null,
    year: null,
    season_number: null,
    episode_number: null,
    episode_end: null,
    air_date: null,
    artist: null,
    album_artist: null,
    album: null,
    track_number: null,
    disc_number: null,
    extra_type: null,
    size_bytes: null,
  };
}

function isSeasonFolder(name: string): boolean {
  return parseSeasonFolder(name) !== undefined;
}

/** Most frequent non-empty value (ties: first seen), or undefined. */
function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const v of values) {
    if (!v) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

interface PlayableRef {
  stem: string;
  key: string;
}

class PlanBuilder {
  readonly items = new Map<string, PlannedItem>();
  readonly files: PlannedFile[] = [];
  /** Video and audio items by folder: what sidecars and extras attach to. */
  readonly playablesByDir = new Map<string, PlayableRef[]>();
  /** Main (non-extra) items by folder. */
  readonly mainByDir = new Map<string, PlayableRef[]>();
  /** The container a folder stands for (series, season, album, artist folders). */
  readonly folderItem = new Map<string, string>();

  constructor(readonly kind: LibraryKind) {}

  /** The item with this key, created when new (the first file of a group names it). */
  add(
    key: string,
    kind: ItemKind,
    title: string,
    parentKey: string | null,
    seriesKey: string | null,
  ): PlannedItem {
    let item = this.items.get(key);
    if (!item) {
      item = blankItem(key, kind, title, parentKey, seriesKey);
      this.items.set(key, item);
    }
    return item;
  }

  file(entry: PlanEntry, itemKey: string | null, fileClass: IndexedFileClass): void {
    const n = entry.naming;
    this.files.push({
      rel: entry.rel,
      file_class: fileClass,
      item_key: itemKey,
      part_number: n.part ?? null,
      version_label: n.version ?? null,
      sidecar: n.sidecar ?? null,
      size: entry.size,
      mtime_ms: entry.mtime_ms,
      missing: entry.missing === true,
    });
  }

  playable(dir: string, stem: string, key: string, main: boolean): void {
    const push = (map: Map<string, PlayableRef[]>) => {
      const list = map.get(dir);
      if (list) list.push({ stem, key });
      else map.set(dir, [{ stem, key }]);
    };
    push(this.playablesByDir);
    if (main) push(this.mainByDir);
  }

  setFolder(dir: string, key: string): void {
    if (!this.folderItem.has(dir)) this.folderItem.set(dir, key);
  }

  /** A movie or a loose video; stacked parts and versions share one key. */
  mainVideo(entry: PlanEntry, kind: "movie" | "video"): void {
    const n = entry.naming;
    const s = split(entry.rel);
    const title = n.title || s.stem;
    // A part folder (`Movie/CD1/movie.avi`) belongs to the folder above.
    const dir = n.part !== undefined && s.dirs.length > 1 &&
        parseStackFolder(s.dirs[s.dirs.length - 1]) !== undefined
      ? s.dirs.slice(0, -1).join("/")
      : s.dir;
    const key = n.stack_key !== undefined
      ? `${kind}:stack:${n.stack_key}`
      : `${kind}:${dir}|${norm(title)}|${n.year ?? ""}`;
    const item = this.add(key, kind, title, null, null);
    if (item.year === null && n.year !== undefined) item.year = n.year;
    this.playable(s.dir, s.stem, key, true);
    if (dir !== s.dir) this.playable(dir, s.stem, key, true);
    this.file(entry, key, entry.naming.file_class === "audio" ? "audio" : "video");
  }

  seriesKeyOf(entry: PlanEntry, s: Split): { key: string; folder?: string } {
    const n = entry.naming;
    // In a shows library a series is its top folder (docs: one folder per series); a season
    // folder at the root, a file at the root or a mixed library fall back to the series name.
    if (this.kind === "shows" && s.dirs.length > 0 && !isSeasonFolder(s.dirs[0])) {
      return { key: `series:${s.dirs[0]}`, folder: s.dirs[0] };
    }
    const name = n.series ?? (s.dirs.length > 0 ? s.dirs[s.dirs.length - 1] : s.stem);
    return { key: `series:~${norm(name)}|${n.series_year ?? ""}` };
  }

  episode(entry: PlanEntry): void {
    const n = entry.naming;
    const s = split(entry.rel);
    const series = this.seriesKeyOf(entry, s);
    const seriesTitle = n.series ?? series.folder ?? s.stem;
    const seriesItem = this.add(series.key, "series", seriesTitle, null, null);
    if (seriesItem.year === null && n.series_year !== undefined) seriesItem.year = n.series_year;
    if (series.folder !== undefined) this.setFolder(series.folder, series.key);

    let parentKey = series.key;
    if (n.season !== undefined) {
      const seasonKey = `${series.key}/season:${n.season}`;
      const season = this.add(
        seasonKey,
        "season",
        n.season === 0 ? "Specials" : `Season ${n.season}`,
        series.key,
        series.key,
      );
      season.season_number = n.season;
      if (s.dir !== series.folder && s.dir !== "") this.setFolder(s.dir, seasonKey);
      parentKey = seasonKey;
    }

    const episodes = n.episodes ?? [];
    const first = episodes[0];
    const last = episodes[episodes.length - 1];
    let key: string;
    if (first !== undefined) {
      key = `${parentKey}/e${first}${last !== first ? "-" + last : ""}`;
    } else if (n.air_date !== undefined) {
      key = `${parentKey}/d${n.air_date}`;
    } else {
      key = `${parentKey}/f:${n.stack_key ?? `${s.dir}/${norm(n.title ?? s.stem)}`}`;
    }
    const title = n.title ??
      (first === undefined
        ? (n.air_date ?? s.stem)
        : last !== first
        ? `Episodes ${first}–${last}`
        : `Episode ${first}`);
    const item = this.add(key, "episode", title, parentKey, series.key);
    item.season_number = n.season ?? null;
    item.episode_number = first ?? null;
    item.episode_end = last !== first ? last : null;
    item.air_date = n.air_date ?? null;
    item.year = n.year ?? (n.air_date ? Number(n.air_date.slice(0, 4)) : null);
    this.playable(s.dir, s.stem, key, true);
    this.file(entry, key, "video");
  }

  /** Tracks grouped into albums (one folder = one album) and artists; tags win over folders. */
  music(entries: PlanEntry[]): void {
    interface AlbumGroup {
      key: string;
      folder?: string;
      entries: PlanEntry[];
    }
    const albums = new Map<string, AlbumGroup>();
    const loose: PlanEntry[] = [];
    for (const e of entries) {
      const n = e.naming;
      const tags = e.tags ?? {};
      const s = split(e.rel);
      const folder = s.dirs.length > 1 && MUSIC_DISC_FOLDER.test(s.dirs[s.dirs.length - 1])
        ? s.dirs.slice(0, -1).join("/")
        : s.dir;
      const albumName = tags.album ?? n.album;
      let key: string | undefined;
      if (folder !== "" && (albumName || n.album !== undefined)) key = `album:${folder}`;
      else if (albumName) {
        key = `album:~${norm(tags.album_artist ?? tags.artist ?? n.artist ?? "")}|${
          norm(albumName)
        }`;
      }
      if (key === undefined) {
        loose.push(e);
        continue;
      }
      const group = albums.get(key);
      if (group) group.entries.push(e);
      else albums.set(key, { key, folder: folder === "" ? undefined : folder, entries: [e] });
    }

    for (const group of albums.values()) {
      const tagList = group.entries.map((e) => e.tags ?? {});
      const first = group.entries[0].naming;
      const title = mostCommon(tagList.map((t) => t.album)) ?? first.album ??
        (group.folder ? baseName(group.folder) : "Unknown album");
      const trackArtists = new Set(tagList.map((t) => t.artist).filter((a) => a));
      const albumArtist = mostCommon(tagList.map((t) => t.album_artist)) ??
        (trackArtists.size === 1
          ? [...trackArtists][0]
          : trackArtists.size > 1
          ? VARIOUS_ARTISTS
          : first.artist);
      let artistKey: string | null = null;
      if (albumArtist) {
        artistKey = `artist:${norm(albumArtist)}`;
        this.add(artistKey, "artist", albumArtist, null, null);
        // The folder above an album folder named after the artist is the artist's folder.
        const above = group.folder !== undefined ? parentDir(group.folder) : undefined;
        if (above) this.setFolder(above, artistKey);
      }
      const album = this.add(group.key, "album", title, artistKey, null);
      album.album = title;
      album.album_artist = albumArtist ?? null;
      album.artist = albumArtist ?? null;
      album.year = tagList.find((t) => t.year !== undefined)?.year ??
        group.entries.find((e) => e.naming.year !== undefined)?.naming.year ?? null;
      if (group.folder !== undefined) this.setFolder(group.folder, group.key);
      for (const e of group.entries) {
        const s = split(e.rel);
        if (s.dir !== group.folder) this.setFolder(s.dir, group.key);
        this.track(e, s, group.key, title, albumArtist ?? null);
      }
    }
    for (const e of loose) {
      const artist = e.tags?.album_artist ?? e.tags?.artist ?? e.naming.artist;
      let parent: string | null = null;
      if (artist) {
        parent = `artist:${norm(artist)}`;
        this.add(parent, "artist", artist, null, null);
      }
      this.track(e, split(e.rel), parent, null, artist ?? null);
    }
  }

  track(
    e: PlanEntry,
    s: Split,
    parentKey: string | null,
    album: string | null,
    albumArtist: string | null,
  ): void {
    const n = e.naming;
    const tags = e.tags ?? {};
    const key = `track:${e.rel}`;
    const item = this.add(key, "track", tags.title ?? n.title ?? s.stem, parentKey, null);
    item.artist = tags.artist ?? albumArtist ?? n.artist ?? null;
    item.album_artist = albumArtist;
    item.album = album;
    item.track_number = tags.track ?? n.track ?? null;
    item.disc_number = tags.disc ?? n.disc ?? null;
    item.year = tags.year ?? n.year ?? null;
    this.playable(s.dir, s.stem, key, true);
    this.file(e, key, "audio");
  }

  /** An extra attaches to the item of the folder that owns it (the extras folder's parent). */
  extra(entry: PlanEntry): void {
    const n = entry.naming;
    const s = split(entry.rel);
    const isAudio = n.file_class === "audio";
    const match = detectExtra(s.dirs, s.stem, isAudio);
    const ownerDir = match ? s.dirs.slice(0, match.owner_depth).join("/") : s.dir;
    const ownerName = match?.name ?? s.stem;
    let owner: string | null = this.folderItem.get(ownerDir) ?? null;
    if (owner === null) {
      const mains = this.mainByDir.get(ownerDir) ?? [];
      const byStem = mains.find((m) => norm(m.stem) === norm(ownerName));
      const distinct = new Set(mains.map((m) => m.key));
      owner = byStem?.key ?? (distinct.size === 1 ? [...distinct][0] : null);
    }
    const ownerItem = owner ? this.items.get(owner) : undefined;
    const seriesKey = ownerItem?.kind === "series"
      ? ownerItem.key
      : ownerItem?.kind === "season"
      ? ownerItem.series_key
      : null;
    const key = `extra:${entry.rel}`;
    const item = this.add(key, isAudio ? "track" : "video", n.title || s.stem, owner, seriesKey);
    item.extra_type = n.extra_type ?? "extra";
    item.year = n.year ?? null;
    this.playable(s.dir, s.stem, key, false);
    this.file(entry, key, isAudio ? "audio" : "video");
  }

  /**
   * Subtitles attach to the video the naming rules name (`video_dir` + `video_base`), images and
   * NFO files to the video they are named after or else to the folder's item.
   */
  sidecar(entry: PlanEntry, fileClass: "subtitle" | "image" | "nfo"): void {
    const s = split(entry.rel);
    const info = entry.naming.sidecar;
    // The folder's only main item (extras next to a movie do not make it ambiguous).
    const single = (dir: string): string | null => {
      const distinct = new Set((this.mainByDir.get(dir) ?? []).map((p) => p.key));
      return distinct.size === 1 ? [...distinct][0] : null;
    };
    const byName = (dir: string, videoBase: string | undefined): string | null => {
      const playables = this.playablesByDir.get(dir) ?? [];
      if (videoBase !== undefined) {
        const exact = playables.find((p) => p.stem === videoBase) ??
          playables.find((p) => p.stem.toLowerCase() === videoBase.toLowerCase());
        if (exact) return exact.key;
      }
      // `Movie.en.forced.srt`, `Movie-poster.jpg`: the longest video name the file starts with.
      const lower = s.stem.toLowerCase();
      let best: PlayableRef | undefined;
      for (const p of playables) {
        const stem = p.stem.toLowerCase();
        const prefixed = lower === stem ||
          (lower.startsWith(stem) && ".-_ ".includes(lower[stem.length]));
        if (prefixed && (!best || p.stem.length > best.stem.length)) best = p;
      }
      return best?.key ?? null;
    };
    let key: string | null;
    if (fileClass === "subtitle") {
      const dir = info?.video_dir ?? s.dir;
      key = info?.from_folder ? single(dir) : byName(dir, info?.video_base) ?? single(dir);
    } else {
      const find = (dir: string) =>
        byName(dir, undefined) ?? this.folderItem.get(dir) ?? single(dir);
      key = find(s.dir);
      const up = parentDir(s.dir);
      if (key === null && up !== undefined && ARTWORK_FOLDERS.has(baseName(s.dir).toLowerCase())) {
        key = find(up);
      }
    }
    this.file(entry, key, fileClass);
  }

  /** Item sizes: the bytes of the primary version's parts. */
  finish(): LibraryPlan {
    const byItem = new Map<string, PlannedFile[]>();
    for (const f of this.files) {
      if (f.item_key === null || (f.file_class !== "video" && f.file_class !== "audio")) continue;
      const list = byItem.get(f.item_key);
      if (list) list.push(f);
      else byItem.set(f.item_key, [f]);
    }
    for (const [key, files] of byItem) {
      const parts = files.length === 1
        ? files
        : primaryVersion(files.map((f) => ({ ...f, rel_path: f.rel })));
      this.items.get(key)!.size_bytes = parts.reduce((sum, f) => sum + f.size, 0);
    }
    return { items: [...this.items.values()], files: this.files };
  }
}

/**
 * Plans the item tree of a library from its files. Entries may come in any order; the result
 * does not depend on it. Ignored entries (naming kind "ignored") are left out.
 */
export function planLibrary(kind: LibraryKind, entries: readonly PlanEntry[]): LibraryPlan {
  return runSteps(planLibrarySteps(kind, entries));
}

/** {@link planLibrary} as pausable steps (see slices.ts). */
export function* planLibrarySteps(
  kind: LibraryKind,
  entries: readonly PlanEntry[],
): Steps<LibraryPlan> {
  const sorted = [...entries].sort((a, b) => a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  yield;
  const b = new PlanBuilder(kind);
  const tracks: PlanEntry[] = [];
  const extras: PlanEntry[] = [];
  const sidecars: PlanEntry[] = [];
  let n = 0;
  for (const e of sorted) {
    if (++n % STEP_EVERY === 0) yield;
    const naming = e.naming;
    if (naming.kind === "ignored" || naming.file_class === "other") continue;
    if (naming.kind === "subtitle" || naming.kind === "image" || naming.kind === "nfo") {
      sidecars.push(e);
    } else if (naming.extra_type !== undefined) {
      extras.push(e);
    } else if (naming.kind === "episode") {
      b.episode(e);
    } else if (naming.kind === "track") {
      tracks.push(e);
    } else if (naming.kind === "movie") {
      b.mainVideo(e, "movie");
    } else {
      b.mainVideo(e, "video");
    }
  }
  b.music(tracks);
  yield;
  // Folders holding exactly one main item stand for it (a movie's folder), after the
  // containers claimed theirs.
  for (const [dir, mains] of b.mainByDir) {
    if (++n % STEP_EVERY === 0) yield;
    const distinct = new Set(mains.map((m) => m.key));
    if (distinct.size === 1) b.setFolder(dir, [...distinct][0]);
  }
  for (const e of extras) b.extra(e);
  for (const e of sidecars) {
    if (++n % STEP_EVERY === 0) yield;
    b.sidecar(e, e.naming.kind as "subtitle" | "image" | "nfo");
  }
  yield;
  return b.finish();
}
