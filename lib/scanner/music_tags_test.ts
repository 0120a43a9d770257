import { assertEquals } from "../../tests/helpers/assert.ts";
import { musicTags } from "./music_tags.ts";

Deno.test("musicTags() reads ID3 and Vorbis style tag names", () => {
  const table: [Record<string, string>, ReturnType<typeof musicTags>][] = [
    [
      {
        title: "Song",
        artist: "A",
        album_artist: "AA",
        album: "Alb",
        track: "03/12",
        disc: "1/2",
        date: "1997-05-21",
      },
      {
        title: "Song",
        artist: "A",
        album_artist: "AA",
        album: "Alb",
        track: 3,
        disc: 1,
        year: 1997,
      },
    ],
    [
      { TITLE: "ignored upper case", albumartist: "X", tracknumber: "7", discnumber: "2" },
      { album_artist: "X", track: 7, disc: 2 },
    ],
    [{ "album artist": "Y", year: "2001" }, { album_artist: "Y", year: 2001 }],
    [{ track: "0", disc: "x", date: "unknown" }, null],
    [{ title: "   " }, null],
    [{ encoder: "Lavf59" }, null],
  ];
  for (const [tags, expected] of table) {
    assertEquals(musicTags(tags), expected, JSON.stringify(tags));
  }
});
