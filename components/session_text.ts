/**
 * Human wording of a playback session for the admin's "Now playing": the decision with its
 * reasons and the transcode's progress. Pure, shared by the server render and the NowPlaying
 * island.
 */
import {
  describeDecision as describePlayerDecision,
  type PlaybackAnswer,
} from "../client/player/playback_api.ts";

/** "Transcoding: video codec not supported, bitrate over the limit", or "Direct play". */
export function describeDecision(decision: string, reasons: readonly string[]): string {
  // The Player's wording, so the admin reads what the viewer sees.
  return describePlayerDecision({
    decision: decision as PlaybackAnswer["decision"],
    reasons: [...reasons] as PlaybackAnswer["reasons"],
  });
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
