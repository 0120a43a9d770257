import { requireAdmin } from "../../../lib/web/guards.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import { sessionsEventStream } from "../../../lib/playstate/now_playing.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    requireAdmin(ctx);
    const body = sessionsEventStream(ctx.services.playState.nowPlaying, ctx.req.signal);
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Server-sent events: the live sessions list, on change and at least every 2 s",
    description:
      'Each event is `event: sessions` with `data:` the JSON array of GET /api/sessions\' "sessions".',
    tags: ["sessions"],
    auth: "admin",
    responses: {
      200: { description: "An event stream", content_type: "text/event-stream" },
      ...errorResponses(401, 403),
    },
  },
};
