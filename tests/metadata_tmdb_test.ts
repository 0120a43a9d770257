/**
 * The TMDb provider against a local server answering in TMDb's documented v3 format
 * (configuration, search/movie, search/tv, find, movie/{id}, tv/{id}); no test touches the
 * internet. Also the merge rule: provider values fill gaps and never replace NFO values.
 */
import { assertEquals, assertRejects } from "./helpers/assert.ts";
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
function fakeTmdb() {
  const requests: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const url = new URL(req.url);
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
          secure_base_url: "https://image.tmdb.test/t/p/",
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
