/**
 * The app: a `fetch(Request) → Response` function built from the route manifest, so tests call
 * it in-process and main.ts hands it to Deno.serve. It matches routes, runs `_middleware`
 * chains, resolves credentials, dispatches by method (HEAD from GET, automatic OPTIONS and 405)
 * and maps errors to `{error:{code,message}}` for the API or the error page for HTML.
 */
import { Router } from "./web/router.ts";
import { routeFileInfo } from "./web/route_path.ts";
import type {
  Handler,
  Handlers,
  Manifest,
  Method,
  RequestState,
  RouteContext,
  RouteModule,
} from "./web/types.ts";
import { METHODS } from "./web/types.ts";
import { errorResponse, HttpError, toErrorResponse } from "./errors.ts";
import type { Services } from "./services.ts";
import { renderErrorPage, renderPage } from "./web/render.tsx";

/** The app's request entry point. */
export interface App {
  fetch(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response>;
  /** The route patterns, in match order (for OpenAPI and tests). */
  routes: { pattern: string; file: string; module: RouteModule }[];
}

interface RouteEntry {
  file: string;
  pattern: string;
  module: RouteModule;
  middlewares: Handler[];
}

/** Builds the app from the manifest and the services. */
export function createApp(manifest: Manifest, services: Services): App {
  const router = new Router<RouteEntry>();
  const middlewares: { prefix: string; handler: Handler }[] = [];
  const routes: App["routes"] = [];
  const special: Partial<Record<"app" | "notFound" | "error", RouteModule>> = {};
  const layouts: { prefix: string; module: RouteModule }[] = [];

  for (const [file, module] of Object.entries(manifest.routes)) {
    const info = routeFileInfo(file.replace(/^\.\/routes\//, ""));
    if (info.kind === "middleware") {
      const h = module.handler;
      const list = Array.isArray(h) ? h : [h];
      for (const fn of list) {
        if (typeof fn !== "function") {
          throw new TypeError(`${file}: _middleware must export \`handler\` as a function`);
        }
        middlewares.push({ prefix: info.pattern, handler: fn });
      }
    } else if (info.kind === "layout") layouts.push({ prefix: info.pattern, module });
    else if (info.kind === "route") {
      validateModule(file, module);
      routes.push({ pattern: info.pattern, file, module });
    } else special[info.kind] = module;
  }
  middlewares.sort((a, b) => a.prefix.length - b.prefix.length);
  layouts.sort((a, b) => a.prefix.length - b.prefix.length);
  for (const r of routes) {
    router.add(r.pattern, {
      ...r,
      middlewares: middlewares.filter((m) => underPrefix(r.pattern, m.prefix)).map((m) =>
        m.handler
      ),
    });
  }

  const isApi = (path: string) => path === "/api" || path.startsWith("/api/");

  async function fetch(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    const url = new URL(req.url);
    const remoteAddr = info && "hostname" in info.remoteAddr
      ? info.remoteAddr.hostname
      : "127.0.0.1";
    const state: RequestState = {};
    const match = router.match(url.pathname);
    const ctxBase = { req, url, state, services, remoteAddr };
    try {
      const resolved = await services.auth.resolve(req, url);
      if (resolved) {
        state.user = resolved.user;
        state.auth_via = resolved.via;
        state.token = resolved.token;
      }
      if (!match) {
        if (isApi(url.pathname)) throw new HttpError("not_found", "No such endpoint");
        return await notFoundPage({ ...ctxBase, params: {} });
      }
      const entry = match.value;
      const chain = [...entry.middlewares, (ctx: RouteContext) => dispatch(entry, ctx)];
      let i = 0;
      const ctx: RouteContext = {
        ...ctxBase,
        params: match.params,
        next: () => {
          const fn = chain[i++];
          if (!fn) throw new Error("next() called past the end of the chain");
          return Promise.resolve(fn(ctx));
        },
        render: (data, init) => renderRoute(entry, ctx, data, init),
      };
      return await ctx.next();
    } catch (err) {
      if (isApi(url.pathname) || !(req.headers.get("accept") ?? "").includes("text/html")) {
        return toErrorResponse(err, (e) =>
          services.log.error("request failed", {
            method: req.method,
            path: url.pathname,
            error: e instanceof Error ? (e.stack ?? e.message) : String(e),
          }));
      }
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) {
        services.log.error("page failed", {
          path: url.pathname,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      }
      if (status === 401) {
        const next = encodeURIComponent(url.pathname + url.search);
        return new Response(null, { status: 303, headers: { location: `/login?next=${next}` } });
      }
      const message = err instanceof HttpError ? err.message : "Something went wrong";
      return renderErrorPage({ ...ctxBase, params: {} }, special, status, message);
    }
  }

  async function dispatch(entry: RouteEntry, ctx: RouteContext): Promise<Response> {
    const { handler } = entry.module;
    const method = ctx.req.method.toUpperCase();
    if (typeof handler === "function") return await handler(ctx);
    const handlers: Handlers = handler ?? {};
    const allowed = allowedMethods(entry.module);
    if (method === "OPTIONS") {
      return new Response(null, { status: 204, headers: { allow: allowed.join(", ") } });
    }
    let fn = handlers[method as Method];
    if (!fn && method === "GET" && entry.module.default) fn = (c) => c.render();
    if (!fn && method === "HEAD") {
      const get = handlers.GET ??
        (entry.module.default ? (c: RouteContext) => c.render() : undefined);
      if (get) {
        const res = await get(ctx);
        await res.body?.cancel(); // releases what the body holds, e.g. an open file
        return new Response(null, { status: res.status, headers: res.headers });
      }
    }
    if (!fn) {
      return errorResponse("method_not_allowed", `${method} is not allowed here`, {
        allow: allowed.join(", "),
      });
    }
    return await fn(ctx);
  }

  function renderRoute(
    entry: RouteEntry,
    ctx: RouteContext,
    data: unknown,
    init?: ResponseInit,
  ): Promise<Response> {
    const page = entry.module.default;
    if (!page) throw new Error(`${entry.file} has no default export to render`);
    const chain = layouts.filter((l) => underPrefix(entry.pattern, l.prefix)).map((l) =>
      l.module.default!
    );
    return renderPage(ctx, { app: special.app?.default, layouts: chain, page }, data, init);
  }

  function notFoundPage(ctx: Omit<RouteContext, "next" | "render">): Promise<Response> {
    return renderErrorPage(ctx, special, 404, "Page not found");
  }

  return { fetch, routes };
}

function underPrefix(pattern: string, prefix: string): boolean {
  return prefix === "/" || pattern === prefix || pattern.startsWith(prefix + "/");
}

/** The methods a route module answers, for Allow headers and OpenAPI. */
export function allowedMethods(module: RouteModule): string[] {
  const h = module.handler;
  if (typeof h === "function") return [...METHODS, "OPTIONS"];
  const set = new Set<string>(Object.keys(h ?? {}));
  if (module.default) set.add("GET");
  if (set.has("GET")) set.add("HEAD");
  set.add("OPTIONS");
  return [...METHODS.filter((m) => set.has(m)), "OPTIONS"];
}

function validateModule(file: string, module: RouteModule): void {
  const m = module as Record<string, unknown>;
  if ("handlers" in m) {
    throw new TypeError(
      `${file}: export \`handler\` (singular), e.g. export const handler = { GET(ctx) {…} }`,
    );
  }
  const h = module.handler;
  if (h !== undefined && typeof h !== "function") {
    for (const key of Object.keys(h)) {
      if (!(METHODS as readonly string[]).includes(key)) {
        throw new TypeError(
          `${file}: handler.${key} is not an HTTP method (${METHODS.join(", ")})`,
        );
      }
    }
  }
  if (h === undefined && module.default === undefined) {
    throw new TypeError(`${file}: a route exports \`handler\` and/or a default page component`);
  }
}
