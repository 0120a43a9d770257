import { json } from "../../../../lib/errors.ts";
import { itemToJson } from "../../../../lib/db/items.ts";
import { readableItem } from "../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import { ItemWithUserDataSchema } from "../../../../lib/playstate/schemas.ts";
import type { Handlers, RouteModule } from "../../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    const { item, user } = readableItem(ctx, ctx.params.id);
    const files = ctx.services.items.files(item.id);
    const body = itemToJson(item, { isAdmin: user.is_admin, files });
    return json({ ...body, user_data: ctx.services.playState.userDataOf(user, item) });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "One item with its streams (from ffprobe), subtitles and files",
    tags: ["items"],
    auth: "user",
    responses: {
      200: { description: "The item", schema: ItemWithUserDataSchema },
      ...errorResponses(401, 404),
    },
  },
};
