import { HttpError, json } from "../../../../lib/errors.ts";
import { readJsonObject, requireAdmin } from "../../../../lib/web/guards.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";

export const handler: Handlers = {
  async PUT(ctx) {
    requireAdmin(ctx);
    const user = ctx.services.users.get(ctx.params.id);
    if (!user) throw new HttpError("not_found", "User not found");
    const body = await readJsonObject(ctx);
    const ids = body.library_ids;
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== "string")) {
      throw new HttpError("bad_request", '"library_ids" must be an array of library ids');
    }
    for (const id of ids) {
      if (!ctx.services.libraries.get(id)) throw new HttpError("bad_request", `No library ${id}`);
    }
    ctx.services.libraries.setAccess(user.id, ids as string[]);
    return json({ user_id: user.id, library_ids: [...new Set(ids)] });
  },
};

export const docs: RouteModule["docs"] = {
  PUT: {
    summary: "Set which libraries a user may read (admins read all)",
    tags: ["users"],
    auth: "admin",
    body: {
      type: "object",
      required: ["library_ids"],
      properties: { library_ids: { type: "array", items: { type: "string" } } },
    },
    responses: { 200: { description: "Access set" }, ...errorResponses(400, 401, 403, 404) },
  },
};
