import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { compareRoutePatterns, isTestFile, routeFileInfo } from "./route_path.ts";

const routes: [string, string, boolean][] = [
  ["index.tsx", "/", true],
  ["login.tsx", "/login", true],
  ["admin/index.tsx", "/admin", true],
  ["libraries/[id].tsx", "/libraries/:id", false],
  ["api/items/[id]/stream.ts", "/api/items/:id/stream", false],
  ["api/items/[id]/index.ts", "/api/items/:id", false],
  ["static/[...path].ts", "/static/:path*", false],
  ["(pages)/about.tsx", "/about", true],
  ["api/openapi.json.ts", "/api/openapi.json", true],
];

for (const [file, pattern, isStatic] of routes) {
  Deno.test(`routeFileInfo() maps ${file} to ${pattern}`, () => {
    assertEquals(routeFileInfo(file), { kind: "route", pattern, isStatic });
  });
}

const specials: [string, string, string][] = [
  ["_app.tsx", "app", "/"],
  ["_404.tsx", "notFound", "/"],
  ["_error.tsx", "error", "/"],
  ["_middleware.ts", "middleware", "/"],
  ["api/_middleware.ts", "middleware", "/api"],
  ["admin/_layout.tsx", "layout", "/admin"],
  ["(group)/_layout.tsx", "layout", "/"],
];

for (const [file, kind, prefix] of specials) {
  Deno.test(`routeFileInfo() treats ${file} as the ${kind} of ${prefix}`, () => {
    const info = routeFileInfo(file);
    assertEquals([info.kind, info.pattern], [kind, prefix]);
  });
}

const invalid: [string, string][] = [
  ["readme.md", "extension"],
  ["_secret.tsx", "unknown special file"],
  ["items/[a][b].tsx", "one [param] per segment"],
  ["items/x[id].tsx", "one [param] per segment"],
  ["items/[1id].tsx", "one [param] per segment"],
];

for (const [file, message] of invalid) {
  Deno.test(`routeFileInfo() rejects ${file} with a SyntaxError`, () => {
    assertThrows(() => routeFileInfo(file), SyntaxError, message);
  });
}

Deno.test("isTestFile() recognises test modules, not routes that mention tests", () => {
  assertEquals(
    ["a_test.ts", "b.test.tsx", "dir/c_test.tsx", "test.ts", "latest.tsx", "tests/index.tsx"].map(
      isTestFile,
    ),
    [true, true, true, true, false, false],
  );
});

Deno.test("compareRoutePatterns() orders static before dynamic before catch-all", () => {
  const patterns = [
    "/static/:path*",
    "/items/:id",
    "/items/new",
    "/:slug",
    "/items/:id/stream",
    "/about",
    "/",
  ];
  assertEquals([...patterns].sort(compareRoutePatterns), [
    "/",
    "/about",
    "/items/new",
    "/items/:id",
    "/items/:id/stream",
    "/static/:path*",
    "/:slug",
  ]);
});
