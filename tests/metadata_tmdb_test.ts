/**
 * The TMDb provider against a local server answering in TMDb's documented v3 format
 * (configuration, search/movie, search/tv, find, movie/{id}, tv/{id}); no test touches the
 * internet. Also the merge rule: provider values fill gaps and never replace NFO values.
 */
import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import {
  mergeMetadata,
  ProviderError,
  type ProviderQuery,
  TmdbProvider,
} from "../lib/metadata/tmdb.ts";
import type { ItemMetadata } from "../lib/metadata/metadata_repo.ts";

const MOVIE = {
  adult: false,
  backdrop_path: "/fanart603.jpg",
  genres: [{ id: 28, name: "Action" }, { id: 878, name: "Science Fiction" }],
  id: 603,
  imdb_id: "tt0133093",
  original_title: "The Matrix",
  overview: "Set in the 22nd century, The Matrix tells the story of a computer hacker.",
  poster_path: "/poster603.jpg",
  production_companies: [{ id: 79, name: "Village Roadshow Pictures" }],
  release_date: "1999-03-31",
  runtime: 136,
  tagline: "Welcome to the Real World.",
  title: "The Matrix",
  vote_average: 8.2,
  vote_count: 24000,
  external_ids: { imdb_id: "tt0133093" },
};

const TV = {
  id: 63639,
  name: "The Expanse",
  original_name: "The Expanse",
  overview: "A thriller set two hundred years in the future.",
  first_air_date: "2015-12-14",
  episode_run_time: [43],
  genres: [{ id: 18, name: "Drama" }],
  networks: [{ id: 77, name: "Syfy" }],
  poster_path: "/expanse.jpg",
  backdrop_path: null,
  vote_average: 8.0,
  vote_count: 3000,
  external_ids: { imdb_id: "tt3230854", tvdb_id: 280619 },
};

/** A fake TMDb: records the requests, answers with the documented shapes. */
function fakeTmdb(poster?: Uint8Array) {
  const requests: string[] = [];
  const self = { port: 0 };
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen() {},
  }, (req): Response => {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/img/") && poster) {
      return new Response(poster.slice(), { headers: { "content-type": "image/jpeg" } });
    }
    requests.push(url.pathname + url.search.replace(/api_key=[^&]*&?/, "").replace(/\?$/, ""));
    if (url.searchParams.get("api_key") !== "k") {
      return Response.json({ status_code: 7, status_message: "Invalid API key" }, {
        status: 401,
      });
    }
    const p = url.pathname.replace(/^\/3/, "");
    const q = url.searchParams;
    if (p === "/configuration") {
      return Response.json({
        images: {
          base_url: "http://image.tmdb.test/t/p/",
          secure_base_url: poster
            ? `http://127.0.0.1:${self.port}/img/`
            : "https://image.tmdb.test/t/p/",
          poster_sizes: ["w92", "w780", "original"],
          backdrop_sizes: ["w300", "w1280", "original"],
        },
      });
    }
    if (p === "/search/movie") {
      const hit = q.get("query") === "The Matrix" && (q.get("year") ?? "1999") === "1999";
      return Response.json({
        page: 1,
        results: hit ? [{ id: 603, title: "The Matrix", release_date: "1999-03-31" }] : [],
        total_pages: 1,
        total_results: hit ? 1 : 0,
      });
    }
    if (p === "/search/tv") {
      const hit = q.get("query") === "The Expanse";
      return Response.json({ page: 1, results: hit ? [{ id: 63639, name: "The Expanse" }] : [] });
    }
    if (p === "/find/tt0133093" && q.get("external_source") === "imdb_id") {
      return Response.json({ movie_results: [{ id: 603 }], tv_results: [] });
    }
    if (p === "/find/280619" && q.get("external_source") === "tvdb_id") {
      return Response.json({ movie_results: [], tv_results: [{ id: 63639 }] });
    }
    if (p === "/movie/603") return Response.json(MOVIE);
    if (p === "/tv/63639") return Response.json(TV);
    return Response.json({ status_code: 34, status_message: "Not found" }, { status: 404 });
  });
  self.port = server.addr.port;
  return {
    url: `http://127.0.0.1:${server.addr.port}/3`,
    requests,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("TmdbProvider looks movies up by title and year, and by IMDb id", async () => {
  await using tmdb = fakeTmdb();
  const provider = new TmdbProvider({ apiKey: "k", baseUrl: tmdb.url });
  const byTitle = await provider.lookup({
    kind: "movie",
    title: "The Matrix",
    year: 1999,
    provider_ids: {},
  });
  assertEquals(byTitle, {
    provider_ids: { tmdb: "603", imdb: "tt0133093" },
    title: "The Matrix",
    original_title: "The Matrix",
    year: 1999,
    plot: "Set in the 22nd century, The Matrix tells the story of a computer hacker.",
    tagline: "Welcome to the Real World.",
    genres: ["Action", "Science Fiction"],
    studios: ["Village Roadshow Pictures"],
    premiered: "1999-03-31",
    runtime_ms: 136 * 60_000,
    ratings: [{ name: "tmdb", value: 8.2, max: 10, votes: 24000, default: false }],
    images: {
      primary: "https://image.tmdb.test/t/p/w780/poster603.jpg",
      backdrop: "https://image.tmdb.test/t/p/w1280/fanart603.jpg",
    },
  });
  const byImdb = await provider.lookup({
    kind: "movie",
    title: "Wrong Name",
    year: null,
    provider_ids: { imdb: "tt0133093" },
  });
  assertEquals(byImdb?.provider_ids.tmdb, "603");
  const byTmdb = await provider.lookup({
    kind: "movie",
    title: "x",
    year: null,
    provider_ids: { tmdb: "603" },
  });
  assertEquals(byTmdb?.title, "The Matrix");
  assertEquals(
    await provider.lookup({ kind: "movie", title: "The Matrix", year: 2005, provider_ids: {} }),
    null,
  );
  assertEquals(tmdb.requests, [
    "/3/search/movie?query=The+Matrix&include_adult=false&year=1999",
    "/3/movie/603?append_to_response=external_ids",
    "/3/configuration",
    "/3/find/tt0133093?external_source=imdb_id",
    "/3/movie/603?append_to_response=external_ids",
    "/3/movie/603?append_to_response=external_ids",
    "/3/search/movie?query=The+Matrix&include_adult=false&year=2005",
  ]);
});

Deno.test("TmdbProvider looks series up by name and by TVDb id", async () => {
  await using tmdb = fakeTmdb();
  const provider = new TmdbProvider({ apiKey: "k", baseUrl: tmdb.url });
  const queries: ProviderQuery[] = [
    { kind: "series", title: "The Expanse", year: 2015, provider_ids: {} },
    { kind: "series", title: "?", year: null, provider_ids: { tvdb: "280619" } },
  ];
  for (const query of queries) {
    const r = await provider.lookup(query);
    assertEquals(r?.provider_ids, { tmdb: "63639", imdb: "tt3230854", tvdb: "280619" });
    assertEquals(r?.studios, ["Syfy"]);
    assertEquals(r?.runtime_ms, 43 * 60_000);
    assertEquals(r?.images, {
      primary: "https://image.tmdb.test/t/p/w780/expanse.jpg",
      backdrop: null,
    });
  }
});

Deno.test("TmdbProvider reports a refused API key as a ProviderError", async () => {
  await using tmdb = fakeTmdb();
  const provider = new TmdbProvider({ apiKey: "bad", baseUrl: tmdb.url });
  await assertRejects(
    () => provider.lookup({ kind: "movie", title: "The Matrix", year: 1999, provider_ids: {} }),
    ProviderError,
    "TMDb answered 401",
  );
});

Deno.test("mergeMetadata() fills gaps and never overwrites NFO values", async () => {
  await using tmdb = fakeTmdb();
  const remote = (await new TmdbProvider({ apiKey: "k", baseUrl: tmdb.url }).lookup({
    kind: "movie",
    title: "The Matrix",
    year: 1999,
    provider_ids: {},
  }))!;
  const nfo: ItemMetadata = {
    plot: "My own plot.",
    outline: null,
    tagline: null,
    genres: ["Cyberpunk"],
    studios: [],
    content_rating: "R",
    premiered: null,
    runtime_ms: null,
    ratings: [{ name: "imdb", value: 8.7, max: 10, votes: null, default: true }],
    provider_ids: { imdb: "tt0133093", tmdb: "999" },
    people: [{ name: "Keanu Reeves", kind: "actor", role: "Neo", order: 0, thumb: null }],
  };
  const merged = mergeMetadata({
    metadata: nfo,
    override: { title: "Matrix (NFO)", sort_title: null, original_title: null, year: 1999 },
  }, remote);
  assertEquals(merged.metadata, {
    plot: "My own plot.",
    outline: null,
    tagline: "Welcome to the Real World.",
    genres: ["Cyberpunk"],
    studios: ["Village Roadshow Pictures"],
    content_rating: "R",
    premiered: "1999-03-31",
    runtime_ms: 136 * 60_000,
    ratings: [
      { name: "imdb", value: 8.7, max: 10, votes: null, default: true },
      { name: "tmdb", value: 8.2, max: 10, votes: 24000, default: false },
    ],
    provider_ids: { tmdb: "999", imdb: "tt0133093" },
    people: [{ name: "Keanu Reeves", kind: "actor", role: "Neo", order: 0, thumb: null }],
  });
  assertEquals(merged.override, {
    title: "Matrix (NFO)",
    sort_title: null,
    original_title: "The Matrix",
    year: 1999,
  });
  const none = mergeMetadata({
    metadata: null,
    override: { title: null, sort_title: null, original_title: null, year: null },
  }, remote);
  assertEquals(none.metadata.plot, remote.plot);
  assertEquals(none.override.title, null);
});

Deno.test("scan with a TMDb key fills missing fields and artwork, keeps NFO values", async () => {
  const root = await Deno.makeTempDir({ prefix: "rustfin-tmdb-" });
  const poster = await makeJpeg(join(root, "src.jpg"));
  const bytes = new Uint8Array(1024).fill(3);
  await Deno.mkdir(join(root, "M", "The Matrix (1999)"), { recursive: true });
  await Deno.writeFile(join(root, "M", "The Matrix (1999)", "The Matrix (1999).mkv"), bytes);
  const nfoDir = join(root, "M", "Local Matrix (1999)");
  await Deno.mkdir(nfoDir, { recursive: true });
  await Deno.writeFile(join(nfoDir, "Local Matrix (1999).mkv"), bytes);
  await Deno.writeTextFile(
    join(nfoDir, "movie.nfo"),
    `<movie><title>Local Matrix</title><plot>Local plot.</plot>
     <uniqueid type="tmdb">603</uniqueid></movie>`,
  );
  const localPoster = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
  await Deno.writeFile(join(nfoDir, "poster.jpg"), localPoster);
  await using tmdb = fakeTmdb(poster);
  await using srv = await startTestServer({
    env: { RUSTFIN_TMDB_API_KEY: "k", RUSTFIN_TMDB_URL: tmdb.url },
  });
  const lib = await srv.addLibrary("M", join(root, "M"), "movies");
  await srv.waitForScan(lib);
  type Item = {
    id: string;
    title: string;
    plot: string | null;
    tagline: string | null;
    genres: string[];
    provider_ids: Record<string, string>;
    images: { primary: string | null; backdrop: string | null };
  };
  const find = async (title: string): Promise<Item | undefined> => {
    const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
    return list.items.find((i: Item) => i.title === title);
  };
  let matrix: Item | undefined;
  let local: Item | undefined;
  for (let i = 0; i < 100; i++) {
    matrix = await find("The Matrix");
    local = await find("Local Matrix");
    if (matrix?.tagline && local?.tagline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert(matrix && local, "both movies listed");
  assertEquals(matrix.plot, MOVIE.overview);
  assertEquals(matrix.genres, ["Action", "Science Fiction"]);
  assertEquals(matrix.provider_ids, { tmdb: "603", imdb: "tt0133093" });
  assert(matrix.images.primary && matrix.images.backdrop, "poster and backdrop downloaded");
  const served = await srv.api(matrix.images.primary);
  assertEquals(new Uint8Array(await served.arrayBuffer()), poster);
  // The NFO's plot and title and the local poster stay; the gaps are filled.
  assertEquals(local.plot, "Local plot.");
  assertEquals(local.tagline, "Welcome to the Real World.");
  const localServed = await srv.api(local.images.primary!);
  assertEquals(new Uint8Array(await localServed.arrayBuffer()), localPoster);
  await Deno.remove(root, { recursive: true });
});

async function makeJpeg(path: string): Promise<Uint8Array> {
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=200x300",
      "-frames:v",
      "1",
      path,
    ],
  }).output();
  if (!out.success) throw new Error("ffmpeg failed");
  return await Deno.readFile(path);
}
