/** Static files: `/static/<path>` → `static/<path>` (CSS, icons, island bundles). */
import { serveStatic } from "../../lib/web/static_files.ts";
import type { Handlers } from "../../lib/web/types.ts";

export const handler: Handlers = {
  GET: (ctx) => serveStatic(ctx.req, ctx.params.path ?? ""),
};
