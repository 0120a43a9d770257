/**
 * Segmented WebVTT for HLS subtitle renditions (RFC 8216 §3.5): a VOD media playlist of WebVTT
 * segments on a fixed grid, each segment carrying the cues that overlap it (a cue crossing a
 * boundary is repeated; players drop the duplicate) and an `X-TIMESTAMP-MAP` header that ties
 * WebVTT's local time to the video's MPEG-TS/fMP4 timestamps.
 *
 * The map: HLS runs write media time t at timestamp `t + TIMELINE_OFFSET_MS` (see
 * lib/hls/ffmpeg_args.ts), so local 00:00:00.000 is MPEG-TS `TIMELINE_OFFSET_MS × 90`. Cue times
 * stay on the media's own timeline. Pure.
 */
import { TIMELINE_OFFSET_MS } from "../hls/ffmpeg_args.ts";
import { type Cue, renderVtt } from "./cue.ts";
import { languageKey } from "./default_subtitle.ts";
import type { SubtitleMedia } from "../hls/playlist.ts";

/** One WebVTT segment of a subtitle playlist. */
export interface SubtitleSegment {
  index: number;
  start_ms: number;
  end_ms: number;
}

/** The `X-TIMESTAMP-MAP` header line for this server's HLS timeline. */
export function timestampMapLine(offsetMs = TIMELINE_OFFSET_MS): string {
  return `X-TIMESTAMP-MAP=MPEGTS:${Math.round(offsetMs * 90)},LOCAL:00:00:00.000`;
}

/**
 * The segment grid: `target_s` segments over `duration_ms` (the last one shorter), at least one.
 *
 * @throws {RangeError} for a non-positive target
 */
export function subtitleSegments(duration_ms: number, target_s: number): SubtitleSegment[] {
  if (!(target_s > 0)) throw new RangeError(`Invalid segment length ${target_s}`);
  const step = Math.round(target_s * 1000);
  const total = Math.max(1, Math.round(duration_ms));
  const out: SubtitleSegment[] = [];
  for (let start = 0, i = 0; start < total; start += step, i++) {
    out.push({ index: i, start_ms: start, end_ms: Math.min(total, start + step) });
  }
  return out;
}

/**
 * The WebVTT media playlist: `#EXT-X-TARGETDURATION`, one `#EXTINF` per segment with the URI
 * `${prefix}${index}.vtt${query}`, and `#EXT-X-ENDLIST`.
 */
export function subtitlePlaylist(
  segments: readonly SubtitleSegment[],
  prefix: string,
  query = "",
): string {
  if (/["\r\n]/.test(prefix + query)) throw new RangeError("URIs may not contain quotes or breaks");
  const longest = Math.max(...segments.map((s) => s.end_ms - s.start_ms));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(longest / 1000)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
  ];
  for (const s of segments) {
    lines.push(`#EXTINF:${((s.end_ms - s.start_ms) / 1000).toFixed(3)},`);
    lines.push(`${prefix}${s.index}.vtt${query}`);
  }
  lines.push("#EXT-X-ENDLIST", "");
  return lines.join("\n");
}

/** The WebVTT document of one segment: the timestamp map and the cues overlapping it. */
export function subtitleSegmentVtt(
  cues: readonly Cue[],
  segment: SubtitleSegment,
  offsetMs = TIMELINE_OFFSET_MS,
): string {
  const inside = cues.filter((c) => c.end_ms > segment.start_ms && c.start_ms < segment.end_ms);
  return renderVtt(inside, [timestampMapLine(offsetMs)]);
}

// ISO 639-2 (B) → ISO 639-1 for the languages lib/naming/languages.ts knows: BCP 47 (what
// LANGUAGE= in a master playlist takes) uses the two-letter code when one exists.
const _TWO_LETTER: Readonly<Record<string, string>> = {
  eng: "en",
  ger: "de",
  fre: "fr",
  spa: "es",
  ita: "it",
  jpn: "ja",
  chi: "zh",
  por: "pt",
  rus: "ru",
  kor: "ko",
  dut: "nl",
  swe: "sv",
  nor: "no",
  nob: "nb",
  nno: "nn",
  dan: "da",
  fin: "fi",
  pol: "pl",
  tur: "tr",
  ara: "ar",
  heb: "he",
  hin: "hi",
  hun: "hu",
  cze: "cs",
  gre: "el",
  rum: "ro",
  bul: "bg",
  hrv: "hr",
  mon: "mn",
  nep: "ne",
  sin: "si",
  khm: "km",
  lao: "lo",
  bur: "my",
  lat: "la",
  epo: "eo",
  ukr: "uk",
  tha: "th",
  vie: "vi",
  ind: "id",
  may: "ms",
  per: "fa",
  srp: "sr",
  slo: "sk",
  slv: "sl",
  est: "et",
  lav: "lv",
  lit: "lt",
  ice: "is",
  cat: "ca",
  baq: "eu",
  glg: "gl",
  tam: "ta",
  tel: "te",
  ben: "bn",
  urd: "ur",
  fil: "fil",
};

/** A BCP 47 language tag for a stored language (`ger` → `de`), or undefined for none. */
export function bcp47Language(language: string | null | undefined): string | undefined {
  const key = languageKey(language);
  if (!key) return undefined;
  return _TWO_LETTER[key] ?? (/^[a-z]{2,3}$/.test(key) ? key : undefined);
}

/** Group id of the subtitle renditions in master playlists. */
export const SUBTITLE_GROUP_ID = "subs";

/**
 * The master playlist's SUBTITLES group for a session's renditions (URIs relative to the
 * master: `subs/{index}.m3u8`), or undefined when there are none.
 */
export function masterSubtitleGroup(
  renditions: readonly {
    index: number;
    name: string;
    language: string | null;
    default: boolean;
    forced: boolean;
  }[],
): { group_id: string; media: SubtitleMedia[] } | undefined {
  if (renditions.length === 0) return undefined;
  return {
    group_id: SUBTITLE_GROUP_ID,
    media: renditions.map((r) => ({
      name: r.name,
      language: bcp47Language(r.language),
      uri: `subs/${r.index}.m3u8`,
      default: r.default,
      forced: r.forced,
    })),
  };
}
