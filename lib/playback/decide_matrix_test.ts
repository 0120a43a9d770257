/**
 * The device-profile × media matrix: every shipped profile against the same set of files, with
 * the expected decision written out per profile (not derived from the engine's own tables).
 *
 * Row format: [case, decision, reasons, "protocol:container", video, audio, subtitle]
 * - video: null (audio file) | "copy" | "<codec> <width>x<height>" (encode)
 * - audio: null | "copy" | "<codec> <channels>ch" (encode)
 * - subtitle: null | "<method> <delivery format>"
 */
import { assertEquals } from "../../tests/helpers/assert.ts";
import { decide, type Decision, type DecisionInput, type Reason } from "./decide.ts";
import { type DeviceProfile, parseProfiles } from "./profile.ts";
import { MEDIA } from "./test_fixtures.ts";

const PROFILE_IDS = [
  "chrome",
  "firefox",
  "safari",
  "safari_ios",
  "android_tv",
  "dlna_tv",
  "max_compat",
];

async function loadProfiles(): Promise<Map<string, DeviceProfile>> {
  const entries = await Promise.all(PROFILE_IDS.map(async (id) => ({
    name: `profiles/${id}.json`,
    text: await Deno.readTextFile(new URL(`../../profiles/${id}.json`, import.meta.url)),
  })));
  return new Map(parseProfiles(entries).map((p) => [p.id, p]));
}

const profiles = await loadProfiles();

/** The request part of each case: a file plus what the viewer chose. */
const CASES: Record<string, Omit<DecisionInput, "profile" | "policy">> = {
  h264_aac_mp4: { media: MEDIA.h264_aac_mp4 },
  h264_aac_mkv: { media: MEDIA.h264_aac_mkv },
  h264_ac3_mkv: { media: MEDIA.h264_ac3_mkv },
  hevc10_hdr10_eac3_mkv: { media: MEDIA.hevc10_hdr10_eac3_mkv },
  hevc8_aac_mp4: { media: MEDIA.hevc8_aac_mp4 },
  av1_10bit_opus_mkv: { media: MEDIA.av1_10bit_opus_mkv },
  vp9_opus_webm: { media: MEDIA.vp9_opus_webm },
  vp9_hdr10_opus_webm: { media: MEDIA.vp9_hdr10_opus_webm },
  mpeg2_interlaced_ts: { media: MEDIA.mpeg2_interlaced_ts },
  h264_dts_mkv: { media: MEDIA.h264_dts_mkv },
  h264_truehd71_mkv: { media: MEDIA.h264_truehd71_mkv },
  flac_96k: { media: MEDIA.flac_96k },
  mp3_with_cover: { media: MEDIA.mp3_with_cover },
  dvd_mpeg2_anamorphic_mkv: { media: MEDIA.dvd_mpeg2_anamorphic_mkv },
  h264_4k_80mbps_mp4: { media: MEDIA.h264_4k_80mbps_mp4 },
  hevc10_4k_sdr_mp4: { media: MEDIA.hevc10_4k_sdr_mp4 },
  h264_high10_mkv: { media: MEDIA.h264_high10_mkv },
  h264_anamorphic_pal_mkv: { media: MEDIA.h264_anamorphic_pal_mkv },
  pgs_chosen: {
    media: MEDIA.h264_pgs_ass_2audio_mkv,
    subtitle: { source: "embedded", stream_index: 3, format: "hdmv_pgs_subtitle" },
  },
  ass_chosen: {
    media: MEDIA.h264_pgs_ass_2audio_mkv,
    subtitle: { source: "embedded", stream_index: 4, format: "ass" },
  },
  ass_burn_in_requested: {
    media: MEDIA.h264_pgs_ass_2audio_mkv,
    subtitle: { source: "embedded", stream_index: 4, format: "ass", burn_in: true },
  },
  non_default_audio: { media: MEDIA.h264_pgs_ass_2audio_mkv, audio_index: 2 },
  sidecar_srt: { media: MEDIA.h264_aac_mp4, subtitle: { source: "sidecar", format: "srt" } },
};

// Reason shorthands, to keep the tables readable.
const CONTAINER: Reason = "container_not_supported";
const VCODEC: Reason = "video_codec_not_supported";
const PROFILE: Reason = "video_profile_not_supported";
const LEVEL: Reason = "video_level_not_supported";
const DEPTH: Reason = "video_bit_depth_not_supported";
const RES: Reason = "video_resolution_not_supported";
const RANGE: Reason = "video_range_not_supported";
const ANAMORPHIC: Reason = "anamorphic_not_supported";
const ACODEC: Reason = "audio_codec_not_supported";
const RATE: Reason = "audio_sample_rate_not_supported";
const SECONDARY: Reason = "secondary_audio_not_supported";
const BITRATE: Reason = "bitrate_exceeds_limit";
const BURN: Reason = "subtitle_needs_burn_in";

type Row = [
  keyof typeof CASES,
  Decision["decision"],
  Reason[],
  string,
  string | null,
  string | null,
  string | null,
];

function summarise(d: Decision) {
  return {
    decision: d.decision,
    reasons: d.reasons,
    out: `${d.protocol}:${d.container}`,
    video: d.video === null
      ? null
      : d.video.action === "copy"
      ? "copy"
      : `${d.video.codec} ${d.video.width}x${d.video.height}`,
    audio: d.audio === null
      ? null
      : d.audio.action === "copy"
      ? "copy"
      : `${d.audio.codec} ${d.audio.channels}ch`,
    subtitle: d.subtitle ? `${d.subtitle.method} ${d.subtitle.delivery_format}` : null,
    playable: d.playable,
  };
}

function runTable(profileId: string, rows: Row[]): void {
  const profile = profiles.get(profileId)!;
  assertEquals(rows.length, Object.keys(CASES).length, `${profileId}: one row per case`);
  for (const [name, decision, reasons, out, video, audio, subtitle] of rows) {
    const d = decide({
      ...CASES[name],
      profile,
      policy: { allow_transcoding: true, allow_remux: true },
    });
    assertEquals(
      summarise(d),
      { decision, reasons, out, video, audio, subtitle, playable: true },
      `${profileId} × ${name}`,
    );
  }
}

Deno.test("decide() × chrome: h264/vp9/av1 in mp4/mkv/webm play directly; ac3/dts/truehd remux", () => {
  // deno-fmt-ignore
  runTable("chrome", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_ac3_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["hevc10_hdr10_eac3_mkv", "transcode", [VCODEC, ACODEC], "hls:ts", "h264 3840x2160", "aac 2ch", null],
    ["hevc8_aac_mp4", "transcode", [VCODEC], "hls:ts", "h264 1920x1080", "copy", null],
    ["av1_10bit_opus_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["vp9_opus_webm", "direct", [], "http:webm", "copy", "copy", null],
    ["vp9_hdr10_opus_webm", "direct", [], "http:webm", "copy", "copy", null],
    ["mpeg2_interlaced_ts", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["h264_dts_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["h264_truehd71_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["flac_96k", "direct", [], "http:flac", null, "copy", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "transcode", [VCODEC, ACODEC], "hls:ts", "h264 854x480", "aac 2ch", null],
    ["h264_4k_80mbps_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["hevc10_4k_sdr_mp4", "transcode", [VCODEC], "hls:ts", "h264 3840x2160", "copy", null],
    ["h264_high10_mkv", "transcode", [PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["pgs_chosen", "transcode", [BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "direct", [], "http:mkv", "copy", "copy", "external webvtt"],
    ["ass_burn_in_requested", "transcode", [BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [SECONDARY], "hls:ts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});

Deno.test("decide() × firefox: like Chrome, but HDR is tone-mapped (and Opus kept via fMP4)", () => {
  // deno-fmt-ignore
  runTable("firefox", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_ac3_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["hevc10_hdr10_eac3_mkv", "transcode", [VCODEC, ACODEC], "hls:ts", "h264 3840x2160", "aac 2ch", null],
    ["hevc8_aac_mp4", "transcode", [VCODEC], "hls:ts", "h264 1920x1080", "copy", null],
    ["av1_10bit_opus_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["vp9_opus_webm", "direct", [], "http:webm", "copy", "copy", null],
    ["vp9_hdr10_opus_webm", "transcode", [RANGE], "hls:fmp4", "h264 3840x2160", "copy", null],
    ["mpeg2_interlaced_ts", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["h264_dts_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["h264_truehd71_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["flac_96k", "direct", [], "http:flac", null, "copy", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "transcode", [VCODEC, ACODEC], "hls:ts", "h264 854x480", "aac 2ch", null],
    ["h264_4k_80mbps_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["hevc10_4k_sdr_mp4", "transcode", [VCODEC], "hls:ts", "h264 3840x2160", "copy", null],
    ["h264_high10_mkv", "transcode", [PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["pgs_chosen", "transcode", [BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "direct", [], "http:mkv", "copy", "copy", "external webvtt"],
    ["ass_burn_in_requested", "transcode", [BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [SECONDARY], "hls:ts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});

Deno.test("decide() × safari: mp4/mov/ts direct, HEVC HDR remuxed into fMP4, MKV always remuxed", () => {
  // deno-fmt-ignore
  runTable("safari", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["h264_ac3_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["hevc10_hdr10_eac3_mkv", "remux", [CONTAINER], "hls:fmp4", "copy", "copy", null],
    ["hevc8_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["av1_10bit_opus_mkv", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_hdr10_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 3840x2160", "aac 2ch", null],
    ["mpeg2_interlaced_ts", "transcode", [VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["h264_dts_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["h264_truehd71_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["flac_96k", "direct", [], "http:flac", null, "copy", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "transcode", [CONTAINER, VCODEC], "hls:ts", "h264 854x480", "copy", null],
    ["h264_4k_80mbps_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["hevc10_4k_sdr_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_high10_mkv", "transcode", [CONTAINER, PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["pgs_chosen", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "remux", [CONTAINER], "hls:ts", "copy", "copy", "external webvtt"],
    ["ass_burn_in_requested", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [CONTAINER, SECONDARY], "hls:ts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});

Deno.test("decide() × safari_ios: no TS files, 60 Mbit/s ceiling, subtitles as HLS renditions", () => {
  // deno-fmt-ignore
  runTable("safari_ios", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["h264_ac3_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["hevc10_hdr10_eac3_mkv", "remux", [CONTAINER], "hls:fmp4", "copy", "copy", null],
    ["hevc8_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["av1_10bit_opus_mkv", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_hdr10_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 3840x2160", "aac 2ch", null],
    ["mpeg2_interlaced_ts", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["h264_dts_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["h264_truehd71_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["flac_96k", "direct", [], "http:flac", null, "copy", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "transcode", [CONTAINER, VCODEC], "hls:ts", "h264 854x480", "copy", null],
    ["h264_4k_80mbps_mp4", "transcode", [BITRATE], "hls:ts", "h264 3840x2160", "copy", null],
    ["hevc10_4k_sdr_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_high10_mkv", "transcode", [CONTAINER, PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["pgs_chosen", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "remux", [CONTAINER], "hls:ts", "copy", "copy", "hls webvtt"],
    ["ass_burn_in_requested", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [CONTAINER, SECONDARY], "hls:ts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});

Deno.test("decide() × android_tv: nearly everything direct; TrueHD remuxed to 5.1 AAC", () => {
  // deno-fmt-ignore
  runTable("android_tv", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_ac3_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["hevc10_hdr10_eac3_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["hevc8_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["av1_10bit_opus_mkv", "transcode", [VCODEC], "hls:fmp4", "h264 1920x1080", "copy", null],
    ["vp9_opus_webm", "direct", [], "http:webm", "copy", "copy", null],
    ["vp9_hdr10_opus_webm", "direct", [], "http:webm", "copy", "copy", null],
    ["mpeg2_interlaced_ts", "direct", [], "http:mpegts", "copy", "copy", null],
    ["h264_dts_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_truehd71_mkv", "remux", [ACODEC], "hls:ts", "copy", "aac 6ch", null],
    ["flac_96k", "direct", [], "http:flac", null, "copy", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_4k_80mbps_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["hevc10_4k_sdr_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_high10_mkv", "transcode", [PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["pgs_chosen", "direct", [], "http:mkv", "copy", "copy", "embed pgs"],
    ["ass_chosen", "direct", [], "http:mkv", "copy", "copy", "embed ass"],
    ["ass_burn_in_requested", "transcode", [BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "direct", [], "http:mkv", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});

Deno.test("decide() × dlna_tv: progressive MPEG-TS with H.264 + AC-3 for whatever the TV cannot play", () => {
  // deno-fmt-ignore
  runTable("dlna_tv", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_ac3_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["hevc10_hdr10_eac3_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["hevc8_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["av1_10bit_opus_mkv", "transcode", [VCODEC, ACODEC], "http:mpegts", "h264 1920x1080", "ac3 2ch", null],
    ["vp9_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "http:mpegts", "h264 1920x1080", "ac3 2ch", null],
    ["vp9_hdr10_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "http:mpegts", "h264 3840x2160", "ac3 2ch", null],
    ["mpeg2_interlaced_ts", "direct", [], "http:mpegts", "copy", "copy", null],
    ["h264_dts_mkv", "remux", [ACODEC], "http:mpegts", "copy", "ac3 6ch", null],
    ["h264_truehd71_mkv", "remux", [ACODEC], "http:mpegts", "copy", "ac3 6ch", null],
    ["flac_96k", "transcode", [RATE], "http:mp3", null, "mp3 2ch", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["h264_4k_80mbps_mp4", "transcode", [BITRATE], "http:mpegts", "h264 3840x2160", "copy", null],
    ["hevc10_4k_sdr_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_high10_mkv", "transcode", [PROFILE, DEPTH], "http:mpegts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "direct", [], "http:mkv", "copy", "copy", null],
    ["pgs_chosen", "transcode", [BURN], "http:mpegts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "direct", [], "http:mkv", "copy", "copy", "external subrip"],
    ["ass_burn_in_requested", "transcode", [BURN], "http:mpegts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [SECONDARY], "http:mpegts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external subrip"],
  ]);
});

Deno.test("decide() × max_compat: only H.264 ≤ 4.1, 1080p, stereo AAC in MP4 plays directly", () => {
  // deno-fmt-ignore
  runTable("max_compat", [
    ["h264_aac_mp4", "direct", [], "http:mp4", "copy", "copy", null],
    ["h264_aac_mkv", "remux", [CONTAINER], "hls:ts", "copy", "copy", null],
    ["h264_ac3_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["hevc10_hdr10_eac3_mkv", "transcode", [CONTAINER, VCODEC, ACODEC, BITRATE], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["hevc8_aac_mp4", "transcode", [VCODEC], "hls:ts", "h264 1920x1080", "copy", null],
    ["av1_10bit_opus_mkv", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["vp9_hdr10_opus_webm", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["mpeg2_interlaced_ts", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 1920x1080", "aac 2ch", null],
    ["h264_dts_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["h264_truehd71_mkv", "remux", [CONTAINER, ACODEC], "hls:ts", "copy", "aac 2ch", null],
    ["flac_96k", "transcode", [CONTAINER, ACODEC], "http:aac", null, "aac 2ch", null],
    ["mp3_with_cover", "direct", [], "http:mp3", null, "copy", null],
    ["dvd_mpeg2_anamorphic_mkv", "transcode", [CONTAINER, VCODEC, ACODEC], "hls:ts", "h264 854x480", "aac 2ch", null],
    ["h264_4k_80mbps_mp4", "transcode", [LEVEL, RES, BITRATE], "hls:ts", "h264 1920x1080", "copy", null],
    ["hevc10_4k_sdr_mp4", "transcode", [VCODEC], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_high10_mkv", "transcode", [CONTAINER, PROFILE, DEPTH], "hls:ts", "h264 1920x1080", "copy", null],
    ["h264_anamorphic_pal_mkv", "transcode", [CONTAINER, ANAMORPHIC], "hls:ts", "h264 1024x576", "copy", null],
    ["pgs_chosen", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in pgs"],
    ["ass_chosen", "remux", [CONTAINER], "hls:ts", "copy", "copy", "external webvtt"],
    ["ass_burn_in_requested", "transcode", [CONTAINER, BURN], "hls:ts", "h264 1920x1080", "copy", "burn_in ass"],
    ["non_default_audio", "remux", [CONTAINER, SECONDARY], "hls:ts", "copy", "copy", null],
    ["sidecar_srt", "direct", [], "http:mp4", "copy", "copy", "external webvtt"],
  ]);
});
