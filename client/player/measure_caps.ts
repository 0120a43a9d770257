/**
 * Measures what this browser can play, as the `caps` report of the playback request
 * (lib/playback/caps.ts `ClientCaps`). Codec answers come from `MediaSource.isTypeSupported`
 * (what hls.js can feed) or, without MSE, from `canPlayType`; containers and native HLS from
 * `canPlayType`. Pure over the two probe functions, so it is tested without a browser.
 */

/** The browser's answers, injected: `isTypeSupported` is null without MediaSource. */
export interface CapsProbe {
  isTypeSupported: ((mime: string) => boolean) | null;
  canPlayType: (mime: string) => string;
  /** `matchMedia("(dynamic-range: high)").matches`. */
  hdrScreen?: boolean;
}

/** The report sent as `caps` (the subset of `ClientCaps` a browser can measure). */
export interface MeasuredCaps {
  containers: string[];
  video_codecs: string[];
  audio_codecs: string[];
  subtitle_formats: string[];
  hls: boolean;
  segment_types: string[];
  video_ranges: string[];
  video_codec_limits: Record<string, { max_level?: number; max_bit_depth?: number }>;
}

// One representative codec string per codec; the first one the browser accepts counts.
const VIDEO_TESTS: [string, string[]][] = [
  ["h264", ['video/mp4; codecs="avc1.42E01E"', 'video/mp4; codecs="avc1.640029"']],
  ["hevc", ['video/mp4; codecs="hvc1.1.6.L120.90"', 'video/mp4; codecs="hev1.1.6.L120.90"']],
  ["av1", ['video/mp4; codecs="av01.0.08M.08"']],
  ["vp9", ['video/mp4; codecs="vp09.00.10.08"', 'video/webm; codecs="vp9"']],
  ["vp8", ['video/webm; codecs="vp8"']],
];

const AUDIO_TESTS: [string, string[]][] = [
  ["aac", ['audio/mp4; codecs="mp4a.40.2"']],
  ["mp3", ['audio/mp4; codecs="mp4a.69"', "audio/mpeg"]],
  ["ac3", ['audio/mp4; codecs="ac-3"']],
  ["eac3", ['audio/mp4; codecs="ec-3"']],
  ["opus", ['audio/mp4; codecs="opus"', 'audio/webm; codecs="opus"']],
  ["flac", ['audio/mp4; codecs="flac"', "audio/flac"]],
  ["vorbis", ['audio/webm; codecs="vorbis"']],
];

// H.264 High profile at decreasing levels (level_idc in hex): the first accepted is the ceiling.
const H264_LEVELS: [number, string][] = [
  [5.2, "34"],
  [5.1, "33"],
  [5.0, "32"],
  [4.2, "2A"],
  [4.1, "29"],
  [4.0, "28"],
];

const CONTAINER_TESTS: [string, string][] = [
  ["mp4", "video/mp4"],
  ["m4v", "video/mp4"],
  ["mov", "video/quicktime"],
  ["webm", "video/webm"],
  ["ogg", "video/ogg"],
  ["mkv", "video/x-matroska"],
  ["mpegts", "video/mp2t"],
  ["mp3", "audio/mpeg"],
  ["m4a", "audio/mp4"],
  ["flac", "audio/flac"],
  ["wav", "audio/wav"],
  ["opus", "audio/ogg"],
];

/** Whether the browser has native HLS (`canPlayType` of the HLS MIME type). */
export function hasNativeHls(canPlayType: (mime: string) => string): boolean {
  return canPlayType("application/vnd.apple.mpegurl") !== "" ||
    canPlayType("application/x-mpegURL") !== "";
}

/** Measures the capability report. */
export function measureCaps(probe: CapsProbe): MeasuredCaps {
  const mse = probe.isTypeSupported;
  const yes = (mime: string) => {
    if (mse && mse(mime)) return true;
    return probe.canPlayType(mime) !== "";
  };
  const pick = (tests: [string, string[]][]) =>
    tests.filter(([, mimes]) => mimes.some(yes)).map(([codec]) => codec);
  const video_codecs = pick(VIDEO_TESTS);
  const audio_codecs = pick(AUDIO_TESTS);
  const limits: MeasuredCaps["video_codec_limits"] = {};
  if (video_codecs.includes("h264")) {
    const level = H264_LEVELS.find(([, hex]) => yes(`video/mp4; codecs="avc1.6400${hex}"`));
    limits.h264 = { max_level: level?.[0] ?? 4.0, max_bit_depth: 8 };
  }
  if (video_codecs.includes("hevc")) {
    const main10 = yes('video/mp4; codecs="hvc1.2.4.L120.90"') ||
      yes('video/mp4; codecs="hev1.2.4.L120.90"');
    limits.hevc = { max_bit_depth: main10 ? 10 : 8 };
  }
  const native = hasNativeHls(probe.canPlayType);
  const containers = [
    ...new Set(
      CONTAINER_TESTS.filter(([, mime]) => probe.canPlayType(mime) !== "").map(([c]) => c),
    ),
  ];
  return {
    containers,
    video_codecs,
    audio_codecs,
    // Cues are shown by the browser's own WebVTT renderer; other text formats arrive converted.
    subtitle_formats: ["webvtt"],
    hls: mse !== null || native,
    // hls.js feeds both segment types to MSE; native players (Safari) take both too.
    segment_types: mse !== null || native ? ["ts", "fmp4"] : [],
    video_ranges: probe.hdrScreen ? ["SDR", "HDR10", "HLG"] : ["SDR"],
    video_codec_limits: limits,
  };
}
