import { HttpError } from "../../../../../lib/errors.ts";
import { serveBytes } from "../../../../../lib/http/serve_file.ts";
import { subtitleFormat } from "../../../../../lib/playback/codecs.ts";
import { findTrack, subtitlesFor } from "../../../../../lib/subtitles/subtitles_for.ts";
import { readableMediaItem } from "../../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../../lib/web/schemas.ts";
import type { Handler, Handlers, RouteModule } from "../../../../../lib/web/types.ts";

const ORIGINAL_TYPES: Record<string, { format: string; type: string }> = {
  srt: { format: "subrip", type: "application/x-subrip; charset=utf-8" },
  ass: { format: "ass", type: "text/x-ssa; charset=utf-8" },
};

const subtitle: Handler = async (ctx) => {
  const { item } = await readableMediaItem(ctx, ctx.params.id);
  const m = /^(\d{1,5})\.(vtt|srt|ass)$/.exec(ctx.params.file);
  if (!m) throw new HttpError("not_found", "Subtitle not found (use {index}.vtt, .srt or .ass)");
  const { track, file } = findTrack(ctx.services.items, item.id, Number(m[1]));
  const store = subtitlesFor(ctx.services);
  const tag = `${file.id}-${file.size_bytes}-${Math.round(file.mtime_ms)}`;
  if (m[2] === "vtt") {
    const { bytes, etag } = await store.vtt(track, file);
    return serveBytes(ctx.req, new Uint8Array(bytes), {
      contentType: "text/vtt; charset=utf-8",
      cacheControl: "private, no-cache",
      etag,
      extraHeaders: { "access-control-allow-origin": "*" },
    });
  }
  const want = ORIGINAL_TYPES[m[2]];
  if (subtitleFormat(track.format) !== want.format) {
    throw new HttpError("not_found", `Subtitle ${track.index} is not available as .${m[2]}`);
  }
  // The original, decoded and served as UTF-8 so no client sees mojibake.
  const text = await store.text(track, file);
  return serveBytes(ctx.req, new TextEncoder().encode(text.text), {
    contentType: want.type,
    cacheControl: "private, no-cache",
    etag: `"sub-${tag}-${track.index}-${m[2]}"`,
  });
};

export const handler: Handlers = { GET: subtitle, HEAD: subtitle };

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "A subtitle track as WebVTT (`{index}.vtt`), or its original SubRip/ASS text",
    description:
      "`index` is the position in the item's `subtitles` list. Text tracks (sidecar or embedded subrip, ass, mov_text, webvtt) are converted once and cached; embedded tracks are extracted from the media file on first request. `.srt`/`.ass` return the original text (as UTF-8) when the track is in that format. Image subtitles (PGS, VobSub, DVB) answer 400: they are burned into the video during a transcode. Accepts `?t=` playback tokens and `?api_key=`.",
    tags: ["playback"],
    auth: "media",
    query: {
      t: { description: "a playback token from POST /playback", schema: { type: "string" } },
      api_key: { description: "a login token, for players", schema: { type: "string" } },
    },
    responses: {
      200: { description: "The subtitle text", content_type: "text/vtt" },
      304: { description: "Not modified" },
      ...errorResponses(400, 401, 404, 503),
    },
  },
};
