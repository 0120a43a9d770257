import { assert, assertEquals, assertStringIncludes } from "../../tests/helpers/assert.ts";
import { type NfoMetadata, parseNfo } from "./nfo.ts";

const FIXTURES = new URL("../../tests/fixtures/nfo/", import.meta.url);

function fixture(name: string): NfoMetadata {
  const result = parseNfo(Deno.readTextFileSync(new URL(name, FIXTURES)));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.metadata;
}

Deno.test("parseNfo() reads a movie.nfo: titles, entities, CDATA, ratings, ids, people", () => {
  const m = fixture("movie.nfo");
  assertEquals(m.kind, "movie");
  assertEquals(m.title, "Amélie & the Gnome");
  assertEquals(m.original_title, "Le Fabuleux Destin d\u2019Amélie Poulain");
  assertEquals(m.sort_title, "Amelie");
  assertEquals(m.year, 2001);
  assertEquals(m.premiered, "2001-04-25");
  assertEquals(m.plot, "Amélie decides to <change> the lives of those around her.");
  assertEquals(m.outline, "A shy waitress.");
  assertEquals(m.tagline, "One person can change your life forever.");
  assertEquals(m.genres, ["Comedy", "Romance"]);
  assertEquals(m.studios, ["Claudie Ossard Productions", "UGC"]);
  assertEquals(m.content_rating, "R");
  assertEquals(m.runtime_ms, 122 * 60_000);
  assertEquals(m.ratings, [
    { name: "imdb", value: 8.3, max: 10, votes: 750123, default: true },
    { name: "themoviedb", value: 7.9, max: 10, votes: null, default: false },
  ]);
  assertEquals(m.provider_ids, { imdb: "tt0211915", tmdb: "194" });
  assertEquals(m.people, [
    {
      name: "Audrey Tautou",
      kind: "actor",
      role: "Amélie Poulain",
      order: 0,
      thumb: "https://image.example/audrey.jpg",
    },
    { name: "Mathieu Kassovitz", kind: "actor", role: "Nino Quincampoix", order: 1, thumb: null },
    { name: "Jean-Pierre Jeunet", kind: "director", role: null, order: null, thumb: null },
    { name: "Guillaume Laurant", kind: "writer", role: null, order: null, thumb: null },
  ]);
});

Deno.test("parseNfo() reads tvshow, season, episode, album and artist NFOs", () => {
  const cases: [string, Partial<NfoMetadata>][] = [
    ["tvshow.nfo", {
      kind: "tvshow",
      title: "The Expanse",
      year: 2015,
      genres: ["Sci-Fi", "Drama"],
      content_rating: "TV-14",
      provider_ids: { tmdb: "63639", tvdb: "280619" },
      ratings: [{ name: "default", value: 8.5, max: 10, votes: 1000, default: true }],
    }],
    ["season.nfo", { kind: "season", title: "Season One", season_number: 1, year: 2015 }],
    ["episode.nfo", {
      kind: "episodedetails",
      title: "Dulcinea",
      season_number: 1,
      episode_number: 1,
      premiered: "2015-12-14",
      runtime_ms: 44 * 60_000,
      provider_ids: { tvdb: "5343658" },
    }],
    ["album.nfo", {
      kind: "album",
      title: "Kind of Blue",
      artist: "Miles Davis",
      year: 1959,
      plot: "A landmark.",
      provider_ids: { musicbrainz_album: "8e1a0f0c-0000-4000-8000-000000000001" },
    }],
    ["artist.nfo", {
      kind: "artist",
      title: "Miles Davis",
      plot: "Trumpeter, bandleader & composer.",
      year: 1944,
      genres: ["Jazz"],
    }],
  ];
  for (const [name, expected] of cases) {
    const m = fixture(name);
    for (const [key, value] of Object.entries(expected)) {
      assertEquals(m[key as keyof NfoMetadata], value, `${name}: ${key}`);
    }
  }
  const ep = fixture("episode.nfo");
  assertEquals(ep.people.map((p) => `${p.kind}:${p.name}`), [
    "director:Terry McDonough",
    "writer:Mark Fergus",
    "writer:Hawk Ostby",
  ]);
});

Deno.test("parseNfo() records malformed XML as an error instead of throwing", () => {
  const cases = [
    Deno.readTextFileSync(new URL("malformed.nfo", FIXTURES)),
    "<movie><title>x</title>",
    "<movie><title>x</plot></movie>",
    "<movie><!-- never ends </movie>",
    "",
  ];
  for (const text of cases) {
    const r = parseNfo(text);
    assert(!r.ok, `expected an error for ${JSON.stringify(text.slice(0, 40))}`);
    if (!r.ok) assert(r.error.length > 0);
  }
  const r = parseNfo("<movie><title>x</plot></movie>");
  if (!r.ok) assertStringIncludes(r.error, "does not match");
});

Deno.test("parseNfo() keeps what a partial NFO has and reads the URL after the XML", () => {
  const m = fixture("partial.nfo");
  assertEquals(m.title, "Only a Title");
  assertEquals(m.year, null);
  assertEquals(m.genres, []);
  assertEquals(m.plot, null);
  assertEquals(m.provider_ids, { imdb: "tt0133093" });
});

Deno.test("parseNfo() reads a URL-only NFO as provider ids", () => {
  const m = fixture("url.nfo");
  assertEquals(m.kind, "url");
  assertEquals(m.provider_ids, { tmdb: "603" });
  assert(!parseNfo("just some words").ok);
});

Deno.test("parseNfo() tolerates upper-case tags, BOM, legacy ids and content rating forms", () => {
  const cases: [string, Partial<NfoMetadata>][] = [
    ["\ufeff<Movie><Title>Up</Title><IMDBID>tt1049413</IMDBID></Movie>", {
      title: "Up",
      provider_ids: { imdb: "tt1049413" },
    }],
    ["<movie><id>tt0133093</id><certification>US:PG-13</certification></movie>", {
      provider_ids: { imdb: "tt0133093" },
      content_rating: "PG-13",
    }],
    ["<movie><title>A &lt; B &unknown; &#0;</title><year>abc</year></movie>", {
      title: "A < B &unknown; &#0;",
      year: null,
    }],
    ["<movie><title attr='x>y'>Quoted</title><thumb aspect=\"poster\"/></movie>", {
      title: "Quoted",
    }],
  ];
  for (const [text, expected] of cases) {
    const r = parseNfo(text);
    assert(r.ok, text);
    for (const [key, value] of Object.entries(expected)) {
      assertEquals(r.metadata[key as keyof NfoMetadata], value, `${text}: ${key}`);
    }
  }
});
