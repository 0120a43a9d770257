/**
 * Builds the ffmpeg command line of one HLS run: the job from segment K on, cut exactly where the
 * plan says. Pure: no process, no filesystem.
 *
 * Why the segment muxer and not ffmpeg's hls muxer: the hls muxer cuts at the first keyframe
 * `hls_time` after the point it started from, so a run restarted mid-file cuts on a different grid
 * than the playlist (the reference server's #17966). The segment muxer takes the absolute cut
 * times (`-segment_times`), and with `-copyts` those times are the playlist's. Each finished
 * segment's name is appended to a CSV list the moment it is complete, which is how the session
 * knows a segment can be served without waiting for the next one to appear.
 *
 * Timeline: `-copyts -start_at_zero` keeps packet times equal to the playlist position (file start
 * = 0); `-output_ts_offset` then adds {@link TIMELINE_OFFSET_MS} so B-frame decode times and AAC
 * priming stay positive (MPEG-TS and `tfdt` cannot carry negative times). Every run, whatever
 * segment it starts at, writes the same timestamps for the same media.
 *
 * Seeking: a remux restart seeks to the segment's keyframe with `-seek_timestamp 1` (an absolute
 * time, because ffmpeg compares `-copypriorss 0` against absolute times) and drops every packet
 * before it, so an imprecise demuxer seek (MPEG-TS) or ffmpeg's B-frame seek heuristic (which
 * lands up to one GOP early) cannot move the start. An encode restart seeks with `-ss` and lets
 * ffmpeg's accurate seek drop the decoded frames before the boundary; keyframes are forced on the
 * absolute grid (an explicit time list, compared with the frames' absolute times).
 */
import { ffmpegInputUrl, ffmpegSeconds } from "../media/ffprobe.ts";
import { buildVideoPipelineArgs } from "../media/hwaccel_args.ts";
import { sidecarInputArgs } from "../subtitles/burn_in.ts";
import type { HwMethod } from "../media/hwaccel_args.ts";
import type { SegmentPlan } from "./segment_plan.ts";
import type { HlsAudioCodec, HlsAudioSpec, HlsJobSpec, HlsRendition, SegmentType } from "./spec.ts";

/** Output timestamps are the playlist time plus this (positive DTS for B-frames and priming). */
export const TIMELINE_OFFSET_MS = 1400;

/**
 * Segments one run cuts at most: the cut list is one argument, and Linux caps a single argument at
 * 128 KiB. A run that reaches its end is restarted like any seek.
 */
export const MAX_SEGMENTS_PER_RUN = 2000;

/**
 * A bitmap-subtitle burn-in (`HlsJobSpec.burn_in_filter`) as the subtitle layer writes it:
 * `[0:N]overlay=…`, where N is the absolute index of the image subtitle stream, or
 * `[1:s:0]overlay=…` for an image sidecar read as the second input (`HlsJobSpec.burn_in_input`).
 * Such a fragment has a second input, which a `-vf` chain cannot express, so the run uses
 * `-filter_complex`: the picture chain up to the scaler, the subtitle canvas scaled to the
 * picture (scale2ref: PGS and VobSub canvases have the source's size), the overlay, then the rest
 * of the chain. Group 1 is the subtitle pad's stream specifier, group 2 the overlay filter.
 */
export const BITMAP_OVERLAY_RE = /^\[(0:\d+|1:s:0)\](overlay(?:=[^;[\]]*)?)$/;

/**
 * Placeholder handed to the pipeline builder where the overlay goes (ffmpeg's no-op filter);
 * pass it as `burn_in_filter` and give the chain to {@link bitmapOverlayGraph}.
 */
export const OVERLAY_SLOT = "null";

/** The output pad of {@link bitmapOverlayGraph}, for `-map`. */
export const OVERLAY_OUT = "[rfv]";

/**
 * The `-filter_complex` graph of a bitmap burn-in (see {@link BITMAP_OVERLAY_RE}): `chain` is
 * the `-vf` chain built with {@link OVERLAY_SLOT} as the burn-in filter ("" for none),
 * `videoMap` the video stream (`0:v:0`, `0:3`), `m` the match of the fragment.
 */
export function bitmapOverlayGraph(chain: string, videoMap: string, m: RegExpExecArray): string {
  const parts = chain ? chain.split(",") : [];
  const at = parts.indexOf(OVERLAY_SLOT);
  const pre = at >= 0 ? parts.slice(0, at) : parts;
  const post = at >= 0 ? parts.slice(at + 1) : [];
  const base = pre.length ? `[${videoMap}]${pre.join(",")}[rfb]` : `[${videoMap}]null[rfb]`;
  return `${base};[${m[1]}][rfb]scale2ref[rfs][rfr];` +
    `[rfr][rfs]${[m[2], ...post].join(",")}${OVERLAY_OUT}`;
}

/** Cut and keyframe thresholds sit 1 ms early: keyframe lists are rounded to the millisecond. */
const _EPSILON_MS = 1;

/** Parameters of one run. */
export interface HlsRunParams {
  /** First segment this run writes (the playlist index K). */
  start_index: number;
  /** Directory ffmpeg writes into. */
  dir: string;
  /** Run number; it names the run's files so a dying run never overwrites a newer one's. */
  run: number;
  /** Encode in software although the rendition asks for a hardware method (fallback). */
  software_fallback?: boolean;
  /** Override of {@link MAX_SEGMENTS_PER_RUN} (tests). */
  max_segments?: number;
}

/** What {@link buildHlsArgs} returns. */
export interface HlsRunArgs {
  /** ffmpeg arguments (without the binary). */
  args: string[];
  /** Segments `start_index … end_index - 1` are cut exactly; later ones need a new run. */
  end_index: number;
  /** The CSV list ffmpeg appends each finished segment to. */
  list_path: string;
  /** The video encoder, or null for copy / no video. */
  encoder: string | null;
  /** The video pipeline shape, or null for copy / no video. */
  pipeline: "gpu" | "hybrid" | "software" | null;
  /** The method actually used for the video encode. */
  method: HwMethod | null;
}

/** Extension of the files ffmpeg writes: fMP4 segments are split into init + `.m4s` afterwards. */
function _rawExt(type: SegmentType): string {
  return type === "ts" ? "ts" : "mp4";
}

/** Name of the file run `run` writes for segment `index`. */
export function runSegmentFileName(run: number, index: number, type: SegmentType): string {
  return `r${run}-${index}.${_rawExt(type)}`;
}

/** Name of the segment list of run `run`. */
export function runListFileName(run: number): string {
  return `r${run}.csv`;
}

/**
 * Reads the segment indices of run `run` from its CSV list text (`name,start,end` per line);
 * a last line without its newline may still be being written and is ignored.
 */
export function parseSegmentList(text: string, run: number): number[] {
  const out: number[] = [];
  const lines = text.split("\n");
  lines.pop();
  const re = new RegExp(`^r${run}-(\\d+)\\.(?:ts|mp4),`);
  for (const line of lines) {
    const m = re.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** `atempo` accepts 0.5–2 per instance in ffmpeg 5; larger changes chain instances. */
export function atempoChain(speed: number): string[] {
  if (!(speed > 0)) throw new RangeError(`Invalid speed ${speed}`);
  const out: string[] = [];
  let s = speed;
  while (s > 2) {
    out.push("atempo=2");
    s /= 2;
  }
  while (s < 0.5) {
    out.push("atempo=0.5");
    s /= 0.5;
  }
  if (Math.abs(s - 1) > 1e-9) out.push(`atempo=${+s.toFixed(6)}`);
  return out;
}

const _AUDIO_ENCODERS: Record<HlsAudioCodec, string> = {
  aac: "aac",
  mp3: "libmp3lame",
  opus: "libopus",
  ac3: "ac3",
  flac: "flac",
};

function _defaultAudioKbps(codec: HlsAudioCodec, channels: number): number {
  const perPair = codec === "opus" ? 96 : codec === "ac3" ? 192 : 128;
  return perPair * Math.max(1, Math.ceil(channels / 2));
}

/** Seconds with millisecond precision, as ffmpeg time arguments. */

/** ffmpeg expands `%` in output names; a literal `%` in the directory must be doubled. */
function _escapePattern(path: string): string {
  return path.replaceAll("%", "%%");
}

function _audioArgs(
  a: HlsAudioSpec,
  speed: number,
  remuxSeekMs: number | null,
): string[] {
  if (a.action === "copy") return ["-c:a", "copy"];
  const codec = a.codec ?? "aac";
  const channels = a.channels ?? Math.min(a.source_channels ?? 2, 2);
  const chain: string[] = [];
  // A remux restart disables accurate seek (see module doc), so the audio is trimmed here.
  if (remuxSeekMs !== null) chain.push(`atrim=start=${ffmpegSeconds(remuxSeekMs)}`);
  if (channels === 2 && (a.source_channels ?? 0) > 2) {
    // ITU-R BS.775 style: centre and surrounds at -3 dB, LFE dropped, and the matrix normalised
    // so loud surround scenes cannot clip (ffmpeg's plain -ac 2 does not normalise).
    chain.push(
      "aresample=out_chlayout=stereo:center_mix_level=0.7071:surround_mix_level=0.7071:" +
        "lfe_mix_level=0:rematrix_maxval=1.0",
    );
  }
  if (speed !== 1) chain.push(`asetpts=PTS/${speed}`, ...atempoChain(speed));
  const out = ["-c:a", _AUDIO_ENCODERS[codec]];
  if (codec !== "flac") {
    out.push("-b:a", `${a.bitrate_kbps ?? _defaultAudioKbps(codec, channels)}k`);
  }
  out.push("-ac", String(channels));
  if (chain.length) out.push("-af", chain.join(","));
  return out;
}

/**
 * Whether the MP4 muxer must be allowed experimental features for this audio: ffmpeg 5.1 refuses
 * FLAC in MP4 ("flac in MP4 support is experimental") unless the muxer's `strict` is
 * experimental (-2), whether the FLAC is copied or encoded; Opus in MP4 needs nothing. The flag
 * goes into `-segment_format_options`: the segment muxer does not hand a global `-strict` down to
 * the MP4 muxer it opens per segment.
 */
export function mp4NeedsExperimental(audio: HlsAudioSpec | null): boolean {
  if (!audio) return false;
  const codec = audio.action === "copy" ? audio.source_codec : audio.codec ?? "aac";
  return codec === "flac";
}

/**
 * Builds the ffmpeg arguments of run `params.run` of `rendition`, starting at segment
 * `params.start_index` of `plan`.
 *
 * @throws {RangeError} when the start index is outside the plan
 */
export function buildHlsArgs(
  spec: HlsJobSpec,
  rendition: HlsRendition,
  plan: SegmentPlan,
  params: HlsRunParams,
): HlsRunArgs {
  const segs = plan.segments;
  const k = params.start_index;
  if (!(Number.isInteger(k) && k >= 0 && k < segs.length)) {
    throw new RangeError(`Segment ${k} is outside the plan (0–${segs.length - 1})`);
  }
  const speed = spec.speed ?? 1;
  const video = rendition.video;
  const audio = rendition.audio;
  const copy = video?.action === "copy";
  const startMs = segs[k].start_ms;
  const endIndex = Math.min(segs.length, k + (params.max_segments ?? MAX_SEGMENTS_PER_RUN));
  const type = spec.segment_type;

  // Cut before every later segment of this run, and before `endIndex` so the run's last
  // segment ends where the plan says (what follows it is discarded).
  const cuts: string[] = [];
  for (let i = k + 1; i <= Math.min(endIndex, segs.length - 1); i++) {
    cuts.push(ffmpegSeconds(segs[i].start_ms + TIMELINE_OFFSET_MS - _EPSILON_MS));
  }

  const args = ["-hide_banner", "-nostats", "-loglevel", "warning", "-y"];
  args.push(...(spec.extra_input_args ?? []));

  let videoArgs: string[] = [];
  let videoOut: string | null = null;
  const overlay = video?.action === "encode" && spec.burn_in_filter
    ? BITMAP_OVERLAY_RE.exec(spec.burn_in_filter)
    : null;
  let encoder: string | null = null;
  let pipeline: HlsRunArgs["pipeline"] = null;
  let method: HwMethod | null = null;
  if (video?.action === "encode") {
    method = params.software_fallback ? "none" : video.hwaccel.method;
    const fps = video.frame_rate && video.frame_rate > 0 ? video.frame_rate : 25;
    const target = spec.segments.target_s;
    const maxrate = video.maxrate_kbps ?? Math.round(video.bitrate_kbps * 1.5);
    const p = buildVideoPipelineArgs(method, {
      device: video.hwaccel.device,
      input_codec: video.input_codec,
      input_bit_depth: video.input_bit_depth,
      input_transfer: video.input_transfer,
      target_codec: video.codec,
      width: video.width,
      height: video.height,
      bitrate_kbps: video.bitrate_kbps,
      maxrate_kbps: maxrate,
      bufsize_kbits: maxrate * 2,
      // Twice the segment: forced keyframes reset the GOP counter first, so the encoder never
      // adds one of its own inside a segment.
      keyint_frames: Math.max(1, Math.round(fps * target * 2)),
      // An explicit list: ffmpeg compares it with absolute frame times, whereas an `expr:`'s `t`
      // counts from the run's first frame, which would put the grid off by that frame's offset.
      force_key_frames: segs.slice(k, endIndex)
        .map((s) => ffmpegSeconds(Math.max(0, s.start_ms - _EPSILON_MS)))
        .join(","),
      deinterlace: video.deinterlace,
      tonemap: video.tonemap,
      burn_in_filter: overlay ? OVERLAY_SLOT : spec.burn_in_filter,
      software_fallback: params.software_fallback,
    });
    args.push(...p.inputArgs);
    let filter = p.filterArgs;
    if (speed !== 1) {
      const setpts = `setpts=PTS/${speed}`;
      filter = filter.length ? ["-vf", `${filter[1]},${setpts}`] : ["-vf", setpts];
    }
    if (overlay) {
      const map = video.stream_index === undefined ? "0:v:0" : `0:${video.stream_index}`;
      filter = ["-filter_complex", bitmapOverlayGraph(filter[1] ?? "", map, overlay)];
      videoOut = OVERLAY_OUT;
    }
    videoArgs = [
      ...filter,
      ...p.encodeArgs,
      // Keep source timestamps: a frame-rate time base would round frames onto a grid that
      // differs between a run from 0 and a run from K, moving keyframes by one frame.
      "-fps_mode:v",
      "passthrough",
      "-enc_time_base:v",
      "-1",
    ];
    if (p.encoder.startsWith("libx264") && !videoArgs.includes("-sc_threshold")) {
      videoArgs.push("-sc_threshold", "0");
    }
    if (type === "fmp4" && video.codec === "hevc") videoArgs.push("-tag:v", "hvc1");
    encoder = p.encoder;
    pipeline = p.pipeline;
  } else if (copy) {
    videoArgs = ["-c:v", "copy"];
    if (type === "fmp4" && video.source_codec === "hevc") videoArgs.push("-tag:v", "hvc1");
  }

  args.push("-copyts", "-start_at_zero");
  const remuxSeek = copy && k > 0;
  if (copy) args.push("-fflags", "+genpts");
  if (remuxSeek) {
    const abs = (spec.start_time_ms ?? 0) + startMs - _EPSILON_MS;
    args.push("-seek_timestamp", "1", "-ss", ffmpegSeconds(abs), "-noaccurate_seek");
  } else if (k > 0) {
    args.push("-ss", ffmpegSeconds(startMs * speed));
  }
  args.push("-i", ffmpegInputUrl(spec.input_path));
  // An image sidecar burnt in: the second input, seeked along with the video (its own timing
  // rules: lib/subtitles/burn_in.ts).
  if (overlay && spec.burn_in_input) {
    args.push(...sidecarInputArgs(spec.burn_in_input, {
      seek_ms: k > 0 ? startMs * speed : 0,
      copyts: true,
    }));
  }

  if (videoOut) args.push("-map", videoOut);
  else if (video) {
    args.push("-map", video.stream_index === undefined ? "0:v:0" : `0:${video.stream_index}`);
  }
  if (audio) args.push("-map", `0:${audio.stream_index}`);
  args.push(...videoArgs);
  if (audio) args.push(..._audioArgs(audio, speed, remuxSeek ? startMs - _EPSILON_MS : null));
  // Drop packets before the segment's keyframe (see module doc); only meaningful after a seek.
  if (remuxSeek) args.push("-copypriorss", "0");
  args.push("-map_metadata", "-1", "-map_chapters", "-1", "-max_muxing_queue_size", "1024");
  args.push(
    "-avoid_negative_ts",
    "disabled",
    "-output_ts_offset",
    ffmpegSeconds(TIMELINE_OFFSET_MS),
  );
  args.push(...(spec.extra_output_args ?? []));

  const formatOptions = type === "ts"
    ? "mpegts_copyts=1:avoid_negative_ts=disabled"
    // frag_discont + no edit list + no shifting: tfdt carries the absolute decode time, so a
    // segment from any run continues the timeline; skip_trailer leaves out the mfra box.
    : "movflags=+frag_keyframe+empty_moov+default_base_moof+frag_discont+skip_trailer:" +
      "use_editlist=0:avoid_negative_ts=disabled" +
      (mp4NeedsExperimental(audio) ? ":strict=experimental" : "");
  const listPath = `${params.dir}/${runListFileName(params.run)}`;
  args.push(
    "-f",
    "segment",
    "-segment_format",
    type === "ts" ? "mpegts" : "mp4",
    "-segment_format_options",
    formatOptions,
    // An empty list would mean "cut every 2 s"; a time past the end means "never cut".
    "-segment_times",
    cuts.length ? cuts.join(",") : "999999999",
    "-segment_start_number",
    String(k),
    "-segment_list",
    `file:${listPath}`,
    "-segment_list_type",
    "csv",
    "-reset_timestamps",
    "0",
    `file:${_escapePattern(params.dir)}/r${params.run}-%d.${_rawExt(type)}`,
  );
  return { args, end_index: endIndex, list_path: listPath, encoder, pipeline, method };
}
