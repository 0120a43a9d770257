import { json } from "../../lib/errors.ts";
import type { HwaccelReport } from "../../lib/media/hwaccel.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";

/**
 * The hardware acceleration report as health shows it: which methods this ffmpeg offers and
 * which really work, the one in use and why. Devices and test-encode errors name files on the
 * server, so only admins see them. Null while detection still runs.
 */
function hwaccelHealth(report: HwaccelReport | null, isAdmin: boolean) {
  if (!report) return null;
  return {
    selected: report.selected,
    reason: report.reason,
    methods: report.methods.map((m) => ({
      name: m.name,
      offered: m.offered,
      works: m.works,
      ...(isAdmin
        ? { device: m.device ?? null, error: m.error ?? null, encoders: m.encoders }
        : {}),
    })),
  };
}

export const handler: Handlers = {
  GET({ services, state }) {
    const { ffmpeg, ffprobe, problems } = services.ffmpeg;
    return json({
      status: problems.length === 0 ? "ok" : "degraded",
      version: services.version,
      uptime_s: Math.round((Date.now() - services.started_at.getTime()) / 1000),
      setup_required: services.users.count() === 0,
      ffmpeg: ffmpeg && { path: ffmpeg.path, version: ffmpeg.version, source: ffmpeg.source },
      ffprobe: ffprobe && { path: ffprobe.path, version: ffprobe.version, source: ffprobe.source },
      problems,
      hwaccel: hwaccelHealth(services.hwaccel.report, state.user?.is_admin === true),
      transcodes: services.hls?.stats() ?? null,
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Server health: status, version, ffmpeg, hardware acceleration, transcodes",
    description:
      "hwaccel is null while detection runs; device, error and encoders of each method are only shown to admins. transcodes is null without ffmpeg.",
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
            hwaccel: {
              type: ["object", "null"],
              properties: {
                selected: { type: "string" },
                reason: { type: "string" },
                methods: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["name", "offered", "works"],
                    properties: {
                      name: { type: "string" },
                      offered: { type: "boolean" },
                      works: { type: "boolean" },
                      device: { type: ["string", "null"] },
                      error: { type: ["string", "null"] },
                      encoders: { type: "array", items: { type: "string" } },
                    },
                  },
                },
              },
            },
            transcodes: {
              type: ["object", "null"],
              properties: {
                sessions: { type: "integer" },
                active_transcodes: { type: "integer" },
                max_transcodes: { type: "integer" },
                cache_bytes: { type: "integer" },
                cache_limit_bytes: { type: "integer" },
              },
            },
          },
        },
      },
    },
  },
};
