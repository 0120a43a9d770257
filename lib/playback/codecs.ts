/**
 * The codec vocabulary of the playback engine: how ffprobe's codec names map to the names device
 * profiles use, which containers and HLS segment types can carry which codecs, and which
 * subtitle formats are text (convertible to WebVTT) or images (rendered or burnt in).
 *
 * Everything here is a table or a lookup over one; no I/O.
 */
import type { MediaStream } from "../media/types.ts";

/** The two HLS segment formats: MPEG-TS, and fragmented MP4 (CMAF). */
export type SegmentType = "ts" | "fmp4";

/** Both segment types, in a stable order. */
export const SEGMENT_TYPES: readonly SegmentType[] = ["ts", "fmp4"];

// Names browsers, RFC 6381 strings and older tools use for the same codec. Profiles and client
// capability reports may use either; the engine compares ffprobe names only.
const CODEC_ALIASES: Readonly<Record<string, string>> = {
  avc: "h264",
  avc1: "h264",
  avc3: "h264",
  h265: "hevc",
  hvc1: "hevc",
  hev1: "hevc",
  av01: "av1",
  vp09: "vp9",
  vp08: "vp8",
  mpeg2: "mpeg2video",
  "ac-3": "ac3",
  "ec-3": "eac3",
  "e-ac-3": "eac3",
  mp4a: "aac",
  mlp: "truehd",
  dca: "dts",
};

/**
 * The name a profile rule uses for an ffprobe codec: lower case, aliases resolved, and every
 * PCM sample format (`pcm_s16le`, `pcm_s24be`, …) folded into `pcm`, because a client that
 * plays WAV plays all of its common sample formats.
 */
export function codecFamily(codec: string): string {
  const c = codec.trim().toLowerCase();
  if (c.startsWith("pcm_")) return "pcm";
  return CODEC_ALIASES[c] ?? c;
}

// ffprobe subtitle codec names and sidecar file extensions → one format name per format.
const SUBTITLE_ALIASES: Readonly<Record<string, string>> = {
  srt: "subrip",
  subrip: "subrip",
  vtt: "webvtt",
  webvtt: "webvtt",
  ass: "ass",
  ssa: "ass",
  mov_text: "mov_text",
  tx3g: "mov_text",
  smi: "sami",
  sami: "sami",
  microdvd: "microdvd",
  sub: "microdvd",
  text: "text",
  ttml: "ttml",
  hdmv_pgs_subtitle: "pgs",
  pgssub: "pgs",
  sup: "pgs",
  pgs: "pgs",
  dvd_subtitle: "dvdsub",
  dvdsub: "dvdsub",
  vobsub: "dvdsub",
  idx: "dvdsub",
  dvb_subtitle: "dvbsub",
  dvbsub: "dvbsub",
  xsub: "xsub",
};

/**
 * The format name subtitle rules use: `subrip`, `ass` (SSA included), `webvtt`, `mov_text`,
 * `sami`, `microdvd`, `pgs`, `dvdsub`, `dvbsub`, … from an ffprobe codec name or a sidecar
 * extension. Unknown names are returned lower-cased.
 */
export function subtitleFormat(codecOrExtension: string): string {
  const c = codecOrExtension.trim().toLowerCase().replace(/^\./, "");
  return SUBTITLE_ALIASES[c] ?? c;
}

const TEXT_SUBTITLES: ReadonlySet<string> = new Set([
  "subrip",
  "webvtt",
  "ass",
  "mov_text",
  "sami",
  "microdvd",
  "text",
  "ttml",
]);

/**
 * True for text subtitle formats, which the server can convert to WebVTT (external file or HLS
 * rendition). Image formats (PGS, VobSub, DVB) cannot be converted without OCR: the client
 * renders them itself or they are burnt into the video.
 */
export function isTextSubtitle(format: string): boolean {
  return TEXT_SUBTITLES.has(subtitleFormat(format));
}

/** Containers that hold audio only; an image "video" stream inside one is cover art. */
export const AUDIO_CONTAINERS: ReadonlySet<string> = new Set([
  "mp3",
  "flac",
  "m4a",
  "m4b",
  "aac",
  "ogg",
  "oga",
  "opus",
  "wav",
  "wma",
  "aiff",
  "ape",
  "wv",
  "mka",
  "dsf",
]);

const IMAGE_CODECS: ReadonlySet<string> = new Set(["mjpeg", "png", "bmp", "gif", "webp", "tiff"]);

/**
 * True when a video stream is embedded cover art rather than picture to play: ffprobe's
 * `attached_pic` disposition when the probe recorded it, else an image codec inside an audio
 * container (an MJPEG stream in an AVI or MOV is a real camera video and stays a video).
 */
export function isCoverArt(stream: MediaStream, container: string): boolean {
  if (stream.type !== "video") return false;
  if (stream.attached_pic) return true;
  return IMAGE_CODECS.has(stream.codec) && AUDIO_CONTAINERS.has(container);
}

/**
 * Which codecs a container can carry at all, independent of any client. Used when a client
 * proves support for a codec its profile does not list: the codec is added to the profile's
 * containers that can carry it. Containers missing here carry nothing extra.
 */
export const CONTAINER_CODECS: Readonly<
  Record<string, { video: readonly string[]; audio: readonly string[] }>
> = {
  mp4: {
    video: ["h264", "hevc", "av1", "vp9", "mpeg4"],
    audio: ["aac", "mp3", "ac3", "eac3", "opus", "flac", "alac"],
  },
  m4v: { video: ["h264", "hevc", "av1", "mpeg4"], audio: ["aac", "mp3", "ac3", "eac3", "alac"] },
  mov: {
    video: ["h264", "hevc", "av1", "mpeg4", "mpeg2video", "prores", "mjpeg"],
    audio: ["aac", "mp3", "ac3", "eac3", "alac", "pcm"],
  },
  mkv: {
    video: ["h264", "hevc", "av1", "vp8", "vp9", "mpeg2video", "mpeg4", "vc1"],
    audio: ["aac", "mp3", "ac3", "eac3", "dts", "truehd", "opus", "flac", "vorbis", "alac", "pcm"],
  },
  webm: { video: ["vp8", "vp9", "av1"], audio: ["opus", "vorbis"] },
  mpegts: {
    video: ["h264", "hevc", "mpeg2video", "vc1"],
    audio: ["aac", "mp3", "mp2", "ac3", "eac3", "dts"],
  },
  m2ts: {
    video: ["h264", "hevc", "mpeg2video", "vc1"],
    audio: ["aac", "ac3", "eac3", "dts", "truehd", "pcm"],
  },
  ogg: { video: [], audio: ["opus", "vorbis", "flac"] },
  opus: { video: [], audio: ["opus"] },
  mp3: { video: [], audio: ["mp3"] },
  flac: { video: [], audio: ["flac"] },
  m4a: { video: [], audio: ["aac", "alac", "mp3", "flac", "opus"] },
  aac: { video: [], audio: ["aac"] },
  wav: { video: [], audio: ["pcm"] },
};

/**
 * Which codecs each HLS segment type can carry (RFC 8216 and Apple's HLS authoring spec; the
 * reference server allows the same set): MPEG-TS takes H.264/HEVC video and AAC, MP3, AC-3,
 * E-AC-3 audio; fMP4 additionally takes AV1, VP9, Opus, FLAC and ALAC.
 */
export const HLS_SEGMENT_CODECS: Readonly<
  Record<SegmentType, { video: readonly string[]; audio: readonly string[] }>
> = {
  ts: { video: ["h264", "hevc"], audio: ["aac", "mp3", "ac3", "eac3"] },
  fmp4: {
    video: ["h264", "hevc", "av1", "vp9"],
    audio: ["aac", "mp3", "ac3", "eac3", "opus", "flac", "alac"],
  },
};

/**
 * The container a lone audio stream is naturally stored in when it is copied out of another
 * container for progressive delivery (FLAC in an MKA becomes a `.flac`).
 */
export const AUDIO_NATURAL_CONTAINER: Readonly<Record<string, string>> = {
  mp3: "mp3",
  flac: "flac",
  aac: "aac",
  alac: "m4a",
  opus: "ogg",
  vorbis: "ogg",
  pcm: "wav",
};
