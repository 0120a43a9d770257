/**
 * The Player's calls to the server: the playback decision (`POST /api/items/{id}/playback`),
 * stopping an HLS session, and play-state reports (`POST /api/sessions/progress`), plus the
 * human wording of the decision's reason codes. Same-origin requests carry the session cookie.
 */

/** One subtitle of the playback answer. */
export interface PlaybackSubtitle {
  index: number;
  method: "external" | "hls" | "embed" | "burn_in" | string;
  format: string | null;
  language: string | null;
  title: string | null;
  forced: boolean;
  url: string | null;
}

/** One entry of the quality menu. */
export interface QualityOption {
  id: string;
  label: string;
  height: number | null;
  max_bitrate_kbps: number | null;
}

/** The playback answer (the fields the Player uses). */
export interface PlaybackAnswer {
  decision: "direct" | "remux" | "transcode";
  playable: boolean;
  blocked: string | null;
  reasons: string[];
  protocol: "http" | "hls";
  url: string | null;
  mime: string | null;
  session_id: string;
  start_ms?: number;
  duration_ms: number | null;
  video: { action: string; codec: string; width?: number; height?: number } | null;
  audio: { action: string; codec: string; channels?: number } | null;
  subtitles: PlaybackSubtitle[];
  qualities: QualityOption[];
}

/** The request body of a playback decision. */
export interface PlaybackBody {
  caps?: unknown;
  max_bitrate_kbps?: number;
  audio_index?: number;
  /** -1 = no subtitle. */
  subtitle_index?: number;
  burn_in_subtitle?: boolean;
  start_ms?: number;
  quality?: string;
  client?: string;
}

/** Asks the server how to play an item; throws an Error with the server's message on failure. */
export async function requestPlayback(itemId: string, body: PlaybackBody): Promise<PlaybackAnswer> {
  const res = await fetch(`/api/items/${encodeURIComponent(itemId)}/playback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    let message = `The server could not start playback (HTTP ${res.status}).`;
    try {
      const err = await res.json() as { error?: { message?: string }; message?: string };
      message = err.error?.message ?? err.message ?? message;
    } catch {
      // Not JSON: keep the generic message.
    }
    if (res.status === 503) message = "The server is busy transcoding for others. Try again soon.";
    throw new Error(message);
  }
  return await res.json() as PlaybackAnswer;
}

/** The `t` playback token carried by a playback URL, or null. */
export function urlToken(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url, "http://x").searchParams.get("t");
  } catch {
    return null;
  }
}

/** URL of an item's subtitle as WebVTT, with the playback token when there is one. */
export function subtitleVttUrl(itemId: string, index: number, token: string | null): string {
  const base = `/api/items/${encodeURIComponent(itemId)}/subtitles/${index}.vtt`;
  return token ? `${base}?t=${encodeURIComponent(token)}` : base;
}

/** Stops an HLS session (its transcode ends); keepalive so it survives leaving the page. */
export function stopHlsSession(itemId: string, answer: PlaybackAnswer): void {
  if (answer.protocol !== "hls") return;
  const token = urlToken(answer.url);
  const url = `/api/items/${encodeURIComponent(itemId)}/hls/${
    encodeURIComponent(answer.session_id)
  }${token ? `?t=${encodeURIComponent(token)}` : ""}`;
  fetch(url, { method: "DELETE", keepalive: true, credentials: "same-origin" }).catch(() => {});
}

/** A play-state report. */
export interface ProgressReport {
  item_id: string;
  position_ms: number;
  paused: boolean;
  session_id?: string;
  event: "progress" | "pause" | "seek" | "stop";
}

/** Reports progress; keepalive lets the last report of a closing page still arrive. */
export function reportProgress(report: ProgressReport): Promise<void> {
  return fetch("/api/sessions/progress", {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    keepalive: true,
    body: JSON.stringify({ ...report, position_ms: Math.max(0, Math.round(report.position_ms)) }),
  }).then(() => {}, () => {});
}

/** Human wording of each reason code of the decision engine (lib/playback/decide.ts REASONS). */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  container_not_supported: "file format (container) not supported",
  video_codec_not_supported: "video codec not supported",
  video_profile_not_supported: "video profile not supported",
  video_level_not_supported: "video level too high",
  video_bit_depth_not_supported: "video bit depth not supported",
  video_resolution_not_supported: "video resolution too high",
  video_framerate_not_supported: "frame rate too high",
  video_range_not_supported: "HDR not supported by this screen",
  interlaced_not_supported: "interlaced video",
  anamorphic_not_supported: "non-square pixels",
  audio_codec_not_supported: "audio codec not supported",
  audio_channels_not_supported: "too many audio channels",
  audio_sample_rate_not_supported: "audio sample rate not supported",
  secondary_audio_not_supported: "another audio track was chosen",
  bitrate_exceeds_limit: "bitrate over the limit",
  subtitle_needs_burn_in: "subtitle must be burned into the picture",
  speed_change_requested: "speed change requested",
  unknown_stream_info: "file details unknown",
};

const DECISION_TEXT: Record<string, string> = {
  direct: "Direct play",
  remux: "Remuxing",
  transcode: "Transcoding",
};

/** "Transcoding: video codec not supported, audio codec not supported", or "Direct play". */
export function describeDecision(answer: Pick<PlaybackAnswer, "decision" | "reasons">): string {
  const head = DECISION_TEXT[answer.decision] ?? answer.decision;
  if (answer.reasons.length === 0) return head;
  return `${head}: ${
    answer.reasons.map((r) => REASON_TEXT[r] ?? r.replaceAll("_", " ")).join(", ")
  }`;
}

/** What each stream becomes, e.g. "Video: copy h264 · Audio: encode aac 2 ch". */
export function describeStreams(answer: Pick<PlaybackAnswer, "video" | "audio">): string {
  const parts: string[] = [];
  const v = answer.video;
  if (v) {
    parts.push(
      `Video: ${v.action === "copy" ? "copy" : "encode"} ${v.codec}${
        v.height ? ` ${v.height}p` : ""
      }`,
    );
  }
  const a = answer.audio;
  if (a) {
    parts.push(
      `Audio: ${a.action === "copy" ? "copy" : "encode"} ${a.codec}${
        a.channels ? ` ${a.channels} ch` : ""
      }`,
    );
  }
  return parts.join(" · ");
}
