import { assertEquals } from "../../tests/helpers/assert.ts";
import { codecString, type CodecStringInput, hlsCodecs } from "./codec_string.ts";

Deno.test("codecString() builds RFC 6381 strings from ffprobe-style streams", () => {
  const rows: [CodecStringInput, string | undefined][] = [
    // H.264: profile_idc, constraint flags, level_idc — all hex.
    [{ codec: "h264", profile: "High", level: 41 }, "avc1.640029"],
    [{ codec: "h264", profile: "High", level: 40 }, "avc1.640028"],
    [{ codec: "h264", profile: "High", level: 52 }, "avc1.640034"],
    [{ codec: "h264", profile: "Main", level: 31 }, "avc1.4D401F"],
    [{ codec: "h264", profile: "Constrained Baseline", level: 30 }, "avc1.42E01E"],
    [{ codec: "h264", profile: "Baseline", level: 30 }, "avc1.42001E"],
    [{ codec: "h264", profile: "High 10", level: 51 }, "avc1.6E0033"],
    [{ codec: "avc1", profile: "high", level: 41 }, "avc1.640029"],
    [{ codec: "h264", width: 1280, height: 720, frame_rate: 30 }, "avc1.64001F"],
    [{ codec: "h264", width: 1920, height: 1080, frame_rate: 60 }, "avc1.64002A"],
    // HEVC: profile, reversed compatibility flags, tier + level_idc, constraint byte.
    [{ codec: "hevc", profile: "Main", level: 120 }, "hvc1.1.6.L120.B0"],
    [{ codec: "hevc", profile: "Main 10", level: 153 }, "hvc1.2.4.L153.B0"],
    [
      { codec: "hevc", bit_depth: 10, width: 3840, height: 2160, frame_rate: 24 },
      "hvc1.2.4.L150.B0",
    ],
    [{ codec: "hevc", width: 1280, height: 720 }, "hvc1.1.6.L93.B0"],
    [{ codec: "hevc", profile: "Rext", level: 153 }, "hvc1.4.10.L153.B0"],
    // AV1: profile, seq_level_idx + tier, bit depth.
    [{ codec: "av1", profile: "Main", level: 8, bit_depth: 10 }, "av01.0.08M.10"],
    [{ codec: "av1", profile: "Main", level: 13, bit_depth: 8 }, "av01.0.13M.08"],
    [{ codec: "av1", profile: "High", level: 9, bit_depth: 8 }, "av01.1.09M.08"],
    [{ codec: "av1", bit_depth: 10, width: 3840, height: 2160, frame_rate: 60 }, "av01.0.13M.10"],
    // VP9: profile, level × 10, bit depth.
    [
      { codec: "vp9", profile: "Profile 0", width: 1920, height: 1080, frame_rate: 30 },
      "vp09.00.40.08",
    ],
    [
      {
        codec: "vp9",
        profile: "Profile 2",
        bit_depth: 10,
        width: 3840,
        height: 2160,
        frame_rate: 24,
      },
      "vp09.02.50.10",
    ],
    [{ codec: "vp9", profile: "Profile 0", level: 31, bit_depth: 8 }, "vp09.00.31.08"],
    [{ codec: "vp9", bit_depth: 10, width: 1280, height: 720, frame_rate: 30 }, "vp09.02.31.10"],
    // Audio.
    [{ codec: "aac", profile: "LC" }, "mp4a.40.2"],
    [{ codec: "aac", profile: "HE-AAC" }, "mp4a.40.5"],
    [{ codec: "aac", profile: "HE-AACv2" }, "mp4a.40.29"],
    [{ codec: "aac" }, "mp4a.40.2"],
    [{ codec: "mp3" }, "mp4a.40.34"],
    [{ codec: "ac3" }, "ac-3"],
    [{ codec: "eac3" }, "ec-3"],
    [{ codec: "opus" }, "opus"],
    [{ codec: "flac" }, "fLaC"],
    [{ codec: "alac" }, "alac"],
    [{ codec: "truehd" }, "mlpa"],
    // Nothing HLS or MSE could use.
    [{ codec: "mpeg2video", profile: "Main", level: 4 }, undefined],
    [{ codec: "dts" }, undefined],
    [{ codec: "subrip" }, undefined],
  ];
  for (const [input, expected] of rows) {
    assertEquals(codecString(input), expected, JSON.stringify(input));
  }
});

Deno.test("codecString() writes hev1 when asked", () => {
  assertEquals(
    codecString({ codec: "hevc", profile: "Main 10", level: 153 }, { hevc_tag: "hev1" }),
    "hev1.2.4.L153.B0",
  );
});

Deno.test("hlsCodecs() joins video and audio and skips streams without a string", () => {
  const rows: [CodecStringInput | null, CodecStringInput | null, string][] = [
    [
      { codec: "h264", profile: "high", level: 41 },
      { codec: "aac", profile: "LC" },
      "avc1.640029,mp4a.40.2",
    ],
    [null, { codec: "mp3" }, "mp4a.40.34"],
    [{ codec: "mpeg2video" }, { codec: "ac3" }, "ac-3"],
    [{ codec: "hevc", profile: "main 10", level: 150 }, { codec: "eac3" }, "hvc1.2.4.L150.B0,ec-3"],
    [null, null, ""],
  ];
  for (const [video, audio, expected] of rows) assertEquals(hlsCodecs(video, audio), expected);
});
