import { json } from "../../../lib/errors.ts";
import { readJsonObject, requireUser } from "../../../lib/web/guards.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import { UserSettingsSchema } from "../../../lib/playstate/schemas.ts";
import { parseUserSettings } from "../../../lib/playstate/user_settings.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    return json(ctx.services.playState.settings.get(user.id));
  },
  async PUT(ctx) {
    const user = requireUser(ctx);
    const repo = ctx.services.playState.settings;
    const next = parseUserSettings(await readJsonObject(ctx), repo.get(user.id));
    repo.put(user.id, next);
    return json(next);
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "The caller's playback preferences",
    tags: ["auth"],
    auth: "user",
    responses: {
      200: { description: "The settings", schema: UserSettingsSchema },
      ...errorResponses(401),
    },
  },
  PUT: {
    summary: "Change the caller's playback preferences (fields left out keep their value)",
    description:
      "Languages are codes or names (en, eng, English → eng) or null. The preferred audio language picks the audio track and the subtitle language a subtitle when the audio is in another language, unless the playback request chooses; max_bitrate_kbps caps every playback.",
    tags: ["auth"],
    auth: "user",
    body: { ...UserSettingsSchema, required: [] },
    responses: {
      200: { description: "The saved settings", schema: UserSettingsSchema },
      ...errorResponses(400, 401),
    },
  },
};
