/**
 * Pure normalisation of ffprobe's JSON (`-print_format json -show_format -show_streams`) into
 * {@link MediaProbe}. No I/O here: `ffprobe.ts` runs the binary and hands the parsed JSON over.
 */
import type { MediaProbe, MediaStream } from "./types.ts";

/** Why a probe failed; the HTTP layer and the scanner map these codes. */
export type ProbeErrorCode =
  | "probe_failed"
  | "probe_timeout"
  | "probe_aborted"
  | "probe_unreadable"
  | "probe_invalid_output";

/**
 * A file could not be probed. `message` is short, client-safe text (never a filesystem path);
 * `detail` may hold more of ffprobe's stderr for the server log.
 */
export class ProbeError extends Error {
  /** Machine-readable reason. */
  readonly code: ProbeErrorCode;
  /** Longer diagnostic text for logs; may be empty. */
  readonly detail: string;

  constructor(code: ProbeErrorCode, message: string, detail = "") {
    super(message);
    this.name = "ProbeError";
    this.code = code;
    this.detail = detail;
  }
}

type Json = Record<string, unknown>;

function _obj(v: unknown): Json | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v as Json : undefined;
}

function _str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** ffprobe prints most numbers as strings ("48000", "3.008000"); "N/A" means unknown. */
function _num(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string" || v.trim() === "" || v === "N/A") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses an ffprobe rational such as "30000/1001"; "0/0" and zero denominators give undefined. */
export function parseRational(v: unknown): number | undefined {
  const s = _str(v);
  if (!s) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(?:[/:](\d+(?:\.\d+)?))?$/.exec(s.trim());
  if (!m) return undefined;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (!(den > 0) || !(num > 0)) return undefined;
  return num / den;
}

/** Lower-cases tag keys; ffprobe keeps container spelling (mkv writes "DURATION", "BPS"). */
function _tags(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = _obj(v);
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) {
    const s = _str(val);
    if (s !== undefined) out[k.toLowerCase()] = s;
  }
  return out;
}

/** Parses a Matroska "DURATION" tag ("00:00:03.005000000") into ms. */
function _clockMs(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s.trim());
  if (!m) return undefined;
  return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000);
}

/** Bit depth from a pixel format name: yuv420p10le → 10, p010le → 10, nv12/yuv420p → 8. */
export function bitDepthFromPixFmt(pixFmt: string | undefined): number | undefined {
  if (!pixFmt) return undefined;
  const p = pixFmt.toLowerCase();
  const explicit = /p(\d{2})(?:le|be)?$/.exec(p);
  if (explicit) return Number(explicit[1]);
  const semi = /^p(\d{3})(?:le|be)?$/.exec(p); // p010le, p016le: semi-planar high depth
  if (semi) return Number(semi[1].slice(1));
  if (/^(yuvj?4[0-4][0-4]p|nv12|nv21|nv16|gray|yuva4[0-4][0-4]p|rgb24|bgr24|rgba|bgra)$/.test(p)) {
    return 8;
  }
  return undefined;
}

const INTERLACED_FIELD_ORDERS = new Set(["tt", "bb", "tb", "bt"]);

/** Codecs a WebM file may carry (the WebM spec's subset of Matroska). */
const WEBM_CODECS = new Set(["vp8", "vp9", "av1", "opus", "vorbis", "webvtt"]);

/** Stream tags that describe encoding, not content; never promoted to file tags. */
const TECHNICAL_TAGS = new Set([
  "duration",
  "encoder",
  "handler_name",
  "vendor_id",
  "language",
  "bps",
  "bps-eng",
  "number_of_frames",
  "number_of_bytes",
  "_statistics_writing_app",
  "_statistics_writing_date_utc",
  "_statistics_tags",
]);

function _extension(fileName: string | undefined): string {
  if (!fileName) return "";
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * Maps ffprobe's demuxer list ("matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2") to the one
 * container name the rest of Rustfin uses, using the file extension and stream codecs where
 * one demuxer serves several containers.
 */
export function normaliseContainer(
  formatName: string,
  extension: string,
  streams: readonly Pick<MediaStream, "type" | "codec" | "attached_pic">[],
  majorBrand = "",
): string {
  const ext = extension.toLowerCase().replace(/^\./, "");
  const names = formatName.toLowerCase().split(",").map((s) => s.trim()).filter(Boolean);
  const first = names[0] ?? "";
  const realStreams = streams.filter((s) => !s.attached_pic && s.type !== "attachment");
  const hasVideo = realStreams.some((s) => s.type === "video");

  if (names.includes("matroska")) {
    const allWebm = realStreams.length > 0 && realStreams.every((s) => WEBM_CODECS.has(s.codec));
    return ext === "webm" && allWebm ? "webm" : "mkv";
  }
  if (names.includes("mov") && names.includes("mp4")) {
    if (ext === "mov" || majorBrand.trim() === "qt") return "mov";
    if (ext === "m4a" || ext === "m4b") return "m4a";
    if (ext === "3gp" || ext === "3g2") return ext;
    if (ext === "mp4" || ext === "m4v") return "mp4";
    return hasVideo ? "mp4" : "m4a";
  }
  switch (first) {
    case "mpegts":
      // ffprobe reports Blu-ray transport streams (192-byte packets) as plain mpegts.
      return ext === "m2ts" || ext === "mts" ? "m2ts" : "mpegts";
    case "ogg":
      if (ext === "opus") return "opus";
      if (ext === "oga") return "oga";
      return "ogg";
    case "asf":
      return ext === "wmv" || ext === "wma" ? ext : "asf";
    case "mpeg":
    case "mpegvideo":
      return "mpeg";
    case "wv":
      return "wv";
    case "":
      return ext;
    default:
      return first;
  }
}

/** Derives SDR / HDR10 / HLG / DOVI from colour transfer and Dolby Vision side data. */
function _videoRange(s: Json): string {
  const side = Array.isArray(s.side_data_list) ? s.side_data_list : [];
  const hasDovi = side.some((d) => {
    const t = _str(_obj(d)?.side_data_type) ?? "";
    return /dovi|dolby vision/i.test(t);
  });
  if (hasDovi) return "DOVI";
  const transfer = (_str(s.color_transfer) ?? "").toLowerCase();
  if (transfer === "smpte2084") return "HDR10";
  if (transfer === "arib-std-b67") return "HLG";
  return "SDR";
}

function _parseStream(s: Json, fallbackIndex: number): MediaStream {
  const kind = _str(s.codec_type);
  const type: MediaStream["type"] =
    kind === "video" || kind === "audio" || kind === "subtitle" || kind === "attachment"
      ? kind
      : "data";
  const disposition = _obj(s.disposition) ?? {};
  const flag = (k: string) => _num(disposition[k]) === 1;
  const tags = _tags(s.tags);
  const codec = (_str(s.codec_name) ?? (type === "attachment" ? "attachment" : "unknown"))
    .toLowerCase();

  const stream: MediaStream = {
    index: _num(s.index) ?? fallbackIndex,
    type,
    codec,
    default: flag("default"),
    forced: flag("forced"),
  };

  const profile = _str(s.profile);
  if (profile && profile.toLowerCase() !== "unknown") stream.profile = profile;
  const level = _num(s.level);
  if (level !== undefined && level > 0) stream.level = level;

  const attachedPic = type === "video" && flag("attached_pic");
  if (attachedPic) stream.attached_pic = true;

  if (type === "video") {
    const width = _num(s.width);
    const height = _num(s.height);
    if (width) stream.width = width;
    if (height) stream.height = height;
    const pixFmt = _str(s.pix_fmt);
    if (pixFmt) stream.pix_fmt = pixFmt;
    const rawBits = _num(s.bits_per_raw_sample);
    const bits = rawBits && rawBits > 0 ? rawBits : bitDepthFromPixFmt(pixFmt);
    if (bits) stream.bit_depth = bits;
    if (!attachedPic) {
      // avg_frame_rate is the true mean; r_frame_rate is the timebase guess and can read as
      // 90000/1 or a field rate, so it is only the fallback.
      const fps = parseRational(s.avg_frame_rate) ?? parseRational(s.r_frame_rate);
      if (fps !== undefined && fps < 1000) stream.frame_rate = Math.round(fps * 1000) / 1000;
      stream.interlaced = INTERLACED_FIELD_ORDERS.has((_str(s.field_order) ?? "").toLowerCase());
      stream.video_range = _videoRange(s);
      const sar = _str(s.sample_aspect_ratio);
      const sarValue = parseRational(sar);
      stream.anamorphic = sarValue !== undefined && Math.abs(sarValue - 1) > 1e-3;
      if (stream.anamorphic) stream.sample_aspect_ratio = sar;
    }
  }

  if (type === "audio") {
    const channels = _num(s.channels);
    if (channels) stream.channels = channels;
    const layout = _str(s.channel_layout);
    if (layout) stream.channel_layout = layout;
    const rate = _num(s.sample_rate);
    if (rate) stream.sample_rate = rate;
    const rawBits = _num(s.bits_per_raw_sample) || _num(s.bits_per_sample);
    if (rawBits && rawBits > 0) stream.bit_depth = rawBits;
  }

  // Matroska files written by mkvmerge carry the rate as a "BPS" statistics tag instead.
  const bitrate = _num(s.bit_rate) ?? _num(tags["bps"]) ?? _num(tags["bps-eng"]);
  if (bitrate && bitrate > 0) stream.bitrate_kbps = Math.round(bitrate / 1000);

  const language = tags["language"]?.trim().toLowerCase();
  if (language && language !== "und" && language !== "unk") stream.language = language;
  const title = tags["title"]?.trim();
  if (title) stream.title = title;
  if (type === "audio" || type === "subtitle") {
    stream.hearing_impaired = flag("hearing_impaired");
  }
  return stream;
}

function _streamDurationMs(s: Json): number | undefined {
  const d = _num(s.duration);
  if (d !== undefined && d > 0) return Math.round(d * 1000);
  return _clockMs(_tags(s.tags)["duration"]);
}

/**
 * Normalises ffprobe JSON into a {@link MediaProbe}.
 *
 * @param json the parsed output of `ffprobe -print_format json -show_format -show_streams`
 * @param sizeBytes the file size from stat (ffprobe's own `size` is used only when this is 0)
 * @param fileName the file name or path, for the extension; defaults to `format.filename`
 * @throws {ProbeError} `probe_invalid_output` when the JSON has no `format` section
 */
export function parseProbe(json: unknown, sizeBytes: number, fileName?: string): MediaProbe {
  const root = _obj(json);
  const format = _obj(root?.format);
  if (!root || !format) {
    throw new ProbeError("probe_invalid_output", "ffprobe returned no format information");
  }
  const rawStreams = Array.isArray(root.streams) ? root.streams : [];
  const streamObjs = rawStreams.map(_obj).filter((s): s is Json => s !== undefined);
  const streams = streamObjs.map((s, i) => _parseStream(s, i));

  const formatName = _str(format.format_name) ?? "";
  const formatTags = _tags(format.tags);
  const ext = _extension(fileName ?? _str(format.filename));
  const container = normaliseContainer(formatName, ext, streams, formatTags["major_brand"]);

  let durationMs: number | undefined;
  const fd = _num(format.duration);
  if (fd !== undefined && fd > 0) durationMs = Math.round(fd * 1000);
  if (durationMs === undefined) {
    const all = streamObjs.map(_streamDurationMs).filter((d): d is number => d !== undefined);
    durationMs = all.length ? Math.max(...all) : 0;
  }

  const size = sizeBytes > 0 ? sizeBytes : (_num(format.size) ?? 0);
  let bitrateKbps = 0;
  const fb = _num(format.bit_rate);
  if (fb && fb > 0) bitrateKbps = Math.round(fb / 1000);
  else if (durationMs > 0 && size > 0) bitrateKbps = Math.round((size * 8) / durationMs);

  // Ogg/Opus (and some other audio containers) keep Vorbis comments on the stream, not the
  // format; for audio-only files promote them so the scanner finds artist/album in one place.
  const tags: Record<string, string> = {};
  const hasRealVideo = streams.some((s) => s.type === "video" && !s.attached_pic);
  if (!hasRealVideo) {
    const firstAudio = streamObjs.find((s) => _str(s.codec_type) === "audio");
    for (const [k, v] of Object.entries(_tags(firstAudio?.tags))) {
      if (!TECHNICAL_TAGS.has(k)) tags[k] = v;
    }
  }
  Object.assign(tags, formatTags);

  // MPEG-TS sources usually start at 1.4 s: HLS remux cuts are planned on the file's own clock.
  const start = _num(format.start_time);
  return {
    container,
    format_name: formatName,
    duration_ms: durationMs,
    ...(start !== undefined && start > 0 ? { start_time_ms: Math.round(start * 1000) } : {}),
    bitrate_kbps: bitrateKbps,
    size_bytes: size,
    streams,
    tags,
  };
}

/**
 * Turns ffprobe's stderr into a short client-safe message: the input path (which ffprobe
 * prefixes to most errors) and the `[demuxer @ 0x…]` context are removed, and the last two
 * distinct lines are kept ("moov atom not found; Invalid data found when processing input").
 */
export function summariseProbeStderr(stderr: string, filePath: string): string {
  const lines: string[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw
      .split(`file:${filePath}`).join("input")
      .split(filePath).join("input")
      .replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "")
      .replace(/^input:\s*/, "")
      .trim();
    if (line && !lines.includes(line)) lines.push(line);
  }
  const msg = lines.slice(-2).join("; ") || "ffprobe failed";
  return msg.length > 200 ? `${msg.slice(0, 197)}...` : msg;
}
