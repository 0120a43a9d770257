import { deepStrictEqual } from "node:assert/strict";
import { cleanAlbum, type MusicInfo, parseMusic } from "./music.ts";

function check(rows: readonly [path: string, expected: MusicInfo][]): void {
  for (const [path, expected] of rows) {
    const segments = path.split("/");
    const name = segments.pop()!;
    deepStrictEqual(parseMusic(segments, name.slice(0, name.lastIndexOf("."))), expected, path);
  }
}

Deno.test("parseMusic() reads track numbers and titles from file names", () => {
  check([
    ["A/B/01 - Title.flac", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 1,
      title: "Title",
    }],
    ["A/B/01. Title.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 1,
      title: "Title",
    }],
    ["A/B/01 Title.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 1,
      title: "Title",
    }],
    ["A/B/01_Title_Two.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 1,
      title: "Title Two",
    }],
    ["A/B/Track 07.wav", { rule: "music:folder", artist: "A", album: "B", track: 7 }],
    ["A/B/07.flac", { rule: "music:folder", artist: "A", album: "B", track: 7 }],
    ["A/B/2-11 Title.flac", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      disc: 2,
      track: 11,
      title: "Title",
    }],
    ["A/B/112 Title.flac", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      disc: 1,
      track: 12,
      title: "Title",
    }],
    ["A/B/100 Years.mp3", { rule: "music:folder", artist: "A", album: "B", title: "100 Years" }],
    ["A/B/A - 03 - Title.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 3,
      title: "Title",
    }],
    ["A/B/03 - A - Title.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      track: 3,
      title: "Title",
    }],
    ["A/B/Mr. Brightside.mp3", {
      rule: "music:folder",
      artist: "A",
      album: "B",
      title: "Mr. Brightside",
    }],
  ]);
});

Deno.test("parseMusic() reads discs from folders and skips artist subfolders", () => {
  check([
    ["Artist/Album/CD2/01 Title.mp3", {
      rule: "music:folder",
      disc: 2,
      artist: "Artist",
      album: "Album",
      track: 1,
      title: "Title",
    }],
    ["Artist/Album/Disc 1 - Live/05.mp3", {
      rule: "music:folder",
      disc: 1,
      artist: "Artist",
      album: "Album",
      track: 5,
    }],
    ["Artist/Album/CD2/201 Title.mp3", {
      rule: "music:folder",
      disc: 2,
      artist: "Artist",
      album: "Album",
      track: 1,
      title: "Title",
    }],
    ["Artist/Albums/Album (2001)/01.mp3", {
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      year: 2001,
      track: 1,
    }],
    ["Artist/Live/Live at Wembley/01.mp3", {
      rule: "music:folder",
      artist: "Artist",
      album: "Live at Wembley",
      track: 1,
    }],
    ["Genre/Artist/Album/01.mp3", {
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      track: 1,
    }],
    ["Compilations/Now 50/01 Song.mp3", {
      rule: "music:folder",
      album: "Now 50",
      track: 1,
      title: "Song",
    }],
    ["Artist/Singles/Song.mp3", { rule: "music:folder", artist: "Artist", title: "Song" }],
  ]);
});

Deno.test("parseMusic() splits `Artist - Album` folders and loose `Artist - Title` files", () => {
  check([
    ["Artist - Album (1999)/01 Song.mp3", {
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      year: 1999,
      track: 1,
      title: "Song",
    }],
    ["Artist/Artist - Album/01 Song.mp3", {
      rule: "music:folder",
      artist: "Artist",
      album: "Album",
      track: 1,
      title: "Song",
    }],
    ["Album/01 Song.mp3", { rule: "music:folder", album: "Album", track: 1, title: "Song" }],
    ["Artist - Song.mp3", { rule: "music:file", artist: "Artist", title: "Song" }],
    ["Song.mp3", { rule: "music:file", title: "Song" }],
  ]);
});

Deno.test("cleanAlbum() takes the year and drops bracketed release notes", () => {
  const rows: [string, { title: string; year?: number }][] = [
    ["Album (2010)", { title: "Album", year: 2010 }],
    ["2010 - Album", { title: "Album", year: 2010 }],
    ["(2010) Album", { title: "Album", year: 2010 }],
    ["1999 Album", { title: "1999 Album" }],
    ["Album [2010] [FLAC 24-96]", { title: "Album", year: 2010 }],
    ["Album - 2010", { title: "Album", year: 2010 }],
    ["1984", { title: "1984" }],
    ["Album (Deluxe Edition)", { title: "Album (Deluxe Edition)" }],
    ["Some_Album_Name", { title: "Some Album Name" }],
  ];
  for (const [name, expected] of rows) deepStrictEqual(cleanAlbum(name), expected, name);
});
