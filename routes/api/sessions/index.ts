import { json } from "../../../lib/errors.ts";
import { requireAdmin } from "../../../lib/web/guards.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import { SessionSchema } from "../../../lib/playstate/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    requireAdmin(ctx);
    return json({
      sessions: ctx.services.playState.nowPlaying.list(),
      transcodes: ctx.services.hls?.stats() ?? null,
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Live playback sessions: who plays what, where, how and why it transcodes",
    tags: ["sessions"],
    auth: "admin",
    responses: {
      200: {
        description: "The sessions, newest first",
        schema: {
          type: "object",
          required: ["sessions"],
          properties: {
            sessions: { type: "array", items: SessionSchema },
            transcodes: {
              type: ["object", "null"],
              description: "HLS manager figures; null without ffmpeg",
              properties: {
                sessions: { type: "integer" },
                active_transcodes: { type: "integer" },
                max_transcodes: { type: "integer" },
                cache_bytes: { type: "integer" },
                cache_limit_bytes: { type: "integer" },
              },
            },
          },
        },
      },
      ...errorResponses(401, 403),
    },
  },
};
