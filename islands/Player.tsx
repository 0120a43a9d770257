/**
 * The Player island: an HTML5 `<video>`/`<audio>` element with our own controls. Server-rendered
 * with native `controls` and the direct stream, so it plays without JavaScript. Once hydrated it
 * measures what the browser decodes (client/player/measure_caps.ts), asks the server how to play
 * (`POST /api/items/{id}/playback`) and plays the answer: direct play and progressive streams in
 * the element itself, HLS with hls.js (loaded only then, a separate chunk) or natively in Safari.
 *
 * Controls: play/pause, seek bar, time, volume and mute, speed, quality (re-requests playback at
 * the current position), audio track (re-requests), subtitles (text ones are fetched as WebVTT
 * and shown on our own text track, so seeking, quality changes and a ±0.1 s offset keep them;
 * image ones are burnt in by a re-request), an ⓘ panel with the decision and its reasons, and
 * fullscreen; keyboard shortcuts (space/k, ←/→ 10 s, ↑/↓ volume, f, m). With a saved position it
 * offers "Resume from …" / "Start over" first, and it reports progress every 10 s and on pause,
 * seek and stop (`POST /api/sessions/progress`), ending the HLS session when playback stops.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { formatClock } from "../client/format.ts";
import { hasNativeHls, measureCaps, type MeasuredCaps } from "../client/player/measure_caps.ts";
import {
  describeDecision,
  describeStreams,
  type PlaybackAnswer,
  type PlaybackBody,
  reportProgress,
  requestPlayback,
  stopHlsSession,
  subtitleVttUrl,
  urlToken,
} from "../client/player/playback_api.ts";
import { type Cue, parseVtt, shiftCues } from "../client/player/vtt_cues.ts";

/** An audio track offered in the menu. */
export interface PlayerAudioTrack {
  /** Stream index (the playback request's `audio_index`). */
  index: number;
  label: string;
  default: boolean;
}

/** A subtitle offered in the menu. */
export interface PlayerSubtitle {
  /** Index in the item's subtitle list (`subtitle_index`). */
  index: number;
  label: string;
  /** Text formats are shown by the player; image ones (PGS, VobSub) must be burnt in. */
  text: boolean;
}

/** Props of {@link Player}. */
export interface PlayerProps {
  /** Item id, for the playback and progress APIs. */
  item_id: string;
  /** Direct-play URL of the file (`/api/items/{id}/stream`), used before hydration. */
  src: string;
  /** `video` or `audio` element. */
  media: "video" | "audio";
  title: string;
  /** Known duration, shown before the metadata loads. */
  duration_ms?: number | null;
  /** Container and codecs, named in the "cannot play" message. */
  container?: string | null;
  video_codec?: string | null;
  audio_codec?: string | null;
  audio_tracks?: PlayerAudioTrack[];
  subtitles?: PlayerSubtitle[];
  /** Saved resume point (0 = none): the player offers "Resume from …" / "Start over". */
  resume_ms?: number;
}

/** The playback speeds offered (`playbackRate`). */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/** Subtitle offset step, seconds. */
export const SUBTITLE_STEP_S = 0.1;

/** How often progress is reported while playing. */
export const PROGRESS_INTERVAL_MS = 10_000;

const SEEK_STEP_S = 10;

// Icons as inline SVG paths (emoji and symbol fonts are missing on many TVs and Linux boxes).
// Each is a filled shape and/or a stroked outline.
const SPEAKER = "M3 9v6h4l5 5V4L7 9z";
const ICONS: Record<string, { fill?: string; stroke?: string }> = {
  play: { fill: "M8 5v14l11-7z" },
  pause: { fill: "M6 5h4v14H6zM14 5h4v14h-4z" },
  back: { fill: "M11 18V6l-8.5 6zM20 18V6l-8.5 6z" },
  forward: { fill: "M4 18l8.5-6L4 6zM12.5 18l8.5-6-8.5-6z" },
  volume: { fill: SPEAKER, stroke: "M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" },
  muted: { fill: SPEAKER, stroke: "M16 9.5l5 5M21 9.5l-5 5" },
  fullscreen: { stroke: "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" },
  exitFullscreen: { stroke: "M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" },
};

function Icon({ name }: { name: keyof typeof ICONS }) {
  const icon = ICONS[name];
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      {icon.fill && <path d={icon.fill} fill="currentColor" />}
      {icon.stroke && (
        <path
          d={icon.stroke}
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      )}
    </svg>
  );
}

type MediaEl = HTMLVideoElement | HTMLAudioElement;

/** Why a media element failed, in words a person can act on. */
function errorMessage(el: MediaEl | null, props: PlayerProps): string {
  const what = [props.container, props.video_codec, props.audio_codec].filter(Boolean).join(" / ");
  const code = el?.error?.code;
  if (code === 2) return "A network error interrupted playback. Check the connection and retry.";
  if (code === 3) {
    return `This browser could not decode the file${what ? ` (${what})` : ""}.`;
  }
  return `This browser cannot play this file${
    what ? ` (${what})` : ""
  }. Try another browser or a player app.`;
}

/** Measures this browser's capability report. */
function browserCaps(): MeasuredCaps {
  const probe = document.createElement("video");
  const ms = (globalThis as { MediaSource?: { isTypeSupported(m: string): boolean } })
    .MediaSource;
  return measureCaps({
    isTypeSupported: ms ? (m) => ms.isTypeSupported(m) : null,
    canPlayType: (m) => probe.canPlayType(m),
    hdrScreen: matchMedia("(dynamic-range: high)").matches,
  });
}

/** Safari has native HLS and MSE; the native player there is the better one. */
function isSafari(): boolean {
  const ua = navigator.userAgent;
  return /safari/i.test(ua) && !/chrome|chromium|crios|fxios|android|edg/i.test(ua);
}

interface HlsLike {
  destroy(): void;
  startLoad(position?: number): void;
}

/** The media player. */
export default function Player(props: PlayerProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const media = useRef<MediaEl>(null);
  const [ready, setReady] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState((props.duration_ms ?? 0) / 1000);
  const [buffered, setBuffered] = useState(0);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [rate, setRate] = useState(1);
  const [fullscreen, setFullscreen] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [idle, setIdle] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<PlaybackAnswer | null>(null);
  const [prompt, setPrompt] = useState((props.resume_ms ?? 0) > 0);
  const [quality, setQuality] = useState("auto");
  const [audioIndex, setAudioIndex] = useState<number | undefined>(
    props.audio_tracks?.find((a) => a.default)?.index,
  );
  const [subIndex, setSubIndex] = useState(-1);
  const [subOffset, setSubOffset] = useState(0);
  const [info, setInfo] = useState(false);
  // The menu of the first answer: a later one built under a chosen cap lists fewer rungs.
  const [qualities, setQualities] = useState<PlaybackAnswer["qualities"]>([]);
  const dragging = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const caps = useRef<MeasuredCaps | null>(null);
  const hls = useRef<HlsLike | null>(null);
  const current = useRef<PlaybackAnswer | null>(null);
  // Item time at the media element's zero: a progressive stream started at start_ms.
  const timeBase = useRef(0);
  const pendingSeek = useRef(0);
  const loadSeq = useRef(0);
  const cues = useRef<Cue[]>([]);
  const track = useRef<TextTrack | null>(null);
  const stopped = useRef(false);
  // Menu choices, read by callbacks that outlive a render.
  const subOffsetRef = useRef(0);
  const subIndexRef = useRef(-1);
  const audioIndexRef = useRef<number | undefined>(audioIndex);
  const qualityRef = useRef("auto");
  const requesting = useRef(false);
  const playWanted = useRef(false);

  const el = () => media.current;
  const position = () => timeBase.current + (el()?.currentTime ?? 0);
  const progressive = (a: PlaybackAnswer | null) =>
    a !== null && a.protocol === "http" && a.decision !== "direct";

  const sync = useCallback(() => {
    const m = el();
    if (!m) return;
    if (!dragging.current) setTime(timeBase.current + m.currentTime);
    const known = current.current?.duration_ms;
    if (known) setDuration(known / 1000);
    else if (Number.isFinite(m.duration) && m.duration > 0) {
      setDuration(timeBase.current + m.duration);
    }
    setPlaying(!m.paused && !m.ended);
    setVolume(m.volume);
    setMuted(m.muted);
    setRate(m.playbackRate);
    const b = m.buffered;
    setBuffered(b.length > 0 ? timeBase.current + b.end(b.length - 1) : 0);
  }, []);

  const report = useCallback((event: "progress" | "pause" | "seek" | "stop") => {
    const a = current.current;
    const m = el();
    if (!a || !m) return;
    reportProgress({
      item_id: props.item_id,
      position_ms: position() * 1000,
      paused: m.paused,
      session_id: a.session_id,
      event,
    });
  }, [props.item_id]);

  /** Shows the chosen text subtitle's cues (shifted by the offset) on our own text track. */
  const renderCues = useCallback((offset: number) => {
    const m = el();
    if (!m || props.media !== "video") return;
    if (!track.current) {
      track.current = m.addTextTrack("subtitles", "Subtitles");
    }
    const t = track.current;
    t.mode = "hidden";
    for (const c of Array.from(t.cues ?? [])) t.removeCue(c);
    for (const c of shiftCues(cues.current, offset, timeBase.current)) {
      t.addCue(new VTTCue(c.start, c.end, c.text));
    }
    t.mode = cues.current.length > 0 ? "showing" : "disabled";
  }, [props.media]);

  const loadSubtitle = useCallback(async (index: number, a: PlaybackAnswer | null) => {
    cues.current = [];
    if (index >= 0) {
      try {
        const res = await fetch(subtitleVttUrl(props.item_id, index, urlToken(a?.url ?? null)), {
          credentials: "same-origin",
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        cues.current = parseVtt(await res.text());
      } catch {
        setError("The subtitle could not be loaded.");
      }
    }
    renderCues(subOffsetRef.current);
  }, [props.item_id, renderCues]);

  /** Plays a playback answer in the element, from `startS` seconds of the item. */
  const attach = useCallback(async (a: PlaybackAnswer, startS: number, autoplay: boolean) => {
    const m = el();
    if (!m) return;
    const seq = ++loadSeq.current;
    const previous = current.current;
    hls.current?.destroy();
    hls.current = null;
    if (previous && previous.session_id !== a.session_id) stopHlsSession(props.item_id, previous);
    current.current = a;
    setAnswer(a);
    setQualities((q) => (a.qualities.length > q.length ? a.qualities : q));
    setError(null);
    stopped.current = false;
    if (a.duration_ms) setDuration(a.duration_ms / 1000);
    if (!a.playable || !a.url) {
      setError(a.blocked ?? errorMessage(null, props));
      return;
    }
    timeBase.current = progressive(a) ? (a.start_ms ?? 0) / 1000 : 0;
    pendingSeek.current = progressive(a) ? 0 : startS;
    // "Play" pressed while the decision (or hls.js) was on its way counts too.
    const wantPlay = () => autoplay || playWanted.current;
    const play = () => {
      if (!wantPlay()) return;
      playWanted.current = false;
      m.play().catch(() => {});
    };
    if (a.protocol === "hls") {
      const mse = "MediaSource" in globalThis || "ManagedMediaSource" in globalThis;
      if (mse && !(isSafari() && hasNativeHls((t) => m.canPlayType(t)))) {
        try {
          const { default: Hls } = await import("hls.js");
          if (seq !== loadSeq.current) return;
          if (Hls.isSupported()) {
            pendingSeek.current = 0;
            // The first attach of the page waits for "play" (no transcode for a visit without
            // playing); a switch (quality, audio) loads at once so the picture stays.
            const loading = wantPlay() || !!previous;
            const h = new Hls({ startPosition: startS, autoStartLoad: loading });
            hls.current = h;
            h.on(Hls.Events.ERROR, (_e, data) => {
              if (data.fatal) setError(`Streaming failed (${data.details}).`);
            });
            h.on(Hls.Events.MANIFEST_PARSED, () => {
              // Subtitles are ours (see renderCues); hls.js must not show a second copy.
              h.subtitleDisplay = false;
              h.subtitleTrack = -1;
              if (!loading && wantPlay()) h.startLoad(startS);
              play();
            });
            h.loadSource(a.url);
            h.attachMedia(m as HTMLVideoElement);
            renderCues(subOffsetRef.current);
            return;
          }
        } catch {
          setError("The streaming module could not be loaded.");
          return;
        }
      }
      if (!hasNativeHls((t) => m.canPlayType(t))) {
        setError("This browser cannot play streams (no HLS or Media Source support).");
        return;
      }
    }
    m.src = a.url;
    m.load();
    renderCues(subOffsetRef.current);
    play();
  }, [props]);

  /** Asks the server how to play from `startS` and attaches the answer. */
  const start = useCallback(async (
    startS: number,
    autoplay: boolean,
    extra: PlaybackBody = {},
  ) => {
    caps.current ??= browserCaps();
    const chosenSub = extra.subtitle_index ?? subIndexRef.current;
    const image = props.subtitles?.find((s) => s.index === chosenSub && !s.text);
    const body: PlaybackBody = {
      caps: caps.current,
      start_ms: Math.round(startS * 1000),
      client: "Rustfin Web",
      ...(audioIndexRef.current !== undefined ? { audio_index: audioIndexRef.current } : {}),
      ...(qualityRef.current !== "auto" ? { quality: qualityRef.current } : {}),
      ...extra,
    };
    // Text subtitles are the player's own; only image ones need the server (burn-in).
    if (current.current || extra.subtitle_index !== undefined) {
      body.subtitle_index = image ? image.index : -1;
    }
    setWaiting(true);
    requesting.current = true;
    try {
      const a = await requestPlayback(props.item_id, body);
      await attach(a, startS, autoplay);
      const sub = a.subtitles[0];
      if (!current.current || body.subtitle_index === undefined) {
        if (sub && sub.method !== "burn_in") {
          subIndexRef.current = sub.index;
          setSubIndex(sub.index);
          await loadSubtitle(sub.index, a);
        } else if (sub) {
          subIndexRef.current = sub.index;
          setSubIndex(sub.index);
        }
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      requesting.current = false;
      setWaiting(false);
    }
  }, [props, attach, loadSubtitle]);

  const togglePlay = useCallback(() => {
    const m = el();
    if (!m) return;
    if (prompt) return;
    // Nothing yet, or the session ended with the video: a new playback from the start.
    if (requesting.current) {
      playWanted.current = true;
      return;
    }
    if (!current.current || stopped.current) {
      start(0, true);
      return;
    }
    if (m.paused || m.ended) {
      if (hls.current && m.readyState === 0) hls.current.startLoad(-1);
      m.play().catch((err: Error) => {
        // NotAllowedError: autoplay policy; the user simply presses play again.
        if (err.name !== "NotAllowedError" && err.name !== "AbortError") {
          setError(errorMessage(m, props));
        }
      });
    } else m.pause();
  }, [props, prompt, start]);

  const seekTo = useCallback((t: number) => {
    const m = el();
    if (!m) return;
    const target = Math.max(0, Math.min(t, duration || t));
    if (progressive(current.current)) {
      // A progressive stream cannot seek outside what it has sent: restart it there.
      setTime(target);
      start(target, !m.paused);
      return;
    }
    m.currentTime = target;
    setTime(target);
  }, [duration, start]);

  const restart = useCallback((extra: PlaybackBody) => {
    const m = el();
    start(position(), !!m && !m.paused, extra);
  }, [start]);

  const chooseSubtitle = useCallback((index: number) => {
    const sub = props.subtitles?.find((s) => s.index === index);
    const wasBurnt = current.current?.subtitles[0]?.method === "burn_in";
    subIndexRef.current = index;
    setSubIndex(index);
    if (index >= 0 && sub && !sub.text) {
      cues.current = [];
      renderCues(subOffsetRef.current);
      restart({ subtitle_index: index });
      return;
    }
    loadSubtitle(index, current.current);
    if (wasBurnt) restart({ subtitle_index: -1 });
  }, [props.subtitles, loadSubtitle, renderCues, restart]);

  const shiftSubtitles = useCallback((delta: number) => {
    const next = Math.round((subOffsetRef.current + delta) * 10) / 10;
    subOffsetRef.current = next;
    setSubOffset(next);
    renderCues(next);
  }, [renderCues]);

  const toggleFullscreen = useCallback(() => {
    const w = wrap.current;
    if (!w) return;
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (w.requestFullscreen) {
      w.requestFullscreen().catch(() => {});
    } else {
      // iOS Safari only allows the video element itself to go fullscreen.
      (el() as HTMLVideoElement & { webkitEnterFullscreen?: () => void })
        ?.webkitEnterFullscreen?.();
    }
  }, []);

  const toggleMute = useCallback(() => {
    const m = el();
    if (m) m.muted = !m.muted;
  }, []);

  const poke = useCallback(() => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), 2500);
  }, []);

  // Hydrated: take over from the native controls and ask the server how to play.
  useEffect(() => {
    setReady(true);
    const m = el();
    if (!m) return;
    // Drop the server-rendered direct source, and abort its loading (a late "cannot decode"
    // error of that source must not land on the decided one).
    m.removeAttribute("src");
    m.load();
    if (!prompt) start(0, false);
    sync();
    const onFs = () => setFullscreen(document.fullscreenElement === wrap.current);
    document.addEventListener("fullscreenchange", onFs);
    return () => document.removeEventListener("fullscreenchange", onFs);
  }, []);

  // Progress every 10 s while playing; stop (and end the HLS session) when the page goes away.
  useEffect(() => {
    const tick = setInterval(() => {
      const m = el();
      if (m && !m.paused && !m.ended) report("progress");
    }, PROGRESS_INTERVAL_MS);
    const leave = () => {
      const a = current.current;
      if (!a || stopped.current) return;
      stopped.current = true;
      report("stop");
      stopHlsSession(props.item_id, a);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") report("progress");
    };
    addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(tick);
      removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", onVisibility);
      leave();
      hls.current?.destroy();
    };
  }, [report, props.item_id]);

  // Keyboard shortcuts anywhere on the page, except while typing or on a focused control.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const tag = t?.tagName;
      if (tag === "TEXTAREA" || tag === "SELECT" || t?.isContentEditable) return;
      if (tag === "INPUT" && (t as HTMLInputElement).type !== "range") return;
      // The volume slider moves itself with the arrows; on the seek bar they jump 10 s.
      if (tag === "INPUT" && e.key.startsWith("Arrow") && !t!.classList.contains("player-seek")) {
        return;
      }
      if (tag === "BUTTON" && (e.key === " " || e.key === "Enter")) return;
      const m = el();
      if (!m) return;
      switch (e.key) {
        case " ":
        case "k":
          togglePlay();
          break;
        case "ArrowLeft":
        case "j":
          seekTo(position() - SEEK_STEP_S);
          break;
        case "ArrowRight":
        case "l":
          seekTo(position() + SEEK_STEP_S);
          break;
        case "ArrowUp":
          m.volume = Math.min(1, m.volume + 0.1);
          m.muted = false;
          break;
        case "ArrowDown":
          m.volume = Math.max(0, m.volume - 0.1);
          break;
        case "f":
          if (props.media === "video") toggleFullscreen();
          break;
        case "m":
          toggleMute();
          break;
        default:
          return;
      }
      e.preventDefault();
      poke();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [togglePlay, seekTo, toggleFullscreen, toggleMute, poke]);

  const onError = () => {
    const m = el();
    // hls.js reports its own errors; an aborted source swap is not a failure.
    const a = current.current;
    if (hls.current || !a?.url || !m) return;
    // Only an error of the source we chose counts (not one of an aborted or replaced source).
    if (!m.currentSrc.endsWith(a.url)) return;
    if (m.error && m.error.code !== 1) setError(errorMessage(m, props));
  };

  const onLoadedMetadata = () => {
    const m = el();
    if (m && pendingSeek.current > 0) {
      m.currentTime = pendingSeek.current;
      pendingSeek.current = 0;
    }
    sync();
  };

  const onLoadedData = () => {
    const m = el();
    // A video whose picture codec is unsupported often "plays" as sound over black.
    if (
      m instanceof HTMLVideoElement && current.current?.decision === "direct" &&
      props.video_codec && m.videoWidth === 0
    ) {
      setError(
        `This browser cannot show the video of this file (${props.video_codec}); only the sound would play.`,
      );
    }
    sync();
  };

  const resumeMs = props.resume_ms ?? 0;
  const choose = (fromS: number) => {
    setPrompt(false);
    start(fromS, true);
  };

  const mediaProps = {
    ref: media as never,
    class: "player-media",
    src: props.src,
    preload: "metadata" as const,
    controls: !ready,
    playsInline: true,
    "aria-label": props.title,
    onTimeUpdate: sync,
    onDurationChange: sync,
    onLoadedMetadata,
    onLoadedData,
    onProgress: sync,
    onPlay: sync,
    onPause: () => {
      sync();
      const m = el();
      if (m && !m.ended && current.current && !stopped.current) report("pause");
    },
    onEnded: () => {
      sync();
      const a = current.current;
      if (a && !stopped.current) {
        report("stop");
        stopped.current = true;
      }
    },
    onVolumeChange: sync,
    onRateChange: sync,
    onSeeked: () => {
      sync();
      if (current.current && !dragging.current) report("seek");
    },
    onWaiting: () => setWaiting(true),
    onPlaying: () => {
      setWaiting(false);
      setError(null);
      sync();
    },
    onCanPlay: () => setWaiting(false),
    onError,
    onClick: ready ? togglePlay : undefined,
    onDblClick: ready && props.media === "video" ? toggleFullscreen : undefined,
  };

  const max = duration > 0 ? duration : 0;
  const pct = (v: number) => (max > 0 ? Math.min(100, (v / max) * 100) : 0);
  const classes = [
    "player",
    `player-${props.media}`,
    ready ? "ready" : "",
    playing ? "playing" : "paused",
    idle && playing ? "idle" : "",
    fullscreen ? "fullscreen" : "",
  ].filter(Boolean).join(" ");
  const audioTracks = props.audio_tracks ?? [];
  const subtitles = props.subtitles ?? [];
  const chosenSub = subtitles.find((s) => s.index === subIndex);

  return (
    <div
      class={classes}
      ref={wrap}
      onPointerMove={ready ? poke : undefined}
      data-decision={answer?.decision}
      data-protocol={answer?.protocol}
      data-session={answer?.session_id}
    >
      {props.media === "video" ? <video {...mediaProps} /> : <audio {...mediaProps} />}
      {ready && waiting && !error && <div class="player-spinner" aria-hidden="true" />}
      {ready && prompt && (
        <div class="player-resume" role="group" aria-label="Resume playback">
          <button type="button" class="player-resume-btn" onClick={() => choose(resumeMs / 1000)}>
            Resume from {formatClock(resumeMs / 1000)}
          </button>
          <button type="button" class="player-resume-btn" onClick={() => choose(0)}>
            Start over
          </button>
        </div>
      )}
      {ready && !prompt && !playing && !error && props.media === "video" && (
        <button type="button" class="player-big-play" aria-label="Play" onClick={togglePlay}>
          <Icon name="play" />
        </button>
      )}
      {error && (
        <div class="player-error" role="alert">
          {error}
        </div>
      )}
      {ready && info && answer && (
        <div class="player-info" role="status">
          <p class="player-decision">{describeDecision(answer)}</p>
          <p>{describeStreams(answer)}</p>
          <p>
            {answer.protocol === "hls"
              ? `HLS stream${hls.current ? " (hls.js)" : ""}`
              : answer.decision === "direct"
              ? "The file itself"
              : "Progressive stream"}
          </p>
        </div>
      )}
      {ready && (
        <div class="player-controls">
          <input
            type="range"
            class="player-seek"
            aria-label="Seek"
            min={0}
            max={max || 0}
            step="any"
            value={time}
            style={`--played:${pct(time)}%;--buffered:${pct(buffered)}%`}
            onPointerDown={() => (dragging.current = true)}
            onPointerUp={() => (dragging.current = false)}
            onInput={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              // Progressive streams restart on release only, not on every drag step.
              if (progressive(current.current)) setTime(v);
              else seekTo(v);
            }}
            onChange={(e) => {
              dragging.current = false;
              if (progressive(current.current)) {
                seekTo(Number((e.target as HTMLInputElement).value));
              }
            }}
          />
          <div class="player-row">
            <button
              type="button"
              class="player-btn"
              aria-label={playing ? "Pause" : "Play"}
              title={playing ? "Pause (space)" : "Play (space)"}
              onClick={togglePlay}
            >
              <Icon name={playing ? "pause" : "play"} />
            </button>
            <button
              type="button"
              class="player-btn"
              aria-label="Back 10 seconds"
              title="Back 10 s (←)"
              onClick={() => seekTo(time - SEEK_STEP_S)}
            >
              <Icon name="back" />
            </button>
            <button
              type="button"
              class="player-btn"
              aria-label="Forward 10 seconds"
              title="Forward 10 s (→)"
              onClick={() => seekTo(time + SEEK_STEP_S)}
            >
              <Icon name="forward" />
            </button>
            <span class="player-time">
              {formatClock(time)} / {formatClock(max)}
            </span>
            <span class="player-spacer" />
            <button
              type="button"
              class="player-btn"
              aria-label={muted ? "Unmute" : "Mute"}
              title="Mute (m)"
              onClick={toggleMute}
            >
              <Icon name={muted || volume === 0 ? "muted" : "volume"} />
            </button>
            <input
              type="range"
              class="player-volume"
              aria-label="Volume"
              min={0}
              max={1}
              step={0.05}
              value={muted ? 0 : volume}
              style={`--played:${(muted ? 0 : volume) * 100}%`}
              onInput={(e) => {
                const m = el();
                if (!m) return;
                m.volume = Number((e.target as HTMLInputElement).value);
                m.muted = m.volume === 0;
              }}
            />
            {audioTracks.length > 1 && (
              <select
                class="player-menu player-audio"
                aria-label="Audio track"
                value={audioIndex === undefined ? "" : String(audioIndex)}
                onChange={(e) => {
                  const v = Number((e.target as HTMLSelectElement).value);
                  audioIndexRef.current = v;
                  setAudioIndex(v);
                  restart({ audio_index: v });
                }}
              >
                {audioTracks.map((a) => (
                  <option key={a.index} value={String(a.index)}>{a.label}</option>
                ))}
              </select>
            )}
            {subtitles.length > 0 && props.media === "video" && (
              <select
                class="player-menu player-subtitles"
                aria-label="Subtitles"
                value={String(subIndex)}
                onChange={(e) => chooseSubtitle(Number((e.target as HTMLSelectElement).value))}
              >
                <option value="-1">Subtitles off</option>
                {subtitles.map((s) => (
                  <option key={s.index} value={String(s.index)}>{s.label}</option>
                ))}
              </select>
            )}
            {chosenSub?.text && (
              <span class="player-sub-offset" role="group" aria-label="Subtitle offset">
                <button
                  type="button"
                  class="player-btn player-sub-earlier"
                  aria-label="Subtitles earlier by 0.1 seconds"
                  onClick={() =>
                    shiftSubtitles(-SUBTITLE_STEP_S)}
                >
                  −
                </button>
                <span class="player-sub-offset-value">
                  {subOffset > 0 ? "+" : ""}
                  {subOffset.toFixed(1)} s
                </span>
                <button
                  type="button"
                  class="player-btn player-sub-later"
                  aria-label="Subtitles later by 0.1 seconds"
                  onClick={() =>
                    shiftSubtitles(SUBTITLE_STEP_S)}
                >
                  +
                </button>
              </span>
            )}
            {qualities.length > 0 && props.media === "video" && (
              <select
                class="player-menu player-quality"
                aria-label="Quality"
                value={quality}
                onChange={(e) => {
                  const id = (e.target as HTMLSelectElement).value;
                  const q = qualities.find((x) => x.id === id);
                  qualityRef.current = id;
                  setQuality(id);
                  restart({
                    quality: id,
                    ...(q?.max_bitrate_kbps ? { max_bitrate_kbps: q.max_bitrate_kbps } : {}),
                  });
                }}
              >
                {!qualities.some((q) => q.id === "auto") && <option value="auto">Auto</option>}
                {qualities.map((q) => <option key={q.id} value={q.id}>{q.label}</option>)}
              </select>
            )}
            <select
              class="player-speed"
              aria-label="Playback speed"
              value={String(rate)}
              onChange={(e) => {
                const m = el();
                if (m) m.playbackRate = Number((e.target as HTMLSelectElement).value);
              }}
            >
              {SPEEDS.map((s) => <option key={s} value={String(s)}>{s}×</option>)}
            </select>
            <button
              type="button"
              class="player-btn player-info-btn"
              aria-label="Playback info"
              aria-pressed={info}
              title="How this plays"
              onClick={() => setInfo(!info)}
            >
              ⓘ
            </button>
            {props.media === "video" && (
              <button
                type="button"
                class="player-btn"
                aria-label={fullscreen ? "Exit fullscreen" : "Fullscreen"}
                title="Fullscreen (f)"
                onClick={toggleFullscreen}
              >
                <Icon name={fullscreen ? "exitFullscreen" : "fullscreen"} />
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
