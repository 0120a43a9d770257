/**
 * Builds the OpenAPI 3.1 document from the route modules themselves (their `handler` methods
 * and `docs`), so the published API cannot drift from the code.
 */
import { routeFileInfo } from "./route_path.ts";
import type { Manifest, Method, OperationDocs } from "./types.ts";
import { ErrorSchema } from "./schemas.ts";

/** Methods documented in OpenAPI (HEAD is implied by GET). */
const DOC_METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A route method that has no docs; a test asserts there are none. */
export interface UndocumentedOperation {
  file: string;
  method: string;
}

/** Lists API route methods without `docs` (or docs without a handler). */
export function undocumentedOperations(manifest: Manifest): UndocumentedOperation[] {
  const out: UndocumentedOperation[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    const info = routeFileInfo(file.replace(/^\.\/routes\//, ""));
    if (info.kind !== "route" || !info.pattern.startsWith("/api/")) continue;
    const h = mod.handler;
    const methods = typeof h === "function" ? ["*"] : Object.keys(h ?? {});
    for (const m of methods) {
      if (m === "HEAD") continue;
      if (!mod.docs?.[m as Method]) out.push({ file, method: m });
    }
    for (const m of Object.keys(mod.docs ?? {})) {
      if (!methods.includes(m)) out.push({ file, method: `${m} (docs without handler)` });
    }
  }
  return out;
}

/** The OpenAPI 3.1 document of every `/api/` route. */
export function buildOpenApi(manifest: Manifest, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [file, mod] of Object.entries(manifest.routes)) {
    const info = routeFileInfo(file.replace(/^\.\/routes\//, ""));
    if (info.kind !== "route" || !info.pattern.startsWith("/api/")) continue;
    const path = info.pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)\*?/g, "{$1}");
    const params = [...info.pattern.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const item: Record<string, unknown> = {};
    for (const method of DOC_METHODS) {
      const d = mod.docs?.[method];
      if (d) item[method.toLowerCase()] = operation(d, params, method, path);
    }
    if (Object.keys(item).length) paths[path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Rustfin API",
      version,
      description:
        "JSON API of Rustfin. Errors are {error:{code,message}}. Times in ms, sizes in bytes, bitrates in kbit/s.",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        api_key: { type: "apiKey", in: "query", name: "api_key" },
        cookie: { type: "apiKey", in: "cookie", name: "rustfin_session" },
      },
      schemas: { Error: ErrorSchema },
    },
    paths,
  };
}

function operation(
  d: OperationDocs,
  pathParams: Record<string, unknown>[],
  method: string,
  path: string,
): Record<string, unknown> {
  const parameters = [
    ...pathParams,
    ...Object.entries(d.query ?? {}).map(([name, q]) => ({
      name,
      in: "query",
      required: q.required ?? false,
      description: q.description,
      schema: q.schema,
    })),
  ];
  const security = d.auth === "none"
    ? []
    : d.auth === "media"
    ? [{ bearer: [] }, { api_key: [] }, { cookie: [] }]
    : [{ bearer: [] }, { cookie: [] }];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(d.responses)) {
    const type = r.content_type ?? "application/json";
    responses[status] = r.schema || r.content_type
      ? { description: r.description, content: { [type]: r.schema ? { schema: r.schema } : {} } }
      : { description: r.description };
  }
  return {
    operationId: `${method.toLowerCase()}${
      path.replace(/[{}]/g, "").split(/[\/._-]/).filter(Boolean).map((s) =>
        s[0].toUpperCase() + s.slice(1)
      ).join("")
    }`,
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    ...(d.tags ? { tags: d.tags } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(d.body
      ? { requestBody: { required: true, content: { "application/json": { schema: d.body } } } }
      : {}),
    security,
    "x-auth": d.auth,
    responses,
  };
}
