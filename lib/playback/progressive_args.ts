/**
 * ffmpeg arguments of a progressive stream (pure): the file remuxed or transcoded into one
 * container written to stdout, for audio files the client cannot play as they are and for
 * clients without HLS. A seek is a new request with a new start position.
 *
 * A subtitle the decision burns in is drawn here exactly as in HLS runs (lib/subtitles/burn_in.ts
 * builds the filter): a client that takes no HLS cannot be switched to HLS, so the progressive
 * transcode must carry the subtitle itself. Frame times start at 0 at the seek point (no
 * `-copyts`), so a text burn-in is shifted to file time around libass and an image sidecar gets
 * the matching input offset.
 */
import type { Decision } from "./decide.ts";
import type { MediaProbe } from "../media/types.ts";
import { ffmpegSeconds } from "../media/ffprobe.ts";
import { buildVideoPipelineArgs, type HwMethod } from "../media/hwaccel_args.ts";
import {
  BITMAP_OVERLAY_RE,
  bitmapOverlayGraph,
  OVERLAY_OUT,
  OVERLAY_SLOT,
} from "../hls/ffmpeg_args.ts";
import {
  type BurnInInput,
  checkBurnInInput,
  shiftedTextBurnIn,
  sidecarInputArgs,
} from "../subtitles/burn_in.ts";

/** ffmpeg muxer and MIME type per progressive container name of the decision engine. */
export const PROGRESSIVE_FORMATS: Readonly<Record<string, { muxer: string; mime: string }>> = {
  mp3: { muxer: "mp3", mime: "audio/mpeg" },
  aac: { muxer: "adts", mime: "audio/aac" },
  adts: { muxer: "adts", mime: "audio/aac" },
  flac: { muxer: "flac", mime: "audio/flac" },
  ogg: { muxer: "ogg", mime: "audio/ogg" },
  opus: { muxer: "ogg", mime: "audio/ogg" },
  wav: { muxer: "wav", mime: "audio/wav" },
  mpegts: { muxer: "mpegts", mime: "video/mp2t" },
  ts: { muxer: "mpegts", mime: "video/mp2t" },
  mkv: { muxer: "matroska", mime: "video/x-matroska" },
  webm: { muxer: "webm", mime: "video/webm" },
};

/** The MIME type of a progressive container. */
export function progressiveMime(container: string): string {
  return PROGRESSIVE_FORMATS[container]?.mime ?? "application/octet-stream";
}

/** Options of {@link progressiveArgs}. */
export interface ProgressiveOptions {
  /** Input URL for ffmpeg (`file:/abs/path`, so odd names are never options or protocols). */
  input: string;
  start_ms: number;
  hwaccel: { method: HwMethod; device?: string };
  /** The burn-in filter of the decision's subtitle (lib/subtitles/burn_in.ts), when burnt in. */
  burn_in_filter?: string;
  /** The image sidecar a `[1:s:0]overlay…` burn-in reads as the second input. */
  burn_in_input?: BurnInInput;
}

/**
 * The ffmpeg argument list for a progressive decision.
 *
 * @throws {RangeError} when the decision is not progressive or its container is unknown
 */
export function progressiveArgs(
  decision: Decision,
  media: MediaProbe,
  opts: ProgressiveOptions,
): string[] {
  if (decision.protocol !== "http" || decision.decision === "direct") {
    throw new RangeError("Not a progressive remux or transcode");
  }
  const format = PROGRESSIVE_FORMATS[decision.container];
  if (!format) throw new RangeError(`No progressive muxer for "${decision.container}"`);
  const args = ["-hide_banner", "-nostats", "-loglevel", "error"];
  const seek = opts.start_ms > 0 ? ["-ss", ffmpegSeconds(opts.start_ms)] : [];
  checkBurnInInput(opts.burn_in_filter, opts.burn_in_input);
  const v = decision.video;
  let videoArgs: string[] = [];
  let inputArgs: string[] = [];
  let sidecarArgs: string[] = [];
  if (v?.action === "copy") {
    if (opts.burn_in_filter) throw new RangeError("Subtitle burn-in needs the video encoded");
    videoArgs = ["-map", `0:${v.stream_index}`, "-c:v", "copy"];
  } else if (v) {
    const source = media.streams.find((s) => s.index === v.stream_index);
    const overlay = opts.burn_in_filter ? BITMAP_OVERLAY_RE.exec(opts.burn_in_filter) : null;
    const burnIn = overlay
      ? OVERLAY_SLOT
      : opts.burn_in_filter && shiftedTextBurnIn(opts.burn_in_filter, opts.start_ms);
    const p = buildVideoPipelineArgs(opts.hwaccel.method, {
      device: opts.hwaccel.device,
      input_codec: source?.codec,
      input_bit_depth: source?.bit_depth,
      target_codec: v.codec as "h264" | "hevc" | "av1",
      width: v.width,
      height: v.height,
      bitrate_kbps: v.bitrate_kbps,
      deinterlace: v.deinterlace,
      tonemap: v.tone_map,
      ...(burnIn ? { burn_in_filter: burnIn } : {}),
    });
    inputArgs = p.inputArgs;
    const map = `0:${v.stream_index}`;
    if (overlay) {
      const graph = bitmapOverlayGraph(p.filterArgs[1] ?? "", map, overlay);
      videoArgs = ["-filter_complex", graph, "-map", OVERLAY_OUT, ...p.encodeArgs];
      if (opts.burn_in_input) {
        sidecarArgs = sidecarInputArgs(opts.burn_in_input, {
          seek_ms: opts.start_ms,
          copyts: false,
        });
      }
    } else videoArgs = ["-map", map, ...p.filterArgs, ...p.encodeArgs];
  }
  const a = decision.audio;
  const audioArgs = !a
    ? []
    : a.action === "copy"
    ? ["-map", `0:${a.stream_index}`, "-c:a", "copy"]
    : [
      "-map",
      `0:${a.stream_index}`,
      "-c:a",
      audioEncoder(a.codec),
      ...(a.codec === "flac" ? [] : ["-b:a", `${a.bitrate_kbps}k`]),
      "-ac",
      String(a.channels),
      ...(a.sample_rate ? ["-ar", String(a.sample_rate)] : []),
    ];
  return [
    ...args,
    ...inputArgs,
    ...seek,
    "-i",
    opts.input,
    ...sidecarArgs,
    ...videoArgs,
    ...(v ? [] : ["-vn"]),
    ...audioArgs,
    ...(a ? [] : ["-an"]),
    "-sn",
    "-dn",
    "-map_metadata",
    "-1",
    "-f",
    format.muxer,
    "pipe:1",
  ];
}

function audioEncoder(codec: string): string {
  switch (codec) {
    case "mp3":
      return "libmp3lame";
    case "opus":
      return "libopus";
    case "vorbis":
      return "libvorbis";
    default:
      return codec; // aac, ac3, eac3, flac: ffmpeg's native encoders share the codec's name
  }
}
