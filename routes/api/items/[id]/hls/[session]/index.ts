import { json } from "../../../../../../lib/errors.ts";
import { readableSession } from "../../../../../../lib/web/hls_access.ts";
import { errorResponses } from "../../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../../lib/web/types.ts";

export const handler: Handlers = {
  async DELETE(ctx) {
    const session = await readableSession(ctx);
    await ctx.services.playback.stop(session.id);
    return json({ stopped: true });
  },
};

export const docs: RouteModule["docs"] = {
  DELETE: {
    summary: "Stop a playback session: its transcode is killed and its cache removed",
    tags: ["playback"],
    auth: "media",
    responses: { 200: { description: "Stopped" }, ...errorResponses(401, 404) },
  },
};
