/**
 * Segmented WebVTT for HLS subtitle renditions (RFC 8216 §3.5): a VOD media playlist of WebVTT
 * segments on a fixed grid, each segment carrying the cues that overlap it (a cue crossing a
 * boundary is repeated; players drop the duplicate) and an `X-TIMESTAMP-MAP` header that ties
 * WebVTT's local time to the video's MPEG-TS/fMP4 timestamps.
 *
 * The map: HLS runs write media time t at timestamp `t + TIMELINE_OFFSET_MS` (see
 * lib/hls/ffmpeg_args.ts), so local 00:00:00.000 is MPEG-TS `TIMELINE_OFFSET_MS × 90`. Cue times
 * stay on the media's own timeline. Pure.
 */
import { TIMELINE_OFFSET_MS } from "../hls/ffmpeg_args.ts";
import { type Cue, renderVtt } from "./cue.ts";

/** One WebVTT segment of a subtitle playlist. */
export interface SubtitleSegment {
  index: number;
  start_ms: number;
  end_ms: number;
}

/** The `X-TIMESTAMP-MAP` header line for this server's HLS timeline. */
export function timestampMapLine(offsetMs = TIMELINE_OFFSET_MS): string {
  return `X-TIMESTAMP-MAP=MPEGTS:${Math.round(offsetMs * 90)},LOCAL:00:00:00.000`;
}

/**
 * The segment grid: `target_s` segments over `duration_ms` (the last one shorter), at least one.
 *
 * @throws {RangeError} for a non-positive target
 */
export function subtitleSegments(duration_ms: number, target_s: number): SubtitleSegment[] {
  if (!(target_s > 0)) throw new RangeError(`Invalid segment length ${target_s}`);
  const step = Math.round(target_s * 1000);
  const total = Math.max(1, Math.round(duration_ms));
  const out: SubtitleSegment[] = [];
  for (let start = 0, i = 0; start < total; start += step, i++) {
    out.push({ index: i, start_ms: start, end_ms: Math.min(total, start + step) });
  }
  return out;
}

/**
 * The WebVTT media playlist: `#EXT-X-TARGETDURATION`, one `#EXTINF` per segment with the URI
 * `${prefix}${index}.vtt${query}`, and `#EXT-X-ENDLIST`.
 */
export function subtitlePlaylist(
  segments: readonly SubtitleSegment[],
  prefix: string,
  query = "",
): string {
  if (/["\r\n]/.test(prefix + query)) throw new RangeError("URIs may not contain quotes or breaks");
  const longest = Math.max(...segments.map((s) => s.end_ms - s.start_ms));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(longest / 1000)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
  ];
  for (const s of segments) {
    lines.push(`#EXTINF:${((s.end_ms - s.start_ms) / 1000).toFixed(3)},`);
    lines.push(`${prefix}${s.index}.vtt${query}`);
  }
  lines.push("#EXT-X-ENDLIST", "");
  return lines.join("\n");
}

/** The WebVTT document of one segment: the timestamp map and the cues overlapping it. */
export function subtitleSegmentVtt(
  cues: readonly Cue[],
  segment: SubtitleSegment,
  offsetMs = TIMELINE_OFFSET_MS,
): string {
  const inside = cues.filter((c) => c.end_ms > segment.start_ms && c.start_ms < segment.end_ms);
  return renderVtt(inside, [timestampMapLine(offsetMs)]);
}
