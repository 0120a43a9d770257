/**
 * Probed media description shared by the scanner, the item API and the stream decision engine.
 * Units follow docs/api.md: times in milliseconds, sizes in bytes, bitrates in kbit/s.
 */

/** One elementary stream of a media file, as ffprobe reports it, normalised. */
export interface MediaStream {
  /** Stream index inside the file (ffprobe `index`). */
  index: number;
  type: "video" | "audio" | "subtitle" | "attachment" | "data";
  /** ffprobe codec_name, lower case: h264, hevc, av1, vp9, mpeg2video, aac, ac3, eac3, dts, truehd, flac, opus, subrip, ass, hdmv_pgs_subtitle, … */
  codec: string;
  /** Codec profile as ffprobe names it: "High", "Main 10", "LC", "DTS-HD MA", … */
  profile?: string;
  /** Codec level as a number: H.264 41 = 4.1, HEVC 153 = 5.1 (ffprobe's raw value). */
  level?: number;
  width?: number;
  height?: number;
  bit_depth?: number;
  /** Frames per second, e.g. 23.976. */
  frame_rate?: number;
  pix_fmt?: string;
  interlaced?: boolean;
  /** "SDR" | "HDR10" | "HLG" | "DOVI" … derived from color_transfer / side data. */
  video_range?: string;
  /** True when the sample aspect ratio is not 1:1. */
  anamorphic?: boolean;
  /**
   * Sample (pixel) aspect ratio as ffprobe prints it, "32:27" for a 16:9 NTSC DVD; lets the
   * transcoder output square pixels at the right display width. Absent when 1:1 or unknown.
   */
  sample_aspect_ratio?: string;
  channels?: number;
  channel_layout?: string;
  sample_rate?: number;
  bitrate_kbps?: number;
  /** ISO 639-2 language code when tagged ("eng"), else undefined. */
  language?: string;
  title?: string;
  default: boolean;
  forced: boolean;
  hearing_impaired?: boolean;
  /** True for embedded cover art (disposition attached_pic): an image, not a playable video. */
  attached_pic?: boolean;
}

/** The whole probe of one file. */
export interface MediaProbe {
  /**
   * Normalised container name: mkv, webm, mp4, mov, m4a, mpegts, m2ts, avi, mp3, flac, ogg, wav,
   * aac, opus, wmv, asf, flv, mpeg, … (one name per real container, not ffprobe's comma list).
   */
  container: string;
  /** ffprobe's format_name verbatim, e.g. "matroska,webm". */
  format_name: string;
  duration_ms: number;
  /** The container's start time (ffprobe format start_time) when above 0, e.g. 1400 for MPEG-TS. */
  start_time_ms?: number;
  bitrate_kbps: number;
  size_bytes: number;
  streams: MediaStream[];
  /** Container-level tags, keys lower-cased (title, artist, album, album_artist, track, disc, date, …). */
  tags: Record<string, string>;
}
