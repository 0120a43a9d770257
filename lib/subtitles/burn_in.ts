/**
 * The video filter that burns a subtitle into a transcode (HlsJobSpec.burn_in_filter). Pure.
 *
 * - Text (SubRip, ASS, …): ffmpeg's `subtitles` filter (libass) over a UTF-8 copy of the track
 *   from the subtitle cache — never over the media file itself, because the filter reads the
 *   whole input at start-up to collect the track's events (minutes for a large MKV).
 * - Images (PGS, VobSub, DVB): an `overlay` of the subtitle stream, written as a filter-graph
 *   fragment whose first pad names the subtitle stream, `[0:N]overlay=…`; lib/hls/ffmpeg_args.ts
 *   turns it into a `-filter_complex` graph (`BITMAP_OVERLAY_RE` there).
 */
import { escapeFilterPath } from "./filter_path.ts";

/** `subtitles=filename=…` for a text subtitle file (ASS styling kept, SubRip styled by libass). */
export function textBurnInFilter(subtitlePath: string): string {
  return `subtitles=filename=${escapeFilterPath(subtitlePath)}`;
}

/**
 * The overlay fragment for an image subtitle stream of the input. `eof_action=pass` keeps the
 * video going after the last subtitle; `repeatlast=0` clears a cue when the stream ends.
 */
export function bitmapBurnInFilter(streamIndex: number): string {
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new RangeError(`Invalid stream index ${streamIndex}`);
  }
  return `[0:${streamIndex}]overlay=eof_action=pass`;
}
