/**
 * Local artwork beside the media, found by the names media managers (Kodi, Jellyfin, Plex)
 * write: `poster|folder|cover` (primary), `fanart|backdrop|background|art` (+ numbered and
 * `extrafanart/`), `logo|clearlogo`, `banner`, `thumb|landscape`, per-file `<video>-poster.jpg`,
 * season art in the series folder (`season01-poster.jpg`, `season-specials-poster.jpg`,
 * `season-all-poster.jpg`) or in the season folder. Pure: the caller lists the folders.
 */

/** The image slots an item has (`GET /api/items/{id}/images/{type}`). */
export type ImageType = "primary" | "backdrop" | "logo" | "banner" | "thumb";

/** Every image type, in the order the API lists them. */
export const IMAGE_TYPES: readonly ImageType[] = ["primary", "backdrop", "logo", "banner", "thumb"];

/** Extensions of image files read as artwork (`tbn` is Kodi's JPEG under another name). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(["jpg", "jpeg", "png", "webp", "tbn"]);

/** One image found for an item: its type, its path relative to the library root, its index. */
export interface LocalImage {
  type: ImageType;
  /** `/`-separated path relative to the library root. */
  path: string;
  /** Position among the item's images of this type (backdrops have several; others only 0). */
  index: number;
}

/** The item whose images are looked up, as far as naming is concerned. */
export interface ImageOwner {
  kind: "movie" | "video" | "series" | "season" | "episode" | "artist" | "album" | "track";
  /**
   * The folder (relative, `/`-separated, "" for the root) whose generic names (`poster.jpg`) are
   * this item's, or null when the folder is shared with other items (loose files).
   */
  folder: string | null;
  /** The item's media files (relative paths), for per-file names (`<video>-poster.jpg`). */
  files: readonly string[];
  /** A season: its number and its series' folder (for `season01-poster.jpg`). */
  season?: { number: number | null; series_folder: string | null };
}

/** Lists a folder: the file names directly in `dir` (relative, `/`-separated). */
export type FolderListing = (dir: string) => readonly string[];

const GENERIC: Record<string, ImageType> = {
  poster: "primary",
  folder: "primary",
  cover: "primary",
  default: "primary",
  fanart: "backdrop",
  backdrop: "backdrop",
  background: "backdrop",
  art: "backdrop",
  logo: "logo",
  clearlogo: "logo",
  banner: "banner",
  thumb: "thumb",
  landscape: "thumb",
};

/** Suffixes after `<video>-` (and `seasonNN-`). */
const SUFFIX: Record<string, ImageType> = {
  poster: "primary",
  cover: "primary",
  fanart: "backdrop",
  backdrop: "backdrop",
  background: "backdrop",
  logo: "logo",
  clearlogo: "logo",
  banner: "banner",
  thumb: "thumb",
  landscape: "thumb",
};

/** Generic names ranked: a lower rank wins the single slots (primary, logo…). */
const RANK = [
  "poster",
  "folder",
  "cover",
  "default",
  "movie",
  "show",
  "fanart",
  "backdrop",
  "background",
  "art",
  "clearlogo",
  "logo",
  "banner",
  "landscape",
  "thumb",
];

const NUMBERED_BACKDROP = /^(?:fanart|backdrop|background|art)[-_ ]?(\d{1,3})$/;
const SEASON_ART = /^season[-_ ]?(\d{1,4}|specials|all)-([a-z]+)$/;

interface Candidate {
  type: ImageType;
  path: string;
  /** Lower sorts first: specificity, then name rank, then number. */
  order: number;
}

/** Splits "dir/name.ext" into the folder, the lower-cased base name and the extension. */
function _split(path: string): { dir: string; base: string; ext: string } {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "" : path.slice(0, slash);
  const name = slash < 0 ? path : path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  return dot <= 0
    ? { dir, base: name.toLowerCase(), ext: "" }
    : { dir, base: name.slice(0, dot).toLowerCase(), ext: name.slice(dot + 1).toLowerCase() };
}

function _join(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** Whether a file name has an image extension. */
export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(_split(name).ext);
}

/** The generic-name type of a base name in the item's own folder, for this kind of item. */
function _genericType(base: string, kind: ImageOwner["kind"]): ImageType | null {
  if (base === "movie" && (kind === "movie" || kind === "video")) return "primary";
  if (base === "show" && kind === "series") return "primary";
  const t = GENERIC[base];
  if (t) return t;
  if (NUMBERED_BACKDROP.test(base)) return "backdrop";
  return null;
}

function _rank(base: string): number {
  const plain = base.replace(/[-_ ]?\d+$/, "");
  const r = RANK.indexOf(plain);
  const n = /(\d+)$/.exec(base);
  return (r < 0 ? RANK.length : r) * 1000 + (n ? Math.min(999, Number(n[1])) : 0);
}

/**
 * The local images of an item in {@link IMAGE_TYPES} order, best first within each type. Single-slot
 * types (primary, logo, banner, thumb) keep only their best image; backdrops keep all.
 */
export function findLocalImages(owner: ImageOwner, list: FolderListing): LocalImage[] {
  const found: Candidate[] = [];
  // 1. Per-file names beside each media file: `<video>-poster.jpg`, `<video>.jpg`.
  for (const file of owner.files) {
    const { dir, base: video } = _split(file);
    for (const name of list(dir)) {
      const { base, ext } = _split(name);
      if (!IMAGE_EXTENSIONS.has(ext)) continue;
      if (base === video) {
        // An episode's same-named image is its thumbnail, which is also its primary image.
        found.push({ type: "primary", path: _join(dir, name), order: 0 });
      } else if (base.startsWith(video + "-")) {
        const type = SUFFIX[base.slice(video.length + 1)];
        if (type) found.push({ type, path: _join(dir, name), order: 1 + _rank(base) / 1e6 });
        if (type === "thumb" && owner.kind === "episode") {
          found.push({ type: "primary", path: _join(dir, name), order: 2 });
        }
      }
    }
  }
  // 2. Generic names in the item's own folder, and extrafanart/.
  if (owner.folder !== null) {
    for (const name of list(owner.folder)) {
      const { base, ext } = _split(name);
      if (!IMAGE_EXTENSIONS.has(ext)) continue;
      const type = _genericType(base, owner.kind);
      if (type) {
        found.push({ type, path: _join(owner.folder, name), order: 10 + _rank(base) / 1e6 });
      }
    }
    const extra = _join(owner.folder, "extrafanart");
    for (const name of list(extra)) {
      if (isImageName(name)) {
        found.push({ type: "backdrop", path: _join(extra, name), order: 20 + _rank(name) / 1e6 });
      }
    }
  }
  // 3. Season art in the series folder.
  const season = owner.season;
  if (season && season.series_folder !== null) {
    for (const name of list(season.series_folder)) {
      const { base, ext } = _split(name);
      if (!IMAGE_EXTENSIONS.has(ext)) continue;
      const m = SEASON_ART.exec(base);
      if (!m) continue;
      const type = SUFFIX[m[2]];
      if (!type) continue;
      const which = m[1];
      const num = which === "specials" ? 0 : which === "all" ? null : Number(which);
      if (which === "all") {
        found.push({ type, path: _join(season.series_folder, name), order: 30 });
      } else if (num === season.number) {
        found.push({ type, path: _join(season.series_folder, name), order: 5 });
      }
    }
  }
  found.sort((a, b) => a.order - b.order || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const out: LocalImage[] = [];
  const seen = new Set<string>();
  const counts = new Map<ImageType, number>();
  for (const c of found) {
    const key = `${c.type}\0${c.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = counts.get(c.type) ?? 0;
    if (n > 0 && c.type !== "backdrop") continue;
    counts.set(c.type, n + 1);
    out.push({ type: c.type, path: c.path, index: n });
  }
  return out.sort((a, b) =>
    IMAGE_TYPES.indexOf(a.type) - IMAGE_TYPES.indexOf(b.type) || a.index - b.index
  );
}
