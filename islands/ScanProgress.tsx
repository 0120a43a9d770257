/**
 * The ScanProgress island (admin page): a library's scan state, polled from
 * `GET /api/libraries/{id}/scan` every second while a scan runs and every few seconds otherwise
 * (the file watcher can start one at any time). Server-rendered with the state at page load.
 */
import { useEffect, useState } from "preact/hooks";
import { formatCount } from "../client/format.ts";

/** The scan status of the API (docs/api.md "Scan status"). */
export interface ScanStatus {
  state: "idle" | "walking" | "probing" | "failed";
  done: number;
  total: number;
  errors: number;
  started_at: string | null;
  finished_at: string | null;
}

/** Props of {@link ScanProgress}. */
export interface ScanProgressProps {
  library_id: string;
  status: ScanStatus;
}

const ACTIVE_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;

/** A compact scan status line with a progress bar while scanning. */
export default function ScanProgress(props: ScanProgressProps) {
  const [status, setStatus] = useState<ScanStatus>(props.status);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = async () => {
      let next = status;
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch(`/api/libraries/${encodeURIComponent(props.library_id)}/scan`, {
            headers: { accept: "application/json" },
          });
          if (res.ok) {
            next = await res.json() as ScanStatus;
            if (!stopped) setStatus(next);
          }
        } catch {
          // Server restarting or offline: keep the last state and try again.
        }
      }
      if (stopped) return;
      const running = next.state === "walking" || next.state === "probing";
      timer = setTimeout(poll, running ? ACTIVE_POLL_MS : IDLE_POLL_MS);
    };
    const running = status.state === "walking" || status.state === "probing";
    timer = setTimeout(poll, running ? ACTIVE_POLL_MS : IDLE_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.library_id]);

  const running = status.state === "walking" || status.state === "probing";
  const errors = status.errors > 0
    ? (
      <>
        {" · "}
        <a href={`/api/libraries/${encodeURIComponent(props.library_id)}/scan/errors`}>
          {formatCount(status.errors)} unreadable
        </a>
      </>
    )
    : null;
  return (
    <span class="scan" data-state={status.state} aria-live="polite">
      {running
        ? (
          <>
            {status.state === "walking" ? "Finding files" : "Reading files"}{" "}
            {status.total > 0 && (
              <progress max={status.total} value={status.done}>
                {status.done}/{status.total}
              </progress>
            )} {formatCount(status.done)}/{formatCount(status.total)}
          </>
        )
        : status.state === "failed"
        ? "Scan failed"
        : status.finished_at
        ? `Scanned ${status.finished_at.slice(0, 16).replace("T", " ")} UTC`
        : "Not scanned yet"}
      {errors}
    </span>
  );
}
