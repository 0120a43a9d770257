/** JSON Schemas of the API's resources (docs/api.md), reused by route `docs` for OpenAPI. */
import type { JsonSchema, OperationDocs } from "./types.ts";

const str = { type: "string" };
const int = { type: "integer" };
const bool = { type: "boolean" };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: "null" }] });

/** `{error:{code,message}}`. */
export const ErrorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: str, message: str },
    },
  },
};

/** A user. */
export const UserSchema: JsonSchema = {
  type: "object",
  required: ["id", "username", "is_admin"],
  properties: {
    id: str,
    username: str,
    is_admin: bool,
    created_at: { type: "string", format: "date-time" },
    library_ids: { type: "array", items: str },
  },
};

/** A library. */
export const LibrarySchema: JsonSchema = {
  type: "object",
  required: ["id", "name", "kind", "state"],
  properties: {
    id: str,
    name: str,
    kind: { enum: ["movies", "shows", "music", "mixed"] },
    path: { type: "string", description: "admins only" },
    state: { enum: ["online", "offline"] },
    state_reason: nullable(str),
    item_count: int,
    last_scan_at: nullable(str),
  },
};

/** Scan progress. */
export const ScanStatusSchema: JsonSchema = {
  type: "object",
  required: ["state", "done", "total", "errors"],
  properties: {
    state: { enum: ["idle", "walking", "probing", "failed"] },
    done: int,
    total: int,
    errors: int,
    started_at: nullable(str),
    finished_at: nullable(str),
  },
};

/** A media stream. */
export const StreamSchema: JsonSchema = {
  type: "object",
  properties: {
    index: int,
    type: { enum: ["video", "audio", "subtitle", "attachment", "data"] },
    codec: str,
    profile: str,
    level: { type: "number" },
    width: int,
    height: int,
    bit_depth: int,
    frame_rate: { type: "number" },
    channels: int,
    channel_layout: str,
    sample_rate: int,
    language: str,
    title: str,
    default: bool,
    forced: bool,
  },
};

/** An item (docs/api.md). */
export const ItemSchema: JsonSchema = {
  type: "object",
  required: ["id", "library_id", "kind", "title"],
  properties: {
    id: str,
    library_id: str,
    kind: {
      enum: ["movie", "series", "season", "episode", "artist", "album", "track", "video"],
    },
    title: str,
    sort_title: str,
    year: nullable(int),
    parent_id: nullable(str),
    series_id: nullable(str),
    season_number: nullable(int),
    episode_number: nullable(int),
    episode_end: nullable(int),
    artist: nullable(str),
    album_artist: nullable(str),
    album: nullable(str),
    track_number: nullable(int),
    disc_number: nullable(int),
    extra_type: nullable(str),
    duration_ms: nullable(int),
    size_bytes: nullable(int),
    container: nullable(str),
    bitrate_kbps: nullable(int),
    added_at: str,
    updated_at: str,
    path: { type: "string", description: "admins only" },
    probe: {
      type: "object",
      properties: { status: { enum: ["pending", "ok", "error"] }, error: str },
    },
    streams: { type: "array", items: StreamSchema },
    subtitles: { type: "array", items: { type: "object" } },
    child_count: int,
  },
};

/** A page of a list. */
export function listOf(item: JsonSchema): JsonSchema {
  return {
    type: "object",
    required: ["items", "total"],
    properties: { items: { type: "array", items: item }, total: int },
  };
}

/** The usual error responses of an operation with the given auth. */
export function errorResponses(
  ...statuses: number[]
): OperationDocs["responses"] {
  const text: Record<number, string> = {
    400: "Bad request",
    401: "No or invalid credentials",
    403: "Not allowed for this user",
    404: "Not found (or not readable by this user)",
    409: "Conflict",
    412: "Precondition failed",
    416: "Range not satisfiable",
    429: "Too many requests",
    503: "Unavailable",
  };
  const out: OperationDocs["responses"] = {};
  for (const s of statuses) out[s] = { description: text[s] ?? "Error", schema: ErrorSchema };
  return out;
}
