/**
 * Subtitle text on demand, cached on disk under `<data_dir>/cache/subtitles`:
 * - sidecar files are read, decoded ({@link decodeSubtitleText}) and converted once;
 * - embedded text tracks (subrip, ass, mov_text, webvtt) are extracted with ffmpeg on the first
 *   request for any of them — every text track of the file in one pass, as the reference server
 *   does, since reading a large file once costs the same as reading it for one track — with a
 *   5-minute timeout; concurrent requests share the pass;
 * - image tracks (PGS, VobSub, DVB) cannot become text: they are burnt in during a transcode.
 *
 * Cache keys carry the file id, size and mtime, so a replaced file is extracted again and old
 * entries are simply never read.
 */
import { join } from "node:path";
import type { FileWithProbe, SubtitleTrack } from "../db/items.ts";
import type { ProcessSupervisor } from "../media/process.ts";
import { ffmpegInputUrl } from "../media/ffprobe.ts";
import { isTextSubtitle, subtitleFormat } from "../playback/codecs.ts";
import { type Cue, renderVtt } from "./cue.ts";
import { decodeSubtitleText } from "./decode_text.ts";
import { parseSrt } from "./srt_to_vtt.ts";
import { parseAss } from "./ass_to_vtt.ts";
import { normaliseVtt, parseVtt } from "./vtt_normalise.ts";

/** Why a subtitle cannot be delivered as text; `code` maps to the API error. */
export class SubtitleError extends Error {
  constructor(
    readonly code: "bad_request" | "not_found" | "unavailable",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SubtitleError";
  }
}

/** Parsed tracks kept in memory (least recently used dropped first). */
const _CUE_CACHE_TRACKS = 16;

/** Extraction of all text tracks takes at most this long. */
export const EXTRACTION_TIMEOUT_MS = 5 * 60_000;

/** Text formats the store reads itself; other text formats are converted by ffmpeg first. */
type NativeFormat = "subrip" | "ass" | "webvtt";

/** Original text of a track and its format. */
export interface SubtitleText {
  /** `subrip`, `ass` or `webvtt`. */
  format: NativeFormat;
  text: string;
}

/** Options of {@link SubtitleStore}. */
export interface SubtitleStoreOptions {
  /** Directory of the cache (created on demand). */
  cacheDir: string;
  /** ffmpeg, or null when missing: then embedded tracks are unavailable. */
  ffmpegPath: string | null;
  /** Children are registered here so shutdown stops them. */
  supervisor?: ProcessSupervisor;
  timeoutMs?: number;
}

/** How one embedded stream is extracted: output codec and muxer. */
function _extraction(codec: string): { codec: string; muxer: string; format: NativeFormat } | null {
  switch (subtitleFormat(codec)) {
    case "subrip":
      return { codec: "copy", muxer: "srt", format: "subrip" };
    case "ass":
      return { codec: "copy", muxer: "ass", format: "ass" };
    case "webvtt":
      return { codec: "copy", muxer: "webvtt", format: "webvtt" };
    case "mov_text":
      // No muxer takes mov_text packets as text: decode and write SubRip.
      return { codec: "srt", muxer: "srt", format: "subrip" };
    default:
      return isTextSubtitle(codec) ? { codec: "srt", muxer: "srt", format: "subrip" } : null;
  }
}

const _EXT: Record<NativeFormat, string> = { subrip: "srt", ass: "ass", webvtt: "vtt" };

/** Parses text of a native format into cues. */
export function parseSubtitle(format: NativeFormat, text: string): Cue[] {
  switch (format) {
    case "subrip":
      return parseSrt(text);
    case "ass":
      return parseAss(text);
    case "webvtt":
      return parseVtt(text).cues;
  }
}

/** Converts text of a native format into a WebVTT document. */
export function toVtt(format: NativeFormat, text: string): string {
  return format === "webvtt" ? normaliseVtt(text) : renderVtt(parseSubtitle(format, text));
}

/**
 * True when the file starts with an MPEG program stream pack header: a VobSub `.sub` (images),
 * not a MicroDVD `.sub` (text), which shares the extension.
 */
async function _isMpegPs(path: string): Promise<boolean> {
  const f = await Deno.open(path).catch(() => null);
  if (!f) return false;
  try {
    const head = new Uint8Array(4);
    const n = await f.read(head);
    return n === 4 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba;
  } finally {
    f.close();
  }
}

function _safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** A media file's cache folder: `<id>-<size>-<mtime>`, so a changed file gets a new one. */
function _fileDirName(file: Pick<FileWithProbe, "id" | "size_bytes" | "mtime_ms">): string {
  return `${_safe(file.id)}-${file.size_bytes}-${Math.round(file.mtime_ms)}`;
}

/**
 * Deletes the extracted tracks of files, every version of each (a library being removed).
 * Returns how many cache folders went.
 */
export async function removeExtractedSubtitles(
  cacheDir: string,
  fileIds: readonly string[],
): Promise<number> {
  if (fileIds.length === 0) return 0;
  const ids = new Set(fileIds.map(_safe));
  let removed = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(cacheDir));
  } catch {
    return 0; // No subtitle was ever extracted.
  }
  for (const e of entries) {
    if (!e.isDirectory || !ids.has(e.name.replace(/-\d+-\d+$/, ""))) continue;
    await Deno.remove(join(cacheDir, e.name), { recursive: true }).catch(() => {});
    removed++;
  }
  return removed;
}

/** Reads, extracts, converts and caches subtitle text (see the module documentation). */
export class SubtitleStore {
  #o: SubtitleStoreOptions;
  #inflight = new Map<string, Promise<Map<number, SubtitleText>>>();
  #cues = new Map<string, Cue[]>();
  /** Extraction passes run so far (for tests and the admin view). */
  extractions = 0;

  constructor(opts: SubtitleStoreOptions) {
    this.#o = opts;
  }

  /** Whether the track can be delivered as text (WebVTT). */
  static isText(track: Pick<SubtitleTrack, "format">): boolean {
    return isTextSubtitle(track.format);
  }

  /** Cache directory of a media file's extracted tracks. */
  #fileDir(file: FileWithProbe): string {
    return join(this.#o.cacheDir, _fileDirName(file));
  }

  /**
   * The original text of a track (decoded to a JS string). Sidecars in a format the store does
   * not parse (SAMI, MicroDVD) and embedded text tracks go through ffmpeg.
   *
   * @param file the file holding the track: the sidecar, or the media file of an embedded track
   * @throws {SubtitleError} for image subtitles, a missing ffmpeg or a failed extraction
   */
  async text(track: SubtitleTrack, file: FileWithProbe): Promise<SubtitleText> {
    if (!isTextSubtitle(track.format)) {
      throw new SubtitleError(
        "bad_request",
        `Subtitle ${track.index} is an image format (${
          subtitleFormat(track.format)
        }); it can only be burned into the video during a transcode (POST /playback with this subtitle_index)`,
      );
    }
    if (track.source === "sidecar") {
      const format = subtitleFormat(track.format);
      if (format === "subrip" || format === "ass" || format === "webvtt") {
        const bytes = await Deno.readFile(file.path).catch((err) => {
          throw new SubtitleError("not_found", "Subtitle file is not available", { cause: err });
        });
        return { format, text: decodeSubtitleText(bytes).text };
      }
    }
    if (track.source === "sidecar" && await _isMpegPs(file.path)) {
      throw new SubtitleError(
        "bad_request",
        `Subtitle ${track.index} is a VobSub image file; it can only be burned into the video`,
      );
    }
    const all = await this.#extractAll(file, track.source === "sidecar" ? [] : undefined);
    const got = all.get(track.source === "sidecar" ? -1 : track.stream_index ?? -2);
    if (!got) throw new SubtitleError("unavailable", "Subtitle track could not be read");
    return got;
  }

  /**
   * The track as cues on the media timeline. The last few tracks are kept in memory: an HLS
   * subtitle rendition asks for them once per segment.
   */
  async cues(track: SubtitleTrack, file: FileWithProbe): Promise<Cue[]> {
    const key = `${this.#fileDir(file)}|${track.stream_index ?? "sidecar"}`;
    const hit = this.#cues.get(key);
    if (hit) {
      this.#cues.delete(key);
      this.#cues.set(key, hit);
      return hit;
    }
    const t = await this.text(track, file);
    const cues = parseSubtitle(t.format, t.text);
    this.#cues.set(key, cues);
    if (this.#cues.size > _CUE_CACHE_TRACKS) this.#cues.delete(this.#cues.keys().next().value!);
    return cues;
  }

  /**
   * The track as a WebVTT document, converted once and kept in the cache. Returns the bytes
   * and a strong ETag derived from the cache key.
   */
  async vtt(
    track: SubtitleTrack,
    file: FileWithProbe,
  ): Promise<{ bytes: Uint8Array; etag: string }> {
    const key = track.source === "sidecar" ? "sidecar" : `s${track.stream_index}`;
    const path = join(this.#fileDir(file), `${key}.vtt`);
    const etag = `"sub-${_safe(file.id)}-${file.size_bytes}-${Math.round(file.mtime_ms)}-${key}"`;
    try {
      return { bytes: await Deno.readFile(path), etag };
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    const t = await this.text(track, file);
    const bytes = new TextEncoder().encode(toVtt(t.format, t.text));
    await this.#writeAtomic(path, bytes);
    return { bytes, etag };
  }

  /**
   * A UTF-8 copy of a text track in its own format, for ffmpeg's `subtitles` filter (libass
   * reads UTF-8; a Latin-1 sidecar would come out garbled). Returns its path.
   */
  async utf8Copy(track: SubtitleTrack, file: FileWithProbe): Promise<string> {
    const key = track.source === "sidecar" ? "sidecar" : `s${track.stream_index}`;
    const t = await this.text(track, file);
    const path = join(this.#fileDir(file), `${key}.utf8.${_EXT[t.format]}`);
    try {
      await Deno.stat(path);
    } catch {
      await this.#writeAtomic(path, new TextEncoder().encode(t.text));
    }
    return path;
  }

  async #writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
    await Deno.mkdir(join(path, ".."), { recursive: true });
    const tmp = `${path}.${crypto.randomUUID()}.tmp`;
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  }

  /**
   * Every text track of `file` (by stream index; a sidecar converted by ffmpeg is `-1`), from the
   * cache or from one ffmpeg pass shared by concurrent callers.
   */
  #extractAll(file: FileWithProbe, streams?: number[]): Promise<Map<number, SubtitleText>> {
    const dir = this.#fileDir(file);
    const running = this.#inflight.get(dir);
    if (running) return running;
    const p = this.#loadOrExtract(file, dir, streams).finally(() => this.#inflight.delete(dir));
    this.#inflight.set(dir, p);
    return p;
  }

  async #loadOrExtract(
    file: FileWithProbe,
    dir: string,
    only?: number[],
  ): Promise<Map<number, SubtitleText>> {
    const jobs: {
      index: number;
      out: string;
      codec: string;
      muxer: string;
      format: NativeFormat;
    }[] = [];
    if (only && only.length === 0) {
      // A sidecar in a text format only ffmpeg reads (SAMI, MicroDVD): convert it to SubRip.
      jobs.push({
        index: -1,
        out: join(dir, "sidecar.srt"),
        codec: "srt",
        muxer: "srt",
        format: "subrip",
      });
    } else {
      for (const s of file.probe?.streams ?? []) {
        if (s.type !== "subtitle") continue;
        const x = _extraction(s.codec);
        if (!x) continue;
        jobs.push({ index: s.index, out: join(dir, `s${s.index}.${_EXT[x.format]}`), ...x });
      }
    }
    const done = join(dir, "extracted");
    const have = await Deno.stat(done).then(() => true, () => false);
    if (!have && jobs.length > 0) await this.#run(file, dir, jobs);
    const out = new Map<number, SubtitleText>();
    for (const j of jobs) {
      const bytes = await Deno.readFile(j.out).catch(() => null);
      if (bytes) out.set(j.index, { format: j.format, text: decodeSubtitleText(bytes).text });
    }
    return out;
  }

  async #run(
    file: FileWithProbe,
    dir: string,
    jobs: { index: number; out: string; codec: string; muxer: string }[],
  ): Promise<void> {
    const ffmpeg = this.#o.ffmpegPath;
    if (!ffmpeg) {
      throw new SubtitleError("unavailable", "Embedded subtitles need ffmpeg, which is missing");
    }
    await Deno.mkdir(dir, { recursive: true });
    const tag = crypto.randomUUID().slice(0, 8);
    const args = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"];
    args.push("-i", ffmpegInputUrl(file.path));
    for (const j of jobs) {
      const map = j.index < 0 ? "0:s:0" : `0:${j.index}`;
      args.push("-map", map, "-c:s", j.codec, "-f", j.muxer, `file:${j.out}.${tag}.tmp`);
    }
    this.extractions++;
    const timeout = this.#o.timeoutMs ?? EXTRACTION_TIMEOUT_MS;
    let ok = false;
    let why = "";
    if (this.#o.supervisor) {
      const sup = this.#o.supervisor;
      const child = sup.spawn(ffmpeg, args, {
        label: `subtitle extraction ${file.id}`,
        quitInput: null,
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<"timeout">((r) =>
        timer = setTimeout(() => r("timeout"), timeout)
      );
      const res = await Promise.race([child.exited, timedOut]);
      clearTimeout(timer);
      if (res === "timeout") {
        await sup.stop(child.id, { graceMs: 1000 });
        why = "timed out";
      } else {
        ok = res.code === 0;
        why = child.stderrTail().trim().split("\n").pop() ?? "";
      }
    } else {
      const out = await new Deno.Command(ffmpeg, {
        args,
        stdin: "null",
        stdout: "null",
        stderr: "piped",
        signal: AbortSignal.timeout(timeout),
      }).output().catch((err) => ({
        success: false,
        stderr: new TextEncoder().encode(String(err)),
      }));
      ok = out.success;
      why = new TextDecoder().decode(out.stderr).trim().split("\n").pop() ?? "";
    }
    if (!ok) {
      for (const j of jobs) await Deno.remove(`${j.out}.${tag}.tmp`).catch(() => {});
      throw new SubtitleError(
        "unavailable",
        "Subtitle extraction failed",
        { cause: new Error(why) },
      );
    }
    for (const j of jobs) await Deno.rename(`${j.out}.${tag}.tmp`, j.out).catch(() => {});
    await Deno.writeTextFile(join(dir, "extracted"), new Date().toISOString());
  }
}
