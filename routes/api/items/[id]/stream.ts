import { HttpError } from "../../../../lib/errors.ts";
import { FileNotFoundError, serveFile } from "../../../../lib/http/serve_file.ts";
import { contentTypeFor } from "../../../../lib/http/content_type.ts";
import { primaryOf } from "../../../../lib/db/items.ts";
import { readableMediaItem } from "../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../lib/web/schemas.ts";
import type { Handler, Handlers, RouteModule } from "../../../../lib/web/types.ts";

const stream: Handler = async (ctx) => {
  const { item } = await readableMediaItem(ctx, ctx.params.id);
  const files = ctx.services.items.files(item.id);
  const fileId = ctx.url.searchParams.get("file_id");
  const playable = files.filter((f) => f.file_class === "video" || f.file_class === "audio");
  const file = fileId ? playable.find((f) => f.id === fileId) : primaryOf(files);
  if (!file) {
    throw new HttpError("not_found", fileId ? "File not found" : "Item has no playable file");
  }
  try {
    return await serveFile(ctx.req, file.path, {
      contentType: contentTypeFor(file.path, file.probe?.container),
      cacheControl: "private, no-cache",
    });
  } catch (err) {
    if (err instanceof FileNotFoundError) {
      // The index knows the file but the disk does not have it now: an unmounted library or a
      // file removed since the last scan. Nothing is deleted here; the next scan decides.
      throw new HttpError("not_found", "Media file is not available (is the library offline?)");
    }
    throw err;
  }
};

export const handler: Handlers = { GET: stream, HEAD: stream };

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "Direct play: the original bytes, with RFC 9110 ranges and conditional requests",
    description:
      "Single, open-ended, suffix and multiple ranges (multipart/byteranges), 416 when unsatisfiable, strong ETag, If-None-Match/If-Range. HEAD answers the same headers. Accepts ?api_key= since players cannot set headers.",
    tags: ["playback"],
    auth: "media",
    query: {
      file_id: {
        description: "a specific file of the item (another part or version)",
        schema: { type: "string" },
      },
      api_key: { description: "a login token, for players", schema: { type: "string" } },
      t: { description: "a playback token from POST /playback", schema: { type: "string" } },
    },
    responses: {
      200: { description: "The whole file", content_type: "video/*" },
      206: {
        description: "One range, or several as multipart/byteranges",
        content_type: "video/*",
      },
      304: { description: "Not modified" },
      ...errorResponses(401, 404, 412, 416),
    },
  },
};
