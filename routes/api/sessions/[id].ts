import { HttpError, json } from "../../../lib/errors.ts";
import { requireAdmin } from "../../../lib/web/guards.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  async DELETE(ctx) {
    const admin = requireAdmin(ctx);
    const session = ctx.services.playback.session(ctx.params.id);
    if (!session) throw new HttpError("not_found", "Session not found");
    await ctx.services.playback.stop(session.id);
    ctx.services.log.info("playback stopped by admin", {
      session: session.id,
      admin: admin.username,
      user: session.username,
    });
    return json({ ok: true });
  },
};

export const docs: RouteModule["docs"] = {
  DELETE: {
    summary: "Stop a playback session (its transcode is killed)",
    tags: ["sessions"],
    auth: "admin",
    responses: { 200: { description: "Stopped" }, ...errorResponses(401, 403, 404) },
  },
};
