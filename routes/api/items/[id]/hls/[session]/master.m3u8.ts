import { HttpError } from "../../../../../../lib/errors.ts";
import { PLAYLIST_MIME_TYPE } from "../../../../../../lib/hls/playlist.ts";
import { masterSubtitleGroup } from "../../../../../../lib/subtitles/hls_subtitles.ts";
import { readableSession, tokenQuery } from "../../../../../../lib/web/hls_access.ts";
import { errorResponses } from "../../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../../lib/web/types.ts";

export const handler: Handlers = {
  async GET(ctx) {
    const session = await readableSession(ctx);
    const hls = ctx.services.hls;
    if (!hls?.get(session.id)) throw new HttpError("not_found", "Not an HLS playback session");
    const subtitles = masterSubtitleGroup(session.hls_subtitles);
    return new Response(hls.masterPlaylist(session.id, tokenQuery(ctx), subtitles), {
      headers: { "content-type": PLAYLIST_MIME_TYPE, "cache-control": "no-cache" },
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "HLS master playlist of a playback session",
    tags: ["playback"],
    auth: "media",
    responses: {
      200: { description: "Master playlist", content_type: PLAYLIST_MIME_TYPE },
      ...errorResponses(401, 404),
    },
  },
};
