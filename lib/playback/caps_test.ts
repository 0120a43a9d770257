import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { CapsError, mergeCaps, parseCaps } from "./caps.ts";
import { decide } from "./decide.ts";
import { type DeviceProfile, parseProfiles } from "./profile.ts";
import { AAC_STEREO, H264_1080, MEDIA, probe } from "./test_fixtures.ts";

async function load(id: string): Promise<DeviceProfile> {
  const text = await Deno.readTextFile(new URL(`../../profiles/${id}.json`, import.meta.url));
  return parseProfiles([{ name: `profiles/${id}.json`, text }])[0];
}

const chrome = await load("chrome");
const maxCompat = await load("max_compat");
const dlna = await load("dlna_tv");

const CHROME_BASE = ["h264", "vp8", "vp9", "av1"];
const CHROME_AUDIO = ["aac", "mp3", "opus", "flac", "vorbis", "pcm"];

function play(media = MEDIA.h264_aac_mp4, profile: DeviceProfile) {
  return decide({ media, profile, policy: { allow_transcoding: true, allow_remux: true } });
}

Deno.test("parseCaps() normalises codec aliases, ranges and containers", () => {
  const caps = parseCaps({
    containers: ["MP4", "webm"],
    video_codecs: ["avc1", "hvc1", "av01"],
    audio_codecs: ["mp4a", "ec-3", "ac-3"],
    subtitle_formats: ["vtt", "sup"],
    video_ranges: ["sdr", "hdr10"],
    hls: true,
    segment_types: ["fmp4"],
    max_bitrate_kbps: 20000,
    max_width: 2560,
    max_height: 1440,
    max_audio_channels: 6,
    video_codec_limits: { hvc1: { profiles: ["Main 10"], max_level: 5.1, max_bit_depth: 10 } },
  });
  assertEquals(caps, {
    containers: ["mp4", "webm"],
    video_codecs: ["h264", "hevc", "av1"],
    audio_codecs: ["aac", "eac3", "ac3"],
    subtitle_formats: ["webvtt", "pgs"],
    video_ranges: ["SDR", "HDR10"],
    hls: true,
    segment_types: ["fmp4"],
    max_bitrate_kbps: 20000,
    max_width: 2560,
    max_height: 1440,
    max_audio_channels: 6,
    video_codec_limits: { hevc: { profiles: ["main 10"], max_level: 5.1, max_bit_depth: 10 } },
  });
  assertEquals(parseCaps({}), {});
});

Deno.test("parseCaps() rejects malformed reports with the field named", () => {
  const rows: [unknown, string][] = [
    ["mp4", "caps.(root) must be an object"],
    [{ video_codecs: "h264" }, "caps.video_codecs must be an array"],
    [{ video_codecs: ["h264", ""] }, "caps.video_codecs[1] must be a non-empty string"],
    [{ segment_types: ["mp4"] }, "caps.segment_types[0] must be one of ts, fmp4"],
    [{ max_bitrate_kbps: "8000" }, "caps.max_bitrate_kbps must be a number"],
    [{ max_width: 0 }, "caps.max_width must be greater than 0"],
    [{ hls: "yes" }, "caps.hls must be true or false"],
    [{ video_ranges: ["HDR11"] }, "caps.video_ranges[0] must be one of"],
    [{ codecs: ["h264"] }, "caps.codecs is not a known field"],
    [
      { video_codec_limits: { hevc: { max_level: "5.1" } } },
      "caps.video_codec_limits.hevc.max_level must be a number",
    ],
  ];
  for (const [json, message] of rows) {
    const err = assertThrows(() => parseCaps(json), CapsError, message);
    assertEquals(err.code, "bad_request");
  }
});

Deno.test("mergeCaps() without a report copies the profile and never mutates its input", () => {
  const before = structuredClone(chrome);
  const same = mergeCaps(chrome, undefined);
  assertEquals(same, chrome);
  assert(same !== chrome && same.containers !== chrome.containers);
  mergeCaps(chrome, { video_codecs: ["h264"], containers: ["mov"], max_bitrate_kbps: 1 });
  assertEquals(chrome, before);
});

Deno.test("mergeCaps() removes codecs the browser cannot decode, everywhere", () => {
  const p = mergeCaps(chrome, { video_codecs: ["h264", "vp9"], audio_codecs: ["aac", "mp3"] });
  assertEquals(p.video_codecs.map((r) => r.codec), ["h264", "vp9"]);
  assertEquals(p.containers.find((c) => c.container === "webm")!.video_codecs, ["vp9"]);
  assertEquals(p.containers.find((c) => c.container === "mkv")!.audio_codecs, ["aac", "mp3"]);
  assertEquals(p.hls!.video_codecs, { ts: ["h264"], fmp4: ["h264", "vp9"] });
  assertEquals(p.hls!.audio_codecs, { ts: ["aac", "mp3"], fmp4: ["aac", "mp3"] });
  // An AV1 file is now a transcode on this browser.
  assertEquals(play(MEDIA.av1_10bit_opus_mkv, p).reasons, [
    "video_codec_not_supported",
    "audio_codec_not_supported",
  ]);
});

Deno.test("mergeCaps() adds HEVC proven by a browser: direct in MP4/MKV, remux into fMP4 only", () => {
  const p = mergeCaps(chrome, {
    video_codecs: [...CHROME_BASE, "hevc"],
    video_ranges: ["SDR", "HDR10"],
  });
  assertEquals(p.video_codecs.find((r) => r.codec === "hevc"), {
    codec: "hevc",
    profiles: ["main", "main 10"],
    max_bit_depth: 10,
    video_ranges: ["SDR", "HDR10"],
    allow_interlaced: false,
    allow_anamorphic: true,
  });
  const carries = (c: string) => p.containers.find((r) => r.container === c)!.video_codecs;
  assert(carries("mp4").includes("hevc") && carries("mkv").includes("hevc"));
  assert(!carries("webm").includes("hevc"));
  assertEquals(carries("mp3"), []);
  assertEquals(p.hls!.video_codecs.ts, ["h264"]);
  assertEquals(p.hls!.video_codecs.fmp4, ["h264", "vp9", "av1", "hevc"]);

  assertEquals(play(MEDIA.hevc8_aac_mp4, p).decision, "direct");
  const hdr = play(MEDIA.hevc10_hdr10_eac3_mkv, p);
  assertEquals(
    [hdr.decision, hdr.reasons, hdr.container, hdr.video?.action, hdr.audio?.codec],
    ["remux", ["audio_codec_not_supported"], "fmp4", "copy", "aac"],
  );
});

Deno.test("mergeCaps() adds AC-3/E-AC-3 for Edge with the platform decoders", () => {
  const p = mergeCaps(chrome, { audio_codecs: [...CHROME_AUDIO, "ac3", "eac3"] });
  assertEquals(play(MEDIA.h264_ac3_mkv, p).decision, "direct");
  assertEquals(p.hls!.audio_codecs.ts, ["aac", "mp3"]);
  assert(p.hls!.audio_codecs.fmp4!.includes("eac3"));
  assert(p.containers.find((c) => c.container === "flac")!.audio_codecs.length === 1);
});

Deno.test("mergeCaps() lets a report lower the profile's codec limits but never raise them", () => {
  const higher = mergeCaps(chrome, { video_codec_limits: { h264: { max_level: 6.2 } } });
  assertEquals(higher.video_codecs[0].max_level, 5.2);
  const lower = mergeCaps(chrome, {
    video_codec_limits: { h264: { max_level: 4.2, profiles: ["main", "high", "high 10"] } },
  });
  assertEquals(lower.video_codecs[0].max_level, 4.2);
  assertEquals(lower.video_codecs[0].profiles, ["main", "high"]);
  assertEquals(play(MEDIA.h264_4k_80mbps_mp4, lower).reasons, ["video_level_not_supported"]);
  // For a codec the profile lacks, the report's limits are the only evidence.
  const added = mergeCaps(chrome, {
    video_codecs: [...CHROME_BASE, "hevc"],
    video_codec_limits: { hevc: { max_level: 5.1, profiles: ["main"] } },
  });
  const hevc = added.video_codecs.find((r) => r.codec === "hevc")!;
  assertEquals([hevc.max_level, hevc.profiles], [5.1, ["main"]]);
});

Deno.test("mergeCaps() narrows dynamic ranges, bitrate, picture size and channels", () => {
  const p = mergeCaps(chrome, {
    video_ranges: ["SDR"],
    max_bitrate_kbps: 5000,
    max_width: 1280,
    max_height: 720,
    max_audio_channels: 2,
  });
  assertEquals(p.video_codecs.find((r) => r.codec === "vp9")!.video_ranges, ["SDR"]);
  assertEquals([p.max_bitrate_kbps, p.max_width, p.max_height], [5000, 1280, 720]);
  assertEquals(p.transcode.max_audio_channels, 2);
  const hdr = play(MEDIA.vp9_hdr10_opus_webm, p);
  assertEquals(hdr.reasons, [
    "video_resolution_not_supported",
    "video_range_not_supported",
    "bitrate_exceeds_limit",
  ]);
  assertEquals([hdr.video?.width, hdr.video?.height], [1280, 720]);
  const surround = probe("mp4", 3000, [
    { ...H264_1080, width: 1280, height: 720 },
    { ...AAC_STEREO, channels: 6 },
  ]);
  const d = play(surround, p);
  assertEquals([d.decision, d.reasons, d.audio?.channels], [
    "remux",
    ["audio_channels_not_supported"],
    2,
  ]);
  // A higher report does not raise the profile's ceiling.
  assertEquals(mergeCaps(chrome, { max_bitrate_kbps: 1e9 }).max_bitrate_kbps, 120000);
});

Deno.test("mergeCaps() treats containers as additive (browsers misreport Matroska)", () => {
  const p = mergeCaps(chrome, { containers: ["mp4", "mov"] });
  assert(p.containers.some((c) => c.container === "mkv"));
  assertEquals(p.containers.find((c) => c.container === "mov"), {
    container: "mov",
    video_codecs: ["h264", "av1"],
    audio_codecs: ["aac", "mp3", "pcm"],
  });
  const mov = { ...MEDIA.h264_aac_mp4, container: "mov" };
  assertEquals(play(mov, chrome).reasons, ["container_not_supported"]);
  assertEquals(play(mov, p).decision, "direct");
});

Deno.test("mergeCaps() applies the HLS report: off, narrowed, or a segment type added", () => {
  assertEquals(mergeCaps(chrome, { hls: false }).hls, null);
  const fmp4Only = mergeCaps(chrome, { segment_types: ["fmp4"] });
  assertEquals(fmp4Only.hls!.segment_types, ["fmp4"]);
  assertEquals(play(MEDIA.h264_ac3_mkv, fmp4Only).container, "fmp4");
  const widened = mergeCaps(maxCompat, { segment_types: ["ts", "fmp4"] });
  assertEquals(widened.hls, {
    segment_types: ["ts", "fmp4"],
    video_codecs: { ts: ["h264"], fmp4: ["h264"] },
    audio_codecs: { ts: ["aac", "mp3"], fmp4: ["aac", "mp3"] },
  });
  // A DLNA renderer that says it does HLS gets HLS instead of progressive MPEG-TS.
  const tvHls = mergeCaps(dlna, { hls: true });
  assertEquals(tvHls.hls!.segment_types, ["ts", "fmp4"]);
  assertEquals(play(MEDIA.h264_dts_mkv, tvHls).protocol, "hls");
});

Deno.test("mergeCaps() prefers a client's own subtitle renderers and drops external formats it lacks", () => {
  const p = mergeCaps(chrome, { subtitle_formats: ["webvtt", "ass", "pgs"] });
  assertEquals(p.subtitles, [
    { format: "ass", method: "external" },
    { format: "pgs", method: "external" },
    { format: "webvtt", method: "external" },
    { format: "webvtt", method: "hls" },
  ]);
  const none = mergeCaps(chrome, { subtitle_formats: [] });
  assertEquals(none.subtitles, [{ format: "webvtt", method: "hls" }]);
});
