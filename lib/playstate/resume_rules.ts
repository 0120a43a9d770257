/**
 * The resume rules as people know them from media servers: what a progress report does to a
 * user's state of an item. Pure: the caller passes the previous state, the report and the clock.
 *
 * - Under 5 % of the runtime there is no resume point (a peek is not "watching").
 * - Over 90 %, or inside the last minute of an item of 5 minutes or more (the credits), the item is played: the
 *   play count goes up once, last played is set and the resume point is cleared.
 * - Items under 5 minutes never get a resume point, but still count as played when finished.
 */

/** The stored state of one user and item (position, played, count, last played). */
export interface PlayState {
  position_ms: number;
  played: boolean;
  play_count: number;
  /** ISO time of the last completed play. */
  last_played_at: string | null;
}

/** One progress report from a player. */
export interface ProgressReport {
  position_ms: number;
  /** The item's runtime; null or 0 when unknown (then only the position is kept). */
  duration_ms: number | null;
  /** The report's time. */
  now: Date;
}

/** Below this share of the runtime there is no resume point. */
export const MIN_RESUME_RATIO = 0.05;
/** From this share of the runtime on the item counts as played. */
export const PLAYED_RATIO = 0.9;
/** Items shorter than this never get a resume point. */
export const MIN_RESUME_DURATION_MS = 5 * 60_000;
/**
 * The last minute is treated as credits… (on items of 10 minutes or more the 90 % rule comes
 * first, so this matters for items between 5 and 10 minutes)
 */
export const CREDITS_MS = 60_000;
/** …on items long enough to have a resume point (on a 2 min clip it would be half of it). */
export const CREDITS_MIN_DURATION_MS = MIN_RESUME_DURATION_MS;

/** The state of an item nobody has touched. */
export const EMPTY_PLAY_STATE: PlayState = {
  position_ms: 0,
  played: false,
  play_count: 0,
  last_played_at: null,
};

/** Whether `position_ms` counts as having finished an item of `duration_ms`. */
export function isFinished(position_ms: number, duration_ms: number): boolean {
  if (duration_ms <= 0) return false;
  if (position_ms >= duration_ms * PLAYED_RATIO) return true;
  return duration_ms >= CREDITS_MIN_DURATION_MS && duration_ms - position_ms <= CREDITS_MS;
}

/**
 * The resume point kept for `position_ms` of an item that is not finished: 0 under 5 % and for
 * items under 5 minutes; the position itself otherwise (also when the runtime is unknown).
 */
export function resumePoint(position_ms: number, duration_ms: number | null): number {
  const pos = Math.max(0, Math.trunc(position_ms));
  if (!duration_ms || duration_ms <= 0) return pos;
  if (duration_ms < MIN_RESUME_DURATION_MS) return 0;
  if (pos < duration_ms * MIN_RESUME_RATIO) return 0;
  return pos;
}

/**
 * The state after a progress report. A finished item is counted once per viewing: players keep
 * reporting during the credits, so a report that finds the item played less than half its
 * runtime ago (a whole viewing even at 2× speed) does not count again.
 */
export function applyProgress(prev: PlayState, report: ProgressReport): PlayState {
  const duration = report.duration_ms ?? 0;
  if (isFinished(report.position_ms, duration)) {
    const last = prev.last_played_at ? Date.parse(prev.last_played_at) : NaN;
    const sameViewing = prev.played && report.now.getTime() - last < duration / 2;
    if (sameViewing) return { ...prev, position_ms: 0 };
    return {
      position_ms: 0,
      played: true,
      play_count: prev.play_count + 1,
      last_played_at: report.now.toISOString(),
    };
  }
  return { ...prev, position_ms: resumePoint(report.position_ms, report.duration_ms) };
}

/** The state after "mark played" (`played`) or "mark unplayed" by hand. */
export function applyMark(prev: PlayState, played: boolean, now: Date): PlayState {
  if (!played) return { ...prev, played: false, position_ms: 0 };
  if (prev.played) return { ...prev, position_ms: 0 };
  return {
    position_ms: 0,
    played: true,
    play_count: prev.play_count + 1,
    last_played_at: now.toISOString(),
  };
}
