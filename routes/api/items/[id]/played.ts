import { json } from "../../../../lib/errors.ts";
import { readableItem } from "../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import { UserDataSchema } from "../../../../lib/playstate/schemas.ts";
import type { Handlers, OperationDocs, RouteModule } from "../../../../lib/web/types.ts";

export const handler: Handlers = {
  POST(ctx) {
    const { item, user } = readableItem(ctx, ctx.params.id);
    return json({ user_data: ctx.services.playState.mark(user, item, true) });
  },
  DELETE(ctx) {
    const { item, user } = readableItem(ctx, ctx.params.id);
    return json({ user_data: ctx.services.playState.mark(user, item, false) });
  },
};

const doc = (summary: string): OperationDocs => ({
  summary,
  description:
    "A series or season applies to its episodes, an album or artist to its tracks. Only the caller's state changes.",
  tags: ["play state"],
  auth: "user",
  responses: {
    200: {
      description: "The item's new state",
      schema: { type: "object", properties: { user_data: UserDataSchema } },
    },
    ...errorResponses(401, 404),
  },
});

export const docs: RouteModule["docs"] = {
  POST: doc("Mark an item played (clears its resume point)"),
  DELETE: doc("Mark an item unplayed (clears its resume point)"),
};
