import { json } from "../../../../lib/errors.ts";
import { readJsonObject } from "../../../../lib/web/guards.ts";
import { readableItem } from "../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import { parsePlaybackRequest } from "../../../../lib/playback/playback_service.ts";
import { REASONS } from "../../../../lib/playback/decide.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";
import { applyUserSettings } from "../../../../lib/playstate/user_settings.ts";

export const handler: Handlers = {
  async POST(ctx) {
    const { item, user } = readableItem(ctx, ctx.params.id);
    // The user's preferences (bitrate cap, audio and subtitle languages) fill what it leaves open.
    const request = applyUserSettings(
      parsePlaybackRequest(await readJsonObject(ctx)),
      ctx.services.playState.settings.get(user.id),
      ctx.services.items.files(item.id),
    );
    const result = await ctx.services.playback.start(
      user,
      item,
      request,
      ctx.req.headers.get("user-agent"),
    );
    return json(result);
  },
};

const streamPlan = {
  type: ["object", "null"],
  properties: {
    action: { enum: ["copy", "encode"] },
    codec: { type: "string" },
    width: { type: "integer" },
    height: { type: "integer" },
    channels: { type: "integer" },
    bitrate_kbps: { type: "integer" },
  },
};

export const docs: RouteModule["docs"] = {
  POST: {
    summary:
      "Decide how to play an item on this client and get a URL that carries its own credential",
    description:
      "Direct play when the client decodes the file, remux (HLS with the video copied) when only the container or audio is wrong, transcode otherwise. The reasons say why.",
    tags: ["playback"],
    auth: "user",
    body: {
      type: "object",
      properties: {
        profile: { type: "string", description: "device profile id (default: from User-Agent)" },
        caps: { type: "object", description: "what the browser reports it can play" },
        max_bitrate_kbps: { type: "integer" },
        audio_index: { type: "integer", description: "stream index of the audio track" },
        subtitle_index: { type: "integer", description: "index in the item's subtitles list" },
        start_ms: { type: "integer" },
        speed: { type: "number", minimum: 0.25, maximum: 4 },
        quality: { type: "string", description: "auto, original, 1080p, 720p, 480p, 360p" },
        file_id: { type: "string", description: "another part or version of the item" },
        client: { type: "string", description: "client or device name" },
      },
    },
    responses: {
      200: {
        description: "The decision",
        schema: {
          type: "object",
          required: ["decision", "reasons", "url", "session_id"],
          properties: {
            decision: { enum: ["direct", "remux", "transcode"] },
            playable: { type: "boolean" },
            blocked: { type: ["string", "null"] },
            reasons: { type: "array", items: { enum: [...REASONS] } },
            protocol: { enum: ["http", "hls"] },
            url: { type: ["string", "null"] },
            mime: { type: ["string", "null"] },
            session_id: { type: "string" },
            video: streamPlan,
            audio: streamPlan,
            subtitles: { type: "array", items: { type: "object" } },
            qualities: { type: "array", items: { type: "object" } },
          },
        },
      },
      ...errorResponses(400, 401, 404, 503),
    },
  },
};
