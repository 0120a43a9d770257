import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { Router } from "./router.ts";

function router(): Router<string> {
  const r = new Router<string>();
  for (
    const p of [
      "/",
      "/login",
      "/items/:id",
      "/items/new",
      "/items/:id/stream",
      "/libraries/:id",
      "/static/:path*",
      "/api/users/:id/access",
    ]
  ) r.add(p, p);
  return r;
}

const matches: [string, string | undefined, Record<string, string>][] = [
  ["/", "/", {}],
  ["/login", "/login", {}],
  ["/login/", "/login", {}],
  ["/items/abc123", "/items/:id", { id: "abc123" }],
  ["/items/abc123/", "/items/:id", { id: "abc123" }],
  ["/items/new", "/items/new", {}],
  ["/items/abc/stream", "/items/:id/stream", { id: "abc" }],
  ["/items/a%20b", "/items/:id", { id: "a b" }],
  ["/items/%3Cscript%3E", "/items/:id", { id: "<script>" }],
  ["/api/users/u1/access", "/api/users/:id/access", { id: "u1" }],
  ["/static/style.css", "/static/:path*", { path: "style.css" }],
  ["/static/_rf/abc/islands/Player.js", "/static/:path*", { path: "_rf/abc/islands/Player.js" }],
  ["/nope", undefined, {}],
  ["/items", undefined, {}],
  ["/items/a/b", undefined, {}],
  ["/LOGIN", undefined, {}],
  ["/items/%E0%A4%A", undefined, {}],
];

for (const [path, pattern, params] of matches) {
  Deno.test(`Router.match("${path}") → ${pattern ?? "no route (404)"}`, () => {
    const m = router().match(path);
    if (pattern === undefined) {
      assertEquals(m, undefined);
      return;
    }
    assertEquals(m && { value: m.value, pattern: m.pattern, params: m.params }, {
      value: pattern,
      pattern,
      params,
    });
  });
}

Deno.test("Router prefers a static route over a dynamic one whatever the insertion order", () => {
  const r = new Router<string>();
  r.add("/items/:id", "dynamic");
  r.add("/items/new", "static");
  assertEquals(r.match("/items/new")?.value, "static");
  assertEquals(r.match("/items/old")?.value, "dynamic");
});

Deno.test("Router prefers deeper static segments over earlier parameters", () => {
  const r = new Router<string>();
  r.add("/:a/:b", "both");
  r.add("/:a/edit", "edit");
  r.add("/x/:b", "x");
  assertEquals(r.match("/x/edit")?.value, "x");
  assertEquals(r.match("/y/edit")?.value, "edit");
  assertEquals(r.match("/y/z")?.value, "both");
});

Deno.test("Router tries a catch-all last", () => {
  const r = new Router<string>();
  r.add("/:rest*", "catch-all");
  r.add("/about", "about");
  r.add("/:page", "page");
  assertEquals(r.match("/about")?.value, "about");
  assertEquals(r.match("/faq")?.value, "page");
  assertEquals(r.match("/a/b/c")?.value, "catch-all");
});

Deno.test("Router refuses two routes for one pattern", () => {
  const r = new Router<string>();
  r.add("/a", "1");
  r.add("/b/:id", "1");
  assertThrows(() => r.add("/a", "2"), Error, "Two routes");
  assertThrows(() => r.add("/b/:id", "2"), Error, "Two routes");
});

Deno.test("Router.patterns() lists static routes, then dynamic ones in match order", () => {
  const r = new Router<string>();
  r.add("/static/:path*", "");
  r.add("/items/:id", "");
  r.add("/", "");
  assertEquals(r.patterns(), ["/", "/items/:id", "/static/:path*"]);
});
