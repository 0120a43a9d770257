/**
 * Human wording of a playback session for the admin's "Now playing": the decision with its
 * reasons and the transcode's progress. Pure, shared by the server render and the NowPlaying
 * island.
 */

/** Each reason code of the decision engine (lib/playback/decide.ts REASONS) in plain words. */
export const REASON_WORDS: Readonly<Record<string, string>> = {
  container_not_supported: "file format (container) not supported",
  video_codec_not_supported: "video codec not supported",
  video_profile_not_supported: "video profile not supported",
  video_level_not_supported: "video level too high",
  video_bit_depth_not_supported: "video bit depth not supported",
  video_resolution_not_supported: "video resolution too high",
  video_framerate_not_supported: "frame rate too high",
  video_range_not_supported: "HDR not supported by the screen",
  interlaced_not_supported: "interlaced video",
  anamorphic_not_supported: "non-square pixels",
  audio_codec_not_supported: "audio codec not supported",
  audio_channels_not_supported: "too many audio channels",
  audio_sample_rate_not_supported: "audio sample rate not supported",
  secondary_audio_not_supported: "another audio track was chosen",
  bitrate_exceeds_limit: "bitrate over the limit",
  subtitle_needs_burn_in: "subtitles burned into the picture",
  speed_change_requested: "playback speed changed",
  unknown_stream_info: "file details unknown",
};

const DECISION_WORDS: Readonly<Record<string, string>> = {
  direct: "Direct play",
  remux: "Remuxing",
  transcode: "Transcoding",
};

/** "Transcoding: video codec not supported, bitrate over the limit", or "Direct play". */
export function describeDecision(decision: string, reasons: readonly string[]): string {
  const head = DECISION_WORDS[decision] ?? decision;
  if (reasons.length === 0) return head;
  return `${head}: ${reasons.map((r) => REASON_WORDS[r] ?? r.replaceAll("_", " ")).join(", ")}`;
}

/** What the transcode of a session is doing. */
export interface TranscodeView {
  ffmpeg: string;
  encoder: string | null;
  speed: number | null;
  fallback_reason: string | null;
  last_error: string | null;
}

/** "1.8× real time, h264_vaapi, ffmpeg running" (plus a software fallback or the last error). */
export function describeTranscode(t: TranscodeView | null): string {
  if (!t) return "";
  const parts = [
    t.speed !== null ? `${t.speed}× real time` : "",
    t.encoder ?? "",
    `ffmpeg ${t.ffmpeg}`,
  ].filter(Boolean);
  if (t.fallback_reason) parts.push(`fell back to software: ${t.fallback_reason}`);
  if (t.last_error) parts.push(`error: ${t.last_error}`);
  return parts.join(", ");
}
