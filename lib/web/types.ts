/**
 * The contract between route modules and the app (Fresh conventions, one `ctx` argument as in
 * Fresh 2). A route module exports `handler` (a function, or `{GET, POST, …}`) and/or a default
 * page component; API modules also export `docs`, from which /api/openapi.json is generated.
 */
import type { ComponentType } from "preact";
import type { Services } from "../services.ts";
import type { User } from "../db/users.ts";

/** Per-request state filled by the app and middlewares. */
export interface RequestState {
  /** The signed-in user, when the request carries valid credentials. */
  user?: User;
  /** How the user authenticated. */
  auth_via?: "bearer" | "api_key" | "cookie";
  /** The raw token, when one was presented (for logout). */
  token?: string;
  [key: string]: unknown;
}

/** What a handler or middleware receives. */
export interface RouteContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
  state: RequestState;
  services: Services;
  /** The client's address (for rate limiting and logs). */
  remoteAddr: string;
  /** Middlewares: runs the rest of the chain. Handlers: renders the page with no data. */
  next(): Promise<Response>;
  /** Renders this route's page component with `data` as `props.data`. */
  render(data?: unknown, init?: ResponseInit): Promise<Response>;
}

/** A request handler. */
export type Handler = (ctx: RouteContext) => Response | Promise<Response>;

/** HTTP methods a route may handle. */
export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
/** One of {@link METHODS}. */
export type Method = typeof METHODS[number];

/** Per-method handlers. */
export type Handlers = Partial<Record<Method, Handler>>;

/** Props a page component receives. */
export interface PageProps<T = unknown> {
  data: T;
  url: URL;
  params: Record<string, string>;
  state: RequestState;
  /** Inside `_app`/`_layout`: the wrapped page. */
  Component: ComponentType<Record<string, never>>;
}

/** OpenAPI description of one operation (a minimal, typed subset of OpenAPI 3.1). */
export interface OperationDocs {
  summary: string;
  description?: string;
  tags?: string[];
  /** Who may call it: no credentials, any user, admins, or media credential (incl. api_key). */
  auth: "none" | "user" | "admin" | "media";
  query?: Record<string, ParamDocs>;
  /** JSON Schema of the request body. */
  body?: JsonSchema;
  /** Status → description and optional JSON Schema (or a content type for non-JSON bodies). */
  responses: Record<number, { description: string; schema?: JsonSchema; content_type?: string }>;
}

/** A query parameter's documentation. */
export interface ParamDocs {
  description: string;
  schema: JsonSchema;
  required?: boolean;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses). */
export type JsonSchema = Record<string, unknown>;

/** A module under routes/. */
export interface RouteModule {
  handler?: Handler | Handlers;
  default?: ComponentType<PageProps>;
  docs?: Partial<Record<Method, OperationDocs>>;
}

/** The generated manifest (routes.gen.ts). */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, Record<string, unknown>>;
}
