import { HttpError, json } from "../../../../../lib/errors.ts";
import { requireAdmin } from "../../../../../lib/web/guards.ts";
import { errorResponses } from "../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    requireAdmin(ctx);
    const library = ctx.services.libraries.get(ctx.params.id);
    if (!library) throw new HttpError("not_found", "Library not found");
    const items = ctx.services.scanner.errors(library.id);
    return json({ items, total: items.length });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Files of a library that could not be read, with the reason",
    tags: ["libraries"],
    auth: "admin",
    responses: { 200: { description: "Scan errors" }, ...errorResponses(401, 403, 404) },
  },
};
