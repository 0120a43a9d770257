import { assertEquals } from "../../tests/helpers/assert.ts";
import { IMMUTABLE, REVALIDATE, safeStaticPath, staticCacheControl } from "./static_files.ts";

const paths: [string, string[] | undefined][] = [
  ["style.css", ["style.css"]],
  ["img/logo.svg", ["img", "logo.svg"]],
  ["_rf/abc123/islands/Player.js", ["_rf", "abc123", "islands", "Player.js"]],
  ["", undefined],
  ["../deno.json", undefined],
  ["a/../../deno.json", undefined],
  ["./style.css", undefined],
  [".env", undefined],
  ["a/.git/config", undefined],
  ["a//b", undefined],
  ["a\\..\\b", undefined],
  ["a\0b", undefined],
  ["_rf/manifest.json", undefined],
  ["_rf", undefined],
];

for (const [rel, expected] of paths) {
  Deno.test(`safeStaticPath(${JSON.stringify(rel)}) → ${expected ? expected.join("/") : "refused"}`, () => {
    assertEquals(safeStaticPath(rel), expected);
  });
}

Deno.test("staticCacheControl() makes build output immutable and revalidates the rest", () => {
  const url = new URL("http://h/static/x");
  assertEquals(staticCacheControl(["_rf", "abc", "client", "boot.js"], url), IMMUTABLE);
  assertEquals(staticCacheControl(["style.css"], url), REVALIDATE);
  assertEquals(
    staticCacheControl(["style.css"], new URL("http://h/static/style.css?v=bogus")),
    REVALIDATE,
  );
});
