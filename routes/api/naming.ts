import { HttpError, json } from "../../lib/errors.ts";
import { requireAdmin } from "../../lib/web/guards.ts";
import { errorResponses } from "../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";
import { parseMediaPath } from "../../lib/naming/parse_media_path.ts";
import type { LibraryKind } from "../../lib/naming/types.ts";
import { LIBRARY_KINDS } from "../../lib/db/libraries.ts";

export const handler: Handlers = {
  GET(ctx) {
    requireAdmin(ctx);
    const paths = ctx.url.searchParams.getAll("path").filter(Boolean);
    if (paths.length === 0) throw new HttpError("bad_request", '"path" is required');
    const kind = (ctx.url.searchParams.get("kind") ?? "mixed") as LibraryKind;
    if (!LIBRARY_KINDS.includes(kind)) {
      throw new HttpError("bad_request", `"kind" must be one of ${LIBRARY_KINDS.join(", ")}`);
    }
    const items = paths.map((p) => parseMediaPath(p.replace(/^\/+/, ""), kind));
    return json({ items, total: items.length });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Why is my file not recognised? What the naming rules derive from paths",
    tags: ["libraries"],
    auth: "admin",
    query: {
      path: {
        description: "path relative to the library root; repeat for several",
        schema: { type: "string" },
        required: true,
      },
      kind: {
        description: "library kind (mixed)",
        schema: { enum: ["movies", "shows", "music", "mixed"] },
      },
    },
    responses: { 200: { description: "Naming results" }, ...errorResponses(400, 401, 403) },
  },
};
