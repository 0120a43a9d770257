import { HttpError, json } from "../../lib/errors.ts";
import { hashPassword, passwordProblem } from "../../lib/auth/password.ts";
import { readJsonObject, stringField } from "../../lib/web/guards.ts";
import { errorResponses, UserSchema } from "../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";
import { usernameProblem } from "../../lib/auth/username.ts";

export const handler: Handlers = {
  async POST(ctx) {
    const body = await readJsonObject(ctx);
    const username = stringField(body, "username", 100).trim();
    const problem = usernameProblem(username) ?? passwordProblem(body.password);
    if (problem) throw new HttpError("bad_request", problem);
    if (ctx.services.users.count() > 0) {
      throw new HttpError("conflict", "Setup is done: an admin already exists");
    }
    const user = ctx.services.users.createFirst({
      username,
      password_hash: await hashPassword(body.password as string),
    });
    if (!user) throw new HttpError("conflict", "Setup is done: an admin already exists");
    ctx.services.log.info("first admin created", { username });
    return json(user, 201);
  },
};

export const docs: RouteModule["docs"] = {
  POST: {
    summary: "First-run setup: create the admin while no user exists",
    tags: ["auth"],
    auth: "none",
    body: {
      type: "object",
      required: ["username", "password"],
      properties: { username: { type: "string" }, password: { type: "string", minLength: 8 } },
    },
    responses: {
      201: { description: "Admin created", schema: UserSchema },
      ...errorResponses(400, 409),
    },
  },
};
