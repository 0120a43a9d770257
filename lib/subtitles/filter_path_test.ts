import { assertEquals } from "../../tests/helpers/assert.ts";
import { escapeFilterPath } from "./filter_path.ts";

Deno.test("escapeFilterPath() escapes option and graph specials in that order", () => {
  const cases: [string, string][] = [
    ["/media/movie.mkv", "/media/movie.mkv"],
    ["/m/a b.mkv", "/m/a b.mkv"],
    ["/m/a:b.mkv", "/m/a\\\\:b.mkv"],
    ["/m/it's.mkv", "/m/it\\\\\\'s.mkv"],
    ["/m/a,b.mkv", "/m/a\\,b.mkv"],
    ["/m/[x].mkv", "/m/\\[x\\].mkv"],
    ["/m/a;b.mkv", "/m/a\\;b.mkv"],
    ["/m/100%.mkv", "/m/100%.mkv"],
    ["C:\\m\\x.mkv", "C\\\\:\\\\\\\\m\\\\\\\\x.mkv"],
    ["/m/日本語 é.mkv", "/m/日本語 é.mkv"],
  ];
  for (const [path, want] of cases) assertEquals(escapeFilterPath(path), want, path);
});
