/**
 * Resolution ↔ bitrate for transcodes, and the qualities menu built from it.
 *
 * One table serves both directions so the menu and the engine agree: choosing "720p" sends
 * `max_bitrate_kbps: 4000`, and a 4000 kbit/s limit makes the engine fit the picture into
 * 1280×720. Like the reference server, a quality is a bitrate ceiling: a source already under it
 * still plays directly at its own resolution.
 */

/** One rung: a 16:9 box height and the H.264 bitrate that looks good at that size. */
export interface LadderRung {
  height: number;
  bitrate_kbps: number;
}

/**
 * H.264 bitrates by output height (8-bit SDR, ~24–30 fps), close to common streaming ladders.
 * 240p exists for very low limits only and is not offered in the menu.
 */
export const H264_LADDER: readonly LadderRung[] = [
  { height: 240, bitrate_kbps: 500 },
  { height: 360, bitrate_kbps: 1000 },
  { height: 480, bitrate_kbps: 2000 },
  { height: 720, bitrate_kbps: 4000 },
  { height: 1080, bitrate_kbps: 8000 },
  { height: 1440, bitrate_kbps: 14000 },
  { height: 2160, bitrate_kbps: 25000 },
];

// HEVC, AV1 and VP9 reach H.264's quality at roughly 60 % of its bitrate.
const EFFICIENCY_VS_H264: Readonly<Record<string, number>> = { hevc: 0.6, av1: 0.6, vp9: 0.65 };

/**
 * The bitrate to encode a picture of this height at, for a target codec: the first rung at
 * least as tall, scaled by codec efficiency (and by area above the top rung).
 */
export function recommendedBitrate(codec: string, height: number): number {
  const top = H264_LADDER[H264_LADDER.length - 1];
  const rung = H264_LADDER.find((r) => r.height >= height);
  const h264 = rung ? rung.bitrate_kbps : top.bitrate_kbps * (height / top.height) ** 2;
  return Math.round((h264 * (EFFICIENCY_VS_H264[codec] ?? 1)) / 100) * 100;
}

/**
 * The 16:9 box a bitrate limit allows (the tallest rung whose bitrate fits), or undefined when
 * the limit is at or above the top rung and so does not constrain the size.
 */
export function boxForBitrate(kbps: number): { width: number; height: number } | undefined {
  const top = H264_LADDER[H264_LADDER.length - 1];
  if (!Number.isFinite(kbps) || kbps >= top.bitrate_kbps) return undefined;
  const fits = H264_LADDER.filter((r) => r.bitrate_kbps <= kbps);
  const rung = fits.length ? fits[fits.length - 1] : H264_LADDER[0];
  return { width: Math.round((rung.height * 16) / 9), height: rung.height };
}

/** One entry of the qualities menu. */
export interface QualityOption {
  /** "auto", "original", "1080p", … */
  id: string;
  label: string;
  /** Box height of the option; the source height for "original"; null for "auto". */
  height: number | null;
  /** What the client sends as the playback request's `max_bitrate_kbps`; null = no cap. */
  max_bitrate_kbps: number | null;
}

/** Heights offered in the menu (below the original). */
const MENU_HEIGHTS: readonly number[] = [1080, 720, 480, 360];

/**
 * The qualities menu for a source: Auto (the server's limits), Original (no cap of our own,
 * left out when the source is over the user's limit), then 1080p, 720p, 480p, 360p for those
 * not larger than the source. A scope film of 1920×800 still gets 1080p: a rung counts when its
 * 16:9 width fits the source width.
 *
 * @param sourceHeight the video height in pixels
 * @param maxBitrateKbps the user's limit, if any; rungs over it are left out
 * @param opts the source width and bitrate, when known
 */
export function qualityLadder(
  sourceHeight: number,
  maxBitrateKbps?: number,
  opts: { source_width?: number; source_bitrate_kbps?: number } = {},
): QualityOption[] {
  const limit = maxBitrateKbps ?? Infinity;
  const out: QualityOption[] = [
    { id: "auto", label: "Auto", height: null, max_bitrate_kbps: null },
  ];
  if (opts.source_bitrate_kbps === undefined || opts.source_bitrate_kbps <= limit) {
    out.push({ id: "original", label: "Original", height: sourceHeight, max_bitrate_kbps: null });
  }
  for (const height of MENU_HEIGHTS) {
    const rung = H264_LADDER.find((r) => r.height === height)!;
    const width = Math.round((height * 16) / 9);
    const fits = height <= sourceHeight ||
      (opts.source_width !== undefined && width <= opts.source_width);
    if (!fits || rung.bitrate_kbps > limit) continue;
    out.push({
      id: `${height}p`,
      label: `${height}p`,
      height,
      max_bitrate_kbps: rung.bitrate_kbps,
    });
  }
  return out;
}
