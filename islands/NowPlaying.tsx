/**
 * The NowPlaying island (admin page): the live playback sessions, server-rendered at page load
 * and then kept current by the `sessions` events of `GET /api/sessions/events`. Each session
 * has a Stop button: a form POST to /admin (works without JavaScript) which, with JavaScript,
 * becomes `DELETE /api/sessions/{id}`.
 */
import { useEffect, useState } from "preact/hooks";
import type { SessionJson } from "../lib/playstate/now_playing.ts";
import { describeDecision, describeTranscode } from "../components/session_text.ts";
import { formatClock } from "../client/format.ts";

/** Props of {@link NowPlaying}. */
export interface NowPlayingProps {
  sessions: SessionJson[];
  /** Runtime of each session's item in ms, by item id, for "12:34 / 1:40:00". */
  durations: Record<string, number | null>;
}

/** The live sessions list. */
export default function NowPlaying(props: NowPlayingProps) {
  const [sessions, setSessions] = useState<SessionJson[]>(props.sessions);
  const [live, setLive] = useState(false);
  const [durations, setDurations] = useState(props.durations);

  useEffect(() => {
    const source = new EventSource("/api/sessions/events");
    source.addEventListener("sessions", (e) => {
      try {
        setSessions(JSON.parse((e as MessageEvent<string>).data) as SessionJson[]);
        setLive(true);
      } catch {
        // A torn event: the next one (within 2 s) replaces it.
      }
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, []);

  // A session that started after the page loaded: look up its item's runtime once.
  useEffect(() => {
    for (const s of sessions) {
      const id = s.item.id;
      if (id in durations) continue;
      setDurations((d) => ({ ...d, [id]: null }));
      fetch(`/api/items/${encodeURIComponent(id)}`, { headers: { accept: "application/json" } })
        .then((res) => res.ok ? res.json() : null)
        .then((item: { duration_ms?: number | null } | null) => {
          if (item?.duration_ms) setDurations((d) => ({ ...d, [id]: item.duration_ms! }));
        })
        .catch(() => {});
    }
  }, [sessions]);

  const stop = async (e: Event, id: string) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    try {
      const res = await fetch(`/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (res.ok || res.status === 404) {
        setSessions((list) => list.filter((s) => s.id !== id));
        return;
      }
    } catch {
      // Fall through to the plain form, which reports the outcome on the page.
    }
    form.submit();
  };

  return (
    <div class="now-playing" data-live={live ? "1" : "0"}>
      {sessions.length === 0 && <p class="muted">Nobody is playing anything.</p>}
      {sessions.map((s) => {
        const duration = durations[s.item.id] ?? null;
        const pct = duration ? Math.min(100, Math.round(s.position_ms / duration * 100)) : null;
        return (
          <div class="session" key={s.id} data-session={s.id}>
            <div class="session-head">
              <span>
                <strong>{s.user.username}</strong> on {s.client}:{" "}
                <a href={`/items/${encodeURIComponent(s.item.id)}`}>{s.item.title}</a>
              </span>
              <form method="post" action="/admin" onSubmit={(e) => stop(e, s.id)}>
                <input type="hidden" name="action" value="stop_session" />
                <input type="hidden" name="session_id" value={s.id} />
                <button
                  type="submit"
                  class="btn-small"
                  aria-label={`Stop ${s.user.username}'s playback of ${s.item.title}`}
                >
                  Stop
                </button>
              </form>
            </div>
            <span class="session-pos">
              {s.paused ? "⏸ Paused at " : "▶ "}
              {formatClock(s.position_ms / 1000)}
              {duration ? ` / ${formatClock(duration / 1000)}` : ""}
            </span>
            {pct !== null && (
              <div class="session-bar" aria-hidden="true">
                <span style={`width:${pct}%`} />
              </div>
            )}
            <span class="session-decision">
              {describeDecision(s.decision, s.reasons)}
            </span>
            {s.transcode && <span class="muted">{describeTranscode(s.transcode)}</span>}
          </div>
        );
      })}
    </div>
  );
}
