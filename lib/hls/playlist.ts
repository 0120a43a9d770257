/**
 * Writes HLS playlists (RFC 8216) from a segment plan. The media playlist is a complete VOD list
 * written before any segment exists, so the whole timeline is seekable at once; the master
 * playlist lists one or more renditions (adaptive "Auto" playback) and, later, subtitle groups.
 * Pure: strings in, string out.
 */
import type { SegmentPlan } from "./segment_plan.ts";
import type { SegmentType } from "./spec.ts";

/** File name of the fMP4 initialisation section, relative to the media playlist. */
export const INIT_SEGMENT_NAME = "init.mp4";

/** File name of media segment `index`, relative to the media playlist. */
export function segmentFileName(index: number, type: SegmentType): string {
  return `${index}.${type === "ts" ? "ts" : "m4s"}`;
}

/** MIME type of a media segment (RFC 8216 §3). */
export function segmentMimeType(type: SegmentType): string {
  return type === "ts" ? "video/mp2t" : "video/mp4";
}

/** MIME type of playlists (RFC 8216 §4). */
export const PLAYLIST_MIME_TYPE = "application/vnd.apple.mpegurl";

/** Options of {@link buildMediaPlaylist}. */
export interface MediaPlaylistOptions {
  segment_type: SegmentType;
  /**
   * Appended to every URI, e.g. `?t=TOKEN`, so a player needs no other credential. The caller
   * encodes it; quotes and line breaks are refused.
   */
  query?: string;
}

function _checkQuery(query: string): string {
  if (/["\r\n]/.test(query)) throw new RangeError("The URI query may not contain quotes or breaks");
  return query;
}

/** EXTINF and friends take decimal seconds; three decimals keep millisecond plans exact. */
function _seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Builds the VOD media playlist of a plan: version 3 for MPEG-TS, version 7 with `EXT-X-MAP` for
 * fMP4, relative segment URIs carrying `query`, and `EXT-X-ENDLIST`.
 */
export function buildMediaPlaylist(plan: SegmentPlan, opts: MediaPlaylistOptions): string {
  const q = _checkQuery(opts.query ?? "");
  const fmp4 = opts.segment_type === "fmp4";
  const lines = [
    "#EXTM3U",
    `#EXT-X-VERSION:${fmp4 ? 7 : 3}`,
    `#EXT-X-TARGETDURATION:${plan.target_duration_s}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    // Every segment starts with a keyframe (forced for encodes, chosen for remux).
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  if (fmp4) lines.push(`#EXT-X-MAP:URI="${INIT_SEGMENT_NAME}${q}"`);
  for (const s of plan.segments) {
    lines.push(
      `#EXTINF:${_seconds(s.duration_ms)},`,
      segmentFileName(s.index, opts.segment_type) + q,
    );
  }
  lines.push("#EXT-X-ENDLIST", "");
  return lines.join("\n");
}

/** One rendition line of a master playlist. */
export interface MasterVariant {
  /** Media playlist URI relative to the master playlist, e.g. `v0/main.m3u8`. */
  uri: string;
  /** Peak bits per second (RFC 8216 §4.3.4.2). */
  bandwidth_bps: number;
  average_bandwidth_bps?: number;
  /** RFC 6381 codecs list, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs?: string;
  resolution?: { width: number; height: number };
  frame_rate?: number;
  video_range?: "SDR" | "PQ" | "HLG";
}

/** One subtitle rendition of the master playlist (served by the subtitle layer). */
export interface SubtitleMedia {
  name: string;
  /** BCP 47 tag, e.g. `en`. */
  language?: string;
  /** URI of its WebVTT media playlist, relative to the master playlist. */
  uri: string;
  default?: boolean;
  forced?: boolean;
}

/** Options of {@link buildMasterPlaylist}. */
export interface MasterPlaylistOptions {
  variants: MasterVariant[];
  segment_type: SegmentType;
  /** Appended to every URI (see {@link MediaPlaylistOptions.query}). */
  query?: string;
  /** A SUBTITLES group referenced by every variant (hook for the subtitle issue). */
  subtitles?: { group_id: string; media: SubtitleMedia[] };
}

/** Quoted-string attribute values may not hold `"`, CR or LF (RFC 8216 §4.2). */
function _quoted(value: string): string {
  return `"${value.replace(/["\r\n]/g, "")}"`;
}

/**
 * Builds the master playlist: `EXT-X-STREAM-INF` with BANDWIDTH, AVERAGE-BANDWIDTH, CODECS,
 * RESOLUTION and FRAME-RATE per rendition, plus an optional subtitles group.
 *
 * @throws {RangeError} without variants or with a non-positive bandwidth
 */
export function buildMasterPlaylist(opts: MasterPlaylistOptions): string {
  if (opts.variants.length === 0) throw new RangeError("A master playlist needs a variant");
  const q = _checkQuery(opts.query ?? "");
  const lines = [
    "#EXTM3U",
    `#EXT-X-VERSION:${opts.segment_type === "fmp4" ? 7 : 3}`,
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  const subs = opts.subtitles;
  if (subs) {
    for (const m of subs.media) {
      const attrs = [
        "TYPE=SUBTITLES",
        `GROUP-ID=${_quoted(subs.group_id)}`,
        `NAME=${_quoted(m.name)}`,
        ...(m.language ? [`LANGUAGE=${_quoted(m.language)}`] : []),
        `DEFAULT=${m.default ? "YES" : "NO"}`,
        // AUTOSELECT must be YES when DEFAULT is (RFC 8216 §4.3.4.1).
        `AUTOSELECT=${m.default || m.forced || m.language ? "YES" : "NO"}`,
        `FORCED=${m.forced ? "YES" : "NO"}`,
        `URI=${_quoted(m.uri + q)}`,
      ];
      lines.push(`#EXT-X-MEDIA:${attrs.join(",")}`);
    }
  }
  for (const v of opts.variants) {
    if (!(v.bandwidth_bps > 0)) throw new RangeError(`Invalid bandwidth for ${v.uri}`);
    const attrs = [`BANDWIDTH=${Math.round(v.bandwidth_bps)}`];
    if (v.average_bandwidth_bps) {
      attrs.push(
        `AVERAGE-BANDWIDTH=${Math.round(Math.min(v.average_bandwidth_bps, v.bandwidth_bps))}`,
      );
    }
    if (v.codecs) attrs.push(`CODECS=${_quoted(v.codecs)}`);
    if (v.resolution) attrs.push(`RESOLUTION=${v.resolution.width}x${v.resolution.height}`);
    if (v.frame_rate) attrs.push(`FRAME-RATE=${v.frame_rate.toFixed(3)}`);
    if (v.video_range) attrs.push(`VIDEO-RANGE=${v.video_range}`);
    if (subs) attrs.push(`SUBTITLES=${_quoted(subs.group_id)}`);
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(",")}`, v.uri + q);
  }
  lines.push("");
  return lines.join("\n");
}
