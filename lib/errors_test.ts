import { assertEquals } from "../tests/helpers/assert.ts";
import { HttpError, toErrorResponse } from "./errors.ts";

const cases: [string, unknown, number, string, string | null][] = [
  ["HttpError keeps status and code", new HttpError("forbidden", "No"), 403, "forbidden", null],
  [
    "a domain error with a known code maps to its status",
    Object.assign(new Error("Item not found"), { code: "not_found" }),
    404,
    "not_found",
    null,
  ],
  [
    "transcode_limit answers 503 with Retry-After",
    Object.assign(new Error("Too many transcodes"), { code: "transcode_limit", retry_after_s: 5 }),
    503,
    "transcode_limit",
    "5",
  ],
  [
    "an unknown code is a hidden 500",
    Object.assign(new Error("ENOENT /secret/path"), { code: "ENOENT" }),
    500,
    "internal",
    null,
  ],
  ["a plain error is a hidden 500", new TypeError("x is undefined"), 500, "internal", null],
];

for (const [name, err, status, code, retry] of cases) {
  Deno.test(`toErrorResponse(): ${name}`, async () => {
    const logged: unknown[] = [];
    const res = toErrorResponse(err, (e) => logged.push(e));
    assertEquals(res.status, status);
    const body = await res.json();
    assertEquals(body.error.code, code);
    assertEquals(res.headers.get("retry-after"), retry);
    if (status >= 500) assertEquals(logged, [err], "5xx causes are logged");
    if (code === "internal" && !(err as { code?: string }).code?.startsWith("transcode")) {
      assertEquals(body.error.message, "Internal server error", "causes are not shown");
    }
  });
}
