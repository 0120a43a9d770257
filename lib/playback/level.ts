/**
 * Codec levels in two notations, and the smallest level a stream needs.
 *
 * ffprobe reports levels as the bitstream's raw number (H.264 `level_idc` 41, HEVC
 * `general_level_idc` 153 = 30 × 5.1, AV1 `seq_level_idx` 9). Device profiles are written in the
 * decimal levels people quote ("H.264 4.1", "HEVC 5.1"), so the engine converts between them
 * here. The limits come from the codec specifications (H.264 Annex A table A-1, H.265 Annex A
 * tables A.8/A.9).
 */

/**
 * The decimal level ("4.1") of an ffprobe raw level, or undefined when the codec has no ordinal
 * level (MPEG-2 levels are category codes) or the value is unknown (ffprobe prints -99).
 */
export function humanLevel(codec: string, raw: number | undefined): number | undefined {
  if (raw === undefined || !Number.isFinite(raw) || raw <= 0) return undefined;
  switch (codec) {
    case "h264":
    case "vp9":
      return raw / 10;
    case "hevc":
      return Math.round((raw / 30) * 10) / 10;
    case "av1": {
      if (raw > 23) return undefined; // 31 = "maximum parameters", no real limit
      return 2 + Math.floor(raw / 4) + (raw % 4) / 10;
    }
    default:
      return undefined;
  }
}

/** The ffprobe raw level of a decimal level: H.264 4.1 → 41, HEVC 5.1 → 153, AV1 4.1 → 9. */
export function rawLevel(codec: string, human: number): number | undefined {
  switch (codec) {
    case "h264":
    case "vp9":
      return Math.round(human * 10);
    case "hevc":
      return Math.round(human * 30);
    case "av1": {
      const major = Math.floor(human + 1e-9);
      const minor = Math.round((human - major) * 10);
      return (major - 2) * 4 + minor;
    }
    default:
      return undefined;
  }
}

/** What a level must accommodate. */
export interface LevelDemand {
  width: number;
  height: number;
  frame_rate: number;
  bitrate_kbps: number;
}

// H.264 table A-1: [level, MaxMBPS (macroblocks/s), MaxFS (macroblocks), MaxBR (kbit/s, Main)].
const H264_LEVELS: readonly (readonly [number, number, number, number])[] = [
  [1.0, 1485, 99, 64],
  [1.1, 3000, 396, 192],
  [1.2, 6000, 396, 384],
  [1.3, 11880, 396, 768],
  [2.0, 11880, 396, 2000],
  [2.1, 19800, 792, 4000],
  [2.2, 20250, 1620, 4000],
  [3.0, 40500, 1620, 10000],
  [3.1, 108000, 3600, 14000],
  [3.2, 216000, 5120, 20000],
  [4.0, 245760, 8192, 20000],
  [4.1, 245760, 8192, 50000],
  [4.2, 522240, 8704, 50000],
  [5.0, 589824, 22080, 135000],
  [5.1, 983040, 36864, 240000],
  [5.2, 2073600, 36864, 240000],
  [6.0, 4177920, 139264, 240000],
  [6.1, 8355840, 139264, 480000],
  [6.2, 16711680, 139264, 800000],
];

// H.265 tables A.8/A.9, Main tier: [level, MaxLumaPs (samples), MaxLumaSr (samples/s), MaxBR].
const HEVC_LEVELS: readonly (readonly [number, number, number, number])[] = [
  [1.0, 36864, 552960, 128],
  [2.0, 122880, 3686400, 1500],
  [2.1, 245760, 7372800, 3000],
  [3.0, 552960, 16588800, 6000],
  [3.1, 983040, 33177600, 10000],
  [4.0, 2228224, 66846720, 12000],
  [4.1, 2228224, 133693440, 20000],
  [5.0, 8912896, 267386880, 25000],
  [5.1, 8912896, 534773760, 40000],
  [5.2, 8912896, 1069547520, 60000],
  [6.0, 35651584, 1069547520, 60000],
  [6.1, 35651584, 2139095040, 120000],
  [6.2, 35651584, 4278190080, 240000],
];

/**
 * The smallest decimal level that can hold a stream of this size, frame rate and bitrate, for
 * the codecs whose encoders we drive (H.264 High profile, HEVC Main tier); undefined for other
 * codecs or when even the highest level is too small.
 */
export function minimumLevel(codec: string, d: LevelDemand): number | undefined {
  if (codec === "h264") {
    const mbs = Math.ceil(d.width / 16) * Math.ceil(d.height / 16);
    const mbps = mbs * d.frame_rate;
    // High profile may use 1.25 × the Main-profile bitrate (table A-2, cpbBrVclFactor).
    const row = H264_LEVELS.find(([, maxMbps, maxFs, maxBr]) =>
      mbs <= maxFs && mbps <= maxMbps * 1.0001 && d.bitrate_kbps <= maxBr * 1.25
    );
    return row?.[0];
  }
  if (codec === "hevc") {
    const ps = d.width * d.height;
    const sr = ps * d.frame_rate;
    const row = HEVC_LEVELS.find(([, maxPs, maxSr, maxBr]) =>
      ps <= maxPs && sr <= maxSr * 1.0001 && d.bitrate_kbps <= maxBr
    );
    return row?.[0];
  }
  return undefined;
}
