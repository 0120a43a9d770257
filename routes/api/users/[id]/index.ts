import { json } from "../../../../lib/errors.ts";
import { readJsonObject, requireAdmin } from "../../../../lib/web/guards.ts";
import { errorResponses, UserSchema } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";
import { deleteUser, updateUser } from "../../../../lib/user_admin.ts";
import { readableLibraryIds } from "../../../../lib/web/item_access.ts";

export const handler: Handlers = {
  async PATCH(ctx) {
    requireAdmin(ctx);
    const body = await readJsonObject(ctx);
    const { user } = updateUser(ctx.services, ctx.params.id, body);
    return json({ ...user, library_ids: readableLibraryIds(ctx, user) });
  },
  async DELETE(ctx) {
    const me = requireAdmin(ctx);
    await deleteUser(ctx.services, me.id, ctx.params.id);
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  },
};

export const docs: RouteModule["docs"] = {
  PATCH: {
    summary: "Rename a user, or make it an admin or not",
    description: "Every field is optional. `username` follows the rules of a new user; a name " +
      "another user has (compared case-insensitively) is a 409. Demoting the only admin is a " +
      "409 too, so the server always keeps one: make another user an admin first. The change " +
      "applies from the user's next request (its tokens stay valid; a demoted admin loses admin " +
      "rights at once). A demoted admin reads only the libraries granted to it with " +
      "`PUT /api/users/{id}/access`.",
    tags: ["users"],
    auth: "admin",
    body: {
      type: "object",
      properties: {
        username: { type: "string", minLength: 1, maxLength: 64 },
        is_admin: { type: "boolean" },
      },
    },
    responses: {
      200: { description: "The user as it is now", schema: UserSchema },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
  DELETE: {
    summary: "Delete a user",
    description: "Deletes the account with its sessions (its tokens are refused at once), " +
      "library access, play state and settings, and ends its live playback. Admins cannot " +
      "delete their own account (400: ask another admin), and the only admin cannot be " +
      "deleted (409).",
    tags: ["users"],
    auth: "admin",
    responses: {
      204: { description: "Deleted" },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
};
