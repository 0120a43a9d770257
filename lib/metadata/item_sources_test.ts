import { assertEquals, assertNotEquals } from "../../tests/helpers/assert.ts";
import { findItemSources, imageTag, type SourceFile, type SourceItem } from "./item_sources.ts";

function file(rel: string, item_id: string | null = null, mtime_ms = 1): SourceFile {
  const ext = rel.slice(rel.lastIndexOf(".") + 1);
  const file_class = ext === "nfo"
    ? "nfo"
    : ["jpg", "png", "tbn"].includes(ext)
    ? "image"
    : ext === "flac"
    ? "audio"
    : "video";
  return { item_id, rel_path: rel, file_class, size_bytes: 10, mtime_ms };
}

function item(
  id: string,
  kind: SourceItem["kind"],
  parent_id: string | null = null,
  season_number: number | null = null,
): SourceItem {
  return { id, kind, parent_id, series_id: null, season_number };
}

/** "nfo | type[index]=path …" per item id. */
function summary(items: SourceItem[], files: SourceFile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of findItemSources(items, files)) {
    out[s.item_id] = [s.nfo ?? "-", ...s.images.map((i) => `${i.type}${i.index}=${i.path}`)]
      .join(" ");
  }
  return out;
}

Deno.test("findItemSources() gives each item its NFO and artwork", () => {
  const items = [
    item("m1", "movie"),
    item("m2", "movie"),
    item("m3", "movie"),
    item("s", "series"),
    item("s1", "season", "s", 1),
    item("e1", "episode", "s1"),
    item("ar", "artist"),
    item("al", "album", "ar"),
    item("t1", "track", "al"),
  ];
  const files = [
    file("Up (2009)/Up (2009).mkv", "m1"),
    file("Up (2009)/movie.nfo", "m1"),
    file("Up (2009)/poster.jpg", "m1"),
    // Two loose movies side by side: per-file names only, the folder's poster is nobody's.
    file("Loose/A.mkv", "m2"),
    file("Loose/A.nfo", "m2"),
    file("Loose/A-poster.jpg", "m2"),
    file("Loose/B.mkv", "m3"),
    file("Loose/poster.jpg"),
    file("Loose/movie.nfo"),
    file("Show/tvshow.nfo", "s"),
    file("Show/poster.jpg", "s"),
    file("Show/season01-poster.jpg", "s"),
    file("Show/Season 1/season.nfo", "s1"),
    file("Show/Season 1/S01E01.mkv", "e1"),
    file("Show/Season 1/S01E01.nfo", "e1"),
    file("Band/artist.nfo", "ar"),
    file("Band/folder.jpg", "ar"),
    file("Band/Album/CD1/01.flac", "t1"),
    file("Band/Album/album.nfo", "al"),
    file("Band/Album/cover.jpg", "al"),
  ];
  assertEquals(summary(items, files), {
    m1: "Up (2009)/movie.nfo primary0=Up (2009)/poster.jpg",
    m2: "Loose/A.nfo primary0=Loose/A-poster.jpg",
    m3: "-",
    s: "Show/tvshow.nfo primary0=Show/poster.jpg",
    s1: "Show/Season 1/season.nfo primary0=Show/season01-poster.jpg",
    e1: "Show/Season 1/S01E01.nfo",
    ar: "Band/artist.nfo primary0=Band/folder.jpg",
    al: "Band/Album/album.nfo primary0=Band/Album/cover.jpg",
    t1: "-",
  });
});

Deno.test("findItemSources() signatures change with the files they were made from", () => {
  const items = [item("m", "movie")];
  const base = [file("M/M.mkv", "m"), file("M/movie.nfo", "m"), file("M/poster.jpg", "m")];
  const sig = (files: SourceFile[]) => findItemSources(items, files)[0].signature;
  const before = sig(base);
  assertEquals(sig(base), before);
  assertNotEquals(sig([base[0], file("M/movie.nfo", "m", 2), base[2]]), before);
  assertNotEquals(sig([base[0], base[1]]), before);
  assertEquals(sig([base[0]]), "");
});

Deno.test("imageTag() is a stable 16-hex-digit tag that follows size and mtime", () => {
  const tag = imageTag("/a/poster.jpg", 100, 5);
  assertEquals(tag, imageTag("/a/poster.jpg", 100, 5));
  assertEquals(/^[0-9a-f]{16}$/.test(tag), true);
  const others = [
    imageTag("/a/poster.jpg", 101, 5),
    imageTag("/a/poster.jpg", 100, 6),
    imageTag("/b/poster.jpg", 100, 5),
  ];
  for (const other of others) assertNotEquals(other, tag);
});
