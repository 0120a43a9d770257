import { HttpError } from "../../../../../lib/errors.ts";
import { intParam } from "../../../../../lib/web/guards.ts";
import { readableSession } from "../../../../../lib/web/hls_access.ts";
import { errorResponses } from "../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../lib/web/types.ts";

export const handler: Handlers = {
  async GET(ctx) {
    const session = await readableSession(ctx);
    const d = session.decision;
    if (d.protocol !== "http" || d.decision === "direct") {
      throw new HttpError("not_found", "Not a progressive playback session");
    }
    const start = intParam(ctx.url, "start_ms", session.decision.start_ms, 0, 1_000_000_000);
    return ctx.services.playback.progressive(session, start);
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary:
      "Progressive remux/transcode stream of a playback session (audio files, non-HLS clients)",
    description: "A seek is a new request with ?start_ms=.",
    tags: ["playback"],
    auth: "media",
    query: { start_ms: { description: "position to start at", schema: { type: "integer" } } },
    responses: {
      200: { description: "The stream", content_type: "audio/mpeg" },
      ...errorResponses(401, 404, 503),
    },
  },
};
