import { HttpError, json } from "../../../lib/errors.ts";
import { hashPassword, passwordProblem } from "../../../lib/auth/password.ts";
import { usernameProblem } from "../../../lib/auth/username.ts";
import { readJsonObject, requireAdmin, stringField } from "../../../lib/web/guards.ts";
import { errorResponses, listOf, UserSchema } from "../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";
import { readableLibraryIds } from "../../../lib/web/item_access.ts";

export const handler: Handlers = {
  GET(ctx) {
    requireAdmin(ctx);
    const items = ctx.services.users.list().map((u) => ({
      ...u,
      library_ids: readableLibraryIds(ctx, u),
    }));
    return json({ items, total: items.length });
  },
  async POST(ctx) {
    requireAdmin(ctx);
    const body = await readJsonObject(ctx);
    const username = stringField(body, "username", 100).trim();
    const problem = usernameProblem(username) ?? passwordProblem(body.password);
    if (problem) throw new HttpError("bad_request", problem);
    const libraryIds = body.library_ids ?? [];
    if (!Array.isArray(libraryIds) || libraryIds.some((x) => typeof x !== "string")) {
      throw new HttpError("bad_request", '"library_ids" must be an array of library ids');
    }
    for (const id of libraryIds) {
      if (!ctx.services.libraries.get(id)) throw new HttpError("bad_request", `No library ${id}`);
    }
    const user = ctx.services.users.create({
      username,
      password_hash: await hashPassword(body.password as string),
      is_admin: body.is_admin === true,
    });
    ctx.services.libraries.setAccess(user.id, libraryIds as string[]);
    return json({ ...user, library_ids: libraryIds }, 201);
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "List users with the libraries each may read",
    tags: ["users"],
    auth: "admin",
    responses: {
      200: { description: "Users", schema: listOf(UserSchema) },
      ...errorResponses(401, 403),
    },
  },
  POST: {
    summary: "Create a user",
    tags: ["users"],
    auth: "admin",
    body: {
      type: "object",
      required: ["username", "password"],
      properties: {
        username: { type: "string" },
        password: { type: "string", minLength: 8 },
        is_admin: { type: "boolean" },
        library_ids: { type: "array", items: { type: "string" } },
      },
    },
    responses: {
      201: { description: "Created", schema: UserSchema },
      ...errorResponses(400, 401, 403, 409),
    },
  },
};
