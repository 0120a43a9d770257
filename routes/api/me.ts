import { json } from "../../lib/errors.ts";
import { requireUser } from "../../lib/web/guards.ts";
import { errorResponses, UserSchema } from "../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const libraries = ctx.services.libraries.listForUser(user.id, user.is_admin);
    return json({ ...user, library_ids: libraries.map((l) => l.id) });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "The signed-in user and the libraries it may read",
    tags: ["auth"],
    auth: "user",
    responses: { 200: { description: "The user", schema: UserSchema }, ...errorResponses(401) },
  },
};
