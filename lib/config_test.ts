import { assertEquals, assertThrows } from "../tests/helpers/assert.ts";
import { ConfigError, parseConfig, parseLibrarySeeds } from "./config.ts";

Deno.test("parseConfig() gives the documented defaults", () => {
  const c = parseConfig({}, [], "/srv/rustfin");
  assertEquals(c.port, 8096);
  assertEquals(c.host, "0.0.0.0");
  assertEquals(c.data_dir, "/srv/rustfin/data");
  assertEquals(c.admin_user, null);
  assertEquals(c.libraries, []);
  assertEquals(c.log, "info");
  assertEquals(c.hwaccel, "auto");
  assertEquals(c.transcode_idle_s, 60);
});

Deno.test("parseConfig() reads env vars and lets CLI flags win", () => {
  const c = parseConfig(
    { RUSTFIN_PORT: "9000", RUSTFIN_LOG: "debug", RUSTFIN_DATA_DIR: "/var/lib/rf" },
    ["--port", "9100", "--host=127.0.0.1"],
    "/x",
  );
  assertEquals(c.port, 9100);
  assertEquals(c.host, "127.0.0.1");
  assertEquals(c.log, "debug");
  assertEquals(c.data_dir, "/var/lib/rf");
});

const bad: [string, Record<string, string>, string[], string][] = [
  ["port not a number", { RUSTFIN_PORT: "80a" }, [], "RUSTFIN_PORT"],
  ["port out of range", { RUSTFIN_PORT: "70000" }, [], "RUSTFIN_PORT"],
  ["flag names the flag", {}, ["--port", "x"], "--port"],
  ["unknown log level", { RUSTFIN_LOG: "loud" }, [], "RUSTFIN_LOG"],
  ["admin user without password", { RUSTFIN_ADMIN_USER: "a" }, [], "RUSTFIN_ADMIN_PASSWORD"],
  [
    "short admin password",
    {
      RUSTFIN_ADMIN_USER: "a",
      RUSTFIN_ADMIN_PASSWORD: "short",
    },
    [],
    "RUSTFIN_ADMIN_PASSWORD",
  ],
  ["bad library kind", { RUSTFIN_LIBRARIES: "Movies=/m:films" }, [], "RUSTFIN_LIBRARIES"],
  ["library without kind", { RUSTFIN_LIBRARIES: "Movies=/m" }, [], "RUSTFIN_LIBRARIES"],
  ["unknown flag", {}, ["--prot", "1"], "--prot"],
  ["flag without value", {}, ["--port"], "--port"],
  ["bad hwaccel", { RUSTFIN_HWACCEL: "cuda" }, [], "RUSTFIN_HWACCEL"],
];
for (const [name, env, args, setting] of bad) {
  Deno.test(`parseConfig() rejects ${name}, naming ${setting}`, () => {
    const err = assertThrows(() => parseConfig(env, args, "/x"), ConfigError);
    assertEquals(err.setting, setting);
  });
}

Deno.test("parseLibrarySeeds() parses names, absolute paths and kinds", () => {
  assertEquals(parseLibrarySeeds("Movies=/srv/movies:movies, Shows=/srv/tv:shows"), [
    { name: "Movies", path: "/srv/movies", kind: "movies" },
    { name: "Shows", path: "/srv/tv", kind: "shows" },
  ]);
  assertEquals(parseLibrarySeeds("Mixed=/a:b/c:mixed")[0].path, "/a:b/c");
  assertThrows(() => parseLibrarySeeds("A=/a:movies,a=/b:shows"), ConfigError);
});
