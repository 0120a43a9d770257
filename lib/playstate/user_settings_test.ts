import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import type { FileWithProbe } from "../db/items.ts";
import type { MediaStream } from "../media/types.ts";
import { DEFAULT_USER_SETTINGS, type UserSettings } from "../db/user_settings.ts";
import {
  applyUserSettings,
  parseUserSettings,
  userPlaybackPolicy,
  UserSettingsError,
} from "./user_settings.ts";

Deno.test("parseUserSettings() normalises languages, keeps left-out fields, clears with null", () => {
  const prev: UserSettings = {
    audio_language: "jpn",
    subtitle_language: "eng",
    max_bitrate_kbps: 8000,
  };
  const table: [string, Record<string, unknown>, UserSettings][] = [
    ["empty body keeps everything", {}, prev],
    ["name and 2-letter code", { audio_language: "English", subtitle_language: "fr" }, {
      ...prev,
      audio_language: "eng",
      subtitle_language: "fre",
    }],
    ["null clears", { subtitle_language: null, max_bitrate_kbps: null }, {
      ...prev,
      subtitle_language: null,
      max_bitrate_kbps: null,
    }],
    ["0 means no limit", { max_bitrate_kbps: 0 }, { ...prev, max_bitrate_kbps: null }],
    ["a limit", { max_bitrate_kbps: 3000 }, { ...prev, max_bitrate_kbps: 3000 }],
  ];
  for (const [name, body, want] of table) assertEquals(parseUserSettings(body, prev), want, name);
});

Deno.test("parseUserSettings() rejects unknown languages and bad bitrates naming the field", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ audio_language: "klingonish" }, "audio_language"],
    [{ subtitle_language: 42 }, "subtitle_language"],
    [{ max_bitrate_kbps: 10 }, "max_bitrate_kbps"],
    [{ max_bitrate_kbps: 1.5e3 + 0.5 }, "max_bitrate_kbps"],
    [{ max_bitrate_kbps: "fast" }, "max_bitrate_kbps"],
  ];
  for (const [body, field] of bad) {
    assertThrows(() => parseUserSettings(body, DEFAULT_USER_SETTINGS), UserSettingsError, field);
  }
});

Deno.test("userPlaybackPolicy() caps the bitrate only when the user set a maximum", () => {
  assertEquals(userPlaybackPolicy(DEFAULT_USER_SETTINGS), {});
  assertEquals(userPlaybackPolicy({ ...DEFAULT_USER_SETTINGS, max_bitrate_kbps: 4000 }), {
    max_bitrate_kbps: 4000,
  });
});

const audio = (index: number, language: string | undefined, isDefault = false): MediaStream => ({
  index,
  type: "audio",
  codec: "aac",
  language,
  default: isDefault,
  forced: false,
});
const sub = (index: number, language: string, forced = false): MediaStream => ({
  index,
  type: "subtitle",
  codec: "subrip",
  language,
  default: false,
  forced,
});

function file(streams: MediaStream[]): FileWithProbe {
  return {
    id: "f1",
    library_id: "l",
    item_id: "i",
    path: "/m/film.mkv",
    rel_path: "film.mkv",
    file_class: "video",
    size_bytes: 1,
    mtime_ms: 1,
    fingerprint: null,
    part_number: null,
    version_label: null,
    sidecar: null,
    missing_since: null,
    added_at: "",
    updated_at: "",
    probe_status: "ok",
    probe: {
      container: "mkv",
      format_name: "matroska",
      duration_ms: 1,
      bitrate_kbps: 1,
      size_bytes: 1,
      streams,
      tags: {},
    },
    probe_error: null,
  };
}

Deno.test("applyUserSettings() fills open choices from the preferences, never overrides", () => {
  // Streams: 1 Japanese (default), 2 English, 3 English commentary; subtitles forced and full.
  const files = [
    file([
      audio(1, "jpn", true),
      audio(2, "eng"),
      audio(3, "eng"),
      sub(4, "eng", true),
      sub(5, "eng"),
    ]),
  ];
  const s = (over: Partial<UserSettings>): UserSettings => ({ ...DEFAULT_USER_SETTINGS, ...over });
  const table: [string, Parameters<typeof applyUserSettings>[0], UserSettings, object][] = [
    ["no preferences: unchanged", {}, DEFAULT_USER_SETTINGS, {}],
    ["bitrate cap applies", {}, s({ max_bitrate_kbps: 3000 }), { max_bitrate_kbps: 3000 }],
    ["lower request wins", { max_bitrate_kbps: 1000 }, s({ max_bitrate_kbps: 3000 }), {
      max_bitrate_kbps: 1000,
    }],
    ["higher request is capped", { max_bitrate_kbps: 9000 }, s({ max_bitrate_kbps: 3000 }), {
      max_bitrate_kbps: 3000,
    }],
    ["preferred audio picks the first English track", {}, s({ audio_language: "eng" }), {
      audio_index: 2,
    }],
    ["explicit audio wins", { audio_index: 1 }, s({ audio_language: "eng" }), { audio_index: 1 }],
    ["missing language leaves the default", {}, s({ audio_language: "ger" }), {}],
    // Japanese audio plays, English subtitles wanted: the full (not forced) English track, the
    // first sidecar-free subtitle in the item list (index 1 after the forced one at 0).
    ["subtitles when the audio is in another language", {}, s({ subtitle_language: "eng" }), {
      subtitle_index: 1,
    }],
    [
      "no subtitles when the audio is already in that language",
      {},
      s({
        audio_language: "eng",
        subtitle_language: "eng",
      }),
      { audio_index: 2 },
    ],
    ["explicit no-subtitle wins", { subtitle_index: null }, s({ subtitle_language: "eng" }), {
      subtitle_index: null,
    }],
  ];
  for (const [name, req, settings, want] of table) {
    assertEquals(applyUserSettings(req, settings, files), { ...req, ...want }, name);
  }
});
