/**
 * Integration tests of the JSON API against a real server on a free port, with a library that
 * a fixture builds with ffmpeg: auth, access control with two users, items, direct play with
 * byte-exact ranges, errors and the OpenAPI document.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeLibraryFixture } from "./fixtures/media.ts";
import manifest from "../routes.gen.ts";
import { undocumentedOperations } from "../lib/web/openapi.ts";

const fixtureRoot = await Deno.makeTempDir({ prefix: "rustfin-api-fixture-" });
const fixture = await makeLibraryFixture(fixtureRoot);
globalThis.addEventListener("unload", () => Deno.removeSync(fixtureRoot, { recursive: true }));

Deno.test("API: health, auth, access control, items and direct play", async (t) => {
  await using srv = await startTestServer();
  const movies = await srv.addLibrary("Movies", fixture.movies, "movies");
  const shows = await srv.addLibrary("Shows", fixture.shows, "shows");

  await t.step("health needs no credentials and reports ffmpeg", async () => {
    const res = await srv.api("/api/health", { token: null });
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.status, "ok");
    assertEquals(body.setup_required, false);
    assertMatch(body.ffmpeg.version, /^\d/);
  });

  await t.step(
    "login: wrong password is 401 with the error shape; rate limited after 5",
    async () => {
      const bad = () =>
        srv.api("/api/auth/login", {
          token: null,
          method: "POST",
          body: JSON.stringify({ username: "ratelimited", password: "wrongwrong" }),
        });
      const first = await bad();
      assertEquals(first.status, 401);
      assertEquals((await first.json()).error.code, "unauthorized");
      for (let i = 0; i < 4; i++) await (await bad()).body?.cancel();
      const limited = await bad();
      assertEquals(limited.status, 429);
      assert(Number(limited.headers.get("retry-after")) > 0);
      assertEquals((await limited.json()).error.code, "too_many_requests");
    },
  );

  await t.step("no credentials → 401; setup is closed once a user exists", async () => {
    const res = await srv.api("/api/items", { token: null });
    assertEquals(res.status, 401);
    assertEquals((await res.json()).error.code, "unauthorized");
    const setup = await srv.api("/api/setup", {
      token: null,
      method: "POST",
      body: JSON.stringify({ username: "mallory", password: "password123" }),
    });
    assertEquals(setup.status, 409);
    await setup.body?.cancel();
  });

  await t.step("bad input gets 400 with a message naming the field", async () => {
    const res = await srv.api("/api/libraries", {
      method: "POST",
      body: JSON.stringify({ name: "X", path: "/definitely/not/here", kind: "movies" }),
    });
    assertEquals(res.status, 400);
    assertStringIncludes((await res.json()).error.message, "path");
    const limit = await srv.api("/api/items?limit=9999");
    assertEquals(limit.status, 400);
    assertStringIncludes((await limit.json()).error.message, "limit");
    const notJson = await srv.api("/api/users", { method: "POST", body: "{oops" });
    assertEquals(notJson.status, 400);
    await notJson.body?.cancel();
  });

  await t.step("unknown endpoint 404 and wrong method 405 with Allow", async () => {
    const res = await srv.api("/api/nope");
    assertEquals(res.status, 404);
    assertEquals((await res.json()).error.code, "not_found");
    const del = await srv.api("/api/health", { method: "DELETE" });
    assertEquals(del.status, 405);
    assertStringIncludes(del.headers.get("allow") ?? "", "GET");
    await del.body?.cancel();
  });

  const list = await (await srv.api(`/api/items?library_id=${movies}&sort=title`)).json();
  const titles = list.items.map((i: { title: string }) => i.title);
  const bigBuck = list.items.find((i: { title: string }) => i.title === "Big Buck Test");

  await t.step("the movie library lists movies by title, stacked parts as one item", () => {
    assert(bigBuck, `Big Buck Test in ${titles}`);
    assertEquals(list.total, list.items.length);
    assertEquals([...titles].sort((a: string, b: string) => a.localeCompare(b)), titles);
    const stacked = list.items.filter((i: { title: string }) => i.title === "Stacked");
    assertEquals(stacked.length, 1);
    assertEquals(stacked[0].files.length, 2);
    assert(!titles.includes("notes"), "non-media files are not items");
  });

  await t.step("an item has probed streams and its sidecar subtitle", async () => {
    const item = await (await srv.api(`/api/items/${bigBuck.id}`)).json();
    assertEquals(item.kind, "movie");
    assertEquals(item.year, 2008);
    assertEquals(item.probe.status, "ok");
    assertEquals(item.container, "mp4");
    const codecs = item.streams.map((s: { codec: string }) => s.codec).sort();
    assertEquals(codecs, ["aac", "h264"]);
    assert(item.duration_ms > 1000);
    assertEquals(item.subtitles[0].language, "eng");
    assertEquals(item.subtitles[0].source, "sidecar");
    assert(item.path.endsWith(".mp4"), "admins see the path");
  });

  const file = fixture.file("Movies/Big Buck Test (2008)/Big Buck Test (2008).mp4");
  const bytes = await Deno.readFile(file.path);
  const stream = `/api/items/${bigBuck.id}/stream`;

  await t.step("direct play: whole file, byte-exact ranges, multipart, 416, 304", async () => {
    const whole = await srv.api(stream);
    assertEquals(whole.status, 200);
    assertEquals(whole.headers.get("content-type"), "video/mp4");
    assertEquals(whole.headers.get("accept-ranges"), "bytes");
    assertEquals(new Uint8Array(await whole.arrayBuffer()), bytes);
    const etag = whole.headers.get("etag")!;
    assertMatch(etag, /^"[^"]+"$/, "strong etag");

    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=100-", 100, bytes.length - 1],
      ["bytes=-500", bytes.length - 500, bytes.length - 1],
      [`bytes=10-${bytes.length + 1000}`, 10, bytes.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await srv.api(stream, { headers: { range } });
      assertEquals(res.status, 206, range);
      assertEquals(res.headers.get("content-range"), `bytes ${start}-${end}/${bytes.length}`);
      assertEquals(new Uint8Array(await res.arrayBuffer()), bytes.subarray(start, end + 1), range);
    }
    const multi = await srv.api(stream, { headers: { range: "bytes=0-9,1000-1009" } });
    assertEquals(multi.status, 206);
    assertStringIncludes(multi.headers.get("content-type")!, "multipart/byteranges");
    const body = new TextDecoder("latin1").decode(await multi.arrayBuffer());
    assertStringIncludes(body, `Content-Range: bytes 1000-1009/${bytes.length}`);

    const unsat = await srv.api(stream, { headers: { range: `bytes=${bytes.length + 5}-` } });
    assertEquals(unsat.status, 416);
    assertEquals(unsat.headers.get("content-range"), `bytes */${bytes.length}`);
    await unsat.body?.cancel();
    const malformed = await srv.api(stream, { headers: { range: "bytes=abc" } });
    assertEquals(malformed.status, 200);
    await malformed.body?.cancel();
    const cached = await srv.api(stream, { headers: { "if-none-match": etag } });
    assertEquals(cached.status, 304);
    await cached.body?.cancel();
    const head = await srv.api(stream, { method: "HEAD", headers: { range: "bytes=0-99" } });
    assertEquals(head.status, 206);
    assertEquals(head.headers.get("content-length"), "100");
  });

  await t.step("direct play accepts ?api_key= (players cannot set headers)", async () => {
    const res = await fetch(`${srv.url}${stream}?api_key=${srv.adminToken}`, {
      headers: { range: "bytes=0-3" },
    });
    assertEquals(res.status, 206);
    assertEquals(new Uint8Array(await res.arrayBuffer()), bytes.subarray(0, 4));
    const bad = await fetch(`${srv.url}${stream}?api_key=nope`);
    assertEquals(bad.status, 401);
    await bad.body?.cancel();
  });

  await t.step("a user without access to a library cannot list, read or stream it", async () => {
    const viewer = await srv.createUser("viewer", [shows]);
    const libs = await (await srv.api("/api/libraries", { token: viewer.token })).json();
    assertEquals(libs.items.map((l: { id: string }) => l.id), [shows]);
    assert(!("path" in libs.items[0]), "non-admins never see paths");
    for (
      const path of [
        `/api/items?library_id=${movies}`,
        `/api/items/${bigBuck.id}`,
        stream,
        `/api/libraries/${movies}/scan`,
      ]
    ) {
      const res = await srv.api(path, { token: viewer.token });
      assertEquals(res.status, 404, path);
      assertEquals((await res.json()).error.code, "not_found");
    }
    const search = await (await srv.api("/api/items?q=big%20buck", { token: viewer.token })).json();
    assertEquals(search.total, 0, "search never leaks other libraries");
    const forbidden = await srv.api("/api/users", { token: viewer.token });
    assertEquals(forbidden.status, 403);
    await forbidden.body?.cancel();
    // Granting access makes the movie readable.
    const put = await srv.api(`/api/users/${viewer.id}/access`, {
      method: "PUT",
      body: JSON.stringify({ library_ids: [shows, movies] }),
    });
    assertEquals(put.status, 200);
    await put.body?.cancel();
    const now = await srv.api(`/api/items/${bigBuck.id}`, { token: viewer.token });
    assertEquals(now.status, 200);
    const item = await now.json();
    assert(!("path" in item), "non-admins never see paths");
  });

  await t.step("shows become series → seasons → episodes", async () => {
    const top = await (await srv.api(`/api/items?library_id=${shows}`)).json();
    const series = top.items.find((i: { kind: string }) => i.kind === "series");
    assert(series, "a series");
    const seasons = await (await srv.api(`/api/items?parent_id=${series.id}`)).json();
    const numbers = seasons.items.map((s: { season_number: number }) => s.season_number).sort();
    assert(numbers.includes(0) && numbers.includes(1) && numbers.includes(2), `${numbers}`);
    const s1 = seasons.items.find((s: { season_number: number }) => s.season_number === 1);
    const eps = await (await srv.api(`/api/items?parent_id=${s1.id}`)).json();
    const multi = eps.items.find((e: { episode_end: number | null }) => e.episode_end !== null);
    assert(multi, "a multi-episode file");
  });

  await t.step("naming endpoint explains a path", async () => {
    const res = await srv.api(
      "/api/naming?kind=shows&path=" +
        encodeURIComponent("Show (2020)/Season 01/Show S01E02E03.mkv"),
    );
    const { items } = await res.json();
    assertEquals(items[0].episodes, [2, 3]);
    assertEquals(items[0].season, 1);
  });

  await t.step("openapi.json documents every API route", async () => {
    const doc = await (await srv.api("/api/openapi.json", { token: null })).json();
    assertEquals(doc.openapi, "3.1.0");
    assert(doc.paths["/api/items/{id}/stream"].get, "stream is documented");
    assertEquals(undocumentedOperations(manifest), []);
  });
});
