import { HttpError, json } from "../../../../lib/errors.ts";
import { requireUser } from "../../../../lib/web/guards.ts";
import { libraryJson } from "../../../../lib/web/library_json.ts";
import { errorResponses, LibrarySchema } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const library = ctx.services.libraries.get(ctx.params.id);
    if (!library || !ctx.services.libraries.canRead(user.id, user.is_admin, library.id)) {
      throw new HttpError("not_found", "Library not found");
    }
    return json(libraryJson(ctx.services, library, user.is_admin));
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "One library",
    tags: ["libraries"],
    auth: "user",
    responses: {
      200: { description: "Library", schema: LibrarySchema },
      ...errorResponses(401, 404),
    },
  },
};
