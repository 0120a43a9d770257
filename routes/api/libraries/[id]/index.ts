import { HttpError, json } from "../../../../lib/errors.ts";
import { readJsonObject, requireAdmin, requireUser } from "../../../../lib/web/guards.ts";
import { libraryJson } from "../../../../lib/web/library_json.ts";
import { errorResponses, LibrarySchema } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";
import { deleteLibrary, updateLibrary } from "../../../../lib/library_admin.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const library = ctx.services.libraries.get(ctx.params.id);
    if (!library || !ctx.services.libraries.canRead(user.id, user.is_admin, library.id)) {
      throw new HttpError("not_found", "Library not found");
    }
    return json(libraryJson(ctx.services, library, user.is_admin));
  },
  async PATCH(ctx) {
    requireAdmin(ctx);
    const body = await readJsonObject(ctx);
    const { library } = await updateLibrary(ctx.services, ctx.params.id, body);
    return json(libraryJson(ctx.services, library, true));
  },
  async DELETE(ctx) {
    requireAdmin(ctx);
    await deleteLibrary(ctx.services, ctx.params.id);
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
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
  PATCH: {
    summary: "Rename a library or point it at another folder",
    description: "Every field is optional. A new folder must exist and be readable; the file " +
      "watch moves to it and a rescan starts in the background (items then come from the new " +
      "folder, files it lacks leave the index; files found at the same relative path keep " +
      "their ids and play state). `kind` cannot change: it selects the naming rules, so every " +
      "item would be regrouped; remove the library and add it again instead.",
    tags: ["libraries"],
    auth: "admin",
    body: {
      type: "object",
      properties: {
        name: { type: "string", maxLength: 100 },
        path: { type: "string", description: "absolute folder path on the server" },
        kind: {
          enum: ["movies", "shows", "music", "mixed"],
          description: "accepted only when equal to the current kind",
        },
      },
    },
    responses: {
      200: { description: "The library as it is now", schema: LibrarySchema },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
  DELETE: {
    summary: "Remove a library and everything indexed under it",
    description: "Stops the library's watch and any running scan, ends playback of its items, " +
      "deletes its items, files, probes, metadata, artwork rows, user access and play state, " +
      "and the cached artwork, subtitles and transcodes of its items. The media files on disk " +
      "are never touched.",
    tags: ["libraries"],
    auth: "admin",
    responses: {
      204: { description: "Removed" },
      ...errorResponses(401, 403, 404),
    },
  },
};
