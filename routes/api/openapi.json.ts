import { json } from "../../lib/errors.ts";
import { buildOpenApi } from "../../lib/web/openapi.ts";
import type { Handlers, RouteModule } from "../../lib/web/types.ts";
import manifest from "../../routes.gen.ts";

let cached: unknown;

export const handler: Handlers = {
  GET(ctx) {
    cached ??= buildOpenApi(manifest, ctx.services.version);
    return json(cached, 200, { "cache-control": "no-cache" });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "This API's OpenAPI 3.1 document, generated from the route definitions",
    tags: ["system"],
    auth: "none",
    responses: { 200: { description: "OpenAPI document" } },
  },
};
