import { json } from "../../../lib/errors.ts";
import { requireUser } from "../../../lib/web/guards.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  async POST(ctx) {
    requireUser(ctx);
    await ctx.services.auth.logout(ctx.state.token!);
    return json({ ok: true });
  },
};

export const docs: RouteModule["docs"] = {
  POST: {
    summary: "End the current session (its token stops working)",
    tags: ["auth"],
    auth: "user",
    responses: { 200: { description: "Signed out" }, ...errorResponses(401) },
  },
};
