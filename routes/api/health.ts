import { json } from "../../lib/errors.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";

export const handler: Handlers = {
  GET({ services }) {
    const { ffmpeg, ffprobe, problems } = services.ffmpeg;
    return json({
      status: problems.length === 0 ? "ok" : "degraded",
      version: services.version,
      uptime_s: Math.round((Date.now() - services.started_at.getTime()) / 1000),
      setup_required: services.users.count() === 0,
      ffmpeg: ffmpeg && { path: ffmpeg.path, version: ffmpeg.version, source: ffmpeg.source },
      ffprobe: ffprobe && { path: ffprobe.path, version: ffprobe.version, source: ffprobe.source },
      problems,
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Server health: status, version, ffmpeg and what is missing",
    tags: ["system"],
    auth: "none",
    responses: {
      200: {
        description: "Health",
        schema: {
          type: "object",
          required: ["status", "version"],
          properties: {
            status: { enum: ["ok", "degraded"] },
            version: { type: "string" },
            setup_required: { type: "boolean" },
            ffmpeg: { type: ["object", "null"] },
            ffprobe: { type: ["object", "null"] },
            problems: { type: "array", items: { type: "string" } },
          },
        },
      },
    },
  },
};
