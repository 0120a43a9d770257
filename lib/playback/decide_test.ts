import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import type { MediaProbe } from "../media/types.ts";
import { mergeCaps } from "./caps.ts";
import {
  audioBitrate,
  decide,
  type DecisionInput,
  DecisionInputError,
  type PlaybackPolicy,
  REASONS,
} from "./decide.ts";
import { type DeviceProfile, parseProfiles } from "./profile.ts";
import { AAC_STEREO, H264_1080, MEDIA, probe } from "./test_fixtures.ts";

async function load(id: string): Promise<DeviceProfile> {
  const text = await Deno.readTextFile(new URL(`../../profiles/${id}.json`, import.meta.url));
  return parseProfiles([{ name: `profiles/${id}.json`, text }])[0];
}

const chrome = await load("chrome");
const firefox = await load("firefox");
const safari = await load("safari");
const maxCompat = await load("max_compat");
const androidTv = await load("android_tv");

const OPEN: PlaybackPolicy = { allow_transcoding: true, allow_remux: true };

function run(
  media: MediaProbe,
  profile: DeviceProfile,
  extra: Partial<DecisionInput> = {},
) {
  return decide({ media, profile, policy: OPEN, ...extra });
}

Deno.test("REASONS is the api.md closed set plus anamorphic_not_supported, without repeats", () => {
  assertEquals(REASONS.length, 18);
  assertEquals(new Set(REASONS).size, REASONS.length);
  for (
    const r of [
      "container_not_supported",
      "video_codec_not_supported",
      "video_profile_not_supported",
      "video_level_not_supported",
      "video_bit_depth_not_supported",
      "video_resolution_not_supported",
      "video_framerate_not_supported",
      "video_range_not_supported",
      "interlaced_not_supported",
      "audio_codec_not_supported",
      "audio_channels_not_supported",
      "audio_sample_rate_not_supported",
      "secondary_audio_not_supported",
      "bitrate_exceeds_limit",
      "subtitle_needs_burn_in",
      "speed_change_requested",
      "unknown_stream_info",
      "anamorphic_not_supported",
    ]
  ) {
    assert((REASONS as readonly string[]).includes(r), r);
  }
});

Deno.test("decide() respects the policy: remux, transcoding and audio transcoding gates", () => {
  const rows: [
    string,
    MediaProbe,
    DeviceProfile,
    PlaybackPolicy,
    string,
    boolean,
    string | null,
  ][] = [
    // [label, media, profile, policy, decision, playable, blocked]
    [
      "remux disallowed becomes a video transcode",
      MEDIA.h264_aac_mkv,
      safari,
      { allow_transcoding: true, allow_remux: false },
      "transcode",
      true,
      null,
    ],
    [
      "remux and transcode disallowed blocks at the remux",
      MEDIA.h264_aac_mkv,
      safari,
      { allow_transcoding: false, allow_remux: false },
      "transcode",
      false,
      "remux_not_allowed",
    ],
    [
      "a video transcode with transcoding disallowed is blocked",
      MEDIA.hevc8_aac_mp4,
      chrome,
      { allow_transcoding: false, allow_remux: true },
      "transcode",
      false,
      "transcoding_not_allowed",
    ],
    [
      "a remux with audio encode needs audio transcoding",
      MEDIA.h264_ac3_mkv,
      chrome,
      { allow_transcoding: false, allow_remux: true },
      "remux",
      false,
      "audio_transcoding_not_allowed",
    ],
    [
      "audio transcoding can be allowed without video transcoding",
      MEDIA.h264_ac3_mkv,
      chrome,
      { allow_transcoding: false, allow_remux: true, allow_audio_transcoding: true },
      "remux",
      true,
      null,
    ],
    [
      "a pure stream copy needs no transcoding permission",
      MEDIA.h264_aac_mkv,
      safari,
      { allow_transcoding: false, allow_remux: true },
      "remux",
      true,
      null,
    ],
    [
      "direct play is always allowed",
      MEDIA.h264_aac_mp4,
      chrome,
      { allow_transcoding: false, allow_remux: false },
      "direct",
      true,
      null,
    ],
    [
      "music transcoding follows allow_audio_transcoding",
      MEDIA.flac_96k,
      maxCompat,
      { allow_transcoding: true, allow_remux: true, allow_audio_transcoding: false },
      "transcode",
      false,
      "audio_transcoding_not_allowed",
    ],
  ];
  for (const [label, media, profile, policy, decision, playable, blocked] of rows) {
    const d = decide({ media, profile, policy });
    assertEquals([d.decision, d.playable, d.blocked], [decision, playable, blocked], label);
  }
});

Deno.test("decide() with remuxing disallowed re-encodes the video it could have copied", () => {
  const d = decide({
    media: MEDIA.h264_aac_mkv,
    profile: safari,
    policy: { allow_transcoding: true, allow_remux: false },
  });
  assertEquals(d.video?.action, "encode");
  assertEquals(d.reasons, ["container_not_supported"]);
});

Deno.test("decide() fits a transcode into a bitrate limit: 720p box, audio kept, sum = limit", () => {
  const d = run(MEDIA.h264_aac_mp4, chrome, {
    policy: { ...OPEN, max_bitrate_kbps: 4000 },
  });
  assertEquals(d.decision, "transcode");
  assertEquals(d.reasons, ["bitrate_exceeds_limit"]);
  assertEquals([d.video?.width, d.video?.height], [1280, 720]);
  assertEquals(d.audio?.action, "copy");
  assertEquals(d.video?.bitrate_kbps, 4000 - 192);
  assertEquals(d.estimated_bitrate_kbps, 4000);
});

Deno.test("decide() at a very low limit sends 360p with 128k audio", () => {
  const d = run(MEDIA.h264_ac3_mkv, chrome, { policy: { ...OPEN, max_bitrate_kbps: 1500 } });
  assertEquals([d.video?.width, d.video?.height], [640, 360]);
  assertEquals([d.audio?.codec, d.audio?.channels, d.audio?.bitrate_kbps], ["aac", 2, 128]);
  assertEquals(d.video?.bitrate_kbps, 1000);
});

Deno.test("decide() plans the H.264 encode: profile, level, frame rate, SDR 8-bit", () => {
  const d = run(MEDIA.hevc8_aac_mp4, chrome);
  assertEquals(d.video, {
    action: "encode",
    stream_index: 0,
    codec: "h264",
    width: 1920,
    height: 1080,
    // Source video 5000 − 160 audio = 4840 kbit/s of HEVC; H.264 needs 1.5× for the same look.
    bitrate_kbps: 7260,
    frame_rate: 23.976,
    profile: "high",
    level: 40,
    bit_depth: 8,
    video_range: "SDR",
    deinterlace: false,
    tone_map: false,
  });
  assertEquals(d.audio, {
    action: "copy",
    stream_index: 1,
    codec: "aac",
    channels: 2,
    bitrate_kbps: 160,
    sample_rate: 48000,
  });
  assertEquals(d.estimated_bitrate_kbps, 7420);
});

Deno.test("decide() deinterlaces interlaced sources and tone-maps HDR it cannot keep", () => {
  const interlaced = run(MEDIA.mpeg2_interlaced_ts, chrome);
  assertEquals([interlaced.video?.deinterlace, interlaced.video?.tone_map], [true, false]);
  const hdr = run(MEDIA.vp9_hdr10_opus_webm, firefox);
  assertEquals([hdr.video?.deinterlace, hdr.video?.tone_map], [false, true]);
  assertEquals([hdr.video?.video_range, hdr.video?.bit_depth], ["SDR", 8]);
});

Deno.test("decide() encodes HEVC 10-bit and keeps HDR10 when the server allows HEVC encoding", () => {
  const d = run(MEDIA.vp9_hdr10_opus_webm, safari, {
    policy: { ...OPEN, video_encoders: ["hevc", "h264"] },
  });
  assertEquals([d.decision, d.protocol, d.container], ["transcode", "hls", "fmp4"]);
  assertEquals(d.video?.codec, "hevc");
  assertEquals([d.video?.profile, d.video?.bit_depth, d.video?.video_range], [
    "main 10",
    10,
    "HDR10",
  ]);
  assertEquals(d.video?.tone_map, false);
  // 3840×2160 at 23.976 fps fits HEVC level 5.0 (raw 150).
  assertEquals(d.video?.level, 150);
});

Deno.test("decide() halves 60 fps before exceeding the client's H.264 level", () => {
  const media = probe("mp4", 12000, [
    { ...H264_1080, level: 42, frame_rate: 59.94 },
    AAC_STEREO,
  ]);
  const d = run(media, maxCompat);
  assertEquals(d.reasons, ["video_level_not_supported"]);
  assertEquals([d.video?.width, d.video?.height, d.video?.frame_rate, d.video?.level], [
    1920,
    1080,
    29.97,
    40,
  ]);
});

Deno.test("decide() outputs square pixels for anamorphic sources", () => {
  const rows: [string, MediaProbe, [number, number]][] = [
    ["NTSC 16:9 DVD (SAR 32:27)", MEDIA.dvd_mpeg2_anamorphic_mkv, [854, 480]],
    ["PAL 16:9 (SAR 64:45)", MEDIA.h264_anamorphic_pal_mkv, [1024, 576]],
    [
      "SAR unknown keeps the stored size",
      probe("mkv", 3000, [
        { ...H264_1080, width: 720, height: 576, anamorphic: true },
        AAC_STEREO,
      ]),
      [720, 576],
    ],
  ];
  for (const [label, media, size] of rows) {
    const d = run(media, maxCompat);
    assertEquals([d.video?.width, d.video?.height], size, label);
  }
});

Deno.test("decide() changes speed only by re-encoding video and audio", () => {
  const d = run(MEDIA.h264_aac_mp4, chrome, { speed: 1.5 });
  assertEquals(d.reasons, ["speed_change_requested"]);
  assertEquals([d.video?.action, d.audio?.action, d.speed], ["encode", "encode", 1.5]);
});

Deno.test("decide() rejects bad stream choices and speeds", () => {
  const m = MEDIA.h264_pgs_ass_2audio_mkv;
  const rows: [string, Partial<DecisionInput>, string][] = [
    ["audio_index on a video stream", { audio_index: 0 }, "Stream 0 is not an audio stream"],
    ["audio_index out of range", { audio_index: 42 }, "Stream 42 is not an audio stream"],
    [
      "embedded subtitle on an audio stream",
      { subtitle: { source: "embedded", stream_index: 1, format: "subrip" } },
      "Stream 1 is not a subtitle stream",
    ],
    [
      "embedded subtitle without a stream",
      { subtitle: { source: "embedded", format: "subrip" } },
      "An embedded subtitle needs its stream_index",
    ],
    ["zero speed", { speed: 0 }, "speed must be a positive number"],
    ["NaN speed", { speed: NaN }, "speed must be a positive number"],
  ];
  for (const [label, extra, message] of rows) {
    const err = assertThrows(() => run(m, chrome, extra), DecisionInputError, message);
    assertEquals(err.code, "bad_request", label);
  }
});

Deno.test("decide() picks the default-flagged audio track when none is chosen", () => {
  const media = probe("mp4", 8000, [
    H264_1080,
    { ...AAC_STEREO, default: false, language: "ger" },
    { ...AAC_STEREO, default: true, language: "eng" },
  ]);
  const d = run(media, chrome);
  assertEquals([d.decision, d.audio?.stream_index], ["direct", 2]);
  // Choosing the first (not default-flagged) track is a secondary track for the player.
  const first = run(media, chrome, { audio_index: 1 });
  assertEquals([first.decision, first.reasons], ["remux", ["secondary_audio_not_supported"]]);
});

Deno.test("decide() handles files without streams or with unreadable video info", () => {
  const empty = run(probe("mkv", 100, []), chrome);
  assertEquals([empty.playable, empty.blocked, empty.reasons], [
    false,
    "no_playable_stream",
    ["unknown_stream_info"],
  ]);
  const noSize = run(
    probe("mp4", 3000, [{ ...H264_1080, width: undefined, height: undefined }, AAC_STEREO]),
    chrome,
  );
  assertEquals([noSize.decision, noSize.reasons], ["transcode", ["unknown_stream_info"]]);
});

Deno.test("decide() is blocked when the client reports no HLS and the profile has no fallback", () => {
  const noHls = mergeCaps(chrome, { hls: false });
  const d = run(MEDIA.hevc8_aac_mp4, noHls);
  assertEquals([d.playable, d.blocked], [false, "no_streaming_target"]);
  // Direct play does not need a streaming target.
  assertEquals(run(MEDIA.h264_aac_mp4, noHls).playable, true);
});

Deno.test("decide() on audio files: natural-container remux, music target, bitrate limit", () => {
  const mka = probe("mka", 900, [{
    type: "audio",
    codec: "flac",
    channels: 2,
    sample_rate: 44100,
  }]);
  const remux = run(mka, chrome);
  assertEquals(
    [remux.decision, remux.reasons, remux.protocol, remux.container, remux.audio?.action],
    ["remux", ["container_not_supported"], "http", "flac", "copy"],
  );
  const wma = probe("wma", 192, [
    { type: "audio", codec: "wmav2", channels: 2, sample_rate: 44100, bitrate_kbps: 192 },
  ]);
  const t = run(wma, chrome);
  assertEquals([t.decision, t.container, t.audio?.codec, t.audio?.bitrate_kbps, t.video], [
    "transcode",
    "aac",
    "aac",
    192,
    null,
  ]);
  const capped = run(MEDIA.flac_96k, chrome, { policy: { ...OPEN, max_bitrate_kbps: 128 } });
  assertEquals([capped.reasons, capped.audio?.bitrate_kbps, capped.audio?.sample_rate], [
    ["bitrate_exceeds_limit"],
    128,
    48000,
  ]);
});

Deno.test("decide() delivers subtitles by the profile's rules and the client's renderers", () => {
  const m = MEDIA.h264_aac_mp4;
  const rows: [string, DeviceProfile, DecisionInput["subtitle"], string, string, string][] = [
    // [label, profile, choice, decision, method, delivery]
    [
      "sidecar SubRip becomes external WebVTT",
      chrome,
      { source: "sidecar", format: "srt", index: 0 },
      "direct",
      "external",
      "webvtt",
    ],
    [
      "sidecar PGS (.sup) is burnt in",
      chrome,
      { source: "sidecar", format: "sup" },
      "transcode",
      "burn_in",
      "pgs",
    ],
    [
      "a client with a PGS renderer takes the .sup as it is",
      mergeCaps(chrome, { subtitle_formats: ["webvtt", "pgs"] }),
      { source: "sidecar", format: "sup" },
      "direct",
      "external",
      "pgs",
    ],
    [
      "a client with an ASS renderer gets the original styles",
      mergeCaps(chrome, { subtitle_formats: ["webvtt", "ass"] }),
      { source: "sidecar", format: "ass" },
      "direct",
      "external",
      "ass",
    ],
    [
      "a client that renders nothing external gets burn-in",
      mergeCaps(chrome, { subtitle_formats: [] }),
      { source: "sidecar", format: "srt" },
      "transcode",
      "burn_in",
      "subrip",
    ],
    [
      "ExoPlayer cannot embed a sidecar, so it gets WebVTT",
      androidTv,
      { source: "sidecar", format: "srt" },
      "direct",
      "external",
      "webvtt",
    ],
  ];
  for (const [label, profile, subtitle, decision, method, delivery] of rows) {
    const d = run(m, profile, { subtitle });
    assertEquals(
      [d.decision, d.subtitle?.method, d.subtitle?.delivery_format],
      [decision, method, delivery],
      label,
    );
  }
  const withIndex = run(m, chrome, { subtitle: { source: "sidecar", format: "srt", index: 3 } });
  assertEquals(withIndex.subtitle, {
    method: "external",
    source: "sidecar",
    index: 3,
    format: "subrip",
    delivery_format: "webvtt",
  });
});

Deno.test("decide() accepts HDR10+ where HDR10 is allowed, and refuses Dolby Vision without it", () => {
  const hevc = (range: string) =>
    probe("mp4", 20000, [
      {
        ...H264_1080,
        codec: "hevc",
        profile: "Main 10",
        level: 153,
        bit_depth: 10,
        video_range: range,
      },
      AAC_STEREO,
    ]);
  assertEquals(run(hevc("HDR10+"), androidTv).decision, "direct");
  assertEquals(run(hevc("DOVI"), androidTv).reasons, ["video_range_not_supported"]);
  assertEquals(run(hevc("DOVI"), safari).decision, "direct");
});

Deno.test("decide() echoes start_ms and reports the direct-play bitrate of the file", () => {
  const d = run(MEDIA.h264_aac_mp4, chrome, { start_ms: 61_000 });
  assertEquals([d.start_ms, d.speed, d.estimated_bitrate_kbps], [61_000, 1, 8000]);
});

Deno.test("audioBitrate() follows channel count per codec", () => {
  const rows: [string, number, number][] = [
    ["aac", 1, 128],
    ["aac", 2, 192],
    ["aac", 6, 384],
    ["aac", 8, 512],
    ["ac3", 6, 448],
    ["eac3", 8, 640],
    ["mp3", 2, 192],
    ["opus", 2, 128],
    ["unknown", 2, 192],
  ];
  for (const [codec, ch, kbps] of rows) assertEquals(audioBitrate(codec, ch), kbps, codec);
});
