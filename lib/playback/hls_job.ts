/**
 * Turns a stream decision into the HLS layer's job spec (pure). Keeps the decision engine and the
 * HLS layer independent of each other's shapes.
 */
import type { MediaProbe, MediaStream } from "../media/types.ts";
import type { HwMethod } from "../media/hwaccel_args.ts";
import type { BurnInInput } from "../subtitles/burn_in.ts";
import type {
  HlsAudioSpec,
  HlsJobSpec,
  HlsVariantSpec,
  HlsVideoEncode,
  HlsVideoSpec,
} from "../hls/spec.ts";
import type { Decision, VideoPlan } from "./decide.ts";
import { hlsCodecs } from "./codec_string.ts";
import { H264_LADDER } from "./quality_ladder.ts";

/** Length of segments in seconds (about 6 s, as the issue asks). */
export const SEGMENT_TARGET_S = 6;

/** Options of {@link hlsJobFromDecision}. */
export interface HlsJobOptions {
  /** The media file to read. */
  input_path: string;
  /** The hardware method transcodes use, and its device. */
  hwaccel: { method: HwMethod; device?: string };
  /**
   * "Auto" quality: when the video is encoded, add lower renditions (2–3 in all) so the player
   * adapts to the bandwidth.
   */
  adaptive?: boolean;
  /** A software filter drawing the chosen subtitle (burn-in). */
  burn_in_filter?: string;
  /** The image sidecar that filter reads as the second input. */
  burn_in_input?: BurnInInput;
}

function sourceStream(media: MediaProbe, index: number): MediaStream | undefined {
  return media.streams.find((s) => s.index === index);
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

function encodeSpec(
  plan: VideoPlan,
  source: MediaStream | undefined,
  hwaccel: HlsJobOptions["hwaccel"],
): HlsVideoEncode {
  return {
    action: "encode",
    stream_index: plan.stream_index,
    codec: plan.codec as HlsVideoEncode["codec"],
    width: even(plan.width),
    height: even(plan.height),
    bitrate_kbps: plan.bitrate_kbps,
    hwaccel,
    deinterlace: plan.deinterlace,
    tonemap: plan.tone_map,
    input_codec: source?.codec,
    input_bit_depth: source?.bit_depth,
    frame_rate: plan.frame_rate ?? source?.frame_rate,
  };
}

/**
 * The HLS job for a decision whose protocol is "hls".
 *
 * @throws {RangeError} when the decision is not an HLS one
 */
export function hlsJobFromDecision(
  decision: Decision,
  media: MediaProbe,
  opts: HlsJobOptions,
): HlsJobSpec {
  if (decision.protocol !== "hls") throw new RangeError("Not an HLS decision");
  const v = decision.video;
  const source = v ? sourceStream(media, v.stream_index) : undefined;
  let video: HlsVideoSpec | null = null;
  if (v?.action === "copy") {
    video = {
      action: "copy",
      stream_index: v.stream_index,
      source_codec: source?.codec ?? v.codec,
      width: v.width,
      height: v.height,
      frame_rate: v.frame_rate,
      bitrate_kbps: source?.bitrate_kbps ?? v.bitrate_kbps,
    };
  } else if (v) video = encodeSpec(v, source, opts.hwaccel);

  const a = decision.audio;
  const audioSource = a ? sourceStream(media, a.stream_index) : undefined;
  const audio: HlsAudioSpec | null = a
    ? {
      action: a.action,
      stream_index: a.stream_index,
      ...(a.action === "encode" ? { codec: a.codec as HlsAudioSpec["codec"] } : {}),
      channels: a.channels,
      bitrate_kbps: a.bitrate_kbps,
      source_channels: audioSource?.channels,
      source_codec: audioSource?.codec ?? a.codec,
    }
    : null;

  const codecs = hlsCodecs(
    v
      ? {
        codec: v.codec,
        profile: v.action === "copy" ? source?.profile : v.profile,
        level: v.action === "copy" ? source?.level : v.level,
        bit_depth: v.bit_depth,
        width: v.width,
        height: v.height,
        frame_rate: v.frame_rate,
      }
      : null,
    a ? { codec: a.codec, profile: a.action === "copy" ? audioSource?.profile : "LC" } : null,
  );

  const job: HlsJobSpec = {
    input_path: opts.input_path,
    duration_ms: media.duration_ms,
    // Known from the probe (absent means 0), so the HLS manager need not probe it again.
    start_time_ms: media.start_time_ms ?? 0,
    segment_type: decision.container === "fmp4" ? "fmp4" : "ts",
    video,
    audio,
    segments: { target_s: SEGMENT_TARGET_S },
    ...(decision.speed !== 1 ? { speed: decision.speed } : {}),
    ...(opts.burn_in_filter ? { burn_in_filter: opts.burn_in_filter } : {}),
    ...(opts.burn_in_input ? { burn_in_input: opts.burn_in_input } : {}),
    ...(codecs ? { codecs } : {}),
  };
  if (opts.adaptive && video?.action === "encode") {
    job.variants = adaptiveVariants(video, v!, audio);
  }
  return job;
}

/**
 * The renditions of an adaptive master: the decided one, then up to two lower rungs of the
 * H.264 ladder (each at most half the pixels of the previous), so hls.js can step down.
 */
export function adaptiveVariants(
  top: HlsVideoEncode,
  plan: VideoPlan,
  audio: HlsAudioSpec | null,
): HlsVariantSpec[] {
  const variants: HlsVariantSpec[] = [variant(top, plan, audio)];
  const aspect = top.width / top.height;
  for (const rung of [...H264_LADDER].reverse()) {
    if (variants.length >= 3) break;
    const last = variants[variants.length - 1].video;
    if (rung.height > last.height * 0.75 || rung.bitrate_kbps >= last.bitrate_kbps) continue;
    const lower: HlsVideoEncode = {
      ...top,
      width: even(rung.height * aspect),
      height: even(rung.height),
      bitrate_kbps: rung.bitrate_kbps,
    };
    variants.push(variant(lower, plan, audio));
  }
  return variants;
}

function variant(
  video: HlsVideoEncode,
  plan: VideoPlan,
  audio: HlsAudioSpec | null,
): HlsVariantSpec {
  return {
    name: `${video.height}p`,
    video,
    codecs: hlsCodecs(
      { codec: video.codec, profile: plan.profile, width: video.width, height: video.height },
      audio ? { codec: audio.codec ?? audio.source_codec ?? "aac" } : null,
    ),
  };
}
