import { assertEquals } from "../tests/helpers/assert.ts";
import { HttpError } from "./errors.ts";
import { type LibraryChange, planLibraryChange } from "./library_admin.ts";

const current = { name: "Movies", path: "/srv/movies", kind: "movies" as const };

const ok: [string, Record<string, unknown>, LibraryChange][] = [
  ["empty body changes nothing", {}, {}],
  ["a new name, trimmed", { name: "  Films " }, { name: "Films" }],
  ["a case-only rename is a change", { name: "movies" }, { name: "movies" }],
  ["the same name is no change", { name: "Movies" }, {}],
  ["a new folder, trailing slashes dropped", { path: "/mnt/films//" }, { path: "/mnt/films" }],
  ["the same folder with a slash is no change", { path: "/srv/movies/" }, {}],
  ["the root folder stays /", { path: "/" }, { path: "/" }],
  ["the current kind is accepted", { kind: "movies" }, {}],
  ["both at once", { name: "Films", path: "/mnt/films" }, { name: "Films", path: "/mnt/films" }],
  ["unknown fields are ignored", { id: "x", state: "offline" }, {}],
];

for (const [label, body, expected] of ok) {
  Deno.test(`planLibraryChange: ${label}`, () => {
    assertEquals(planLibraryChange(body, current), expected);
  });
}

const bad: [string, Record<string, unknown>, string][] = [
  ["empty name", { name: "  " }, '"name" must be a non-empty string'],
  ["name not a string", { name: 3 }, '"name" must be a non-empty string'],
  ["name too long", { name: "x".repeat(101) }, '"name" is longer than 100'],
  ["relative path", { path: "media/movies" }, '"path" must be absolute'],
  ["path not a string", { path: ["/a"] }, '"path" must be a non-empty string'],
  ["path too long", { path: "/" + "a".repeat(4096) }, '"path" is longer than 4096'],
  ["unknown kind", { kind: "films" }, '"kind" must be one of movies, shows, music, mixed'],
  [
    "another kind",
    { kind: "shows" },
    '"kind" cannot change (it is movies): remove the library and add it again',
  ],
];

for (const [label, body, message] of bad) {
  Deno.test(`planLibraryChange refuses: ${label}`, () => {
    let err: unknown;
    try {
      planLibraryChange(body, current);
    } catch (e) {
      err = e;
    }
    assertEquals(err instanceof HttpError, true);
    const e = err as HttpError;
    assertEquals([e.status, e.code, e.message], [400, "bad_request", message]);
  });
}
