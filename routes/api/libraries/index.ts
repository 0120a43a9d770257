import { HttpError, json } from "../../../lib/errors.ts";
import { LIBRARY_KINDS } from "../../../lib/db/libraries.ts";
import { readJsonObject, requireAdmin, requireUser, stringField } from "../../../lib/web/guards.ts";
import { libraryJson } from "../../../lib/web/library_json.ts";
import { errorResponses, LibrarySchema, listOf } from "../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";
import type { LibraryKind } from "../../../lib/naming/types.ts";
import { checkLibraryRoot } from "../../../lib/library_root.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const items = ctx.services.libraries.listForUser(user.id, user.is_admin).map((l) =>
      libraryJson(ctx.services, l, user.is_admin)
    );
    return json({ items, total: items.length });
  },
  async POST(ctx) {
    requireAdmin(ctx);
    const body = await readJsonObject(ctx);
    const name = stringField(body, "name", 100).trim();
    const path = stringField(body, "path", 4096).trim();
    const kind = body.kind ?? "mixed";
    if (!(LIBRARY_KINDS as readonly unknown[]).includes(kind)) {
      throw new HttpError("bad_request", `"kind" must be one of ${LIBRARY_KINDS.join(", ")}`);
    }
    if (!path.startsWith("/")) throw new HttpError("bad_request", '"path" must be absolute');
    const problem = await checkLibraryRoot(path);
    if (problem) throw new HttpError("bad_request", `"path": ${problem}`);
    if (ctx.services.libraries.getByName(name)) {
      throw new HttpError("conflict", `A library named "${name}" exists`);
    }
    const library = ctx.services.libraries.create({ name, path, kind: kind as LibraryKind });
    ctx.services.scanner.scan(library.id).catch((err) =>
      ctx.services.log.error("scan failed", { library: library.id, error: err })
    );
    ctx.services.scanner.watch(library.id);
    return json(libraryJson(ctx.services, library, true), 201);
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Libraries the user may read",
    tags: ["libraries"],
    auth: "user",
    responses: {
      200: { description: "Libraries", schema: listOf(LibrarySchema) },
      ...errorResponses(401),
    },
  },
  POST: {
    summary: "Add a library (a folder on the server) and start scanning it",
    tags: ["libraries"],
    auth: "admin",
    body: {
      type: "object",
      required: ["name", "path"],
      properties: {
        name: { type: "string" },
        path: { type: "string", description: "absolute folder path on the server" },
        kind: { enum: ["movies", "shows", "music", "mixed"] },
      },
    },
    responses: {
      201: { description: "Created; the first scan runs in the background", schema: LibrarySchema },
      ...errorResponses(400, 401, 403, 409),
    },
  },
};
