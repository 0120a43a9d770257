import { strictEqual } from "node:assert/strict";
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from "./content_type.ts";

type Row = [input: string, container: string | undefined, expected: string];

function runTable(rows: Row[]) {
  for (const [input, container, expected] of rows) {
    strictEqual(contentTypeFor(input, container), expected, `${input} (${container})`);
  }
}

Deno.test("contentTypeFor() maps media container extensions", () => {
  runTable([
    ["movie.mp4", undefined, "video/mp4"],
    ["movie.m4v", undefined, "video/mp4"],
    ["song.m4a", undefined, "audio/mp4"],
    ["book.m4b", undefined, "audio/mp4"],
    ["movie.mkv", undefined, "video/x-matroska"],
    ["movie.webm", undefined, "video/webm"],
    ["movie.mov", undefined, "video/quicktime"],
    ["rec.ts", undefined, "video/mp2t"],
    ["disc.m2ts", undefined, "video/mp2t"],
    ["old.avi", undefined, "video/x-msvideo"],
    ["song.mp3", undefined, "audio/mpeg"],
    ["song.flac", undefined, "audio/flac"],
    ["song.ogg", undefined, "audio/ogg"],
    ["song.oga", undefined, "audio/ogg"],
    ["clip.ogv", undefined, "video/ogg"],
    ["voice.opus", undefined, "audio/ogg"],
    ["sound.wav", undefined, "audio/wav"],
    ["sound.aac", undefined, "audio/aac"],
    ["song.wma", undefined, "audio/x-ms-wma"],
    ["clip.wmv", undefined, "video/x-ms-wmv"],
    ["clip.mpg", undefined, "video/mpeg"],
    ["clip.mpeg", undefined, "video/mpeg"],
    ["clip.flv", undefined, "video/x-flv"],
    ["phone.3gp", undefined, "video/3gpp"],
    ["seg00001.m4s", undefined, "video/mp4"],
  ]);
});

Deno.test("contentTypeFor() maps subtitles, images and web assets", () => {
  runTable([
    ["sub.vtt", undefined, "text/vtt; charset=utf-8"],
    ["sub.en.srt", undefined, "application/x-subrip"],
    ["sub.ass", undefined, "text/x-ssa"],
    ["sub.ssa", undefined, "text/x-ssa"],
    ["poster.jpg", undefined, "image/jpeg"],
    ["poster.jpeg", undefined, "image/jpeg"],
    ["logo.png", undefined, "image/png"],
    ["thumb.webp", undefined, "image/webp"],
    ["anim.gif", undefined, "image/gif"],
    ["icon.svg", undefined, "image/svg+xml"],
    ["index.html", undefined, "text/html; charset=utf-8"],
    ["app.css", undefined, "text/css; charset=utf-8"],
    ["app.js", undefined, "text/javascript; charset=utf-8"],
    ["data.json", undefined, "application/json"],
    ["app.js.map", undefined, "application/json"],
    ["main.m3u8", undefined, "application/vnd.apple.mpegurl"],
    ["font.woff2", undefined, "font/woff2"],
    ["favicon.ico", undefined, "image/x-icon"],
    ["robots.txt", undefined, "text/plain; charset=utf-8"],
  ]);
});

Deno.test("contentTypeFor() accepts paths, bare and dotted extensions in any case", () => {
  runTable([
    ["mkv", undefined, "video/x-matroska"],
    [".mkv", undefined, "video/x-matroska"],
    ["MKV", undefined, "video/x-matroska"],
    ["/media/Movies/Film (2020)/Film.2020.MKV", undefined, "video/x-matroska"],
    ["C:\\Media\\film.Mp4", undefined, "video/mp4"],
    ["/media/dir.mkv/readme", undefined, DEFAULT_CONTENT_TYPE],
    ["archive.tar.gz", undefined, DEFAULT_CONTENT_TYPE],
    ["noextension", undefined, DEFAULT_CONTENT_TYPE],
    ["trailing.", undefined, DEFAULT_CONTENT_TYPE],
    ["", undefined, DEFAULT_CONTENT_TYPE],
    ["x.constructor", undefined, DEFAULT_CONTENT_TYPE],
    ["x.__proto__", undefined, DEFAULT_CONTENT_TYPE],
    ["x.toString", "hasOwnProperty", DEFAULT_CONTENT_TYPE],
  ]);
});

Deno.test("contentTypeFor() lets the probed container win over the extension", () => {
  runTable([
    ["mislabelled.mp4", "mkv", "video/x-matroska"],
    ["mislabelled.avi", "mp4", "video/mp4"],
    ["stream.bin", "mpegts", "video/mp2t"],
    ["rip.m2ts", "m2ts", "video/mp2t"],
    ["clip.mkv", "webm", "video/webm"],
    ["clip", "matroska", "video/x-matroska"],
    ["song.m4a", "m4a", "audio/mp4"],
    ["song.mp4", "m4a", "audio/mp4"],
    ["song.ogg", "opus", "audio/ogg"],
    ["noext", "flac", "audio/flac"],
    ["noext", "MP4", "video/mp4"],
  ]);
});

Deno.test("contentTypeFor() keeps the extension's variant of the same container", () => {
  runTable([
    ["song.m4a", "mp4", "audio/mp4"],
    ["movie.m4v", "mp4", "video/mp4"],
    ["album.mka", "mkv", "audio/x-matroska"],
    ["song.weba", "webm", "audio/webm"],
    ["clip.ogv", "ogg", "video/ogg"],
    ["voice.opus", "ogg", "audio/ogg"],
    ["song.wma", "asf", "audio/x-ms-wma"],
    ["clip.wmv", "asf", "video/x-ms-wmv"],
    ["music.mp3", "mp4", "video/mp4"],
  ]);
});

Deno.test("contentTypeFor() falls back to the extension for unknown containers", () => {
  runTable([
    ["movie.mkv", "someday_format", "video/x-matroska"],
    ["blob", "someday_format", DEFAULT_CONTENT_TYPE],
  ]);
});
