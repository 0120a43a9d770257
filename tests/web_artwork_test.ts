/**
 * Artwork and local metadata on the pages: a movie with a poster and an NFO shows the poster
 * (through the access-checked image endpoint) on its card and item page, and its plot.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { makeMedia } from "./fixtures/media.ts";

Deno.test("pages show the poster and NFO plot of a movie", async () => {
  const root = await Deno.makeTempDir({ prefix: "rustfin-artwork-" });
  try {
    const dir = join(root, "Movies", "Poster Test (2004)");
    await makeMedia(join(root, "Movies"), {
      name: "Poster Test (2004)/Poster Test (2004).mp4",
      duration_s: 2,
      video: { codec: "h264", width: 160, height: 90, fps: 10 },
    });
    const out = await new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=200x300",
        "-frames:v",
        "1",
        join(dir, "poster.jpg"),
      ],
    }).output();
    assert(out.success, "poster generated");
    await Deno.writeTextFile(
      join(dir, "movie.nfo"),
      `<?xml version="1.0"?><movie><title>Poster Test</title><plot>A red poster &amp; a &lt;b&gt;plot&lt;/b&gt;.</plot><genre>Drama</genre></movie>`,
    );
    await using srv = await startTestServer();
    const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
    const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
    const item = list.items[0];
    assert(item.images.primary, "the item has a primary image URL");

    const page = await (await srv.api(`/items/${item.id}`, { headers: { accept: "text/html" } }))
      .text();
    assertStringIncludes(page, `${item.images.primary.replaceAll("&", "&amp;")}&amp;width=480`);
    const plot = /<p class="plot">([^<]*(?:<(?!\/p>)[^<]*)*)<\/p>/.exec(page)?.[1];
    assertEquals(plot, "A red poster &amp; a &lt;b>plot&lt;/b>.");
    assertStringIncludes(page, "Drama");

    const grid = await (await srv.api(`/libraries/${lib}`, { headers: { accept: "text/html" } }))
      .text();
    assertStringIncludes(grid, `${item.images.primary.replaceAll("&", "&amp;")}&amp;width=320`);

    const img = await srv.api(`${item.images.primary}&width=320`);
    assertEquals(img.status, 200);
    assertStringIncludes(img.headers.get("content-type") ?? "", "image/");
    await img.body?.cancel();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
