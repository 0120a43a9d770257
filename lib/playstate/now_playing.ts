/**
 * "Now playing" for admins: the live playback sessions (who, on what client, which item, where,
 * paused, how it plays and why) joined with the state of their transcodes (ffmpeg running,
 * paused or done, encoder, estimated speed). Speed is estimated from how fast segments are
 * produced between two looks at a session, so it needs two snapshots a few seconds apart.
 */
import type { PlaybackService, PlaybackSession } from "../playback/playback_service.ts";
import type { HlsSessionManager } from "../hls/session_manager.ts";
import type { HlsSessionInfo } from "../hls/session.ts";

/** The transcode of a session, for the admin view. */
export interface TranscodeJson {
  /** HLS session state: "active" (ffmpeg may run), "dormant" (stopped while idle), "closed". */
  state: string;
  /** "running", "paused" (ahead of the player), "done" or "stopped". */
  ffmpeg: "running" | "paused" | "done" | "stopped";
  encoder: string | null;
  pipeline: string | null;
  /** Media time produced per wall-clock time (1.0 = real time); null until measurable. */
  speed: number | null;
  segments_ready: number;
  fallback_reason: string | null;
  last_error: string | null;
}

/** One live session as `GET /api/sessions` lists it. */
export interface SessionJson {
  id: string;
  user: { id: string; username: string };
  client: string;
  profile: string;
  item: { id: string; title: string };
  position_ms: number;
  paused: boolean;
  started_at: string;
  last_seen_at: string;
  decision: string;
  protocol: string;
  reasons: string[];
  video: { action: string; codec: string; width: number; height: number } | null;
  audio: { action: string; codec: string; channels: number } | null;
  transcode: TranscodeJson | null;
}

interface _Sample {
  at: number;
  produced: number;
}

/** Estimated transcode speed from two samples of produced segments. */
export function estimateSpeed(
  first: _Sample | undefined,
  now: _Sample,
  segment_s: number,
): number | null {
  if (!first || now.at - first.at < 1000 || now.produced < first.produced) return null;
  return Math.round(
    (now.produced - first.produced) * segment_s * 1000 / (now.at - first.at) * 100,
  ) /
    100;
}

function transcodeState(info: HlsSessionInfo): TranscodeJson["ffmpeg"] {
  const run = info.renditions[0]?.run;
  if (!run) return "stopped";
  if (run.exited) return "done";
  return run.paused ? "paused" : "running";
}

/** Builds the admin's sessions list (see the module documentation). */
export class NowPlaying {
  readonly #playback: PlaybackService;
  readonly #hls: HlsSessionManager | null;
  /** Per session: the oldest sample within the window, and the newest. */
  readonly #samples = new Map<string, _Sample[]>();

  constructor(playback: PlaybackService, hls: HlsSessionManager | null) {
    this.#playback = playback;
    this.#hls = hls;
  }

  /** The live sessions, newest first. */
  list(now = Date.now()): SessionJson[] {
    const sessions = this.#playback.list();
    const live = new Set(sessions.map((s) => s.id));
    for (const id of this.#samples.keys()) if (!live.has(id)) this.#samples.delete(id);
    return sessions.map((s) => this.#json(s, now));
  }

  #transcode(s: PlaybackSession, now: number): TranscodeJson | null {
    const session = this.#hls?.get(s.id);
    if (!session) return null;
    const info = session.info();
    const r = info.renditions[0];
    const produced = r?.segments_ready.length ?? 0;
    // Keep samples of the last 10 s: speed is "lately", not since the start.
    const samples = (this.#samples.get(s.id) ?? []).filter((x) => now - x.at <= 10_000);
    const sample = { at: now, produced };
    const speed = estimateSpeed(samples[0], sample, session.spec.segments.target_s);
    samples.push(sample);
    this.#samples.set(s.id, samples.slice(-20));
    return {
      state: info.state,
      ffmpeg: transcodeState(info),
      encoder: r?.encoder ?? null,
      pipeline: r?.pipeline ?? null,
      speed,
      segments_ready: produced,
      fallback_reason: r?.fallback_reason ?? null,
      last_error: r?.last_error ?? null,
    };
  }

  #json(s: PlaybackSession, now: number): SessionJson {
    const d = s.decision;
    return {
      id: s.id,
      user: { id: s.user_id, username: s.username },
      client: s.client,
      profile: s.profile,
      item: { id: s.item_id, title: s.item_title },
      position_ms: s.position_ms,
      paused: s.paused,
      started_at: s.started_at,
      last_seen_at: new Date(s.last_seen_ms).toISOString(),
      decision: d.decision,
      protocol: d.protocol,
      reasons: [...d.reasons],
      video: d.video &&
        {
          action: d.video.action,
          codec: d.video.codec,
          width: d.video.width,
          height: d.video.height,
        },
      audio: d.audio &&
        { action: d.audio.action, codec: d.audio.codec, channels: d.audio.channels },
      transcode: d.decision === "direct" ? null : this.#transcode(s, now),
    };
  }
}

/**
 * A server-sent events stream of the sessions list: one `sessions` event at once, then one
 * whenever the list changes (checked every `checkMs`) and at least every `everyMs` (keeps the
 * connection alive and the speed fresh). Stops when the client goes away (`signal`).
 */
export function sessionsEventStream(
  nowPlaying: NowPlaying,
  signal: AbortSignal,
  opts: { everyMs?: number; checkMs?: number } = {},
): ReadableStream<Uint8Array> {
  const everyMs = opts.everyMs ?? 2000;
  const checkMs = opts.checkMs ?? 500;
  const enc = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = "";
  let lastAt = 0;
  const stop = () => clearInterval(timer);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const push = (force: boolean) => {
        const now = Date.now();
        const list = nowPlaying.list(now);
        // Compare without the speed and timestamps, which change on every look.
        const key = JSON.stringify(
          list.map((s) => [s.id, s.position_ms, s.paused, s.transcode?.ffmpeg]),
        );
        if (!force && key === last && now - lastAt < everyMs) return;
        last = key;
        lastAt = now;
        try {
          controller.enqueue(enc.encode(`event: sessions\ndata: ${JSON.stringify(list)}\n\n`));
        } catch {
          stop();
        }
      };
      push(true);
      timer = setInterval(() => push(false), checkMs);
      signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // Already closed by a cancel.
        }
      }, { once: true });
    },
    cancel() {
      stop();
    },
  });
}
