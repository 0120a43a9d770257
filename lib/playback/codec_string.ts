/**
 * RFC 6381 codec strings (`avc1.640029`, `hvc1.2.4.L153.B0`, `mp4a.40.2`, …) for the HLS
 * `CODECS` attribute (RFC 8216 §4.3.4.2) and for `MediaSource.isTypeSupported` checks.
 *
 * Formats: H.264 per ISO/IEC 14496-15 (profile_idc, constraint flags, level_idc in hex); HEVC per
 * ISO/IEC 14496-15 annex E (profile, reversed compatibility flags, tier+level, constraint
 * bytes); AV1 per the AV1-ISOBMFF codecs parameter; VP9 per the VP codec ISO-BMFF binding; AAC
 * per RFC 6381 §3.3 (object type indication 40 + audio object type); MP3 as `mp4a.40.34` as HLS
 * players expect; AC-3/E-AC-3 per ETSI TS 102 366; Opus, FLAC and ALAC by their sample entry
 * names.
 */
import { codecFamily } from "./codecs.ts";
import { normaliseProfileName } from "./profile.ts";

/** What a codec string is built from: a {@link MediaStream}, or a planned output stream. */
export interface CodecStringInput {
  codec: string;
  /** ffprobe profile name ("High", "Main 10", "LC", "Profile 2"), any case. */
  profile?: string;
  /** ffprobe raw level (H.264 41, HEVC 153, AV1 seq_level_idx, VP9 10 × level). */
  level?: number;
  bit_depth?: number;
  width?: number;
  height?: number;
  frame_rate?: number;
}

// H.264: profile name → [profile_idc, constraint flags byte].
const AVC_PROFILES: Readonly<Record<string, readonly [number, number]>> = {
  "constrained baseline": [0x42, 0xe0],
  baseline: [0x42, 0x00],
  main: [0x4d, 0x40],
  extended: [0x58, 0x00],
  high: [0x64, 0x00],
  "high 10": [0x6e, 0x00],
  "high 10 intra": [0x6e, 0x10],
  "high 4:2:2": [0x7a, 0x00],
  "high 4:2:2 intra": [0x7a, 0x10],
  "high 4:4:4 predictive": [0xf4, 0x00],
  "high 4:4:4 intra": [0xf4, 0x10],
};

// HEVC: profile name → [general_profile_idc, compatibility flags in reversed-bit hex].
const HEVC_PROFILES: Readonly<Record<string, readonly [number, string]>> = {
  main: [1, "6"],
  "main 10": [2, "4"],
  "main still picture": [3, "E"],
  rext: [4, "10"],
};

const AAC_OBJECT_TYPES: Readonly<Record<string, number>> = {
  main: 1,
  lc: 2,
  ssr: 3,
  ltp: 4,
  "he-aac": 5,
  "he-aacv2": 29,
};

const SIMPLE_STRINGS: Readonly<Record<string, string>> = {
  mp3: "mp4a.40.34",
  ac3: "ac-3",
  eac3: "ec-3",
  opus: "opus",
  flac: "fLaC",
  alac: "alac",
  vorbis: "vorbis",
  vp8: "vp8",
  truehd: "mlpa",
};

function _hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

function _pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** H.264 level_idc for a picture when the stream did not say (one rung per common size). */
function _avcDefaultLevel(s: CodecStringInput): number {
  const px = (s.width ?? 1920) * (s.height ?? 1080);
  const fps = s.frame_rate ?? 30;
  if (px <= 414720) return 30; // ≤ 720×576
  if (px <= 921600) return fps > 30 ? 32 : 31; // ≤ 1280×720
  if (px <= 2228224) return fps > 30 ? 42 : 40; // ≤ 2048×1088
  return fps > 30 ? 52 : 51;
}

function _hevcDefaultLevel(s: CodecStringInput): number {
  const px = (s.width ?? 1920) * (s.height ?? 1080);
  const fps = s.frame_rate ?? 30;
  if (px <= 983040) return 93; // 3.1
  if (px <= 2228224) return fps > 30 ? 123 : 120; // 4.1 / 4
  if (px <= 8912896) return fps > 30 ? 153 : 150; // 5.1 / 5
  return 180; // 6
}

function _av1DefaultLevel(s: CodecStringInput): number {
  const px = (s.width ?? 1920) * (s.height ?? 1080);
  const fps = s.frame_rate ?? 30;
  if (px <= 2359296) return fps > 30 ? 9 : 8; // 4.1 / 4.0
  if (px <= 8912896) return fps > 30 ? 13 : 12; // 5.1 / 5.0
  return 16; // 6.0
}

// VP9 levels: [level × 10, max luma picture size, max luma sample rate].
const VP9_LEVELS: readonly (readonly [number, number, number])[] = [
  [10, 36864, 829440],
  [11, 73728, 2764800],
  [20, 122880, 4608000],
  [21, 245760, 9216000],
  [30, 552960, 20736000],
  [31, 983040, 36864000],
  [40, 2228224, 83558400],
  [41, 2228224, 160432128],
  [50, 8912896, 311951360],
  [51, 8912896, 588251136],
  [52, 8912896, 1176502272],
  [60, 35651584, 1176502272],
  [61, 35651584, 2353004544],
  [62, 35651584, 4706009088],
];

function _vp9DefaultLevel(s: CodecStringInput): number {
  const px = (s.width ?? 1920) * (s.height ?? 1080);
  const rate = px * (s.frame_rate ?? 30);
  return VP9_LEVELS.find(([, ps, sr]) => px <= ps && rate <= sr)?.[0] ?? 62;
}

/**
 * The RFC 6381 codec string of one stream, or undefined for codecs HLS and MSE have no string
 * for (MPEG-2 video, DTS, subtitles, …).
 *
 * @param opts `hevc_tag`: `hvc1` (parameter sets in the sample entry; what Apple requires in
 *   HLS and what we mux) or `hev1`
 */
export function codecString(
  s: CodecStringInput,
  opts: { hevc_tag?: "hvc1" | "hev1" } = {},
): string | undefined {
  const codec = codecFamily(s.codec);
  const profile = normaliseProfileName(s.profile ?? "");
  const level = s.level !== undefined && s.level > 0 ? s.level : undefined;
  switch (codec) {
    case "h264": {
      const [idc, flags] = AVC_PROFILES[profile] ?? AVC_PROFILES.high;
      return `avc1.${_hex2(idc)}${_hex2(flags)}${_hex2(level ?? _avcDefaultLevel(s))}`;
    }
    case "hevc": {
      const fallback = (s.bit_depth ?? 8) > 8 ? "main 10" : "main";
      const [idc, compat] = HEVC_PROFILES[profile] ?? HEVC_PROFILES[fallback];
      const tag = opts.hevc_tag ?? "hvc1";
      return `${tag}.${idc}.${compat}.L${level ?? _hevcDefaultLevel(s)}.B0`;
    }
    case "av1": {
      const p = profile === "high" ? 1 : profile === "professional" ? 2 : 0;
      const lv = level !== undefined && level <= 31 ? level : _av1DefaultLevel(s);
      return `av01.${p}.${_pad2(lv)}M.${_pad2(s.bit_depth ?? 8)}`;
    }
    case "vp9": {
      const m = /(\d)$/.exec(profile);
      const p = m ? Number(m[1]) : (s.bit_depth ?? 8) > 8 ? 2 : 0;
      return `vp09.${_pad2(p)}.${_pad2(level ?? _vp9DefaultLevel(s))}.${_pad2(s.bit_depth ?? 8)}`;
    }
    case "aac":
      return `mp4a.40.${AAC_OBJECT_TYPES[profile] ?? 2}`;
    default:
      return SIMPLE_STRINGS[codec];
  }
}

/**
 * The `CODECS` attribute value of an HLS variant: the video and audio codec strings joined by a
 * comma, leaving out streams without a string.
 */
export function hlsCodecs(
  video?: CodecStringInput | null,
  audio?: CodecStringInput | null,
): string {
  return [video, audio]
    .map((s) => (s ? codecString(s) : undefined))
    .filter((x): x is string => x !== undefined)
    .join(",");
}
