/**
 * Resized artwork on disk: each (image, version tag, width, format) is rendered once by ffmpeg
 * into `<data_dir>/cache/images/` and served from there. Concurrent requests for the same size
 * share one ffmpeg run; runs are bounded and supervised (stopped at shutdown). Also grabs a
 * representative frame for videos without a primary image, in the background.
 */
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { ProcessSupervisor } from "../media/process.ts";
import type { ItemImage, MetadataRepo } from "../metadata/metadata_repo.ts";
import { imageTag } from "../metadata/item_sources.ts";
import { downloadFolder } from "../metadata/enrich.ts";
import { frameTime, type ImageFormat, type ImageInput, resizeArgs } from "./resize_args.ts";

/** Options of {@link ImageService}. */
export interface ImageServiceOptions {
  /** Folder of rendered images (created on demand). */
  cacheDir: string;
  /** ffmpeg to run; null serves local originals only. */
  ffmpegPath: string | null;
  supervisor: ProcessSupervisor;
  repo: MetadataRepo;
  /** ffmpeg runs at once for requests; default 2. Frame grabs use one lane of their own. */
  concurrency?: number;
  /** Longest an ffmpeg run may take; default 30 s. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Thrown when an image cannot be rendered; `code` maps to 404 (no path in the message). */
export class ImageError extends Error {
  readonly code = "not_found";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ImageError";
  }
}

/** A rendered image ready to serve. */
export interface RenderedImage {
  path: string;
  contentType: string;
  /** Strong ETag: the image's version, width and format. */
  etag: string;
}

/** Average luma (0–255) under which a grabbed frame counts as black. */
const BLACK_LUMA = 24;
const FRAME_ATTEMPTS = 3;

/** A counting semaphore: at most `limit` holders at once, first come first served. */
class _Lanes {
  #free: number;
  #waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.#free = limit;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/** Renders and caches artwork. */
export class ImageService {
  readonly #opts: ImageServiceOptions;
  readonly #inflight = new Map<string, Promise<RenderedImage>>();
  readonly #lanes: _Lanes;
  readonly #frameLane = new _Lanes(1);
  readonly #frameFailed = new Set<string>();
  readonly #framePasses = new Map<string, Promise<number>>();
  /** Libraries being deleted: their frame passes stop and none starts. */
  readonly #forgotten = new Set<string>();
  #closed = false;
  #runs = 0;

  constructor(opts: ImageServiceOptions) {
    this.#opts = opts;
    this.#lanes = new _Lanes(opts.concurrency ?? 2);
  }

  /** Number of ffmpeg runs so far (tests check that concurrent requests share one). */
  get runs(): number {
    return this.#runs;
  }

  /**
   * The file to serve for `image` at `width` (null: the original size). A local image asked at
   * its original size is served as it is; anything else is rendered once and cached.
   */
  render(image: ItemImage, width: number | null, format: ImageFormat): Promise<RenderedImage> {
    if (width === null && image.source !== "embedded") {
      return Promise.resolve({
        path: image.path,
        contentType: _typeOf(image.path),
        etag: `"img-${image.tag}-orig"`,
      });
    }
    const w = width ?? 1920;
    const ext = format === "webp" ? "webp" : "jpg";
    const name = `${image.type}-${image.idx}-${image.tag}-${w}.${ext}`;
    const path = join(this.#opts.cacheDir, _shard(image.item_id), image.item_id, name);
    const rendered: RenderedImage = {
      path,
      contentType: format === "webp" ? "image/webp" : "image/jpeg",
      etag: `"img-${image.tag}-${w}-${ext}"`,
    };
    const running = this.#inflight.get(path);
    if (running) return running;
    const job = (async () => {
      try {
        await Deno.stat(path);
        return rendered;
      } catch {
        // Not cached yet.
      }
      const input: ImageInput = image.source === "embedded"
        ? { kind: "embedded", path: image.path, stream_index: image.stream_index ?? 0 }
        : { kind: "file", path: image.path };
      await this.#lanes.run(() => this.#ffmpeg(input, w, format, path));
      return rendered;
    })().finally(() => this.#inflight.delete(path));
    this.#inflight.set(path, job);
    return job;
  }

  /**
   * Grabs a frame for each video of the library that has no primary image (one at a time, in
   * the background): about 10 % in, later again when the frame is black.
   */
  grabFrames(libraryId: string): Promise<number> {
    // One pass per library at a time: a second scan joins the running pass.
    const running = this.#framePasses.get(libraryId);
    if (running) return running;
    if (this.#forgotten.has(libraryId)) return Promise.resolve(0);
    const pass = this.#grabAll(libraryId).finally(() => this.#framePasses.delete(libraryId));
    this.#framePasses.set(libraryId, pass);
    return pass;
  }

  async #grabAll(libraryId: string): Promise<number> {
    if (this.#opts.ffmpegPath === null) return 0;
    let done = 0;
    for (const item of this.#opts.repo.withoutPrimary(libraryId)) {
      if (this.#closed || this.#forgotten.has(libraryId)) break;
      if (this.#frameFailed.has(item.id)) continue;
      const ok = await this.#frameLane.run(() => this.#grab(libraryId, item));
      if (ok) done++;
      else this.#frameFailed.add(item.id);
    }
    return done;
  }

  /**
   * Before a library's rows are deleted: stops its frame pass (a grab in progress finishes) and
   * resolves once the pass has ended, so no frame is stored for the library afterwards. `done`
   * runs while no new pass can start (it deletes the rows).
   */
  async forgetLibrary(libraryId: string, done: () => Promise<void>): Promise<void> {
    this.#forgotten.add(libraryId);
    try {
      await this.#framePasses.get(libraryId)?.catch(() => 0);
      await done();
    } finally {
      this.#forgotten.delete(libraryId);
    }
  }

  /**
   * Deletes the cached artwork of items (rendered sizes, grabbed frames, provider downloads);
   * never the originals next to the media. Missing files are fine.
   */
  async removeCached(itemIds: readonly string[]): Promise<number> {
    const ids = new Set(itemIds);
    const dir = this.#opts.cacheDir;
    // Listed per shard folder rather than tried per item and name: one readDir per shard.
    const folders = new Set<string>();
    for (const id of ids) {
      folders.add(join(dir, _shard(id)));
      folders.add(join(dir, "frames", _shard(id)));
      folders.add(downloadFolder(dir, id));
    }
    let removed = 0;
    for (const folder of folders) {
      let entries: Deno.DirEntry[];
      try {
        entries = await Array.fromAsync(Deno.readDir(folder));
      } catch {
        continue; // Nothing cached there.
      }
      for (const e of entries) {
        // <id> (rendered sizes), <id>.jpg (frame), <id>-<type>.<ext> (download).
        const id = e.name.replace(/[-.].*$/, "");
        if (!ids.has(id)) continue;
        try {
          await Deno.remove(join(folder, e.name), { recursive: true });
          removed++;
        } catch (err) {
          if (!(err instanceof Deno.errors.NotFound)) {
            this.#opts.logger?.warn("removing cached image failed", { error: err });
          }
        }
      }
    }
    return removed;
  }

  /** Stops starting new runs (running ones are stopped by the supervisor). */
  close(): void {
    this.#closed = true;
  }

  async #grab(
    libraryId: string,
    item: { id: string; group_key: string; duration_ms: number; path: string },
  ): Promise<boolean> {
    const out = join(this.#opts.cacheDir, "frames", _shard(item.id), `${item.id}.jpg`);
    for (let attempt = 0; attempt < FRAME_ATTEMPTS; attempt++) {
      const at = frameTime(item.duration_ms, attempt);
      let luma: number | null = null;
      try {
        luma = await this.#ffmpeg({ kind: "frame", path: item.path, at_ms: at }, 1920, "jpeg", out);
      } catch (err) {
        this.#opts.logger?.debug("frame grab failed", { item: item.id, error: err });
        return false;
      }
      if (luma !== null && luma < BLACK_LUMA && attempt < FRAME_ATTEMPTS - 1) continue;
      const st = await Deno.stat(out);
      this.#opts.repo.saveFrame(
        {
          item_id: item.id,
          type: "primary",
          idx: 0,
          source: "frame",
          path: out,
          stream_index: null,
          tag: imageTag(out, st.size, st.mtime?.getTime() ?? 0),
        },
        libraryId,
        item.group_key,
        new Date().toISOString(),
      );
      return true;
    }
    return false;
  }

  /** Runs ffmpeg into a temp file, then renames it into place; returns the frame luma if any. */
  async #ffmpeg(
    input: ImageInput,
    width: number,
    format: ImageFormat,
    output: string,
  ): Promise<number | null> {
    const ffmpeg = this.#opts.ffmpegPath;
    if (ffmpeg === null || this.#closed) throw new ImageError("Image cannot be rendered");
    await Deno.mkdir(join(output, ".."), { recursive: true });
    const tmp = `${output}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    const args = resizeArgs(input, width, format, tmp);
    let luma: number | null = null;
    if (input.kind === "frame") {
      // Average luma of the chosen frame, printed by the metadata filter at info level.
      const vf = args.indexOf("-vf") + 1;
      args[vf] += ",signalstats,metadata=print:key=lavfi.signalstats.YAVG";
      args[args.indexOf("error")] = "info";
    }
    this.#runs++;
    const proc = this.#opts.supervisor.spawn(ffmpeg, args, {
      label: `image ${input.kind}`,
      quitInput: null,
      onStderrLine: (line) => {
        const m = /lavfi\.signalstats\.YAVG=([\d.]+)/.exec(line);
        if (m) luma = Number(m[1]);
      },
    });
    const timer = setTimeout(
      () => this.#opts.supervisor.stop(proc.id).catch(() => {}),
      this.#opts.timeoutMs ?? 30_000,
    );
    const exit = await proc.exited.finally(() => clearTimeout(timer));
    if (exit.code !== 0) {
      await Deno.remove(tmp).catch(() => {});
      this.#opts.logger?.debug("image render failed", {
        code: exit.code,
        stderr: proc.stderrTail(),
      });
      throw new ImageError("Image cannot be rendered");
    }
    await Deno.rename(tmp, output);
    return luma;
  }
}

/** Two hex characters of an id, so no cache folder holds every item. */
function _shard(id: string): string {
  return id.slice(0, 2).toLowerCase().replace(/[^0-9a-z]/g, "_");
}

function _typeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return ext === "png" ? "image/png" : ext === "webp" ? "image/webp" : "image/jpeg";
}
