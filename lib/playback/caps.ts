/**
 * What a browser reports it can play (the `caps` of the playback request, docs/api.md), and how
 * that report is merged with the device profile picked for its User-Agent.
 *
 * The profile is the server's knowledge of a client family; the report is what this one browser
 * on this one machine proved with `canPlayType` / `MediaSource.isTypeSupported`. Merging rules:
 *
 * - **Codecs** the report omits are removed everywhere (Chrome on a machine without HEVC
 *   decoding never gets HEVC). Codecs the report adds and the profile lacks are added with
 *   conservative limits, to the profile's containers that can carry them and to fMP4 HLS
 *   segments (Chrome with hardware HEVC decoding gets HEVC direct play and remux). For codecs
 *   both know, the profile's limits are a ceiling the report can only lower.
 * - **Containers** are additive only: browsers answer `canPlayType` for containers unreliably
 *   (Chromium says "" for `video/x-matroska` yet plays Matroska), while codec answers are what
 *   actually fails. A reported container the profile lacks is added with the codecs it can
 *   carry that the client decodes.
 * - **Limits** (bitrate, picture size, audio channels) take the lower of the two.
 * - **HLS**: `hls: false` removes HLS; `segment_types` narrows the profile's list, or adds a
 *   type with every decodable codec that segment type can carry.
 * - **Subtitles**: `subtitle_formats` lists formats the client renders itself from an external
 *   file. Formats it adds (a PGS or ASS renderer) are preferred over conversion to WebVTT;
 *   external rules for formats it omits are dropped.
 */
import {
  codecFamily,
  CONTAINER_CODECS,
  HLS_SEGMENT_CODECS,
  SEGMENT_TYPES,
  type SegmentType,
  subtitleFormat,
} from "./codecs.ts";
import { JsonFields, stringItem } from "./json_fields.ts";
import {
  type AudioCodecRule,
  type DeviceProfile,
  normaliseProfileName,
  VIDEO_RANGES,
  type VideoCodecRule,
} from "./profile.ts";

/** Limits a client measured for one video codec (the highest profile/level it accepted). */
export interface VideoCodecCaps {
  profiles?: string[];
  /** Decimal level, as in profiles. */
  max_level?: number;
  max_bit_depth?: number;
}

/** The capability report a browser sends with a playback request; every field is optional. */
export interface ClientCaps {
  /** Containers the client plays in a media element (`mp4`, `webm`, `mkv`, …). */
  containers?: string[];
  /** Video codecs it decodes (ffprobe names or RFC 6381 prefixes: `h264`/`avc1`, `hevc`/`hvc1`). */
  video_codecs?: string[];
  /** Audio codecs it decodes (`aac`, `mp3`, `opus`, `flac`, `ac3`/`ac-3`, `eac3`/`ec-3`, …). */
  audio_codecs?: string[];
  /** Subtitle formats it renders from an external file (`webvtt`, and `ass`/`pgs` with a renderer). */
  subtitle_formats?: string[];
  max_bitrate_kbps?: number;
  /** False when the client has neither native HLS nor MSE. */
  hls?: boolean;
  segment_types?: SegmentType[];
  /** Largest picture worth sending (the screen), in pixels. */
  max_width?: number;
  max_height?: number;
  /** Dynamic ranges it can show (decode and display or tone-map): `SDR`, `HDR10`, `HLG`, `DOVI`. */
  video_ranges?: string[];
  max_audio_channels?: number;
  /** Per-codec limits it measured, keyed by codec. */
  video_codec_limits?: Record<string, VideoCodecCaps>;
}

/** The capability report is malformed. */
export class CapsError extends Error {
  /** Maps to HTTP 400 in the API layer. */
  readonly code = "bad_request";
  constructor(message: string) {
    super(message);
    this.name = "CapsError";
  }
}

/**
 * Validates a capability report from a request body and normalises its names (codec aliases
 * resolved, ranges upper-cased).
 *
 * @throws {CapsError} naming the field, e.g. `caps.video_codecs[1] must be a non-empty string`
 */
export function parseCaps(json: unknown): ClientCaps {
  const fail = (where: string, problem: string) => new CapsError(`caps.${where} ${problem}`);
  const str = stringItem(fail);
  const f = new JsonFields(json, "", fail);
  const caps: ClientCaps = {};
  const lower = (v: unknown, p: string) => str(v, p).toLowerCase();
  const codec = (v: unknown, p: string) => codecFamily(str(v, p));

  const containers = f.optArray("containers", lower);
  if (containers) caps.containers = containers;
  const video = f.optArray("video_codecs", codec);
  if (video) caps.video_codecs = video;
  const audio = f.optArray("audio_codecs", codec);
  if (audio) caps.audio_codecs = audio;
  const subs = f.optArray("subtitle_formats", (v, p) => subtitleFormat(str(v, p)));
  if (subs) caps.subtitle_formats = subs;
  for (
    const key of ["max_bitrate_kbps", "max_width", "max_height", "max_audio_channels"] as const
  ) {
    const n = f.optPositive(key);
    if (n !== undefined) caps[key] = n;
  }
  const hls = f.optBoolean("hls");
  if (hls !== undefined) caps.hls = hls;
  const types = f.optArray("segment_types", (v, p) => {
    const t = str(v, p) as SegmentType;
    if (!SEGMENT_TYPES.includes(t)) throw fail(p, `must be one of ${SEGMENT_TYPES.join(", ")}`);
    return t;
  });
  if (types) caps.segment_types = types;
  const ranges = f.optArray("video_ranges", (v, p) => {
    const r = str(v, p).toUpperCase();
    if (!VIDEO_RANGES.includes(r)) throw fail(p, `must be one of ${VIDEO_RANGES.join(", ")}`);
    return r;
  });
  if (ranges) caps.video_ranges = ranges;
  if (f.has("video_codec_limits")) {
    const raw = f.raw("video_codec_limits");
    const g = new JsonFields(raw, "video_codec_limits", fail);
    const limits: Record<string, VideoCodecCaps> = {};
    for (const key of Object.keys(raw as Record<string, unknown>)) {
      const h = new JsonFields(g.raw(key), g.at(key), fail);
      const l: VideoCodecCaps = {};
      const profiles = h.optArray("profiles", str);
      if (profiles) l.profiles = profiles.map(normaliseProfileName);
      const level = h.optPositive("max_level");
      if (level !== undefined) l.max_level = level;
      const depth = h.optPositive("max_bit_depth");
      if (depth !== undefined) l.max_bit_depth = depth;
      h.done();
      limits[codecFamily(key)] = l;
    }
    g.done();
    caps.video_codec_limits = limits;
  }
  f.done();
  return caps;
}

// Limits for a codec the profile does not know but the client proved it decodes: the profiles
// and bit depths browsers actually ship decoders for.
const ADDED_VIDEO_DEFAULTS: Readonly<Record<string, Partial<VideoCodecRule>>> = {
  h264: { profiles: ["constrained baseline", "baseline", "main", "high"], max_bit_depth: 8 },
  hevc: { profiles: ["main", "main 10"], max_bit_depth: 10 },
  av1: { profiles: ["main"], max_bit_depth: 10 },
  vp9: { profiles: ["profile 0", "profile 2"], max_bit_depth: 10 },
  vp8: { max_bit_depth: 8 },
};

function _minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * Merges a client's capability report into its device profile (see the module documentation
 * for the rules). Returns a new profile; the inputs are not modified. Without a report the
 * profile is returned as a copy.
 */
export function mergeCaps(profile: DeviceProfile, caps?: ClientCaps | null): DeviceProfile {
  const p: DeviceProfile = structuredClone(profile);
  if (!caps) return p;

  const addedVideo = new Set<string>();
  const addedAudio = new Set<string>();

  if (caps.video_codecs) {
    const wanted = [...new Set(caps.video_codecs.map(codecFamily))];
    p.video_codecs = wanted.map((codec) => {
      const known = p.video_codecs.find((r) => r.codec === codec);
      if (known) return known;
      addedVideo.add(codec);
      return {
        codec,
        ...ADDED_VIDEO_DEFAULTS[codec],
        video_ranges: caps.video_ranges ?? ["SDR"],
        allow_interlaced: false,
        allow_anamorphic: true,
      };
    });
  }
  for (const rule of p.video_codecs) {
    const limits = caps.video_codec_limits?.[rule.codec];
    const isAdded = addedVideo.has(rule.codec);
    if (limits?.profiles) {
      rule.profiles = isAdded || !rule.profiles
        ? limits.profiles
        : rule.profiles.filter((x) => limits.profiles!.includes(x));
    }
    if (limits?.max_level !== undefined) {
      rule.max_level = isAdded ? limits.max_level : _minDefined(rule.max_level, limits.max_level);
    }
    if (limits?.max_bit_depth !== undefined) {
      rule.max_bit_depth = isAdded
        ? limits.max_bit_depth
        : _minDefined(rule.max_bit_depth, limits.max_bit_depth);
    }
    if (caps.video_ranges && !isAdded) {
      rule.video_ranges = rule.video_ranges
        ? rule.video_ranges.filter((r) => caps.video_ranges!.includes(r))
        : [...caps.video_ranges];
    }
  }

  if (caps.audio_codecs) {
    const wanted = [...new Set(caps.audio_codecs.map(codecFamily))];
    p.audio_codecs = wanted.map((codec) => {
      const known = p.audio_codecs.find((r) => r.codec === codec);
      if (known) return known;
      addedAudio.add(codec);
      return { codec } as AudioCodecRule;
    });
  }
  if (caps.max_audio_channels !== undefined) {
    for (const rule of p.audio_codecs) {
      rule.max_channels = _minDefined(rule.max_channels, caps.max_audio_channels);
    }
    p.transcode.max_audio_channels = Math.min(
      p.transcode.max_audio_channels,
      caps.max_audio_channels,
    );
  }

  const videoOk = new Set(p.video_codecs.map((r) => r.codec));
  const audioOk = new Set(p.audio_codecs.map((r) => r.codec));
  const keepVideo = (list: string[]) => list.filter((c) => videoOk.has(c));
  const keepAudio = (list: string[]) => list.filter((c) => audioOk.has(c));

  for (const c of caps.containers ?? []) {
    const carries = CONTAINER_CODECS[c];
    if (!carries || p.containers.some((r) => r.container === c)) continue;
    p.containers.push({
      container: c,
      video_codecs: carries.video.filter((x) => videoOk.has(x)),
      audio_codecs: carries.audio.filter((x) => audioOk.has(x)),
    });
  }
  for (const rule of p.containers) {
    const carries = CONTAINER_CODECS[rule.container];
    rule.video_codecs = keepVideo(rule.video_codecs);
    rule.audio_codecs = keepAudio(rule.audio_codecs);
    // Only containers that already hold video take an added video codec: an audio-only
    // container rule (mp3, flac) must stay audio-only.
    if (carries && rule.video_codecs.length > 0) {
      for (const c of addedVideo) {
        if (carries.video.includes(c) && !rule.video_codecs.includes(c)) rule.video_codecs.push(c);
      }
    }
    if (carries) {
      for (const c of addedAudio) {
        if (carries.audio.includes(c) && !rule.audio_codecs.includes(c)) rule.audio_codecs.push(c);
      }
    }
  }

  if (caps.hls === false) {
    p.hls = null;
  } else if (caps.hls === true || caps.segment_types || p.hls) {
    const types = caps.segment_types
      ? [
        ...(p.hls?.segment_types ?? []).filter((t) => caps.segment_types!.includes(t)),
        ...caps.segment_types.filter((t) => !(p.hls?.segment_types ?? []).includes(t)),
      ]
      : p.hls?.segment_types ?? [...SEGMENT_TYPES];
    const hls = { segment_types: types, video_codecs: {}, audio_codecs: {} } as NonNullable<
      DeviceProfile["hls"]
    >;
    for (const t of types) {
      const known = p.hls?.segment_types.includes(t);
      const carries = HLS_SEGMENT_CODECS[t];
      const video = known
        ? keepVideo(p.hls!.video_codecs[t] ?? [])
        : carries.video.filter((c) => videoOk.has(c));
      const audio = known
        ? keepAudio(p.hls!.audio_codecs[t] ?? [])
        : carries.audio.filter((c) => audioOk.has(c));
      // Codecs a browser proved go into fMP4 only: hls.js transmuxes MPEG-TS itself and its
      // demuxer takes H.264 with AAC/MP3, so a proven codec in TS may still fail.
      if (t === "fmp4") {
        for (const c of addedVideo) {
          if (carries.video.includes(c) && !video.includes(c)) video.push(c);
        }
        for (const c of addedAudio) {
          if (carries.audio.includes(c) && !audio.includes(c)) audio.push(c);
        }
      }
      hls.video_codecs[t] = video;
      hls.audio_codecs[t] = audio;
    }
    p.hls = types.length > 0 ? hls : null;
  }

  if (p.progressive) {
    p.progressive.video_codecs = keepVideo(p.progressive.video_codecs);
    p.progressive.audio_codecs = keepAudio(p.progressive.audio_codecs);
  }
  p.transcode.video_codecs = keepVideo(p.transcode.video_codecs);
  p.transcode.audio_codecs = keepAudio(p.transcode.audio_codecs);

  if (caps.subtitle_formats) {
    const rendered = new Set(caps.subtitle_formats.map(subtitleFormat));
    const kept = p.subtitles.filter((r) => r.method !== "external" || rendered.has(r.format));
    const added = [...rendered]
      .filter((f) => !kept.some((r) => r.method === "external" && r.format === f))
      // WebVTT/SubRip external rules are the "convert any text" rules; a renderer for another
      // format comes first so the client gets the original file (styled ASS, PGS bitmaps).
      .map((format) => ({ format, method: "external" as const }));
    const native = added.filter((r) => r.format !== "webvtt" && r.format !== "subrip");
    const convert = added.filter((r) => r.format === "webvtt" || r.format === "subrip");
    p.subtitles = [...native, ...kept, ...convert];
  }

  p.max_bitrate_kbps = Math.min(p.max_bitrate_kbps, caps.max_bitrate_kbps ?? Infinity);
  const w = _minDefined(p.max_width, caps.max_width);
  if (w !== undefined) p.max_width = w;
  const h = _minDefined(p.max_height, caps.max_height);
  if (h !== undefined) p.max_height = h;
  return p;
}
