import { assertEquals, assertStringIncludes } from "../../tests/helpers/assert.ts";
import { isSameOrigin, loginCookie, logoutCookie, safeNext } from "./forms.ts";

const nexts: [string | null, string][] = [
  [null, "/"],
  ["", "/"],
  ["/", "/"],
  ["/libraries/abc?q=x#top", "/libraries/abc?q=x#top"],
  ["/admin", "/admin"],
  ["//evil.example", "/"],
  ["///evil.example", "/"],
  ["/\\evil.example", "/"],
  ["/\t/evil.example", "/"],
  ["/\n/evil.example", "/"],
  ["https://evil.example/", "/"],
  ["javascript:alert(1)", "/"],
  ["evil.example", "/"],
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/a/../../b", "/b"],
];

for (const [raw, expected] of nexts) {
  Deno.test(`safeNext(${JSON.stringify(raw)}) → ${expected}`, () => {
    assertEquals(safeNext(raw), expected);
  });
}

const origins: [string, Record<string, string>, boolean][] = [
  ["no Origin or Sec-Fetch-Site (curl)", {}, true],
  ["matching Origin", { origin: "http://host:8096" }, true],
  ["other Origin", { origin: "http://evil.example" }, false],
  ["other port", { origin: "http://host:9000" }, false],
  ["opaque Origin", { origin: "null" }, false],
  ["same-origin fetch metadata", { "sec-fetch-site": "same-origin" }, true],
  ["cross-site fetch metadata", { "sec-fetch-site": "cross-site" }, false],
  ["same-site fetch metadata", { "sec-fetch-site": "same-site" }, false],
];

for (const [name, headers, ok] of origins) {
  Deno.test(`isSameOrigin() is ${ok} for ${name}`, () => {
    const req = new Request("http://host:8096/login", { method: "POST", headers });
    assertEquals(isSameOrigin(req, new URL(req.url)), ok);
  });
}

Deno.test("loginCookie() is HttpOnly, SameSite=Lax, and Secure only over HTTPS", () => {
  const plain = loginCookie("tok", new URL("http://h/"));
  assertStringIncludes(plain, "rustfin_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=");
  assertEquals(plain.includes("Secure"), false);
  assertStringIncludes(loginCookie("tok", new URL("https://h/")), "; Secure");
});

Deno.test("logoutCookie() expires the session cookie", () => {
  assertStringIncludes(logoutCookie(new URL("http://h/")), "rustfin_session=; Path=/");
  assertStringIncludes(logoutCookie(new URL("http://h/")), "Max-Age=0");
});
