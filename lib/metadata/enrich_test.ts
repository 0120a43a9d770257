import { assertEquals } from "../../tests/helpers/assert.ts";
import { openDatabase } from "../db/database.ts";
import { LibrariesRepo } from "../db/libraries.ts";
import { ProviderEnricher } from "./enrich.ts";
import { MetadataRepo } from "./metadata_repo.ts";
import type { MetadataProvider, ProviderResult } from "./tmdb.ts";

const FOUND: ProviderResult = {
  provider_ids: { tmdb: "603" },
  title: "The Matrix",
  original_title: null,
  year: 1999,
  plot: "A hacker learns the truth.",
  tagline: null,
  genres: ["Action"],
  studios: [],
  premiered: null,
  runtime_ms: null,
  ratings: [],
  images: { primary: "http://images.test/p.jpg", backdrop: null },
};

Deno.test("ProviderEnricher skips an item removed during its lookup and leaves no download", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "rustfin-enrich-" });
  try {
    const db = await openDatabase(":memory:");
    const library = new LibrariesRepo(db).create({ name: "M", kind: "movies", path: "/m" });
    const addMovie = db.prepare(
      `INSERT INTO media_items (id, library_id, kind, group_key, title, sort_title, search_title,
         year, added_at, updated_at) VALUES (?, ?, 'movie', ?, ?, ?, ?, 1999, 'now', 'now')`,
    );
    for (const [id, title] of [["gone", "Gone"], ["kept", "Kept"]]) {
      addMovie.run(id, library.id, id, title, title.toLowerCase(), title.toLowerCase());
    }
    const asked: string[] = [];
    const provider: MetadataProvider = {
      name: "fake",
      lookup(query) {
        asked.push(query.title);
        // The library's admin removes this movie while the provider is being asked.
        if (query.title === "Gone") db.prepare("DELETE FROM media_items WHERE id = 'gone'").run();
        return Promise.resolve(FOUND);
      },
    };
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const repo = new MetadataRepo(db);
    const enricher = new ProviderEnricher({
      repo,
      provider,
      cacheDir,
      fetch: () =>
        Promise.resolve(new Response(jpeg, { headers: { "content-type": "image/jpeg" } })),
    });
    assertEquals(await enricher.enrich(library.id), 1);
    assertEquals(asked.toSorted(), ["Gone", "Kept"]);
    assertEquals(repo.images("kept").map((i) => i.type), ["primary"]);
    const files: string[] = [];
    for await (const dir of Deno.readDir(`${cacheDir}/remote`)) {
      for await (const f of Deno.readDir(`${cacheDir}/remote/${dir.name}`)) files.push(f.name);
    }
    assertEquals(files.map((f) => f.replace(/-primary\.jpg$/, "")), ["kept"]);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
