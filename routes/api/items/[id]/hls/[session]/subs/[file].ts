import { HttpError } from "../../../../../../../lib/errors.ts";
import { PLAYLIST_MIME_TYPE } from "../../../../../../../lib/hls/playlist.ts";
import { SEGMENT_TARGET_S } from "../../../../../../../lib/playback/hls_job.ts";
import {
  subtitlePlaylist,
  subtitleSegments,
  subtitleSegmentVtt,
} from "../../../../../../../lib/subtitles/hls_subtitles.ts";
import { findTrack, subtitlesFor } from "../../../../../../../lib/subtitles/subtitles_for.ts";
import { readableSession, tokenQuery } from "../../../../../../../lib/web/hls_access.ts";
import { errorResponses } from "../../../../../../../lib/web/schemas.ts";
import type { Handlers, RouteModule } from "../../../../../../../lib/web/types.ts";

export const handler: Handlers = {
  async GET(ctx) {
    const session = await readableSession(ctx);
    const m = /^(\d{1,5})(?:\.m3u8|-(\d{1,6})\.vtt)$/.exec(ctx.params.file);
    const rendition = m && session.hls_subtitles.find((r) => r.index === Number(m[1]));
    if (!m || !rendition) throw new HttpError("not_found", "No such subtitle rendition");
    const duration = session.probe?.duration_ms ?? 0;
    const segments = subtitleSegments(duration, SEGMENT_TARGET_S);
    if (m[2] === undefined) {
      return new Response(subtitlePlaylist(segments, `${rendition.index}-`, tokenQuery(ctx)), {
        headers: { "content-type": PLAYLIST_MIME_TYPE, "cache-control": "no-cache" },
      });
    }
    const segment = segments[Number(m[2])];
    if (!segment) throw new HttpError("not_found", "No such subtitle segment");
    const { track, file } = findTrack(ctx.services.items, session.item_id, rendition.index);
    const cues = await subtitlesFor(ctx.services).cues(track, file);
    return new Response(subtitleSegmentVtt(cues, segment), {
      headers: {
        "content-type": "text/vtt; charset=utf-8",
        "cache-control": "private, max-age=3600",
        "x-content-type-options": "nosniff",
      },
    });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "WebVTT subtitle rendition of an HLS session: `{index}.m3u8` and its segments",
    description:
      "`index` is the item subtitle index. Segments follow a fixed 6 s grid and carry `X-TIMESTAMP-MAP` matching the session's video timestamps, so native HLS players (Safari, iOS) and hls.js align the cues.",
    tags: ["playback"],
    auth: "media",
    responses: {
      200: { description: "Playlist or WebVTT segment", content_type: PLAYLIST_MIME_TYPE },
      ...errorResponses(401, 404, 503),
    },
  },
};
