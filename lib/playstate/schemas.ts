/** JSON Schemas of the play-state API (user data, settings, sessions, home) for OpenAPI docs. */
import type { JsonSchema } from "../web/types.ts";
import { ItemSchema } from "../web/schemas.ts";

const int = { type: "integer" };
const str = { type: "string" };
const bool = { type: "boolean" };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: "null" }] });

/** The caller's state of an item. */
export const UserDataSchema: JsonSchema = {
  type: "object",
  required: ["position_ms", "played", "play_count", "last_played_at", "favorite"],
  properties: {
    position_ms: { ...int, description: "resume point; 0 when there is none" },
    played: bool,
    play_count: int,
    last_played_at: nullable({ type: "string", format: "date-time" }),
    favorite: bool,
    unplayed_count: { ...int, description: "series and seasons: episodes not played yet" },
  },
};

/** An item with the caller's `user_data`. */
export const ItemWithUserDataSchema: JsonSchema = {
  ...ItemSchema,
  properties: {
    ...(ItemSchema.properties as Record<string, JsonSchema>),
    user_data: UserDataSchema,
  },
};

/** A user's playback preferences. */
export const UserSettingsSchema: JsonSchema = {
  type: "object",
  required: ["audio_language", "subtitle_language", "max_bitrate_kbps"],
  properties: {
    audio_language: nullable({ ...str, description: "ISO 639-2/B, e.g. eng" }),
    subtitle_language: nullable({ ...str, description: "ISO 639-2/B, e.g. fre" }),
    max_bitrate_kbps: nullable({ ...int, description: "kbit/s; null for no limit" }),
  },
};

/** A live playback session (admin view). */
export const SessionSchema: JsonSchema = {
  type: "object",
  required: ["id", "user", "client", "item", "position_ms", "paused", "decision", "reasons"],
  properties: {
    id: str,
    user: { type: "object", properties: { id: str, username: str } },
    client: str,
    profile: str,
    item: { type: "object", properties: { id: str, title: str } },
    position_ms: int,
    paused: bool,
    started_at: str,
    last_seen_at: str,
    decision: { enum: ["direct", "remux", "transcode"] },
    protocol: { enum: ["http", "hls"] },
    reasons: { type: "array", items: str },
    video: { type: ["object", "null"] },
    audio: { type: ["object", "null"] },
    transcode: {
      type: ["object", "null"],
      properties: {
        state: str,
        ffmpeg: { enum: ["running", "paused", "done", "stopped"] },
        encoder: nullable(str),
        pipeline: nullable(str),
        speed: nullable({ type: "number" }),
        segments_ready: int,
        fallback_reason: nullable(str),
        last_error: nullable(str),
      },
    },
  },
};
