/**
 * The Player island: an HTML5 `<video>`/`<audio>` element with our own controls. Server-rendered
 * with native `controls`, so it plays without JavaScript; once hydrated it switches to custom
 * controls: play/pause, a seek bar, time, volume and mute, a 0.5–2× speed menu and fullscreen,
 * plus keyboard shortcuts (space/k, ←/→ 10 s, ↑/↓ volume, f, m). When handed an HLS playlist it
 * uses the browser's native HLS (Safari) or loads hls.js on demand (a separate chunk, so pages
 * that direct-play never download it). When the browser cannot play the file it says so plainly.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { formatClock } from "../client/format.ts";

/** Props of {@link Player}. */
export interface PlayerProps {
  /** Direct-play URL of the file (`/api/items/{id}/stream`). */
  src: string;
  /** An HLS playlist to play instead of `src`, when the server decided to transcode. */
  hls?: string | null;
  /** `video` or `audio` element. */
  media: "video" | "audio";
  title: string;
  /** Known duration, shown before the metadata loads. */
  duration_ms?: number | null;
  /** Container and codecs, named in the "cannot play" message. */
  container?: string | null;
  video_codec?: string | null;
  audio_codec?: string | null;
}

/** The playback speeds offered (`playbackRate`). */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

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

/**
 * MIME types of containers, for `canPlayType`. Matroska and QuickTime are left out on purpose:
 * browsers answer "" for them yet Chrome plays most such files, so only the `error` event can
 * tell.
 */
const CONTAINER_MIME: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  ogg: "video/ogg",
  avi: "video/x-msvideo",
  wmv: "video/x-ms-wmv",
  asf: "video/x-ms-asf",
  flv: "video/x-flv",
  mpegts: "video/mp2t",
  m2ts: "video/mp2t",
  mpeg: "video/mpeg",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  flac: "audio/flac",
  wav: "audio/wav",
  aac: "audio/aac",
  opus: "audio/ogg",
};

/** True when the browser says plainly ("") that it cannot play this container. */
function cannotPlay(el: MediaEl, container: string | null | undefined): boolean {
  const mime = container ? CONTAINER_MIME[container] : undefined;
  return mime !== undefined && el.canPlayType(mime) === "";
}

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
  }. Try another browser or a player app; converting it on the fly is not available yet.`;
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
  const dragging = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const el = () => media.current;

  const sync = useCallback(() => {
    const m = el();
    if (!m) return;
    if (!dragging.current) setTime(m.currentTime);
    if (Number.isFinite(m.duration) && m.duration > 0) setDuration(m.duration);
    setPlaying(!m.paused && !m.ended);
    setVolume(m.volume);
    setMuted(m.muted);
    setRate(m.playbackRate);
    const b = m.buffered;
    setBuffered(b.length > 0 ? b.end(b.length - 1) : 0);
  }, []);

  const togglePlay = useCallback(() => {
    const m = el();
    if (!m) return;
    if (m.paused || m.ended) {
      m.play().catch((err: Error) => {
        // NotAllowedError: autoplay policy; the user simply presses play again.
        if (err.name !== "NotAllowedError" && err.name !== "AbortError") {
          setError(errorMessage(m, props));
        }
      });
    } else m.pause();
  }, [props]);

  const seekTo = useCallback((t: number) => {
    const m = el();
    if (!m) return;
    const max = Number.isFinite(m.duration) ? m.duration : duration;
    m.currentTime = Math.max(0, Math.min(t, max || 0));
    setTime(m.currentTime);
  }, [duration]);

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

  // Hydrated: take over from the native controls, and catch up with events that fired before.
  useEffect(() => {
    setReady(true);
    const m = el();
    if (!m) return;
    if (m.error) setError(errorMessage(m, props));
    else if (!props.hls && cannotPlay(m, props.container)) setError(errorMessage(null, props));
    sync();
    const onFs = () => setFullscreen(document.fullscreenElement === wrap.current);
    document.addEventListener("fullscreenchange", onFs);
    return () => document.removeEventListener("fullscreenchange", onFs);
  }, []);

  // HLS: native where the browser has it (Safari), else hls.js, loaded only now.
  useEffect(() => {
    const m = el();
    if (!props.hls || !m) return;
    if (m.canPlayType("application/vnd.apple.mpegurl")) return;
    let destroyed = false;
    let instance: { destroy(): void } | undefined;
    import("hls.js").then(({ default: Hls }) => {
      if (destroyed) return;
      if (!Hls.isSupported()) {
        m.src = props.src;
        return;
      }
      setError(null);
      const hls = new Hls();
      instance = hls;
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) setError(`Streaming failed (${data.details}).`);
      });
      hls.loadSource(props.hls!);
      hls.attachMedia(m as HTMLVideoElement);
    }).catch(() => setError("The streaming module could not be loaded."));
    return () => {
      destroyed = true;
      instance?.destroy();
    };
  }, [props.hls, props.src]);

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
          seekTo(m.currentTime - SEEK_STEP_S);
          break;
        case "ArrowRight":
        case "l":
          seekTo(m.currentTime + SEEK_STEP_S);
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
    if (m?.error && m.error.code !== 1) setError(errorMessage(m, props));
  };

  const onLoadedData = () => {
    const m = el();
    // A video whose picture codec is unsupported often "plays" as sound over black.
    if (m instanceof HTMLVideoElement && props.video_codec && m.videoWidth === 0) {
      setError(
        `This browser cannot show the video of this file (${props.video_codec}); only the sound would play.`,
      );
    }
    sync();
  };

  const mediaProps = {
    ref: media as never,
    class: "player-media",
    src: props.hls ?? props.src,
    preload: "metadata" as const,
    controls: !ready,
    playsInline: true,
    "aria-label": props.title,
    onTimeUpdate: sync,
    onDurationChange: sync,
    onLoadedMetadata: sync,
    onLoadedData,
    onProgress: sync,
    onPlay: sync,
    onPause: sync,
    onEnded: sync,
    onVolumeChange: sync,
    onRateChange: sync,
    onSeeked: sync,
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

  return (
    <div class={classes} ref={wrap} onPointerMove={ready ? poke : undefined}>
      {props.media === "video" ? <video {...mediaProps} /> : <audio {...mediaProps} />}
      {ready && waiting && !error && <div class="player-spinner" aria-hidden="true" />}
      {ready && !playing && !error && props.media === "video" && (
        <button type="button" class="player-big-play" aria-label="Play" onClick={togglePlay}>
          <Icon name="play" />
        </button>
      )}
      {error && (
        <div class="player-error" role="alert">
          {error}
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
            onInput={(e) => seekTo(Number((e.target as HTMLInputElement).value))}
            onChange={() => (dragging.current = false)}
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
