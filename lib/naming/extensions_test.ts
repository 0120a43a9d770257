import { deepStrictEqual, equal } from "node:assert/strict";
import { classifyFile, splitExtension } from "./extensions.ts";
import type { FileClass } from "./types.ts";

Deno.test("classifyFile() classifies by extension, case-insensitively", () => {
  const rows: [string, FileClass][] = [
    ["movie.mkv", "video"],
    ["MOVIE.MP4", "video"],
    ["clip.m4v", "video"],
    ["clip.mov", "video"],
    ["old.avi", "video"],
    ["old.wmv", "video"],
    ["broadcast.ts", "video"],
    ["bluray.m2ts", "video"],
    ["camera.mts", "video"],
    ["web.webm", "video"],
    ["dvd.mpg", "video"],
    ["dvd.mpeg", "video"],
    ["flash.flv", "video"],
    ["theora.ogv", "video"],
    ["phone.3gp", "video"],
    ["VTS_01_1.VOB", "video"],
    ["disc.iso", "video"],
    ["rec.dvr-ms", "video"],
    ["song.mp3", "audio"],
    ["song.FLAC", "audio"],
    ["song.m4a", "audio"],
    ["song.aac", "audio"],
    ["song.ogg", "audio"],
    ["song.opus", "audio"],
    ["song.wav", "audio"],
    ["song.wma", "audio"],
    ["song.alac", "audio"],
    ["song.aiff", "audio"],
    ["song.ape", "audio"],
    ["song.wv", "audio"],
    ["song.dsf", "audio"],
    ["movie.srt", "subtitle"],
    ["movie.vtt", "subtitle"],
    ["movie.ass", "subtitle"],
    ["movie.ssa", "subtitle"],
    ["movie.sub", "subtitle"],
    ["movie.idx", "subtitle"],
    ["movie.sup", "subtitle"],
    ["movie.smi", "subtitle"],
    ["movie.sami", "subtitle"],
    ["movie.mks", "subtitle"],
    ["poster.jpg", "image"],
    ["poster.JPEG", "image"],
    ["fanart.png", "image"],
    ["thumb.webp", "image"],
    ["movie.tbn", "image"],
    ["anim.gif", "image"],
    ["movie.nfo", "nfo"],
    ["notes.txt", "other"],
    ["release.nzb", "other"],
    ["lyrics.lrc", "other"],
    ["README", "other"],
    [".mkv", "other"],
    ["trailing.", "other"],
    ["Movie (2010)/movie.mkv", "video"],
  ];
  for (const [name, cls] of rows) equal(classifyFile(name), cls, name);
});

Deno.test("splitExtension() splits at the last dot and lower-cases the extension", () => {
  deepStrictEqual(splitExtension("Movie.2010.MKV"), { base: "Movie.2010", ext: "mkv" });
  deepStrictEqual(splitExtension("README"), { base: "README", ext: "" });
  deepStrictEqual(splitExtension(".hidden"), { base: ".hidden", ext: "" });
  deepStrictEqual(splitExtension("rec.dvr-ms"), { base: "rec", ext: "dvr-ms" });
});
