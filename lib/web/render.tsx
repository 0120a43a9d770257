/**
 * Server-side page rendering: the page component wrapped in its `_layout`s and `_app`, rendered
 * to HTML with preact-render-to-string. Pages are dynamic and per-user, so they are never cached.
 */
import type { ComponentType } from "preact";
import { renderToString } from "preact-render-to-string";
import type { PageProps, RouteContext, RouteModule } from "./types.ts";

/** The components that make up one page. */
export interface PageParts {
  app?: ComponentType<PageProps>;
  layouts: ComponentType<PageProps>[];
  page: ComponentType<PageProps>;
}

type BaseContext = Omit<RouteContext, "next" | "render">;

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
  const html = "<!DOCTYPE html>" + renderToString(<App {...base} Component={Inner} />);
  const headers = new Headers(init.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "same-origin");
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
