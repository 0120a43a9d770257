/**
 * Scan integration of local metadata: NFO titles and fields on items, artwork URLs, malformed
 * NFOs recorded on the item, people in search, and refresh when an NFO changes.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";

const NFO = new URL("./fixtures/nfo/", import.meta.url);

async function write(root: string, rel: string, data: string | Uint8Array): Promise<void> {
  const path = join(root, rel);
  await Deno.mkdir(join(path, ".."), { recursive: true });
  if (typeof data === "string") await Deno.writeTextFile(path, data);
  else await Deno.writeFile(path, data);
}

/** A movies and a shows library with NFO files and artwork (media bytes are not real video). */
async function makeLibraries(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "rustfin-meta-" });
  const bytes = new Uint8Array(2048).fill(7);
  const nfo = (name: string) => Deno.readTextFileSync(new URL(name, NFO));
  await write(root, "Movies/Amelie (2001)/Amelie (2001).mkv", bytes);
  await write(root, "Movies/Amelie (2001)/movie.nfo", nfo("movie.nfo"));
  await write(root, "Movies/Amelie (2001)/poster.jpg", "jpeg");
  await write(root, "Movies/Amelie (2001)/fanart.jpg", "jpeg");
  await write(root, "Movies/Amelie (2001)/fanart1.jpg", "jpeg");
  await write(root, "Movies/Loose/Loose.mkv", bytes);
  await write(root, "Movies/Loose/Loose.nfo", nfo("malformed.nfo"));
  await write(root, "Movies/Plain (1999)/Plain (1999).mkv", bytes);
  await write(root, "Shows/The Expanse/tvshow.nfo", nfo("tvshow.nfo"));
  await write(root, "Shows/The Expanse/poster.jpg", "jpeg");
  await write(root, "Shows/The Expanse/season01-poster.jpg", "jpeg");
  await write(root, "Shows/The Expanse/Season 01/The Expanse S01E01.mkv", bytes);
  await write(root, "Shows/The Expanse/Season 01/The Expanse S01E01.nfo", nfo("episode.nfo"));
  await write(root, "Shows/The Expanse/Season 01/The Expanse S01E01-thumb.jpg", "jpeg");
  return root;
}

interface Item {
  id: string;
  kind: string;
  title: string;
  sort_title: string;
  year: number | null;
  original_title: string | null;
  plot: string | null;
  tagline: string | null;
  genres: string[];
  studios: string[];
  content_rating: string | null;
  provider_ids: Record<string, string>;
  people: { name: string; kind: string; role: string | null }[];
  ratings: { name: string; value: number }[];
  images: Record<string, string | null> & { backdrops: string[] };
  metadata_error?: string | null;
}

Deno.test("metadata scan: NFO fields win over paths, artwork URLs, errors, search, refresh", async (t) => {
  const root = await makeLibraries();
  await using srv = await startTestServer();
  const movies = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const shows = await srv.addLibrary("Shows", join(root, "Shows"), "shows");
  await srv.waitForScan(movies);
  await srv.waitForScan(shows);
  const get = async (path: string) => {
    const res = await srv.api(path);
    assertEquals(res.status, 200, path);
    return await res.json();
  };
  const top = async (lib: string): Promise<Item[]> =>
    (await get(`/api/items?library_id=${lib}&limit=100`)).items;
  const byTitle = (items: Item[], title: string) => {
    const hit = items.find((i) => i.title === title);
    assert(hit, `no item titled ${title} in ${items.map((i) => i.title).join(", ")}`);
    return hit;
  };

  await t.step("a movie takes its title, fields and people from movie.nfo", async () => {
    const listed = byTitle(await top(movies), "Amélie & the Gnome");
    const m: Item = await get(`/api/items/${listed.id}`);
    assertEquals(m.sort_title, "amelie");
    assertEquals(m.year, 2001);
    assertEquals(m.original_title, "Le Fabuleux Destin d\u2019Amélie Poulain");
    assertEquals(m.plot, "Amélie decides to <change> the lives of those around her.");
    assertEquals(m.tagline, "One person can change your life forever.");
    assertEquals(m.genres, ["Comedy", "Romance"]);
    assertEquals(m.content_rating, "R");
    assertEquals(m.provider_ids, { imdb: "tt0211915", tmdb: "194" });
    assertEquals(m.people.map((p) => p.name), [
      "Audrey Tautou",
      "Mathieu Kassovitz",
      "Jean-Pierre Jeunet",
      "Guillaume Laurant",
    ]);
    assertEquals(m.ratings[0].value, 8.3);
    assertMatch(m.images.primary ?? "", /^\/api\/items\/[^/]+\/images\/primary\?tag=[0-9a-f]{16}$/);
    assertEquals(m.images.backdrops.length, 2);
    assertMatch(m.images.backdrops[1], /images\/backdrop\?tag=[0-9a-f]+&index=1$/);
    assertEquals(m.images.logo, null);
    assertEquals(m.metadata_error, null);
  });

  await t.step("a malformed NFO is recorded on the item and the path title stays", async () => {
    const loose: Item = await get(`/api/items/${byTitle(await top(movies), "Loose").id}`);
    assertMatch(loose.metadata_error ?? "", /^Malformed NFO/);
    assertEquals(loose.plot, null);
    const plain: Item = await get(`/api/items/${byTitle(await top(movies), "Plain").id}`);
    assertEquals(plain.metadata_error, null);
    assertEquals(plain.images.primary, null);
  });

  await t.step("a user who is not admin does not see metadata errors", async () => {
    const user = await srv.createUser("viewer", [movies]);
    const id = byTitle(await top(movies), "Loose").id;
    const res = await srv.api(`/api/items/${id}`, { token: user.token });
    const body = await res.json();
    assertEquals("metadata_error" in body, false);
  });

  await t.step(
    "series, season and episode read tvshow.nfo, season art and episode NFO",
    async () => {
      const series: Item = byTitle(await top(shows), "The Expanse");
      const full: Item = await get(`/api/items/${series.id}`);
      assertEquals(full.plot, "Humanity has colonized the solar system.");
      assertEquals(full.provider_ids, { tmdb: "63639", tvdb: "280619" });
      assert(full.images.primary);
      const seasons: Item[] = (await get(`/api/items?parent_id=${series.id}`)).items;
      assertEquals(seasons.length, 1);
      assert(seasons[0].images.primary, "season01-poster.jpg is the season's primary image");
      const episodes: Item[] = (await get(`/api/items?parent_id=${seasons[0].id}`)).items;
      assertEquals(episodes.map((e) => e.title), ["Dulcinea"]);
      assert(episodes[0].images.primary);
      assert(episodes[0].images.thumb);
    },
  );

  await t.step("search finds items by people and genres from NFOs", async () => {
    const hits: Item[] = (await get(`/api/items?q=tautou&recursive=true`)).items;
    assertEquals(hits.map((i) => i.title), ["Amélie & the Gnome"]);
    const genre: Item[] = (await get(`/api/items?q=romance&recursive=true`)).items;
    assertEquals(genre.map((i) => i.title), ["Amélie & the Gnome"]);
  });

  await t.step("a rescan keeps NFO titles; a changed NFO is read again", async () => {
    await srv.api(`/api/libraries/${movies}/scan`, { method: "POST" });
    await srv.waitForScan(movies);
    byTitle(await top(movies), "Amélie & the Gnome");
    const path = join(root, "Movies/Amelie (2001)/movie.nfo");
    const text = await Deno.readTextFile(path);
    await Deno.writeTextFile(path, text.replace("Amélie &amp; the Gnome", "Amélie Returns"));
    await srv.api(`/api/libraries/${movies}/scan`, { method: "POST" });
    await srv.waitForScan(movies);
    byTitle(await top(movies), "Amélie Returns");
  });
  await Deno.remove(root, { recursive: true });
});
