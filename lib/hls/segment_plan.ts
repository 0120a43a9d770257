/**
 * Cuts a timeline into HLS segments before anything is encoded, so the VOD playlist can be
 * written up front and every restart of ffmpeg cuts at exactly the same places (the failure the
 * reference server has, #17966, is a playlist on one grid and ffmpeg cutting on another).
 *
 * - Transcode: a fixed grid of `target_s` segments; ffmpeg is told to put keyframes there.
 * - Remux (video copy): boundaries can only be source keyframes; keyframes are grouped greedily so
 *   each segment lasts at least `target_s` where the file allows it.
 */
import { isRemux } from "./spec.ts";
import type { HlsJobSpec } from "./spec.ts";

/** One planned media segment on the playlist timeline (0 = start of the file). */
export interface PlannedSegment {
  index: number;
  start_ms: number;
  duration_ms: number;
}

/** The whole plan; `target_duration_s` is the honest `#EXT-X-TARGETDURATION`. */
export interface SegmentPlan {
  segments: PlannedSegment[];
  target_duration_s: number;
}

/** Input of {@link planSegments}. */
export interface PlanInput {
  duration_ms: number;
  /**
   * Keyframe times (ms, relative to the start of the file). Present means "cut only here" (video
   * copy); absent means a fixed grid. An empty list gives a single segment.
   */
  keyframes_ms?: readonly number[];
  /** Wanted segment length in seconds. */
  target_s: number;
  /**
   * A final segment shorter than this is merged into the one before: a sliver of a segment may
   * hold no video frame at all, so ffmpeg would never produce it. Default 1000 ms.
   */
  min_tail_ms?: number;
}

const _DEFAULT_MIN_TAIL_MS = 1000;

function _build(starts: number[], duration: number): SegmentPlan {
  const segments = starts.map((start, index) => ({
    index,
    start_ms: start,
    duration_ms: (index + 1 < starts.length ? starts[index + 1] : duration) - start,
  }));
  const longest = Math.max(...segments.map((s) => s.duration_ms));
  // RFC 8216 §4.3.3.1: every EXTINF rounded must be ≤ the target duration; the ceiling is the
  // strictest honest value.
  return { segments, target_duration_s: Math.max(1, Math.ceil(longest / 1000)) };
}

/**
 * Plans the segments of a timeline.
 *
 * @throws {RangeError} for a non-positive duration or target
 */
export function planSegments(input: PlanInput): SegmentPlan {
  const duration = Math.round(input.duration_ms);
  if (!(duration > 0)) {
    throw new RangeError(`duration_ms must be positive, got ${input.duration_ms}`);
  }
  if (!(input.target_s > 0)) {
    throw new RangeError(`target_s must be positive, got ${input.target_s}`);
  }
  const target = Math.round(input.target_s * 1000);
  const minTail = input.min_tail_ms ?? _DEFAULT_MIN_TAIL_MS;
  const starts = [0];
  if (input.keyframes_ms === undefined) {
    for (let t = target; t < duration; t += target) starts.push(t);
  } else {
    const keyframes = [...new Set(input.keyframes_ms.map(Math.round))]
      .filter((k) => k > 0 && k < duration)
      .sort((a, b) => a - b);
    for (const k of keyframes) {
      if (k - starts[starts.length - 1] >= target) starts.push(k);
    }
  }
  if (starts.length > 1 && duration - starts[starts.length - 1] < minTail) starts.pop();
  return _build(starts, duration);
}

/**
 * The plan of a job: keyframe-aligned for video copy (keyframes shifted onto the playlist
 * timeline by the source's start time), a fixed grid on the sped-up timeline otherwise.
 *
 * @throws {RangeError} when a remux job has no keyframe list
 */
export function planForSpec(spec: HlsJobSpec): SegmentPlan {
  const speed = spec.speed ?? 1;
  if (isRemux(spec)) {
    const kf = spec.segments.keyframes_ms;
    if (!kf) throw new RangeError("A video copy job needs segments.keyframes_ms");
    const offset = spec.start_time_ms ?? 0;
    return planSegments({
      duration_ms: spec.duration_ms,
      keyframes_ms: kf.map((k) => k - offset),
      target_s: spec.segments.target_s,
    });
  }
  return planSegments({ duration_ms: spec.duration_ms / speed, target_s: spec.segments.target_s });
}

/** Index of the segment that holds `time_ms` (clamped to the plan). */
export function segmentIndexAt(plan: SegmentPlan, time_ms: number): number {
  const segs = plan.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start_ms <= time_ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
