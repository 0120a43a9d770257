import { HttpError } from "../../../../../../../lib/errors.ts";
import {
  INIT_SEGMENT_NAME,
  PLAYLIST_MIME_TYPE,
  segmentMimeType,
} from "../../../../../../../lib/hls/playlist.ts";
import { serveFile } from "../../../../../../../lib/http/serve_file.ts";
import { readableSession, tokenQuery } from "../../../../../../../lib/web/hls_access.ts";
import { errorResponses } from "../../../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../../../lib/web/types.ts";

export const handler: Handlers = {
  async GET(ctx) {
    const session = await readableSession(ctx);
    const hls = ctx.services.hls;
    const hlsSession = hls?.get(session.id);
    if (!hls || !hlsSession) throw new HttpError("not_found", "Not an HLS playback session");
    const variant = /^v(\d{1,2})$/.exec(ctx.params.variant);
    if (!variant) throw new HttpError("not_found", "No such rendition");
    const v = Number(variant[1]);
    const file = ctx.params.file;
    const type = hlsSession.spec.segment_type;
    if (file === "main.m3u8") {
      return new Response(hls.mediaPlaylist(session.id, v, tokenQuery(ctx)), {
        headers: { "content-type": PLAYLIST_MIME_TYPE, "cache-control": "no-cache" },
      });
    }
    // The request's signal: a player that gives up on a segment does not keep us waiting.
    const signal = ctx.req.signal;
    let path: string;
    if (file === INIT_SEGMENT_NAME && type === "fmp4") {
      path = await hls.getInit(session.id, signal, v);
    } else {
      const m = /^(\d{1,6})\.(ts|m4s)$/.exec(file);
      if (!m || (m[2] === "ts") !== (type === "ts")) {
        throw new HttpError("not_found", "No such segment");
      }
      path = await hls.getSegment(session.id, Number(m[1]), signal, v);
    }
    return serveFile(ctx.req, path, {
      contentType: segmentMimeType(type),
      cacheControl: "private, max-age=3600",
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "HLS media playlist (main.m3u8), fMP4 init section or media segment of a rendition",
    description:
      "Segments are produced on demand: a request far ahead of the encoder, or behind it (a seek), restarts ffmpeg at that segment; a segment is served as soon as ffmpeg has finished it.",
    tags: ["playback"],
    auth: "media",
    responses: {
      200: { description: "Playlist or segment", content_type: "video/mp2t" },
      ...errorResponses(401, 404, 503),
    },
  },
};
