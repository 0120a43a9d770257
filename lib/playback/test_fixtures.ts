/**
 * Media descriptions for the decision-engine tests: {@link MediaProbe} values shaped like what
 * `probe_parse.ts` produces for common real files (release-style rips, web downloads, broadcast
 * recordings, music). Test-only data; no I/O.
 */
import type { MediaProbe, MediaStream } from "../media/types.ts";

type StreamSpec = Omit<MediaStream, "index" | "default" | "forced"> & {
  default?: boolean;
  forced?: boolean;
};

/** Builds a probe; streams get consecutive indexes, the first audio is default unless told. */
export function probe(
  container: string,
  bitrateKbps: number,
  streams: StreamSpec[],
): MediaProbe {
  let sawAudio = false;
  return {
    container,
    format_name: container,
    duration_ms: 5_400_000,
    bitrate_kbps: bitrateKbps,
    size_bytes: Math.round((bitrateKbps * 1000 * 5400) / 8),
    tags: {},
    streams: streams.map((s, index) => {
      const isFirstAudio = s.type === "audio" && !sawAudio;
      if (s.type === "audio") sawAudio = true;
      return {
        ...s,
        index,
        default: s.default ?? (s.type === "video" || isFirstAudio),
        forced: s.forced ?? false,
      };
    }),
  };
}

/** H.264 High@4.1 1080p24 8-bit SDR, progressive, square pixels. */
export const H264_1080: StreamSpec = {
  type: "video",
  codec: "h264",
  profile: "High",
  level: 41,
  width: 1920,
  height: 1080,
  bit_depth: 8,
  pix_fmt: "yuv420p",
  frame_rate: 23.976,
  interlaced: false,
  video_range: "SDR",
  anamorphic: false,
};

/** AAC-LC stereo 48 kHz 192k. */
export const AAC_STEREO: StreamSpec = {
  type: "audio",
  codec: "aac",
  profile: "LC",
  channels: 2,
  channel_layout: "stereo",
  sample_rate: 48000,
  bitrate_kbps: 192,
  language: "eng",
};

const AC3_51: StreamSpec = {
  type: "audio",
  codec: "ac3",
  channels: 6,
  channel_layout: "5.1(side)",
  sample_rate: 48000,
  bitrate_kbps: 448,
  language: "eng",
};

const OPUS_STEREO: StreamSpec = {
  type: "audio",
  codec: "opus",
  channels: 2,
  channel_layout: "stereo",
  sample_rate: 48000,
  bitrate_kbps: 128,
};

/** The media matrix every profile is tested against. */
export const MEDIA: Readonly<Record<string, MediaProbe>> = {
  h264_aac_mp4: probe("mp4", 8000, [H264_1080, AAC_STEREO]),
  h264_aac_mkv: probe("mkv", 8000, [H264_1080, AAC_STEREO]),
  h264_ac3_mkv: probe("mkv", 8500, [H264_1080, AC3_51]),
  hevc10_hdr10_eac3_mkv: probe("mkv", 40000, [
    {
      type: "video",
      codec: "hevc",
      profile: "Main 10",
      level: 153,
      width: 3840,
      height: 2160,
      bit_depth: 10,
      pix_fmt: "yuv420p10le",
      frame_rate: 23.976,
      interlaced: false,
      video_range: "HDR10",
      anamorphic: false,
    },
    {
      type: "audio",
      codec: "eac3",
      channels: 6,
      channel_layout: "5.1(side)",
      sample_rate: 48000,
      bitrate_kbps: 768,
    },
  ]),
  hevc8_aac_mp4: probe("mp4", 5000, [
    {
      ...H264_1080,
      codec: "hevc",
      profile: "Main",
      level: 120,
    },
    { ...AAC_STEREO, bitrate_kbps: 160 },
  ]),
  av1_10bit_opus_mkv: probe("mkv", 4000, [
    {
      ...H264_1080,
      codec: "av1",
      profile: "Main",
      level: 8,
      bit_depth: 10,
      pix_fmt: "yuv420p10le",
    },
    OPUS_STEREO,
  ]),
  vp9_opus_webm: probe("webm", 3000, [
    {
      ...H264_1080,
      codec: "vp9",
      profile: "Profile 0",
      level: undefined,
      frame_rate: 29.97,
    },
    OPUS_STEREO,
  ]),
  vp9_hdr10_opus_webm: probe("webm", 12000, [
    {
      ...H264_1080,
      codec: "vp9",
      profile: "Profile 2",
      level: undefined,
      width: 3840,
      height: 2160,
      bit_depth: 10,
      pix_fmt: "yuv420p10le",
      video_range: "HDR10",
    },
    OPUS_STEREO,
  ]),
  mpeg2_interlaced_ts: probe("mpegts", 15000, [
    {
      type: "video",
      codec: "mpeg2video",
      profile: "Main",
      level: 4,
      width: 1920,
      height: 1080,
      bit_depth: 8,
      frame_rate: 29.97,
      interlaced: true,
      video_range: "SDR",
      anamorphic: false,
    },
    { type: "audio", codec: "mp2", channels: 2, sample_rate: 48000, bitrate_kbps: 256 },
    { ...AC3_51, default: false },
  ]),
  h264_dts_mkv: probe("mkv", 12000, [
    H264_1080,
    {
      type: "audio",
      codec: "dts",
      profile: "DTS",
      channels: 6,
      sample_rate: 48000,
      bitrate_kbps: 1509,
    },
  ]),
  h264_truehd71_mkv: probe("mkv", 20000, [
    H264_1080,
    {
      type: "audio",
      codec: "truehd",
      channels: 8,
      channel_layout: "7.1",
      sample_rate: 48000,
    },
  ]),
  flac_96k: probe("flac", 2500, [
    { type: "audio", codec: "flac", channels: 2, sample_rate: 96000, bit_depth: 24 },
  ]),
  mp3_with_cover: probe("mp3", 320, [
    { type: "audio", codec: "mp3", channels: 2, sample_rate: 44100, bitrate_kbps: 320 },
    { type: "video", codec: "mjpeg", width: 500, height: 500, attached_pic: true },
  ]),
  dvd_mpeg2_anamorphic_mkv: probe("mkv", 6000, [
    {
      type: "video",
      codec: "mpeg2video",
      profile: "Main",
      level: 8,
      width: 720,
      height: 480,
      bit_depth: 8,
      frame_rate: 29.97,
      interlaced: false,
      video_range: "SDR",
      anamorphic: true,
      sample_aspect_ratio: "32:27",
    },
    { ...AC3_51, channels: 2, channel_layout: "stereo", bitrate_kbps: 192 },
  ]),
  h264_4k_80mbps_mp4: probe("mp4", 80000, [
    { ...H264_1080, level: 51, width: 3840, height: 2160 },
    { ...AAC_STEREO, bitrate_kbps: 256 },
  ]),
  hevc10_4k_sdr_mp4: probe("mp4", 20000, [
    {
      ...H264_1080,
      codec: "hevc",
      profile: "Main 10",
      level: 153,
      width: 3840,
      height: 2160,
      bit_depth: 10,
      pix_fmt: "yuv420p10le",
    },
    AAC_STEREO,
  ]),
  h264_high10_mkv: probe("mkv", 6000, [
    { ...H264_1080, profile: "High 10", bit_depth: 10, pix_fmt: "yuv420p10le" },
    AAC_STEREO,
  ]),
  h264_anamorphic_pal_mkv: probe("mkv", 2500, [
    {
      ...H264_1080,
      profile: "Main",
      level: 30,
      width: 720,
      height: 576,
      frame_rate: 25,
      anamorphic: true,
      sample_aspect_ratio: "64:45",
    },
    AAC_STEREO,
  ]),
  h264_pgs_ass_2audio_mkv: probe("mkv", 8400, [
    H264_1080,
    AAC_STEREO,
    { ...AAC_STEREO, title: "Commentary", default: false },
    { type: "subtitle", codec: "hdmv_pgs_subtitle", language: "eng" },
    { type: "subtitle", codec: "ass", language: "eng" },
    { type: "subtitle", codec: "subrip", language: "ger" },
  ]),
};
