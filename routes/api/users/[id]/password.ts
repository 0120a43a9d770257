import { HttpError, json } from "../../../../lib/errors.ts";
import { passwordProblem } from "../../../../lib/auth/password.ts";
import { readJsonObject, requireUser } from "../../../../lib/web/guards.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";

export const handler: Handlers = {
  async PUT(ctx) {
    const me = requireUser(ctx);
    if (!me.is_admin && me.id !== ctx.params.id) {
      throw new HttpError("forbidden", "Only admins may set other users' passwords");
    }
    const user = ctx.services.users.get(ctx.params.id);
    if (!user) throw new HttpError("not_found", "User not found");
    const body = await readJsonObject(ctx);
    const problem = passwordProblem(body.password);
    if (problem) throw new HttpError("bad_request", problem);
    await ctx.services.auth.changePassword(user.id, body.password as string);
    return json({ ok: true });
  },
};

export const docs: RouteModule["docs"] = {
  PUT: {
    summary: "Set a user's password (admins: anyone; users: themselves); ends its sessions",
    tags: ["users"],
    auth: "user",
    body: {
      type: "object",
      required: ["password"],
      properties: { password: { type: "string", minLength: 8 } },
    },
    responses: { 200: { description: "Password set" }, ...errorResponses(400, 401, 403, 404) },
  },
};
