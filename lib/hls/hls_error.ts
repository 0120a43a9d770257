/**
 * The domain error of the HLS layer. Its `code` is one of the API error codes (lib/errors.ts), so
 * the HTTP layer maps it to a status without knowing HLS; messages never contain paths.
 */

/** Codes the HLS layer raises. */
export type HlsErrorCode = "transcode_limit" | "internal" | "not_found" | "bad_request";

/** An HLS failure with an API error code and, for `transcode_limit`, a retry hint. */
export class HlsError extends Error {
  constructor(
    readonly code: HlsErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (the `Retry-After` header). */
    readonly retry_after_s?: number,
  ) {
    super(message);
    this.name = "HlsError";
  }
}
