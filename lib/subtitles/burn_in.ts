/**
 * The video filter that burns a subtitle into a transcode (HlsJobSpec.burn_in_filter, and the
 * same for progressive streams). Pure.
 *
 * - Text (SubRip, ASS, …): ffmpeg's `subtitles` filter (libass) over a UTF-8 copy of the track
 *   from the subtitle cache — never over the media file itself, because the filter reads the
 *   whole input at start-up to collect the track's events (minutes for a large MKV).
 * - Embedded images (PGS, VobSub, DVB): an `overlay` of the subtitle stream, written as a
 *   filter-graph fragment whose first pad names the subtitle stream, `[0:N]overlay=…`;
 *   lib/hls/ffmpeg_args.ts turns it into a `-filter_complex` graph (`BITMAP_OVERLAY_RE` there).
 * - Image sidecars (`.sup` PGS, VobSub `.idx` + `.sub`): the file is a second ffmpeg input
 *   ({@link sidecarInputArgs}) and the fragment names its first subtitle stream, `[1:s:0]overlay=…`.
 *
 * Timing of a sidecar input. ffmpeg shifts every input by its own start time (the first cue of a
 * `.sup`), with `-start_at_zero` as without `-copyts`, so the sidecar gets `-itsoffset` to undo
 * that: its cues keep the movie time they were written with. It is seeked with `-ss` in absolute
 * time (`-seek_timestamp 1`), {@link SIDECAR_SEEK_MARGIN_MS} before the video's seek point:
 * seeking to the point itself lands inside the display set of a cue already showing (a `.sup` has
 * no index; every segment is a seek point) and loses that cue, while not seeking at all makes
 * ffmpeg decode and overlay every cue up to the seek point (measured: 45 s for a seek to 1 h 40 of
 * a 1080p `.sup`, 0.3 s with the seek).
 */
import { escapeFilterPath } from "./filter_path.ts";
import { ffmpegInputUrl, ffmpegSeconds } from "../media/ffprobe.ts";

/** `subtitles=filename=…` for a text subtitle file (ASS styling kept, SubRip styled by libass). */
export function textBurnInFilter(subtitlePath: string): string {
  return `subtitles=filename=${escapeFilterPath(subtitlePath)}`;
}

/**
 * A text burn-in for a run whose frame times start at 0 at `offset_ms` of the file (an input
 * seek without `-copyts`, as progressive streams do): libass looks cues up by frame time, so
 * the frames are moved to file time around the filter and back.
 */
export function shiftedTextBurnIn(filter: string, offset_ms: number): string {
  if (!(offset_ms > 0)) return filter;
  const s = ffmpegSeconds(offset_ms);
  return `setpts=PTS+${s}/TB,${filter},setpts=PTS-${s}/TB`;
}

/**
 * The overlay fragment for an image subtitle stream of the input. `eof_action=pass` keeps the
 * video going after the last subtitle.
 */
export function bitmapBurnInFilter(streamIndex: number): string {
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new RangeError(`Invalid stream index ${streamIndex}`);
  }
  return `[0:${streamIndex}]overlay=eof_action=pass`;
}

/** The overlay fragment of an image sidecar: the first subtitle stream of the second input. */
export function sidecarBurnInFilter(): string {
  return "[1:s:0]overlay=eof_action=pass";
}

/** An image subtitle file burnt in from a second ffmpeg input. */
export interface BurnInInput {
  /** The file ffmpeg opens: the `.sup`, or the `.idx` of a VobSub pair. */
  path: string;
  /** ffmpeg's start time of that file (its first cue), which ffmpeg would subtract; default 0. */
  start_ms?: number;
}

/** The sidecar is seeked this long before the video's seek point (see the module doc). */
export const SIDECAR_SEEK_MARGIN_MS = 30_000;

/**
 * The arguments that add the sidecar as the second input, after the video's `-i`.
 *
 * @param seek_ms where the video input is seeked to, in file time (0 for none)
 * @param copyts whether the run uses `-copyts -start_at_zero` (HLS) or input-relative times
 *   starting at 0 at the seek point (progressive)
 */
export function sidecarInputArgs(
  input: BurnInInput,
  opts: { seek_ms: number; copyts: boolean },
): string[] {
  const seek = Math.max(0, opts.seek_ms);
  const from = Math.max(0, seek - SIDECAR_SEEK_MARGIN_MS);
  // ffmpeg's offset of this input: itsoffset − (copyts ? start : seek point), as it applies it.
  const offset = opts.copyts ? input.start_ms ?? 0 : from - seek;
  return [
    "-seek_timestamp",
    "1",
    ...(from > 0 ? ["-ss", ffmpegSeconds(from)] : []),
    ...(offset !== 0 ? ["-itsoffset", ffmpegSeconds(offset)] : []),
    "-i",
    ffmpegInputUrl(input.path),
  ];
}

/**
 * The file ffmpeg reads for an image sidecar track, or null when the track is not one: a `.sup`,
 * or the `.idx` of a VobSub pair (the item's track list shows a pair as its `.idx` only, so a
 * `.sub` track is MicroDVD text; lib/db/items.ts `subtitleTracks`).
 */
export function imageSidecarPath(
  track: { source: string; format: string; path: string },
): string | null {
  if (track.source !== "sidecar") return null;
  const f = track.format.toLowerCase();
  return f === "sup" || f === "idx" ? track.path : null;
}

/** Whether a burn-in filter reads ffmpeg's second input (an image sidecar). */
function _readsSecondInput(filter: string | undefined): boolean {
  return /^\[1:/.test(filter ?? "");
}

/**
 * Checks that a burn-in reading the second input comes with that input, and an input with a
 * burn-in reading it.
 *
 * @throws {RangeError} naming `burn_in_input`
 */
export function checkBurnInInput(filter: string | undefined, input: BurnInInput | undefined) {
  const reads = _readsSecondInput(filter);
  if (reads === (input !== undefined)) return;
  throw new RangeError(
    reads
      ? "A burn-in of the second input needs burn_in_input"
      : "burn_in_input needs a burn-in filter reading it ([1:s:0]overlay)",
  );
}
