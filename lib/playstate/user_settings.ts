/**
 * Per-user playback preferences (`user_settings`): preferred audio and subtitle languages and a
 * maximum streaming bitrate, and how they shape a playback request.
 */
import type { FileWithProbe } from "../db/items.ts";
import { primaryOf, subtitleTracks } from "../db/items.ts";
import type { PlaybackPolicy } from "../playback/decide.ts";
import type { PlaybackRequest } from "../playback/playback_service.ts";
import { normalizeLanguage } from "../naming/languages.ts";
import { isTextSubtitle } from "../playback/codecs.ts";
import type { UserSettings } from "../db/user_settings.ts";

/** A settings field that is not valid, with the field's name. */
export class UserSettingsError extends Error {
  readonly code = "bad_request";
  constructor(message: string) {
    super(message);
    this.name = "UserSettingsError";
  }
}

function language(body: Record<string, unknown>, name: string, prev: string | null) {
  if (!(name in body)) return prev;
  const v = body[name];
  if (v === null || v === "") return null;
  const code = typeof v === "string" ? normalizeLanguage(v) : undefined;
  if (!code) {
    throw new UserSettingsError(`"${name}" must be a language code such as "eng" or "fr", or null`);
  }
  return code;
}

/**
 * Validates a `PUT /api/me/settings` body over the current settings: fields left out keep their
 * value, `null` clears one. Languages are normalised to ISO 639-2/B ("en", "English" → "eng").
 *
 * @throws {UserSettingsError} naming the field
 */
export function parseUserSettings(body: Record<string, unknown>, prev: UserSettings): UserSettings {
  let max = prev.max_bitrate_kbps;
  if ("max_bitrate_kbps" in body) {
    const v = body.max_bitrate_kbps;
    if (v === null || v === 0) max = null;
    else if (typeof v === "number" && Number.isInteger(v) && v >= 64 && v <= 1_000_000) max = v;
    else {
      throw new UserSettingsError(
        '"max_bitrate_kbps" must be an integer between 64 and 1000000, or null for no limit',
      );
    }
  }
  return {
    audio_language: language(body, "audio_language", prev.audio_language),
    subtitle_language: language(body, "subtitle_language", prev.subtitle_language),
    max_bitrate_kbps: max,
  };
}

/** The part of the decision engine's policy a user's settings set (the bitrate cap). */
export function userPlaybackPolicy(
  settings: UserSettings,
): Pick<PlaybackPolicy, "max_bitrate_kbps"> {
  return settings.max_bitrate_kbps === null ? {} : { max_bitrate_kbps: settings.max_bitrate_kbps };
}

/**
 * A playback request with the user's preferences filled in where the request leaves them open:
 * the bitrate is capped at the user's maximum; without `audio_index` the first audio stream in
 * the preferred language (the default one among them first) is chosen; without
 * `subtitle_index`, when the audio that will play is not in the preferred subtitle language, a
 * full (not forced) text subtitle in that language is shown. Explicit choices always win.
 */
export function applyUserSettings(
  req: PlaybackRequest,
  settings: UserSettings,
  files: readonly FileWithProbe[],
): PlaybackRequest {
  const out: PlaybackRequest = { ...req };
  const cap = userPlaybackPolicy(settings).max_bitrate_kbps;
  if (cap !== undefined) out.max_bitrate_kbps = Math.min(req.max_bitrate_kbps ?? cap, cap);
  const file = req.file_id ? files.find((f) => f.id === req.file_id) : primaryOf(files);
  const audios = file?.probe?.streams.filter((s) => s.type === "audio") ?? [];
  const langOf = (l: string | undefined | null) => l ? normalizeLanguage(l) ?? l : undefined;
  if (out.audio_index === undefined && settings.audio_language) {
    const wanted = audios.filter((a) => langOf(a.language) === settings.audio_language);
    const pick = wanted.find((a) => a.default) ?? wanted[0];
    if (pick) out.audio_index = pick.index;
  }
  if (out.subtitle_index === undefined && settings.subtitle_language) {
    const audio = audios.find((a) => a.index === out.audio_index) ??
      audios.find((a) => a.default) ?? audios[0];
    if (langOf(audio?.language) !== settings.subtitle_language) {
      const track = subtitleTracks(files).find((t) =>
        !t.forced && isTextSubtitle(t.format) && langOf(t.language) === settings.subtitle_language
      );
      if (track) out.subtitle_index = track.index;
    }
  }
  return out;
}
