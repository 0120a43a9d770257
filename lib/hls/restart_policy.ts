/**
 * Whether a request for a segment ahead of ffmpeg should wait for the running encoder or restart
 * it at that segment. Waiting costs the segments still to encode; restarting costs one start-up
 * (process, seek, first segment). Both are measured on the session itself, so a fast remux waits
 * through several segments while a slow 1080p transcode restarts for a seek of two. Pure.
 */

/** What is known when the decision is made. */
export interface RestartInput {
  /** Segments to finish before the wanted one starts: 0 = it is being written now. */
  distance: number;
  /** Upper bound of segments worth waiting for (configuration, about 3). */
  max_ahead: number;
  /** Measured time per segment of this rendition, or null before two segments were made. */
  segment_ms: number | null;
  /** Measured time from ffmpeg's start to its first segment, or null before the first. */
  startup_ms: number | null;
  /** Video copy (fast per segment) rather than an encode. */
  copy: boolean;
}

/** True when ffmpeg should be restarted at the wanted segment rather than waited for. */
export function shouldRestart(i: RestartInput): boolean {
  if (i.distance < 0) return true;
  // The segment being written: a restart would redo it from scratch, so it can never be sooner.
  if (i.distance === 0) return false;
  if (i.distance > i.max_ahead) return true;
  if (i.segment_ms === null || i.startup_ms === null) {
    // Nothing measured yet: a remux makes segments in milliseconds, an encode takes about as
    // long per segment as a restart takes to its first one.
    return !i.copy;
  }
  // The segment being written finishes within one segment time, then `distance` more follow.
  return (i.distance + 1) * i.segment_ms > i.startup_ms;
}
