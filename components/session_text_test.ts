import { assertEquals } from "../tests/helpers/assert.ts";
import { describeDecision, describeTranscode } from "./session_text.ts";

Deno.test("decisions and transcodes read as sentences", () => {
  const cases: [string, string][] = [
    [describeDecision("direct", []), "Direct play"],
    [
      describeDecision("transcode", ["video_codec_not_supported", "bitrate_exceeds_limit"]),
      "Transcoding: video codec not supported, bitrate over the limit",
    ],
    [describeDecision("remux", ["some_new_reason"]), "Remuxing: some new reason"],
    [describeTranscode(null), ""],
    [
      describeTranscode({
        ffmpeg: "running",
        encoder: "libx264",
        speed: 1.8,
        fallback_reason: null,
        last_error: null,
      }),
      "1.8× real time, libx264, ffmpeg running",
    ],
    [
      describeTranscode({
        ffmpeg: "paused",
        encoder: null,
        speed: null,
        fallback_reason: "vaapi encode failed",
        last_error: null,
      }),
      "ffmpeg paused, fell back to software: vaapi encode failed",
    ],
  ];
  for (const [got, want] of cases) assertEquals(got, want);
});
