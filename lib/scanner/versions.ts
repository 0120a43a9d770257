/**
 * Which file of an item plays: an item may have several versions (`Movie (2010) - 4K.mkv`,
 * `Movie (2010) - 1080p.mkv`) and each version several stacked parts (`cd1`, `cd2`). Pure; shared
 * by the scanner (an item's size is its primary version's) and the item API (`primaryFile`).
 */

/** The fields of a media file that decide the play order. */
export interface PlayableFileKey {
  rel_path: string;
  version_label: string | null;
  part_number: number | null;
}

const RESOLUTION_WORDS: Record<string, number> = {
  "8k": 4320,
  "4k": 2160,
  "uhd": 2160,
  "2k": 1440,
  "qhd": 1440,
  "fhd": 1080,
  "hd": 720,
  "sd": 480,
};

/**
 * The vertical resolution a version label names ("4K" → 2160, "1080p" → 1080, "Director's Cut"
 * → undefined).
 */
export function labelResolution(label: string): number | undefined {
  const lower = label.toLowerCase();
  const p = /(?:^|[^0-9])(\d{3,4})[pi](?![a-z])/.exec(lower);
  if (p) return Number(p[1]);
  for (const word of lower.split(/[^a-z0-9]+/)) {
    const res = RESOLUTION_WORDS[word];
    if (res !== undefined) return res;
  }
  return undefined;
}

function versionRank(label: string | null): [number, number, string] {
  // Versions labelled with a resolution first, highest first (Jellyfin sorts resolution labels
  // high to low); then the unlabelled file; then other labels alphabetically.
  if (label === null) return [1, 0, ""];
  const res = labelResolution(label);
  if (res !== undefined) return [0, -res, label.toLowerCase()];
  return [2, 0, label.toLowerCase()];
}

function compareVersions(a: string | null, b: string | null): number {
  const ra = versionRank(a);
  const rb = versionRank(b);
  return ra[0] - rb[0] || ra[1] - rb[1] || (ra[2] < rb[2] ? -1 : ra[2] > rb[2] ? 1 : 0);
}

/**
 * The files in play order: the primary (highest-resolution, else unlabelled) version first, its
 * parts in part order, then the other versions. The first element is the file to direct-play.
 */
export function orderPlayableFiles<T extends PlayableFileKey>(files: readonly T[]): T[] {
  return [...files].sort((a, b) =>
    compareVersions(a.version_label, b.version_label) ||
    (a.part_number ?? 1) - (b.part_number ?? 1) ||
    (a.rel_path < b.rel_path ? -1 : a.rel_path > b.rel_path ? 1 : 0)
  );
}

/** The files of the primary version (all its parts, in order). */
export function primaryVersion<T extends PlayableFileKey>(files: readonly T[]): T[] {
  const ordered = orderPlayableFiles(files);
  if (ordered.length === 0) return [];
  const label = ordered[0].version_label;
  return ordered.filter((f) => f.version_label === label);
}
