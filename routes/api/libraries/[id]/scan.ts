import { HttpError, json } from "../../../../lib/errors.ts";
import { requireAdmin, requireUser } from "../../../../lib/web/guards.ts";
import { errorResponses, ScanStatusSchema } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteContext, RouteModule } from "../../../../lib/web/types.ts";

function readableLibrary(ctx: RouteContext) {
  const user = requireUser(ctx);
  const library = ctx.services.libraries.get(ctx.params.id);
  if (!library || !ctx.services.libraries.canRead(user.id, user.is_admin, library.id)) {
    throw new HttpError("not_found", "Library not found");
  }
  return library;
}

export const handler: Handlers = {
  GET(ctx) {
    const library = readableLibrary(ctx);
    return json(ctx.services.scanner.status(library.id));
  },
  POST(ctx) {
    requireAdmin(ctx);
    const library = readableLibrary(ctx);
    ctx.services.scanner.scan(library.id).catch((err) =>
      ctx.services.log.error("scan failed", { library: library.id, error: err })
    );
    return json(ctx.services.scanner.status(library.id), 202);
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Scan progress of a library",
    tags: ["libraries"],
    auth: "user",
    responses: {
      200: { description: "Scan status", schema: ScanStatusSchema },
      ...errorResponses(401, 404),
    },
  },
  POST: {
    summary: "Start a scan (joins the running one if a scan is in progress)",
    tags: ["libraries"],
    auth: "admin",
    responses: {
      202: { description: "Scan started", schema: ScanStatusSchema },
      ...errorResponses(401, 403, 404),
    },
  },
};
