import { assertEquals } from "../../tests/helpers/assert.ts";
import { REASONS } from "../../lib/playback/decide.ts";
import {
  describeDecision,
  describeStreams,
  REASON_TEXT,
  subtitleVttUrl,
  urlToken,
} from "./playback_api.ts";

Deno.test("every reason code of the decision engine has human wording", () => {
  assertEquals(REASONS.filter((r) => !REASON_TEXT[r]), []);
});

Deno.test("describeDecision() words the decision and its reasons", () => {
  const cases: [string, string[], string][] = [
    ["direct", [], "Direct play"],
    ["transcode", ["video_codec_not_supported"], "Transcoding: video codec not supported"],
    [
      "remux",
      ["container_not_supported", "audio_codec_not_supported"],
      "Remuxing: file format (container) not supported, audio codec not supported",
    ],
    ["transcode", ["some_new_reason"], "Transcoding: some new reason"],
  ];
  for (const [decision, reasons, want] of cases) {
    assertEquals(
      describeDecision({ decision: decision as "direct", reasons }),
      want,
    );
  }
});

Deno.test("describeStreams() says what is copied and what encoded", () => {
  assertEquals(
    describeStreams({
      video: { action: "copy", codec: "h264", height: 180 },
      audio: { action: "encode", codec: "aac", channels: 2 },
    }),
    "Video: copy h264 180p · Audio: encode aac 2 ch",
  );
  assertEquals(
    describeStreams({ video: null, audio: { action: "copy", codec: "mp3" } }),
    "Audio: copy mp3",
  );
});

Deno.test("urlToken() and subtitleVttUrl() carry the playback token", () => {
  assertEquals(urlToken("/api/items/a/hls/s/master.m3u8?t=abc.def"), "abc.def");
  assertEquals(urlToken("/api/items/a/stream"), null);
  assertEquals(urlToken(null), null);
  assertEquals(subtitleVttUrl("a b", 2, "x+y"), "/api/items/a%20b/subtitles/2.vtt?t=x%2By");
  assertEquals(subtitleVttUrl("a", 0, null), "/api/items/a/subtitles/0.vtt");
});
