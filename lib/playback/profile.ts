/**
 * Device profiles: what a kind of client can play directly, and what to send it when it cannot.
 *
 * Profiles live as JSON files in `profiles/` (one per client family, the file name is the id);
 * the server reads them and hands their text to {@link parseProfiles}. They describe behaviour in
 * the spirit of the reference server's DeviceProfile (direct-play containers, codec conditions,
 * subtitle methods, transcoding targets) but in a flatter schema of our own.
 *
 * ## JSON schema (all names snake_case, codec names as ffprobe spells them)
 *
 * ```jsonc
 * {
 *   "id": "chrome",                        // must equal the file name without ".json"
 *   "name": "Chrome / Edge",               // shown to admins
 *   "description": "…",                    // optional, free text
 *   "match": {                             // picking a profile from a User-Agent (pick_profile.ts)
 *     "user_agent": ["Chrome/", "Edg/"],   // case-insensitive substrings; any one matches
 *     "not_user_agent": ["CriOS"],         // optional; any one vetoes
 *     "priority": 10                       // higher is tried first
 *   },
 *   "max_bitrate_kbps": 120000,            // streaming ceiling for this kind of device
 *   "max_width": 3840, "max_height": 2160, // optional, whole-device picture limit
 *   "audio_track_switching": false,        // can the player pick a non-default audio track of a
 *                                          // direct-played file? false ⇒ remux to select it
 *   "containers": [                        // direct play: container + the codecs allowed inside
 *     { "container": "mp4", "video_codecs": ["h264"], "audio_codecs": ["aac", "mp3"] },
 *     { "container": "mp3", "video_codecs": [], "audio_codecs": ["mp3"] } // audio-only files
 *   ],
 *   "video_codecs": [                      // every codec the client decodes, with its limits
 *     { "codec": "h264",
 *       "profiles": ["high", "main"],      // optional; ffprobe profile names, any case
 *       "max_level": 5.2,                  // optional; decimal level as people quote it
 *       "max_bit_depth": 8, "max_width": 4096, "max_height": 2304, "max_frame_rate": 60,
 *       "video_ranges": ["SDR"],           // optional; SDR, HDR10, HDR10+, HLG, DOVI
 *       "allow_interlaced": false,         // optional, default true
 *       "allow_anamorphic": true }         // optional, default true (non-square pixels)
 *   ],
 *   "audio_codecs": [ { "codec": "aac", "max_channels": 6, "max_sample_rate": 96000 } ],
 *   "subtitles": [                         // in order of preference
 *     { "format": "webvtt", "method": "external" }, // webvtt also stands for every text format
 *     { "format": "webvtt", "method": "hls" },      // (the server converts text to WebVTT)
 *     { "format": "subrip", "method": "embed" }     // kept inside a direct-played file
 *   ],                                     // nothing fits ⇒ burn-in
 *   "hls": {                               // null when the client has no HLS player
 *     "segment_types": ["ts", "fmp4"],     // in order of preference
 *     "video_codecs": { "ts": ["h264"], "fmp4": ["h264", "av1"] },
 *     "audio_codecs": { "ts": ["aac"], "fmp4": ["aac", "opus"] }
 *   },
 *   "progressive": null,                   // or { "container": "mpegts", "video_codecs": […],
 *                                          //      "audio_codecs": […] } for HTTP streaming
 *                                          // without HLS (DLNA); used when hls is null
 *   "transcode": {
 *     "video_codecs": ["hevc", "h264"],    // encode targets in order of preference (the server
 *                                          // policy says which encoders it will run)
 *     "audio_codecs": ["aac"],             // audio encode targets in order of preference
 *     "max_audio_channels": 2,             // downmix above this when audio is encoded
 *     "audio_only": { "container": "aac", "codec": "aac", "bitrate_kbps": 192,
 *                     "max_channels": 2 }  // progressive target for music it cannot play
 *   }
 * }
 * ```
 *
 * Every codec a container, HLS list or transcode target names must have a rule in
 * `video_codecs` / `audio_codecs`: the rules are the one place that says what the client decodes.
 */
import {
  codecFamily,
  HLS_SEGMENT_CODECS,
  SEGMENT_TYPES,
  type SegmentType,
  subtitleFormat,
} from "./codecs.ts";
import { JsonFields, stringItem } from "./json_fields.ts";

export type { SegmentType } from "./codecs.ts";

/** How a subtitle reaches the viewer. */
export type SubtitleMethod = "external" | "embed" | "hls" | "burn_in";

/** The subtitle methods, in the order the schema documents them. */
export const SUBTITLE_METHODS: readonly SubtitleMethod[] = ["external", "embed", "hls", "burn_in"];

/** Dynamic ranges a profile may name. */
export const VIDEO_RANGES: readonly string[] = ["SDR", "HDR10", "HDR10+", "HLG", "DOVI"];

/** User-Agent hints for picking a profile. */
export interface ProfileMatch {
  user_agent: string[];
  not_user_agent: string[];
  priority: number;
}

/** A container the client plays directly, with the codecs it accepts inside it. */
export interface ContainerRule {
  container: string;
  video_codecs: string[];
  audio_codecs: string[];
}

/** A video codec the client decodes, with the limits under which it does. */
export interface VideoCodecRule {
  codec: string;
  /** Lower-case ffprobe profile names ("high", "main 10", "profile 2"). */
  profiles?: string[];
  /** Decimal level ("4.1"); see level.ts for the conversion from ffprobe's raw value. */
  max_level?: number;
  max_bit_depth?: number;
  max_width?: number;
  max_height?: number;
  max_frame_rate?: number;
  /** Upper-case ranges from {@link VIDEO_RANGES}. */
  video_ranges?: string[];
  /** False when interlaced video must be deinterlaced (the player shows combing). */
  allow_interlaced: boolean;
  /** False when non-square pixels must be resampled (the player ignores the aspect ratio). */
  allow_anamorphic: boolean;
}

/** An audio codec the client decodes. */
export interface AudioCodecRule {
  codec: string;
  max_channels?: number;
  max_sample_rate?: number;
}

/** One way the client can take one subtitle format. */
export interface SubtitleRule {
  format: string;
  method: SubtitleMethod;
}

/** What the client's HLS player accepts, per segment type. */
export interface HlsRule {
  segment_types: SegmentType[];
  video_codecs: Partial<Record<SegmentType, string[]>>;
  audio_codecs: Partial<Record<SegmentType, string[]>>;
}

/** HTTP streaming of a remuxed or transcoded file for clients without HLS. */
export interface ProgressiveRule {
  container: string;
  video_codecs: string[];
  audio_codecs: string[];
}

/** The progressive target for audio files the client cannot play. */
export interface AudioOnlyTarget {
  container: string;
  codec: string;
  bitrate_kbps: number;
  max_channels: number;
}

/** Encoding preferences. */
export interface TranscodeRule {
  video_codecs: string[];
  audio_codecs: string[];
  max_audio_channels: number;
  audio_only: AudioOnlyTarget;
}

/** A validated device profile (see the module documentation for the JSON schema). */
export interface DeviceProfile {
  id: string;
  name: string;
  description?: string;
  match: ProfileMatch;
  max_bitrate_kbps: number;
  max_width?: number;
  max_height?: number;
  audio_track_switching: boolean;
  containers: ContainerRule[];
  video_codecs: VideoCodecRule[];
  audio_codecs: AudioCodecRule[];
  subtitles: SubtitleRule[];
  hls: HlsRule | null;
  progressive: ProgressiveRule | null;
  transcode: TranscodeRule;
}

/** A profile file is malformed; the message names the file and the field. */
export class ProfileError extends Error {
  /** Machine-readable reason. */
  readonly code = "invalid_profile";
  constructor(message: string) {
    super(message);
    this.name = "ProfileError";
  }
}

/** Lower case with single spaces: "Main 10", "main  10" and "MAIN 10" compare equal. */
export function normaliseProfileName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Checks one parsed profile JSON value and returns it normalised (codec names through
 * {@link codecFamily}, profile names lower-cased, ranges upper-cased, defaults filled in).
 *
 * @param json the value of `JSON.parse` on the file
 * @param source how errors name the file, e.g. `profiles/chrome.json`
 * @throws {ProfileError} naming the file and field, e.g.
 *   `profiles/chrome.json: video_codecs[2].max_level must be a number`
 */
export function validateProfile(json: unknown, source: string): DeviceProfile {
  const fail = (where: string, problem: string) =>
    new ProfileError(`${source}: ${where} ${problem}`);
  const str = stringItem(fail);
  const codecItem = (v: unknown, p: string) => codecFamily(str(v, p));
  const root = new JsonFields(json, "", fail);

  const id = root.string("id");
  if (!/^[a-z0-9_]+$/.test(id)) throw fail("id", "must use only a-z, 0-9 and _");
  const name = root.string("name");
  const description = root.optString("description");

  const m = new JsonFields(root.raw("match"), "match", fail);
  const match: ProfileMatch = {
    user_agent: m.array("user_agent", str),
    not_user_agent: m.optArray("not_user_agent", str) ?? [],
    priority: m.integer("priority"),
  };
  m.done();

  const maxBitrate = root.positive("max_bitrate_kbps");
  const maxWidth = root.optPositive("max_width");
  const maxHeight = root.optPositive("max_height");
  const trackSwitching = root.optBoolean("audio_track_switching") ?? false;

  const videoCodecs = root.array("video_codecs", (v, p) => {
    const f = new JsonFields(v, p, fail);
    const rule: VideoCodecRule = {
      codec: codecFamily(f.string("codec")),
      allow_interlaced: true,
      allow_anamorphic: true,
    };
    const profiles = f.optArray("profiles", str);
    if (profiles) rule.profiles = profiles.map(normaliseProfileName);
    const numeric = [
      "max_level",
      "max_bit_depth",
      "max_width",
      "max_height",
      "max_frame_rate",
    ] as const;
    for (const key of numeric) {
      const n = f.optPositive(key);
      if (n !== undefined) rule[key] = n;
    }
    const ranges = f.optArray("video_ranges", (x, q) => {
      const r = str(x, q).toUpperCase();
      if (!VIDEO_RANGES.includes(r)) throw fail(q, `must be one of ${VIDEO_RANGES.join(", ")}`);
      return r;
    });
    if (ranges) rule.video_ranges = ranges;
    rule.allow_interlaced = f.optBoolean("allow_interlaced") ?? true;
    rule.allow_anamorphic = f.optBoolean("allow_anamorphic") ?? true;
    f.done();
    return rule;
  });
  _noDuplicates(videoCodecs.map((r) => r.codec), "video_codecs", fail);

  const audioCodecs = root.array("audio_codecs", (v, p) => {
    const f = new JsonFields(v, p, fail);
    const rule: AudioCodecRule = { codec: codecFamily(f.string("codec")) };
    const channels = f.optPositive("max_channels");
    if (channels !== undefined) rule.max_channels = channels;
    const rate = f.optPositive("max_sample_rate");
    if (rate !== undefined) rule.max_sample_rate = rate;
    f.done();
    return rule;
  });
  _noDuplicates(audioCodecs.map((r) => r.codec), "audio_codecs", fail);

  const videoSet = new Set(videoCodecs.map((r) => r.codec));
  const audioSet = new Set(audioCodecs.map((r) => r.codec));
  const knownVideo = (list: string[], path: string) => {
    list.forEach((c, i) => {
      if (!videoSet.has(c)) throw fail(`${path}[${i}]`, `"${c}" has no rule in video_codecs`);
    });
    return list;
  };
  const knownAudio = (list: string[], path: string) => {
    list.forEach((c, i) => {
      if (!audioSet.has(c)) throw fail(`${path}[${i}]`, `"${c}" has no rule in audio_codecs`);
    });
    return list;
  };

  const containers = root.array("containers", (v, p) => {
    const f = new JsonFields(v, p, fail);
    const rule: ContainerRule = {
      container: f.string("container").toLowerCase(),
      video_codecs: knownVideo(f.array("video_codecs", codecItem), f.at("video_codecs")),
      audio_codecs: knownAudio(f.array("audio_codecs", codecItem), f.at("audio_codecs")),
    };
    f.done();
    return rule;
  });
  _noDuplicates(containers.map((r) => r.container), "containers", fail);

  const subtitles = root.array("subtitles", (v, p) => {
    const f = new JsonFields(v, p, fail);
    const format = subtitleFormat(f.string("format"));
    const method = f.string("method") as SubtitleMethod;
    if (!SUBTITLE_METHODS.includes(method)) {
      throw fail(f.at("method"), `must be one of ${SUBTITLE_METHODS.join(", ")}`);
    }
    f.done();
    return { format, method };
  });

  let hls: HlsRule | null = null;
  if (root.has("hls")) {
    const f = new JsonFields(root.raw("hls"), "hls", fail);
    const types = f.array("segment_types", (x, q) => {
      const t = str(x, q) as SegmentType;
      if (!SEGMENT_TYPES.includes(t)) throw fail(q, `must be one of ${SEGMENT_TYPES.join(", ")}`);
      return t;
    });
    if (types.length === 0) {
      throw fail("hls.segment_types", "must not be empty (use null for no HLS)");
    }
    const perType = (key: "video_codecs" | "audio_codecs") => {
      const g = new JsonFields(f.raw(key), f.at(key), fail);
      const out: Partial<Record<SegmentType, string[]>> = {};
      for (const t of types) {
        const list = g.array(t, codecItem);
        const path = g.at(t);
        (key === "video_codecs" ? knownVideo : knownAudio)(list, path);
        const carriable = HLS_SEGMENT_CODECS[t][key === "video_codecs" ? "video" : "audio"];
        list.forEach((c, i) => {
          if (!carriable.includes(c)) {
            throw fail(`${path}[${i}]`, `"${c}" cannot be carried in ${t} segments`);
          }
        });
        out[t] = list;
      }
      g.done();
      return out;
    };
    hls = {
      segment_types: types,
      video_codecs: perType("video_codecs"),
      audio_codecs: perType("audio_codecs"),
    };
    f.done();
  }

  let progressive: ProgressiveRule | null = null;
  if (root.has("progressive")) {
    const f = new JsonFields(root.raw("progressive"), "progressive", fail);
    progressive = {
      container: f.string("container").toLowerCase(),
      video_codecs: knownVideo(f.array("video_codecs", codecItem), f.at("video_codecs")),
      audio_codecs: knownAudio(f.array("audio_codecs", codecItem), f.at("audio_codecs")),
    };
    f.done();
  }
  if (!hls && !progressive) {
    throw fail("hls", "and progressive cannot both be null: the profile needs a streaming target");
  }

  const t = new JsonFields(root.raw("transcode"), "transcode", fail);
  const streamVideo = new Set([
    ...Object.values(hls?.video_codecs ?? {}).flat(),
    ...(progressive?.video_codecs ?? []),
  ]);
  const streamAudio = new Set([
    ...Object.values(hls?.audio_codecs ?? {}).flat(),
    ...(progressive?.audio_codecs ?? []),
  ]);
  const tVideo = knownVideo(t.array("video_codecs", codecItem), t.at("video_codecs"));
  tVideo.forEach((c, i) => {
    if (!streamVideo.has(c)) {
      throw fail(`transcode.video_codecs[${i}]`, `"${c}" is in no hls or progressive video list`);
    }
  });
  if (tVideo.length === 0) throw fail("transcode.video_codecs", "must not be empty");
  const tAudio = knownAudio(t.array("audio_codecs", codecItem), t.at("audio_codecs"));
  tAudio.forEach((c, i) => {
    if (!streamAudio.has(c)) {
      throw fail(`transcode.audio_codecs[${i}]`, `"${c}" is in no hls or progressive audio list`);
    }
  });
  if (tAudio.length === 0) throw fail("transcode.audio_codecs", "must not be empty");
  const maxAudioChannels = t.positive("max_audio_channels");
  const a = new JsonFields(t.raw("audio_only"), t.at("audio_only"), fail);
  const audioOnly: AudioOnlyTarget = {
    container: a.string("container").toLowerCase(),
    codec: codecFamily(a.string("codec")),
    bitrate_kbps: a.positive("bitrate_kbps"),
    max_channels: a.positive("max_channels"),
  };
  a.done();
  const target = containers.find((c) => c.container === audioOnly.container);
  if (!target || !target.audio_codecs.includes(audioOnly.codec)) {
    throw fail(
      "transcode.audio_only",
      `targets ${audioOnly.codec} in ${audioOnly.container}, which containers does not allow`,
    );
  }
  t.done();

  root.done();

  const profile: DeviceProfile = {
    id,
    name,
    match,
    max_bitrate_kbps: maxBitrate,
    audio_track_switching: trackSwitching,
    containers,
    video_codecs: videoCodecs,
    audio_codecs: audioCodecs,
    subtitles,
    hls,
    progressive,
    transcode: {
      video_codecs: tVideo,
      audio_codecs: tAudio,
      max_audio_channels: maxAudioChannels,
      audio_only: audioOnly,
    },
  };
  if (description !== undefined) profile.description = description;
  if (maxWidth !== undefined) profile.max_width = maxWidth;
  if (maxHeight !== undefined) profile.max_height = maxHeight;
  return profile;
}

function _noDuplicates(
  names: string[],
  path: string,
  fail: (where: string, problem: string) => Error,
): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw fail(`${path}[${i}]`, `repeats "${n}"`);
    seen.add(n);
  });
}

/** One profile file as the server read it. */
export interface ProfileSource {
  /** How errors name the file, e.g. `profiles/chrome.json`; its base name must be `<id>.json`. */
  name: string;
  text: string;
}

/**
 * Parses and validates the profile files. The server reads `profiles/*.json` and passes their
 * names and text; this function does no I/O.
 *
 * @throws {ProfileError} for invalid JSON, an invalid profile, an id that differs from the file
 *   name, or two files with the same id
 */
export function parseProfiles(entries: readonly ProfileSource[]): DeviceProfile[] {
  const out: DeviceProfile[] = [];
  const ids = new Set<string>();
  for (const { name, text } of entries) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ProfileError(`${name}: is not valid JSON (${(err as Error).message})`);
    }
    const profile = validateProfile(json, name);
    const base = name.split(/[\\/]/).pop()!.replace(/\.json$/i, "");
    if (base !== profile.id) {
      throw new ProfileError(`${name}: id "${profile.id}" must match the file name "${base}.json"`);
    }
    if (ids.has(profile.id)) throw new ProfileError(`${name}: id "${profile.id}" is used twice`);
    ids.add(profile.id);
    out.push(profile);
  }
  return out;
}

/** The rule for a video codec (ffprobe or alias name), if the profile decodes it. */
export function videoRule(profile: DeviceProfile, codec: string): VideoCodecRule | undefined {
  const c = codecFamily(codec);
  return profile.video_codecs.find((r) => r.codec === c);
}

/** The rule for an audio codec (ffprobe or alias name), if the profile decodes it. */
export function audioRule(profile: DeviceProfile, codec: string): AudioCodecRule | undefined {
  const c = codecFamily(codec);
  return profile.audio_codecs.find((r) => r.codec === c);
}
