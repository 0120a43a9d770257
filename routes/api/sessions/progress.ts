import { HttpError, json } from "../../../lib/errors.ts";
import { readJsonObject, stringField } from "../../../lib/web/guards.ts";
import { readableItem } from "../../../lib/web/item_access.ts";
import { errorResponses } from "../../../lib/web/schemas.ts";
import { UserDataSchema } from "../../../lib/playstate/schemas.ts";
import { PROGRESS_EVENTS, type ProgressEvent } from "../../../lib/playstate/play_state_service.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

export const handler: Handlers = {
  async POST(ctx) {
    const body = await readJsonObject(ctx);
    const { item, user } = readableItem(ctx, stringField(body, "item_id", 64));
    const pos = body.position_ms;
    if (typeof pos !== "number" || !Number.isFinite(pos) || pos < 0 || pos > 1e10) {
      throw new HttpError("bad_request", '"position_ms" must be a number of milliseconds ≥ 0');
    }
    if (body.paused !== undefined && typeof body.paused !== "boolean") {
      throw new HttpError("bad_request", '"paused" must be true or false');
    }
    const event = body.event ?? "progress";
    if (!(PROGRESS_EVENTS as readonly unknown[]).includes(event)) {
      throw new HttpError("bad_request", `"event" must be one of ${PROGRESS_EVENTS.join(", ")}`);
    }
    const sessionId = body.session_id === undefined || body.session_id === null
      ? undefined
      : stringField(body, "session_id", 64);
    const result = await ctx.services.playState.report(user, item, {
      position_ms: Math.trunc(pos),
      paused: body.paused as boolean | undefined,
      session_id: sessionId,
      event: event as ProgressEvent,
    });
    return json(result);
  },
};

export const docs: RouteModule["docs"] = {
  POST: {
    summary: "Report playback progress (every 10 s and on pause, seek and stop)",
    description:
      'Stores the resume point by the resume rules (none under 5 % or for items under 5 minutes; played and cleared over 90 % or in the last minute). With the playback\'s session_id the live session is updated; event "stop" ends it and its transcode.',
    tags: ["sessions"],
    auth: "user",
    body: {
      type: "object",
      required: ["item_id", "position_ms"],
      properties: {
        item_id: { type: "string" },
        position_ms: { type: "integer", minimum: 0 },
        paused: { type: "boolean" },
        session_id: { type: "string", description: "from POST /api/items/{id}/playback" },
        event: { enum: [...PROGRESS_EVENTS] },
      },
    },
    responses: {
      200: {
        description: "The stored state",
        schema: {
          type: "object",
          properties: { user_data: UserDataSchema, session_active: { type: "boolean" } },
        },
      },
      ...errorResponses(400, 401, 404),
    },
  },
};
