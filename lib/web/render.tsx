/**
 * Server-side page rendering: the page component wrapped in its `_layout`s and `_app`, rendered
 * to HTML with preact-render-to-string. Islands rendered on the way are marked and get their
 * props script and boot script before `</body>` (lib/web/islands.ts); pages without islands get
 * no JavaScript. Pages are dynamic and per-user, so they are never cached.
 */
import type { ComponentType } from "preact";
import { renderToString } from "preact-render-to-string";
import type { PageProps, RouteContext, RouteModule } from "./types.ts";
import {
  type IslandRegistry,
  islandRegistry,
  islandTags,
  loadIslandAssets,
  modulepreloadLink,
  renderWithIslands,
} from "./islands.ts";
import manifest from "../../routes.gen.ts";

/** The components that make up one page. */
export interface PageParts {
  app?: ComponentType<PageProps>;
  layouts: ComponentType<PageProps>[];
  page: ComponentType<PageProps>;
}

type BaseContext = Omit<RouteContext, "next" | "render">;

/**
 * Content-Security-Policy of every page: scripts only from this origin and never inline (the
 * islands' boot script is a file), so markup that slipped through escaping could not run.
 * Inline `style` attributes stay allowed for the generated poster placeholders; `blob:` media
 * and workers are what hls.js uses.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// Built on first use rather than at import: routes.gen.ts imports the routes, which import
// modules that import this one, so the manifest may still be loading while this module loads.
let registry: IslandRegistry | undefined;

/** Renders a page with `data` to a complete HTML response. */
export function renderPage(
  ctx: BaseContext,
  parts: PageParts,
  data: unknown,
  init: ResponseInit = {},
): Promise<Response> {
  const base = { data, url: ctx.url, params: ctx.params, state: ctx.state };
  let Inner: ComponentType<Record<string, never>> = () => (
    <parts.page
      {...base}
      Component={Empty}
    />
  );
  for (const Layout of [...parts.layouts].reverse()) {
    const Wrapped = Inner;
    Inner = () => <Layout {...base} Component={Wrapped} />;
  }
  const App = parts.app ?? DefaultApp;
  registry ??= islandRegistry(manifest.islands);
  const { result, islands } = renderWithIslands(
    registry,
    () => renderToString(<App {...base} Component={Inner} />),
  );
  const tags = islandTags(islands, loadIslandAssets());
  let html = "<!DOCTYPE html>" + result;
  if (tags.html) {
    const at = html.lastIndexOf("</body>");
    html = at < 0 ? html + tags.html : html.slice(0, at) + tags.html + html.slice(at);
  }
  const headers = new Headers(init.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "same-origin");
  if (!headers.has("content-security-policy")) headers.set("content-security-policy", PAGE_CSP);
  if (tags.preload.length > 0) headers.append("link", modulepreloadLink(tags.preload));
  return Promise.resolve(new Response(html, { status: init.status ?? 200, headers }));
}

/** Renders the `_404` or `_error` page (or a plain fallback) with a status. */
export function renderErrorPage(
  ctx: BaseContext,
  special: Partial<Record<"app" | "notFound" | "error", RouteModule>>,
  status: number,
  message: string,
): Promise<Response> {
  const page = (status === 404 ? special.notFound?.default : undefined) ?? special.error?.default ??
    FallbackError;
  return renderPage(ctx, { app: special.app?.default, layouts: [], page }, { status, message }, {
    status,
  });
}

const Empty = () => null;

function DefaultApp({ Component }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Rustfin</title>
      </head>
      <body>
        <Component />
      </body>
    </html>
  );
}

function FallbackError({ data }: PageProps) {
  const { status, message } = data as { status: number; message: string };
  return (
    <main>
      <h1>{status}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Home</a>
      </p>
    </main>
  );
}
