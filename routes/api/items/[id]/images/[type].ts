import { HttpError } from "../../../../../lib/errors.ts";
import { serveFile } from "../../../../../lib/http/serve_file.ts";
import { IMAGE_TYPES, type ImageType } from "../../../../../lib/metadata/local_images.ts";
import { clampWidth } from "../../../../../lib/images/resize_args.ts";
import { readableMediaItem } from "../../../../../lib/web/item_access.ts";
import { errorResponses } from "../../../../../lib/web/schemas.ts";
import type { Handler, Handlers, RouteModule } from "../../../../../lib/web/types.ts";

/** A year: the URL names the image's version, so the bytes behind it never change. */
const IMMUTABLE = "private, max-age=31536000, immutable";
const REVALIDATE = "private, max-age=3600";

const image: Handler = async (ctx) => {
  const { item } = await readableMediaItem(ctx, ctx.params.id);
  const type = ctx.params.type as ImageType;
  if (!IMAGE_TYPES.includes(type)) {
    throw new HttpError("not_found", `Unknown image type (use ${IMAGE_TYPES.join(", ")})`);
  }
  const q = ctx.url.searchParams;
  const index = Number(q.get("index") ?? "0");
  if (!Number.isInteger(index) || index < 0 || index > 999) {
    throw new HttpError("bad_request", "index must be a whole number from 0");
  }
  const widthParam = q.get("width") ?? q.get("w");
  const width = widthParam === null ? null : Number(widthParam);
  if (width !== null && (!Number.isFinite(width) || width <= 0)) {
    throw new HttpError("bad_request", "width must be a positive number");
  }
  const format = q.get("format") ?? "jpeg";
  if (format !== "jpeg" && format !== "webp") {
    throw new HttpError("bad_request", "format must be jpeg or webp");
  }
  const found = ctx.services.metadata.repo.image(item.id, type, index);
  if (!found) throw new HttpError("not_found", "Image not found");
  const rendered = await ctx.services.images.render(
    found,
    width === null ? null : clampWidth(width),
    format,
  );
  return serveFile(ctx.req, rendered.path, {
    contentType: rendered.contentType,
    etag: rendered.etag,
    cacheControl: q.get("tag") === found.tag ? IMMUTABLE : REVALIDATE,
    extraHeaders: { "x-content-type-options": "nosniff" },
  });
};

export const handler: Handlers = { GET: image, HEAD: image };

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "An item's image (primary, backdrop, logo, banner, thumb), resized on the server",
    description:
      "`width` is rounded up to 160, 320, 480, 720, 1080 or 1920 (never enlarged); without it the original is served. `format=webp` for WebP (default JPEG). `index` picks a backdrop. Item JSON `images` gives URLs carrying the image's version as `tag`: those answers may be kept for a year; others for an hour. Accepts `?t=` playback tokens and `?api_key=`.",
    tags: ["items"],
    auth: "user",
    responses: {
      200: { description: "The image (JPEG, PNG or WebP)" },
      304: { description: "Not modified (ETag)" },
      ...errorResponses(400, 401, 404),
    },
  },
};
