import { assertEquals } from "../../tests/helpers/assert.ts";
import { normaliseVtt } from "./vtt_normalise.ts";

Deno.test("normaliseVtt() rewrites times, keeps settings and STYLE, drops NOTE and ids", () => {
  const input = "\uFEFFWEBVTT - title\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n" +
    "NOTE a comment\r\n\r\n" +
    "id2\r\n00:05.000 --> 00:06.000 line:0 align:start\r\n<i>Later</i>\r\n\r\n" +
    "00:00:01.000 --> 00:00:02.000\r\nFirst\r\n";
  assertEquals(
    normaliseVtt(input),
    "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n" +
      "00:00:01.000 --> 00:00:02.000\nFirst\n\n" +
      "00:00:05.000 --> 00:00:06.000 line:0 align:start\n<i>Later</i>\n",
  );
});
