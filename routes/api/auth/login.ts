import { HttpError, json } from "../../../lib/errors.ts";
import { LoginError } from "../../../lib/auth/authenticator.ts";
import { readJsonObject, stringField } from "../../../lib/web/guards.ts";
import { errorResponses, UserSchema } from "../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  async POST(ctx) {
    const body = await readJsonObject(ctx);
    const username = stringField(body, "username", 100);
    const password = stringField(body, "password", 1024);
    try {
      const { token, user, expires_at } = await ctx.services.auth.login(
        username,
        password,
        ctx.remoteAddr,
        ctx.req.headers.get("user-agent") ?? undefined,
      );
      return json({ token, user_id: user.id, user, expires_at });
    } catch (err) {
      if (err instanceof LoginError) {
        throw new HttpError(
          err.code,
          err.message,
          err.retryAfterS ? { "retry-after": String(err.retryAfterS) } : {},
        );
      }
      throw err;
    }
  },
};

export const docs: RouteModule["docs"] = {
  POST: {
    summary: "Sign in with a user name and password; returns a bearer token",
    tags: ["auth"],
    auth: "none",
    body: {
      type: "object",
      required: ["username", "password"],
      properties: { username: { type: "string" }, password: { type: "string" } },
    },
    responses: {
      200: {
        description: "Signed in",
        schema: {
          type: "object",
          required: ["token", "user_id"],
          properties: {
            token: { type: "string" },
            user_id: { type: "string" },
            user: UserSchema,
            expires_at: { type: "string", format: "date-time" },
          },
        },
      },
      ...errorResponses(400, 401, 429),
    },
  },
};
