/**
 * The server's one {@link SubtitleStore}, made on first use from the services (cache under
 * `<data_dir>/cache/subtitles`), and the lookup of an item's track with the file holding it.
 */
import { join } from "node:path";
import {
  type FileWithProbe,
  type ItemsRepo,
  type SubtitleTrack,
  subtitleTracks,
} from "../db/items.ts";
import type { Services } from "../services.ts";
import { SubtitleError, SubtitleStore, type SubtitleStoreOptions } from "./subtitle_store.ts";

const _stores = new Map<string, SubtitleStore>();

/**
 * The store of a cache directory: one per directory in the process, so the subtitle routes and
 * the playback service share in-flight extractions.
 */
export function storeAt(opts: SubtitleStoreOptions): SubtitleStore {
  let s = _stores.get(opts.cacheDir);
  if (!s) {
    s = new SubtitleStore(opts);
    _stores.set(opts.cacheDir, s);
  }
  return s;
}

/** `<data_dir>/cache/subtitles`. */
export function subtitleCacheDir(dataDir: string): string {
  return join(dataDir, "cache", "subtitles");
}

/** The subtitle store of a running server. */
export function subtitlesFor(
  services: Pick<Services, "config" | "ffmpeg" | "supervisor">,
): SubtitleStore {
  return storeAt({
    cacheDir: subtitleCacheDir(services.config.data_dir),
    ffmpegPath: services.ffmpeg.ffmpeg?.path ?? null,
    supervisor: services.supervisor,
  });
}

/** A subtitle track of an item and the file that holds it. */
export interface TrackWithFile {
  track: SubtitleTrack;
  file: FileWithProbe;
  tracks: SubtitleTrack[];
}

/**
 * Track `index` of the item's subtitle list (docs/api.md `subtitles[].index`).
 *
 * @throws {SubtitleError} `not_found` when there is no such track
 */
export function findTrack(items: ItemsRepo, itemId: string, index: number): TrackWithFile {
  const files = items.files(itemId);
  const tracks = subtitleTracks(files);
  const track = tracks.find((t) => t.index === index);
  const file = track &&
    files.find((f) => track.file_id ? f.id === track.file_id : f.path === track.path);
  if (!track || !file) throw new SubtitleError("not_found", "Subtitle not found");
  return { track, file, tracks };
}
