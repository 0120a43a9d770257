import { json } from "../../lib/errors.ts";
import { intParam, requireUser } from "../../lib/web/guards.ts";
import { errorResponses } from "../../lib/web/schemas.ts";
import { ItemWithUserDataSchema } from "../../lib/playstate/schemas.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const libraries = ctx.services.libraries.listForUser(user.id, user.is_admin);
    const limit = intParam(ctx.url, "limit", 20, 1, 100);
    return json(ctx.services.playState.home(user, libraries, limit));
  },
};

const items = { type: "array", items: ItemWithUserDataSchema };

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "The caller's home rows: continue watching, next up, recently added per library",
    description:
      "Continue watching: items with a resume point, not played, newest report first. Next up: per series with a played episode, the first unplayed episode after the furthest played one. Recently added: movies, episodes, albums and videos of each readable library, newest first.",
    tags: ["play state"],
    auth: "user",
    query: {
      limit: { description: "items per row (20, at most 100)", schema: { type: "integer" } },
    },
    responses: {
      200: {
        description: "The rows",
        schema: {
          type: "object",
          required: ["continue_watching", "next_up", "recently_added"],
          properties: {
            continue_watching: items,
            next_up: items,
            recently_added: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  library: {
                    type: "object",
                    properties: {
                      id: { type: "string" },
                      name: { type: "string" },
                      kind: { type: "string" },
                    },
                  },
                  items,
                },
              },
            },
          },
        },
      },
      ...errorResponses(400, 401),
    },
  },
};
