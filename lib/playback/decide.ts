/**
 * The stream decision engine: given a probed file, the client's (merged) device profile and the
 * user's policy, decide whether the file plays as it is (direct), with its streams copied into a
 * container the client takes (remux), or re-encoded (transcode), and say why.
 *
 * Behaviour follows the reference server's StreamBuilder, re-implemented:
 * - every check that fails adds one reason from the closed set {@link REASONS};
 * - no reason ⇒ **direct**: the file is served as it is over HTTP;
 * - only reasons a stream copy fixes ({@link REMUX_REASONS}: container, audio codec/channels/
 *   sample rate, a non-default audio track the player cannot select) ⇒ **remux**: HLS (or
 *   progressive for clients without HLS) with the video copied, the audio copied when the client
 *   decodes it in that segment type, else encoded (the cheap "audio-only transcode");
 * - anything that needs new pictures (codec, profile, level, bit depth, size, frame rate,
 *   dynamic range, interlacing, non-square pixels, a bitrate over the limit, a burnt-in
 *   subtitle, a speed change, an unreadable probe) ⇒ **transcode**.
 *
 * Audio files (no video besides cover art) are delivered progressively over HTTP, never HLS:
 * an `<audio>` element plays a progressive stream everywhere, music is small enough to encode
 * faster than real time many times over, and a seek simply starts a new request at `start_ms`.
 *
 * Pure: plain data in, a plain record out; no I/O, clock or randomness.
 */
import type { MediaProbe, MediaStream } from "../media/types.ts";
import {
  AUDIO_NATURAL_CONTAINER,
  codecFamily,
  isCoverArt,
  isTextSubtitle,
  type SegmentType,
  subtitleFormat,
} from "./codecs.ts";
import { humanLevel, minimumLevel, rawLevel } from "./level.ts";
import {
  type AudioCodecRule,
  audioRule,
  type DeviceProfile,
  normaliseProfileName,
  type SubtitleMethod,
  type VideoCodecRule,
  videoRule,
} from "./profile.ts";
import { boxForBitrate, H264_LADDER, recommendedBitrate } from "./quality_ladder.ts";

/**
 * Why a file cannot be played directly: the closed set of docs/api.md plus
 * `anamorphic_not_supported` (non-square pixels the client would show stretched).
 */
export const REASONS = [
  "container_not_supported",
  "video_codec_not_supported",
  "video_profile_not_supported",
  "video_level_not_supported",
  "video_bit_depth_not_supported",
  "video_resolution_not_supported",
  "video_framerate_not_supported",
  "video_range_not_supported",
  "interlaced_not_supported",
  "anamorphic_not_supported",
  "audio_codec_not_supported",
  "audio_channels_not_supported",
  "audio_sample_rate_not_supported",
  "secondary_audio_not_supported",
  "bitrate_exceeds_limit",
  "subtitle_needs_burn_in",
  "speed_change_requested",
  "unknown_stream_info",
] as const;

/** One reason of {@link REASONS}. */
export type Reason = typeof REASONS[number];

/** Reasons a stream copy into another container fixes; any other reason needs a transcode. */
export const REMUX_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  "container_not_supported",
  "audio_codec_not_supported",
  "audio_channels_not_supported",
  "audio_sample_rate_not_supported",
  "secondary_audio_not_supported",
]);

/**
 * Why a playable-looking request is refused (`playable: false`). The rest of the decision still
 * says what would have been done.
 * - `remux_not_allowed`: a remux was needed and the policy allows neither remuxing nor
 *   transcoding;
 * - `transcoding_not_allowed`: a video transcode was needed and the policy forbids it;
 * - `audio_transcoding_not_allowed`: audio had to be re-encoded and the policy forbids it;
 * - `no_streaming_target`: the profile has no HLS/progressive target that can carry the result
 *   (e.g. a client that reports `hls: false` and has no progressive rule);
 * - `no_playable_stream`: the file has neither video nor audio.
 */
export type Blocked =
  | "remux_not_allowed"
  | "transcoding_not_allowed"
  | "audio_transcoding_not_allowed"
  | "no_streaming_target"
  | "no_playable_stream";

/** The user's and server's limits (already combined by the caller). */
export interface PlaybackPolicy {
  /** The lower of the user's limit and the request's quality choice, if any. */
  max_bitrate_kbps?: number;
  /** Video re-encoding (and any audio encoding inside a video transcode). */
  allow_transcoding: boolean;
  /** Stream copy into another container. When false, a remux becomes a transcode. */
  allow_remux: boolean;
  /** Audio re-encoding in remuxes and of audio files; defaults to `allow_transcoding`. */
  allow_audio_transcoding?: boolean;
  /**
   * Video codecs the server is willing to encode, default `["h264"]`. HEVC/AV1 encoding is an
   * admin opt-in (slow in software), as in the reference server.
   */
  video_encoders?: string[];
}

/** The subtitle the viewer chose. */
export interface SubtitleChoice {
  source: "embedded" | "sidecar";
  /** Stream index in the file, for embedded subtitles. */
  stream_index?: number;
  /** ffprobe codec name or sidecar extension (`subrip`, `srt`, `ass`, `hdmv_pgs_subtitle`, …). */
  format: string;
  /** Position in the item's subtitle list (api.md `subtitles[].index`), echoed in the result. */
  index?: number;
  /** The viewer asked for burn-in (e.g. to keep ASS styling the client cannot render). */
  burn_in?: boolean;
}

/** Everything {@link decide} looks at. */
export interface DecisionInput {
  media: MediaProbe;
  /** The device profile, already merged with the client's capability report. */
  profile: DeviceProfile;
  policy: PlaybackPolicy;
  /** Stream index of the audio track; default: the default-flagged one, else the first. */
  audio_index?: number;
  subtitle?: SubtitleChoice | null;
  start_ms?: number;
  /** Playback speed; anything but 1 needs re-encoding (video timestamps and audio tempo). */
  speed?: number;
}

/** What happens to the video stream. */
export interface VideoPlan {
  action: "copy" | "encode";
  stream_index: number;
  codec: string;
  width: number;
  height: number;
  bitrate_kbps: number;
  frame_rate?: number;
  /** Lower-case ffprobe-style profile name ("high", "main 10"). */
  profile?: string;
  /** Level in ffprobe's raw notation (H.264 41, HEVC 153), as in {@link MediaStream}. */
  level?: number;
  bit_depth?: number;
  video_range?: string;
  /** Encode only: the source is interlaced and must be deinterlaced. */
  deinterlace: boolean;
  /** Encode only: HDR source, SDR output. */
  tone_map: boolean;
}

/** What happens to the audio stream. */
export interface AudioPlan {
  action: "copy" | "encode";
  stream_index: number;
  codec: string;
  channels: number;
  bitrate_kbps: number;
  sample_rate?: number;
}

/** How the chosen subtitle is delivered. */
export interface SubtitlePlan {
  method: SubtitleMethod;
  source: "embedded" | "sidecar";
  stream_index?: number;
  index?: number;
  /** The subtitle's own format (normalised: `subrip`, `ass`, `pgs`, …). */
  format: string;
  /** What the client receives: `webvtt` (or `subrip`) for converted text, else `format`. */
  delivery_format: string;
}

/** The decision: a plain record the API layer turns into the playback response. */
export interface Decision {
  decision: "direct" | "remux" | "transcode";
  /** False when the policy or the profile forbids what is needed; see `blocked`. */
  playable: boolean;
  blocked: Blocked | null;
  /** In {@link REASONS} order; empty for direct play. */
  reasons: Reason[];
  protocol: "http" | "hls";
  /**
   * Direct: the source container. HLS: the segment type (`ts` | `fmp4`). Progressive: the
   * output container (`mpegts`, `mp3`, `aac`, `flac`, …).
   */
  container: string;
  video: VideoPlan | null;
  audio: AudioPlan | null;
  subtitle: SubtitlePlan | null;
  estimated_bitrate_kbps: number;
  start_ms: number;
  speed: number;
}

/** The request names a stream that does not exist or has the wrong type, or a bad speed. */
export class DecisionInputError extends Error {
  /** Maps to HTTP 400. */
  readonly code = "bad_request";
  constructor(message: string) {
    super(message);
    this.name = "DecisionInputError";
  }
}

/** Below this a picture is not worth sending; limits lower than audio + this are ignored. */
const MIN_VIDEO_KBPS = 200;

type Mode = Decision["decision"];

/** Where a remux or transcode is delivered: one HLS segment type, or a progressive container. */
interface Target {
  protocol: "hls" | "http";
  container: string;
  video: readonly string[];
  audio: readonly string[];
}

function _targets(profile: DeviceProfile): Target[] {
  if (profile.hls && profile.hls.segment_types.length > 0) {
    return profile.hls.segment_types.map((t: SegmentType) => ({
      protocol: "hls" as const,
      container: t,
      video: profile.hls!.video_codecs[t] ?? [],
      audio: profile.hls!.audio_codecs[t] ?? [],
    }));
  }
  if (profile.progressive) {
    return [{
      protocol: "http",
      container: profile.progressive.container,
      video: profile.progressive.video_codecs,
      audio: profile.progressive.audio_codecs,
    }];
  }
  return [];
}

function _sortReasons(set: Set<Reason>): Reason[] {
  return REASONS.filter((r) => set.has(r));
}

/** Bit depth from the probe, else from a profile name such as "Main 10" / "High 10". */
function _bitDepth(s: MediaStream): number | undefined {
  if (s.bit_depth) return s.bit_depth;
  const m = /\b(10|12)\b/.exec(s.profile ?? "");
  return m ? Number(m[1]) : undefined;
}

function _range(s: MediaStream): string {
  return (s.video_range ?? "SDR").toUpperCase();
}

/** HDR10+ streams are valid HDR10 streams (the dynamic metadata is optional). */
function _rangeAllowed(rule: VideoCodecRule, range: string): boolean {
  if (!rule.video_ranges) return true;
  if (rule.video_ranges.includes(range)) return true;
  return range === "HDR10+" && rule.video_ranges.includes("HDR10");
}

function _minOf(...values: (number | undefined)[]): number {
  return Math.min(...values.map((v) => v ?? Infinity));
}

/** The checks of one video stream against its codec rule (codec support already known). */
function _videoReasons(
  s: MediaStream,
  rule: VideoCodecRule,
  profile: DeviceProfile,
  out: Set<Reason>,
): void {
  if (rule.profiles && s.profile && !rule.profiles.includes(normaliseProfileName(s.profile))) {
    out.add("video_profile_not_supported");
  }
  const level = humanLevel(rule.codec, s.level);
  if (rule.max_level !== undefined && level !== undefined && level > rule.max_level + 1e-9) {
    out.add("video_level_not_supported");
  }
  const depth = _bitDepth(s);
  if (rule.max_bit_depth !== undefined && depth !== undefined && depth > rule.max_bit_depth) {
    out.add("video_bit_depth_not_supported");
  }
  const maxW = _minOf(rule.max_width, profile.max_width);
  const maxH = _minOf(rule.max_height, profile.max_height);
  if ((s.width ?? 0) > maxW || (s.height ?? 0) > maxH) out.add("video_resolution_not_supported");
  if (
    rule.max_frame_rate !== undefined && s.frame_rate !== undefined &&
    s.frame_rate > rule.max_frame_rate + 0.01
  ) {
    out.add("video_framerate_not_supported");
  }
  if (!_rangeAllowed(rule, _range(s))) out.add("video_range_not_supported");
  if (s.interlaced && !rule.allow_interlaced) out.add("interlaced_not_supported");
  if (s.anamorphic && !rule.allow_anamorphic) out.add("anamorphic_not_supported");
}

/** The audio checks; returns the rule when the codec is decodable at all. */
function _audioReasons(
  s: MediaStream,
  profile: DeviceProfile,
  out: Set<Reason>,
): AudioCodecRule | undefined {
  const rule = audioRule(profile, s.codec);
  if (!rule) {
    out.add("audio_codec_not_supported");
    return undefined;
  }
  if (rule.max_channels !== undefined && (s.channels ?? 2) > rule.max_channels) {
    out.add("audio_channels_not_supported");
  }
  if (rule.max_sample_rate !== undefined && (s.sample_rate ?? 0) > rule.max_sample_rate) {
    out.add("audio_sample_rate_not_supported");
  }
  return rule;
}

/** The track a player picks by itself: the default-flagged audio, else the first. */
function _playerDefaultAudio(media: MediaProbe): MediaStream | undefined {
  const audios = media.streams.filter((s) => s.type === "audio");
  return audios.find((s) => s.default) ?? audios[0];
}

function _chooseAudio(media: MediaProbe, index: number | undefined): MediaStream | undefined {
  if (index === undefined) return _playerDefaultAudio(media);
  const s = media.streams.find((x) => x.index === index);
  if (!s || s.type !== "audio") {
    throw new DecisionInputError(`Stream ${index} is not an audio stream of this file`);
  }
  return s;
}

function _checkSubtitle(media: MediaProbe, choice: SubtitleChoice | null | undefined): void {
  if (!choice || choice.source !== "embedded") return;
  if (choice.stream_index === undefined) {
    throw new DecisionInputError("An embedded subtitle needs its stream_index");
  }
  const s = media.streams.find((x) => x.index === choice.stream_index);
  if (!s || s.type !== "subtitle") {
    throw new DecisionInputError(
      `Stream ${choice.stream_index} is not a subtitle stream of this file`,
    );
  }
}

/**
 * Picks the subtitle delivery: the first profile rule for the format whose method works in this
 * mode. WebVTT/SubRip rules for `external`/`hls` stand for every text format (the server
 * converts); `embed` works only when the file is served as it is; `hls` only in HLS streams.
 * Nothing fitting (an image format the client cannot render) means burn-in.
 */
function _planSubtitle(
  choice: SubtitleChoice,
  profile: DeviceProfile,
  mode: Mode,
  protocol: "http" | "hls",
): SubtitlePlan {
  const format = subtitleFormat(choice.format);
  const plan = (method: SubtitleMethod, delivery: string): SubtitlePlan => {
    const p: SubtitlePlan = { method, source: choice.source, format, delivery_format: delivery };
    if (choice.stream_index !== undefined) p.stream_index = choice.stream_index;
    if (choice.index !== undefined) p.index = choice.index;
    return p;
  };
  if (choice.burn_in) return plan("burn_in", format);
  const text = isTextSubtitle(format);
  for (const rule of profile.subtitles) {
    const converts = text && (rule.format === "webvtt" || rule.format === "subrip") &&
      (rule.method === "external" || rule.method === "hls");
    if (rule.format !== format && !converts) continue;
    switch (rule.method) {
      case "external":
        return plan("external", rule.format);
      case "hls":
        if (mode !== "direct" && protocol === "hls") return plan("hls", "webvtt");
        break;
      case "embed":
        if (mode === "direct" && choice.source === "embedded") return plan("embed", format);
        break;
      case "burn_in":
        return plan("burn_in", format);
    }
  }
  return plan("burn_in", format);
}

/** Typical encoder bitrates by codec and channel count (kbit/s). */
export function audioBitrate(codec: string, channels: number): number {
  const table: Record<string, [number, number, number, number]> = {
    // mono, stereo, 5.1, 7.1
    aac: [128, 192, 384, 512],
    ac3: [96, 192, 448, 640],
    eac3: [96, 192, 384, 640],
    mp3: [128, 192, 320, 320],
    opus: [64, 128, 256, 384],
  };
  const row = table[codecFamily(codec)] ?? table.aac;
  if (channels <= 1) return row[0];
  if (channels <= 2) return row[1];
  if (channels <= 6) return row[2];
  return row[3];
}

// Channel counts the encoders support.
const ENCODER_MAX_CHANNELS: Readonly<Record<string, number>> = {
  aac: 8,
  ac3: 6,
  eac3: 8,
  mp3: 2,
  opus: 8,
};

function _audioCopy(s: MediaStream): AudioPlan {
  const plan: AudioPlan = {
    action: "copy",
    stream_index: s.index,
    codec: s.codec,
    channels: s.channels ?? 2,
    bitrate_kbps: s.bitrate_kbps ?? audioBitrate(s.codec, s.channels ?? 2),
  };
  if (s.sample_rate) plan.sample_rate = s.sample_rate;
  return plan;
}

function _audioEncode(
  s: MediaStream,
  codec: string,
  profile: DeviceProfile,
  maxChannels: number,
  bitrateCap?: number,
): AudioPlan {
  const rule = audioRule(profile, codec);
  const channels = Math.max(
    1,
    _minOf(s.channels ?? 2, maxChannels, rule?.max_channels, ENCODER_MAX_CHANNELS[codec]),
  );
  return {
    action: "encode",
    stream_index: s.index,
    codec,
    channels,
    bitrate_kbps: Math.min(audioBitrate(codec, channels), bitrateCap ?? Infinity),
    sample_rate: _minOf(s.sample_rate ?? 48000, rule?.max_sample_rate, 48000),
  };
}

/** The audio encode target for an HLS/progressive target, or undefined when none fits. */
function _audioTarget(profile: DeviceProfile, target: Target): string | undefined {
  return profile.transcode.audio_codecs.find((c) =>
    target.audio.includes(c) && audioRule(profile, c) !== undefined
  );
}

/** The source video bitrate: the stream's own, else the file's minus its audio streams. */
function _videoKbps(media: MediaProbe, v: MediaStream): number {
  if (v.bitrate_kbps) return v.bitrate_kbps;
  const audio = media.streams
    .filter((s) => s.type === "audio")
    .reduce((sum, s) => sum + (s.bitrate_kbps ?? 0), 0);
  return Math.max(0, media.bitrate_kbps - audio);
}

function _parseRatio(r: string | undefined): number | undefined {
  if (!r) return undefined;
  const m = /^(\d+)[:/](\d+)$/.exec(r.trim());
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) return undefined;
  return Number(m[1]) / Number(m[2]);
}

function _even(x: number): number {
  return Math.max(2, 2 * Math.round(x / 2));
}

// How much bitrate H.264 needs relative to the source codec for similar quality.
const H264_NEED_VS_SOURCE: Readonly<Record<string, number>> = {
  mpeg2video: 0.7,
  mpeg4: 0.85,
  msmpeg4v3: 0.85,
  vc1: 0.9,
  wmv3: 0.9,
  hevc: 1.5,
  av1: 1.6,
  vp9: 1.4,
};

/** Plans the video encode: target size, frame rate, bitrate, profile and level. */
function _videoEncode(
  media: MediaProbe,
  v: MediaStream,
  codec: string,
  profile: DeviceProfile,
  limit: number,
  audioKbps: number,
): VideoPlan {
  const rule = videoRule(profile, codec)!;
  const srcW = v.width ?? 1280;
  const srcH = v.height ?? 720;
  // Non-square pixels become square: the display width is the stored width times the SAR.
  const sar = v.anamorphic ? _parseRatio(v.sample_aspect_ratio) : undefined;
  const displayW = sar ? srcW * sar : srcW;

  const box = boxForBitrate(limit);
  let maxW = _minOf(rule.max_width, profile.max_width, box?.width);
  let maxH = _minOf(rule.max_height, profile.max_height, box?.height);
  const fit = () => {
    const scale = Math.min(1, maxW / displayW, maxH / srcH);
    return { width: _even(displayW * scale), height: _even(srcH * scale) };
  };
  let size = fit();

  let fps = v.frame_rate;
  if (fps !== undefined && rule.max_frame_rate !== undefined && fps > rule.max_frame_rate + 0.01) {
    fps = fps / 2 <= rule.max_frame_rate ? fps / 2 : rule.max_frame_rate;
  }

  const srcRange = _range(v);
  const srcDepth = _bitDepth(v) ?? 8;
  const tenBit = (codec === "hevc" || codec === "av1" || codec === "vp9") && srcDepth >= 10 &&
    (rule.max_bit_depth ?? 10) >= 10;
  const keepHdr = tenBit && (srcRange === "HDR10" || srcRange === "HLG") &&
    _rangeAllowed(rule, srcRange);
  const outRange = keepHdr ? srcRange : "SDR";
  const bitDepth = tenBit && keepHdr ? 10 : tenBit && srcRange === "SDR" ? 10 : 8;

  const srcKbps = _videoKbps(media, v);
  const need = codec === "h264"
    ? (H264_NEED_VS_SOURCE[v.codec] ?? 1)
    : (H264_NEED_VS_SOURCE[v.codec] ?? 1) * 0.6;
  const bitrateFor = (h: number) =>
    Math.max(
      MIN_VIDEO_KBPS,
      Math.round(_minOf(
        recommendedBitrate(codec, h),
        Number.isFinite(limit) ? limit - audioKbps : undefined,
        srcKbps > 0 ? srcKbps * need : undefined,
      )),
    );
  let bitrate = bitrateFor(size.height);

  // Keep the output within the client's level: halve high frame rates first, then step down
  // the ladder until the level fits.
  const levelOf = () =>
    minimumLevel(codec, {
      width: size.width,
      height: size.height,
      frame_rate: fps ?? 30,
      bitrate_kbps: bitrate,
    });
  let level = levelOf();
  if (rule.max_level !== undefined && (level === undefined || level > rule.max_level)) {
    if (fps !== undefined && fps > 30) {
      fps = fps / 2;
      level = levelOf();
    }
    for (const rung of [...H264_LADDER].reverse()) {
      if (level !== undefined && level <= rule.max_level) break;
      if (rung.height >= size.height) continue;
      maxH = Math.min(maxH, rung.height);
      maxW = Math.min(maxW, Math.round((rung.height * 16) / 9));
      size = fit();
      bitrate = bitrateFor(size.height);
      level = levelOf();
    }
  }

  let outProfile: string | undefined;
  if (codec === "h264") {
    outProfile = ["high", "main", "constrained baseline", "baseline"].find((p) =>
      !rule.profiles || rule.profiles.includes(p)
    );
  } else if (codec === "hevc") outProfile = bitDepth === 10 ? "main 10" : "main";
  else if (codec === "av1") outProfile = "main";
  else if (codec === "vp9") outProfile = bitDepth === 10 ? "profile 2" : "profile 0";

  const plan: VideoPlan = {
    action: "encode",
    stream_index: v.index,
    codec,
    width: size.width,
    height: size.height,
    bitrate_kbps: bitrate,
    bit_depth: bitDepth,
    video_range: outRange,
    deinterlace: v.interlaced === true,
    tone_map: srcRange !== "SDR" && outRange === "SDR",
  };
  if (fps !== undefined) plan.frame_rate = Math.round(fps * 1000) / 1000;
  if (outProfile) plan.profile = outProfile;
  const raw = level !== undefined ? rawLevel(codec, level) : undefined;
  if (raw !== undefined) plan.level = raw;
  return plan;
}

function _videoCopy(media: MediaProbe, v: MediaStream): VideoPlan {
  const plan: VideoPlan = {
    action: "copy",
    stream_index: v.index,
    codec: v.codec,
    width: v.width ?? 0,
    height: v.height ?? 0,
    bitrate_kbps: _videoKbps(media, v),
    video_range: _range(v),
    deinterlace: false,
    tone_map: false,
  };
  if (v.frame_rate !== undefined) plan.frame_rate = v.frame_rate;
  if (v.profile) plan.profile = normaliseProfileName(v.profile);
  if (v.level !== undefined) plan.level = v.level;
  const depth = _bitDepth(v);
  if (depth !== undefined) plan.bit_depth = depth;
  return plan;
}

/**
 * Decides how one file plays on one client. See the module documentation for the rules.
 *
 * @throws {DecisionInputError} when `audio_index` or an embedded subtitle's `stream_index` does
 *   not name a stream of that type, or `speed` is not a positive number
 */
export function decide(input: DecisionInput): Decision {
  const { media, profile, policy } = input;
  const speed = input.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new DecisionInputError("speed must be a positive number");
  }
  const audio = _chooseAudio(media, input.audio_index);
  _checkSubtitle(media, input.subtitle);
  const video = media.streams.find((s) => s.type === "video" && !isCoverArt(s, media.container));
  const limit = Math.min(profile.max_bitrate_kbps, policy.max_bitrate_kbps ?? Infinity);

  const base = {
    start_ms: Math.max(0, input.start_ms ?? 0),
    speed,
  };
  if (!video && !audio) {
    return {
      decision: "transcode",
      playable: false,
      blocked: "no_playable_stream",
      reasons: ["unknown_stream_info"],
      protocol: "http",
      container: media.container,
      video: null,
      audio: null,
      subtitle: null,
      estimated_bitrate_kbps: 0,
      ...base,
    };
  }
  const ctx: _Ctx = { media, profile, policy, limit, audio, speed, base };
  return video ? _decideVideo(ctx, video, input.subtitle ?? null) : _decideAudioOnly(ctx, audio!);
}

interface _Ctx {
  media: MediaProbe;
  profile: DeviceProfile;
  policy: PlaybackPolicy;
  limit: number;
  audio: MediaStream | undefined;
  speed: number;
  base: { start_ms: number; speed: number };
}

function _containerAndSecondaryReasons(ctx: _Ctx, video: MediaStream | undefined): Set<Reason> {
  const { media, profile, audio } = ctx;
  const reasons = new Set<Reason>();
  const rule = profile.containers.find((c) => c.container === media.container);
  if (!rule) {
    reasons.add("container_not_supported");
  } else {
    // A codec the client decodes but not inside this container is a container problem: a
    // remux into a container that carries it fixes it.
    if (
      video && videoRule(profile, video.codec) &&
      !rule.video_codecs.includes(codecFamily(video.codec))
    ) {
      reasons.add("container_not_supported");
    }
    if (
      audio && audioRule(profile, audio.codec) &&
      !rule.audio_codecs.includes(codecFamily(audio.codec))
    ) {
      reasons.add("container_not_supported");
    }
  }
  if (audio && !profile.audio_track_switching && audio !== _playerDefaultAudio(media)) {
    reasons.add("secondary_audio_not_supported");
  }
  if (media.bitrate_kbps > ctx.limit) reasons.add("bitrate_exceeds_limit");
  if (ctx.speed !== 1) reasons.add("speed_change_requested");
  return reasons;
}

function _decideVideo(ctx: _Ctx, video: MediaStream, choice: SubtitleChoice | null): Decision {
  const { media, profile, policy, audio } = ctx;
  const reasons = _containerAndSecondaryReasons(ctx, video);
  const vRule = videoRule(profile, video.codec);
  if (!video.codec || video.codec === "unknown" || !video.width || !video.height) {
    reasons.add("unknown_stream_info");
  }
  if (!vRule) reasons.add("video_codec_not_supported");
  else _videoReasons(video, vRule, profile, reasons);
  const audioReasons = new Set<Reason>();
  if (audio) _audioReasons(audio, profile, audioReasons);
  for (const r of audioReasons) reasons.add(r);

  const targets = _targets(profile);
  const streamProtocol = targets[0]?.protocol ?? "hls";
  const needsEncode = () => [...reasons].some((r) => !REMUX_REASONS.has(r));
  let mode: Mode = reasons.size === 0 ? "direct" : needsEncode() ? "transcode" : "remux";

  let subtitle = choice ? _planSubtitle(choice, profile, mode, streamProtocol) : null;
  if (subtitle?.method === "burn_in") {
    reasons.add("subtitle_needs_burn_in");
    mode = "transcode";
  }

  let blocked: Blocked | null = null;
  if (mode === "remux" && !policy.allow_remux) {
    mode = "transcode";
    if (!policy.allow_transcoding) blocked = "remux_not_allowed";
  }

  const audioCopyable = (t: Target) =>
    audio !== undefined && audioReasons.size === 0 && ctx.speed === 1 &&
    t.audio.includes(codecFamily(audio.codec));
  const pickTarget = (videoCodec: string) => {
    const carrying = targets.filter((t) => t.video.includes(videoCodec));
    return carrying.find(audioCopyable) ?? carrying[0];
  };
  const planAudio = (t: Target, cap?: number): AudioPlan | null | undefined => {
    if (!audio) return null;
    if (audioCopyable(t)) return _audioCopy(audio);
    const codec = _audioTarget(profile, t);
    return codec
      ? _audioEncode(audio, codec, profile, profile.transcode.max_audio_channels, cap)
      : undefined;
  };

  let target: Target | undefined;
  let videoPlan: VideoPlan | null = null;
  let audioPlan: AudioPlan | null | undefined = null;

  if (mode === "remux") {
    target = pickTarget(codecFamily(video.codec));
    if (target) {
      videoPlan = _videoCopy(media, video);
      audioPlan = planAudio(target);
      if (audioPlan === undefined) target = undefined;
    }
    // No segment type carries the source video (or no audio target fits): re-encode instead.
    if (!target) mode = "transcode";
  }

  if (mode === "transcode") {
    const encoders = policy.video_encoders ?? ["h264"];
    const codec = profile.transcode.video_codecs.find((c) =>
      encoders.includes(c) && videoRule(profile, c) && targets.some((t) => t.video.includes(c))
    );
    target = codec ? pickTarget(codec) : undefined;
    if (codec && target) {
      const cap = ctx.limit < 2000 ? 128 : undefined;
      audioPlan = planAudio(target, cap);
      if (audioPlan !== undefined) {
        videoPlan = _videoEncode(
          media,
          video,
          codec,
          profile,
          ctx.limit,
          audioPlan?.bitrate_kbps ?? 0,
        );
      }
    }
    if (!target || audioPlan === undefined) {
      blocked ??= "no_streaming_target";
      target = undefined;
    }
    if (!policy.allow_transcoding) blocked ??= "transcoding_not_allowed";
  }

  if (
    mode === "remux" && audioPlan?.action === "encode" &&
    !(policy.allow_audio_transcoding ?? policy.allow_transcoding)
  ) {
    blocked ??= "audio_transcoding_not_allowed";
  }

  if (choice && mode !== "direct" && subtitle?.method !== "burn_in") {
    subtitle = _planSubtitle(choice, profile, mode, target?.protocol ?? streamProtocol);
  }

  if (mode === "direct") {
    videoPlan = _videoCopy(media, video);
    audioPlan = audio ? _audioCopy(audio) : null;
  }

  const est = mode === "direct"
    ? media.bitrate_kbps
    : (videoPlan?.bitrate_kbps ?? 0) + (audioPlan?.bitrate_kbps ?? 0);
  return {
    decision: mode,
    playable: blocked === null,
    blocked,
    reasons: _sortReasons(reasons),
    protocol: mode === "direct" ? "http" : target?.protocol ?? streamProtocol,
    container: mode === "direct" ? media.container : target?.container ?? "",
    video: videoPlan,
    audio: audioPlan ?? null,
    subtitle,
    estimated_bitrate_kbps: est,
    ...ctx.base,
  };
}

function _decideAudioOnly(ctx: _Ctx, audio: MediaStream): Decision {
  const { media, profile, policy } = ctx;
  const reasons = _containerAndSecondaryReasons(ctx, undefined);
  const audioReasons = new Set<Reason>();
  _audioReasons(audio, profile, audioReasons);
  for (const r of audioReasons) reasons.add(r);

  const allowAudioEncode = policy.allow_audio_transcoding ?? policy.allow_transcoding;
  const result = (
    decision: Mode,
    container: string,
    plan: AudioPlan,
    blocked: Blocked | null,
  ): Decision => ({
    decision,
    playable: blocked === null,
    blocked,
    reasons: _sortReasons(reasons),
    protocol: "http",
    container,
    video: null,
    audio: plan,
    subtitle: null,
    estimated_bitrate_kbps: decision === "direct" ? media.bitrate_kbps : plan.bitrate_kbps,
    ...ctx.base,
  });

  if (reasons.size === 0) return result("direct", media.container, _audioCopy(audio), null);

  // Only the container is wrong: copy the stream into its natural container if the client
  // plays that (FLAC from a Matroska audio file becomes a .flac stream).
  const onlyRemux = [...reasons].every((r) => REMUX_REASONS.has(r)) && audioReasons.size === 0;
  const natural = AUDIO_NATURAL_CONTAINER[codecFamily(audio.codec)];
  const naturalOk = natural !== undefined &&
    profile.containers.some((c) =>
      c.container === natural && c.audio_codecs.includes(codecFamily(audio.codec))
    );
  if (onlyRemux && naturalOk && policy.allow_remux) {
    return result("remux", natural, _audioCopy(audio), null);
  }

  const t = profile.transcode.audio_only;
  const cap = Number.isFinite(ctx.limit) ? Math.min(t.bitrate_kbps, ctx.limit) : t.bitrate_kbps;
  const plan = _audioEncode(audio, t.codec, profile, t.max_channels);
  // Music gets the profile's music bitrate (higher than the video-soundtrack default).
  plan.bitrate_kbps = cap;
  let blocked: Blocked | null = null;
  if (!allowAudioEncode) {
    blocked = onlyRemux && naturalOk ? "remux_not_allowed" : "audio_transcoding_not_allowed";
  }
  return result("transcode", t.container, plan, blocked);
}
