/**
 * What an HLS job produces: the input of the segment planner, the playlists and the ffmpeg
 * argument builder. The playback glue turns a stream decision into an {@link HlsJobSpec}; nothing
 * here depends on the decision engine's shape.
 */
import type { HwMethod, TargetCodec } from "../media/hwaccel_args.ts";
import { type BurnInInput, checkBurnInInput } from "../subtitles/burn_in.ts";

/** HLS media segment container: MPEG-TS (version 3 playlists) or fragmented MP4 (version 7). */
export type SegmentType = "ts" | "fmp4";

/** Video stream copied as is (remux): segments are cut on the source's keyframes. */
export interface HlsVideoCopy {
  action: "copy";
  /** Absolute index of the video stream; default the first video stream. */
  stream_index?: number;
  /** Source codec (ffprobe name); HEVC gets the `hvc1` sample entry in fMP4 for Safari. */
  source_codec?: string;
  /** Source size and rate, for RESOLUTION and FRAME-RATE in the master playlist. */
  width?: number;
  height?: number;
  frame_rate?: number;
  /** Source video bitrate, for BANDWIDTH in the master playlist. */
  bitrate_kbps?: number;
}

/** Video re-encoded on a fixed segment grid with keyframes forced at segment starts. */
export interface HlsVideoEncode {
  action: "encode";
  /** Absolute index of the source video stream; default the first video stream. */
  stream_index?: number;
  codec: TargetCodec;
  /** Output size (even numbers keeping the display aspect). */
  width: number;
  height: number;
  bitrate_kbps: number;
  /** Peak rate for VBV; default 1.5 × `bitrate_kbps`. */
  maxrate_kbps?: number;
  /** The acceleration method and its device (render node or CUDA index). */
  hwaccel: { method: HwMethod; device?: string };
  deinterlace?: boolean;
  /** HDR → SDR tone mapping. */
  tonemap?: boolean;
  /** Source codec, bit depth and transfer: decide whether the GPU can decode it. */
  input_codec?: string;
  input_bit_depth?: number;
  input_transfer?: string;
  /** Source frame rate: GOP length and FRAME-RATE in the master playlist. */
  frame_rate?: number;
}

/** The video part of a job. */
export type HlsVideoSpec = HlsVideoCopy | HlsVideoEncode;

/** Audio codecs the HLS encoder produces. */
export type HlsAudioCodec = "aac" | "mp3" | "opus" | "ac3" | "flac";

/** The audio part of a job: one source stream, copied or encoded. */
export interface HlsAudioSpec {
  action: "copy" | "encode";
  /** Absolute stream index in the source file (ffprobe `index`). */
  stream_index: number;
  /** Encoder output codec; default aac. */
  codec?: HlsAudioCodec;
  /** Output channels; a stereo target of a surround source gets a level-preserving downmix. */
  channels?: number;
  bitrate_kbps?: number;
  /** Channels of the source stream, to know whether a downmix happens. */
  source_channels?: number;
  /** Source codec (ffprobe name), for validation of copies. */
  source_codec?: string;
}

/** How the timeline is cut into segments. */
export interface HlsSegmentSpec {
  /** Wanted segment length in seconds (about 6). */
  target_s: number;
  /**
   * Source keyframe times in ms on the file's own timeline (readKeyframes); needed for video copy,
   * where segments start on keyframes. Ignored when the video is encoded.
   */
  keyframes_ms?: number[];
}

/** One extra rendition of an adaptive ("Auto") master playlist. */
export interface HlsVariantSpec {
  /** Label for logs and the admin view, e.g. "720p". */
  name?: string;
  video: HlsVideoEncode;
  /** Audio of this rendition; default the job's audio. */
  audio?: HlsAudioSpec | null;
  /** RFC 6381 codecs of this rendition for the master playlist. */
  codecs?: string;
  bandwidth_bps?: number;
  average_bandwidth_bps?: number;
}

/** Everything needed to serve one item as HLS. */
export interface HlsJobSpec {
  input_path: string;
  /** Probed duration of the source. */
  duration_ms: number;
  /** The source's start time (ffprobe format start_time), default 0; MPEG-TS often starts at 1.4 s. */
  start_time_ms?: number;
  segment_type: SegmentType;
  video: HlsVideoSpec | null;
  audio: HlsAudioSpec | null;
  segments: HlsSegmentSpec;
  /**
   * Server-side playback speed (0.25–4) for clients that cannot change it; needs every present
   * stream encoded. The playlist then describes the sped-up timeline.
   */
  speed?: number;
  /** A software video filter drawing subtitles (the subtitle layer builds it). */
  burn_in_filter?: string;
  /**
   * The image subtitle file a `[1:s:0]overlay…` burn-in reads as ffmpeg's second input (a `.sup`,
   * or the `.idx` of a VobSub pair).
   */
  burn_in_input?: BurnInInput;
  /** Renditions of an adaptive master playlist; when set they replace the job's own video. */
  variants?: HlsVariantSpec[];
  /** Raw ffmpeg options placed before `-i` and before the muxer, for admin overrides. */
  extra_input_args?: string[];
  extra_output_args?: string[];
  /** RFC 6381 codecs of the job's own rendition for the master playlist. */
  codecs?: string;
  bandwidth_bps?: number;
  average_bandwidth_bps?: number;
}

/** One rendition as a session runs it: the job with a single video/audio choice. */
export interface HlsRendition {
  name: string;
  video: HlsVideoSpec | null;
  audio: HlsAudioSpec | null;
  codecs?: string;
  bandwidth_bps: number;
  average_bandwidth_bps: number;
  resolution?: { width: number; height: number };
  frame_rate?: number;
}

/** Audio bitrate assumed for a copied stream of unknown rate (kbit/s). */
const _COPY_AUDIO_KBPS = 384;
/** Video bitrate assumed for a copied stream of unknown rate (kbit/s). */
const _COPY_VIDEO_KBPS = 20_000;

function _audioKbps(a: HlsAudioSpec | null): number {
  if (!a) return 0;
  if (a.action === "encode") return a.bitrate_kbps ?? 192;
  return a.bitrate_kbps ?? _COPY_AUDIO_KBPS;
}

function _rendition(
  name: string,
  video: HlsVideoSpec | null,
  audio: HlsAudioSpec | null,
  extra: { codecs?: string; bandwidth_bps?: number; average_bandwidth_bps?: number },
): HlsRendition {
  const videoAvg = !video
    ? 0
    : video.action === "encode"
    ? video.bitrate_kbps
    : video.bitrate_kbps ?? _COPY_VIDEO_KBPS;
  const videoPeak = !video
    ? 0
    : video.action === "encode"
    ? video.maxrate_kbps ?? Math.round(video.bitrate_kbps * 1.5)
    : videoAvg * 1.5;
  const audioKbps = _audioKbps(audio);
  // Container overhead (TS packetisation, fMP4 boxes) is a few percent; 10 % keeps BANDWIDTH a
  // true upper bound as RFC 8216 §4.3.4.2 asks.
  const peak = Math.round((videoPeak + audioKbps) * 1000 * 1.1);
  const avg = Math.round((videoAvg + audioKbps) * 1000 * 1.05);
  const width = video?.width;
  const height = video?.height;
  return {
    name,
    video,
    audio,
    codecs: extra.codecs,
    bandwidth_bps: extra.bandwidth_bps ?? peak,
    average_bandwidth_bps: extra.average_bandwidth_bps ?? Math.min(avg, extra.bandwidth_bps ?? avg),
    resolution: width && height ? { width, height } : undefined,
    frame_rate: video?.frame_rate,
  };
}

/** The renditions a job serves: its variants, or the job's own video and audio. */
export function renditionsOf(spec: HlsJobSpec): HlsRendition[] {
  if (spec.variants?.length) {
    return spec.variants.map((v, i) =>
      _rendition(v.name ?? `v${i}`, v.video, v.audio === undefined ? spec.audio : v.audio, v)
    );
  }
  return [_rendition("main", spec.video, spec.audio, spec)];
}

/** True when the video is stream-copied, so segments follow the source's keyframes. */
export function isRemux(spec: HlsJobSpec): boolean {
  return !spec.variants?.length && spec.video?.action === "copy";
}

/**
 * Checks a job for contradictions before any process starts.
 *
 * @throws {RangeError} naming the offending field
 */
export function validateHlsSpec(spec: HlsJobSpec): void {
  if (!spec.input_path) throw new RangeError("input_path is empty");
  if (!(Number.isFinite(spec.duration_ms) && spec.duration_ms > 0)) {
    throw new RangeError(`duration_ms must be positive, got ${spec.duration_ms}`);
  }
  const t = spec.segments.target_s;
  if (!(Number.isFinite(t) && t >= 1 && t <= 60)) {
    throw new RangeError(`segments.target_s must be within 1–60, got ${t}`);
  }
  const speed = spec.speed ?? 1;
  if (!(Number.isFinite(speed) && speed >= 0.25 && speed <= 4)) {
    throw new RangeError(`speed must be within 0.25–4, got ${speed}`);
  }
  checkBurnInInput(spec.burn_in_filter, spec.burn_in_input);
  if (spec.variants && (spec.variants.length < 1 || spec.variants.length > 4)) {
    throw new RangeError("variants must list 1–4 renditions");
  }
  for (const r of renditionsOf(spec)) {
    if (!r.video && !r.audio) throw new RangeError("A job needs a video or an audio stream");
    if (speed !== 1) {
      if (r.video?.action === "copy" || r.audio?.action === "copy") {
        throw new RangeError("A playback speed other than 1 needs every stream encoded");
      }
    }
    if (spec.burn_in_filter && r.video?.action !== "encode") {
      throw new RangeError("Subtitle burn-in needs the video encoded");
    }
    if (r.video?.action === "encode") {
      const v = r.video;
      if (
        !(Number.isInteger(v.width) && Number.isInteger(v.height) && v.width > 0 && v.height > 0)
      ) {
        throw new RangeError(`Invalid video size ${v.width}x${v.height}`);
      }
      if (!(v.bitrate_kbps > 0)) throw new RangeError("video.bitrate_kbps must be positive");
      if (spec.segment_type === "ts" && v.codec === "av1") {
        throw new RangeError("AV1 needs fMP4 segments");
      }
    }
    if (r.video?.action === "copy" && spec.segment_type === "ts") {
      const c = r.video.source_codec;
      if (c && !["h264", "hevc", "mpeg2video", "mpeg1video", "mpeg4"].includes(c)) {
        throw new RangeError(`Video codec ${c} cannot be copied into MPEG-TS segments`);
      }
    }
    if (r.audio) {
      const a = r.audio;
      if (!(Number.isInteger(a.stream_index) && a.stream_index >= 0)) {
        throw new RangeError(`Invalid audio stream_index ${a.stream_index}`);
      }
      if (a.action === "encode" && spec.segment_type === "ts" && a.codec === "flac") {
        throw new RangeError("FLAC audio needs fMP4 segments");
      }
      if (a.action === "copy" && spec.segment_type === "ts" && a.source_codec === "flac") {
        throw new RangeError("FLAC audio cannot be copied into MPEG-TS segments");
      }
      if (a.channels !== undefined && !(Number.isInteger(a.channels) && a.channels > 0)) {
        throw new RangeError(`Invalid audio channels ${a.channels}`);
      }
    }
  }
  if (spec.variants?.length && spec.variants.some((v) => v.video.action !== "encode")) {
    throw new RangeError("Adaptive variants must encode the video");
  }
}
