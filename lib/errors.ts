/**
 * The one status-bearing error type, and the mapping of errors to `{error:{code,message}}`
 * responses (docs/api.md). Messages shown to clients never contain filesystem paths.
 */

/** The closed set of error codes of the API. */
export const ERROR_CODES = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  range_not_satisfiable: 416,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  transcode_limit: 503,
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error that becomes an HTTP response with its status and code. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: HeadersInit = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = ERROR_CODES[code];
  }
}

/** A JSON response with the right content type. */
export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  if (!h.has("cache-control")) h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** The `{error:{code,message}}` response for a code. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  headers: HeadersInit = {},
): Response {
  return json({ error: { code, message } }, ERROR_CODES[code], headers);
}

/**
 * Maps any thrown value to a response: HttpError keeps its status; domain errors of lib/ with a
 * known `code` map to it (their messages are client-safe by convention: no paths), and a
 * `retry_after_s` becomes Retry-After; everything else is a 500 whose cause is logged, not shown.
 * 5xx causes are always logged.
 */
export function toErrorResponse(err: unknown, log?: (e: unknown) => void): Response {
  if (err instanceof HttpError) {
    if (err.status >= 500) log?.(err);
    return errorResponse(err.code, err.message, err.headers);
  }
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && Object.hasOwn(ERROR_CODES, code)) {
    const status = ERROR_CODES[code as ErrorCode];
    if (status >= 500) log?.(err);
    const retry = (err as { retry_after_s?: unknown }).retry_after_s;
    const headers: HeadersInit = typeof retry === "number" ? { "retry-after": String(retry) } : {};
    return errorResponse(code as ErrorCode, (err as Error).message, headers);
  }
  log?.(err);
  return errorResponse("internal", "Internal server error");
}
