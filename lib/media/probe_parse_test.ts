import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import {
  bitDepthFromPixFmt,
  normaliseContainer,
  parseProbe,
  parseRational,
  ProbeError,
  summariseProbeStderr,
} from "./probe_parse.ts";
import type { MediaStream } from "./types.ts";

// Canned ffprobe output, written by hand after `ffprobe -v error -print_format json -show_format
// -show_streams` on files made with ffmpeg 5.1 (fields the parser ignores are mostly left out).
const DISP0 = {
  default: 0,
  dub: 0,
  original: 0,
  comment: 0,
  lyrics: 0,
  karaoke: 0,
  forced: 0,
  hearing_impaired: 0,
  visual_impaired: 0,
  clean_effects: 0,
  attached_pic: 0,
  timed_thumbnails: 0,
};

const MP4_H264_AAC = {
  streams: [
    {
      index: 0,
      codec_name: "h264",
      profile: "High",
      codec_type: "video",
      codec_tag_string: "avc1",
      width: 1920,
      height: 1080,
      has_b_frames: 2,
      sample_aspect_ratio: "1:1",
      display_aspect_ratio: "16:9",
      pix_fmt: "yuv420p",
      level: 41,
      field_order: "progressive",
      r_frame_rate: "24000/1001",
      avg_frame_rate: "24000/1001",
      time_base: "1/24000",
      duration: "5.005000",
      bit_rate: "4981523",
      bits_per_raw_sample: "8",
      disposition: { ...DISP0, default: 1 },
      tags: { language: "und", handler_name: "VideoHandler", vendor_id: "[0][0][0][0]" },
    },
    {
      index: 1,
      codec_name: "aac",
      profile: "LC",
      codec_type: "audio",
      sample_fmt: "fltp",
      sample_rate: "48000",
      channels: 2,
      channel_layout: "stereo",
      bits_per_sample: 0,
      r_frame_rate: "0/0",
      avg_frame_rate: "0/0",
      duration: "5.000000",
      bit_rate: "128123",
      disposition: { ...DISP0, default: 1 },
      tags: { language: "eng", handler_name: "SoundHandler" },
    },
  ],
  format: {
    filename: "/media/Movies/Film (2010)/Film (2010).mp4",
    nb_streams: 2,
    format_name: "mov,mp4,m4a,3gp,3g2,mj2",
    start_time: "0.000000",
    duration: "5.005000",
    size: "3200000",
    bit_rate: "5114885",
    probe_score: 100,
    tags: {
      major_brand: "isom",
      minor_version: "512",
      compatible_brands: "isomiso2avc1mp41",
      encoder: "Lavf59.27.100",
      TITLE: "Film",
    },
  },
};

const MKV_HEVC10_AC3_SUBS = {
  streams: [
    {
      index: 0,
      codec_name: "hevc",
      profile: "Main 10",
      codec_type: "video",
      width: 3840,
      height: 2160,
      sample_aspect_ratio: "1:1",
      pix_fmt: "yuv420p10le",
      level: 153,
      color_range: "tv",
      color_space: "bt2020nc",
      color_transfer: "smpte2084",
      color_primaries: "bt2020",
      field_order: "progressive",
      r_frame_rate: "24000/1001",
      avg_frame_rate: "24000/1001",
      disposition: { ...DISP0, default: 1 },
      tags: { BPS: "40123456", DURATION: "01:52:03.123000000", "NUMBER_OF_FRAMES": "161213" },
    },
    {
      index: 1,
      codec_name: "ac3",
      codec_type: "audio",
      sample_rate: "48000",
      channels: 6,
      channel_layout: "5.1(side)",
      bits_per_sample: 0,
      bit_rate: "448000",
      disposition: { ...DISP0, default: 1 },
      tags: { language: "ger", title: "Deutsch AC3 5.1", DURATION: "01:52:03.136000000" },
    },
    {
      index: 2,
      codec_name: "subrip",
      codec_type: "subtitle",
      disposition: { ...DISP0, forced: 1 },
      tags: { language: "eng", title: "Foreign parts" },
    },
    {
      index: 3,
      codec_name: "hdmv_pgs_subtitle",
      codec_type: "subtitle",
      width: 1920,
      height: 1080,
      disposition: { ...DISP0, hearing_impaired: 1 },
      tags: { language: "eng", title: "SDH" },
    },
    {
      index: 4,
      codec_name: "ttf",
      codec_type: "attachment",
      disposition: DISP0,
      tags: { filename: "font.ttf", mimetype: "application/x-truetype-font" },
    },
  ],
  format: {
    filename: "/media/x/Film.2160p.mkv",
    format_name: "matroska,webm",
    duration: "6723.136000",
    size: "33712345678",
    bit_rate: "40114233",
    tags: { ENCODER: "libebml v1.4.2 + libmatroska v1.6.4", title: "Film" },
  },
};

const TS_MPEG2_INTERLACED = {
  streams: [
    {
      index: 0,
      codec_name: "mpeg2video",
      profile: "Main",
      codec_type: "video",
      width: 720,
      height: 576,
      sample_aspect_ratio: "64:45",
      display_aspect_ratio: "16:9",
      pix_fmt: "yuv420p",
      level: 8,
      field_order: "tt",
      id: "0x100",
      r_frame_rate: "25/1",
      avg_frame_rate: "25/1",
      start_time: "1.433367",
      duration: "2.002000",
      disposition: DISP0,
      side_data_list: [{ side_data_type: "CPB properties", buffer_size: 49152 }],
    },
    {
      index: 1,
      codec_name: "mp2",
      codec_type: "audio",
      sample_rate: "48000",
      channels: 2,
      channel_layout: "stereo",
      bit_rate: "192000",
      disposition: DISP0,
      tags: { language: "fra" },
    },
  ],
  format: {
    filename: "rec.ts",
    format_name: "mpegts",
    start_time: "1.433367",
    duration: "2.002000",
    size: "129532",
    bit_rate: "517610",
    probe_score: 50,
  },
};

const MP3_WITH_COVER = {
  streams: [
    {
      index: 0,
      codec_name: "mp3",
      codec_type: "audio",
      sample_fmt: "fltp",
      sample_rate: "44100",
      channels: 2,
      channel_layout: "stereo",
      bits_per_sample: 0,
      duration: "3.030204",
      bit_rate: "96000",
      disposition: DISP0,
    },
    {
      index: 1,
      codec_name: "mjpeg",
      profile: "Baseline",
      codec_type: "video",
      width: 64,
      height: 64,
      sample_aspect_ratio: "1:1",
      pix_fmt: "yuvj420p",
      level: -99,
      r_frame_rate: "90000/1",
      avg_frame_rate: "0/0",
      bits_per_raw_sample: "8",
      disposition: { ...DISP0, attached_pic: 1 },
      tags: { comment: "Cover (front)" },
    },
  ],
  format: {
    filename: "02 - Second.mp3",
    format_name: "mp3",
    duration: "3.030204",
    size: "40000",
    bit_rate: "105600",
    tags: {
      title: "Second",
      artist: "Artist A",
      album_artist: "Artist A",
      album: "Album X",
      track: "2/2",
      disc: "1/1",
      date: "2019",
      TBPM: "120",
    },
  },
};

const OGG_OPUS = {
  streams: [
    {
      index: 0,
      codec_name: "opus",
      codec_type: "audio",
      sample_rate: "48000",
      channels: 2,
      channel_layout: "stereo",
      disposition: { ...DISP0, default: 1 },
      tags: {
        ARTIST: "Artist B",
        ALBUM: "Live",
        TITLE: "Opener",
        encoder: "Lavc59.37.100 libopus",
      },
    },
  ],
  format: { filename: "x.opus", format_name: "ogg", duration: "2.000000", size: "20000" },
};

Deno.test("parseRational() reads ffprobe fractions and rejects unknowns", () => {
  const table: [unknown, number | undefined][] = [
    ["24000/1001", 24000 / 1001],
    ["25/1", 25],
    ["30", 30],
    ["0/0", undefined],
    ["1/0", undefined],
    ["64:45", 64 / 45],
    ["N/A", undefined],
    [undefined, undefined],
    ["abc", undefined],
  ];
  for (const [input, want] of table) assertEquals(parseRational(input), want, String(input));
});

Deno.test("bitDepthFromPixFmt() derives the depth from pixel format names", () => {
  const table: [string | undefined, number | undefined][] = [
    ["yuv420p", 8],
    ["yuvj420p", 8],
    ["nv12", 8],
    ["yuv420p10le", 10],
    ["yuv422p10be", 10],
    ["yuv444p12le", 12],
    ["gbrp10le", 10],
    ["p010le", 10],
    ["p016le", 16],
    ["rgb48le", undefined],
    [undefined, undefined],
  ];
  for (const [input, want] of table) assertEquals(bitDepthFromPixFmt(input), want, String(input));
});

type S = Pick<MediaStream, "type" | "codec" | "attached_pic">;
const v = (codec: string): S => ({ type: "video", codec });
const a = (codec: string): S => ({ type: "audio", codec });

Deno.test("normaliseContainer() picks one container name from demuxer list, extension and codecs", () => {
  const table: [string, string, S[], string, string][] = [
    // [format_name, extension, streams, major_brand, expected]
    ["matroska,webm", "webm", [v("vp9"), a("opus")], "", "webm"],
    ["matroska,webm", "webm", [v("av1"), a("vorbis")], "", "webm"],
    ["matroska,webm", "webm", [v("h264"), a("opus")], "", "mkv"], // h264 is not a WebM codec
    ["matroska,webm", "mkv", [v("vp9"), a("opus")], "", "mkv"], // WebM codecs, .mkv name
    ["matroska,webm", "mka", [a("flac")], "", "mkv"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "mp4", [v("h264"), a("aac")], "isom", "mp4"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "m4v", [v("h264")], "M4V ", "mp4"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "mov", [v("prores")], "qt  ", "mov"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "mp4", [v("h264")], "qt  ", "mov"], // QuickTime file named .mp4
    ["mov,mp4,m4a,3gp,3g2,mj2", "m4a", [a("aac")], "M4A ", "m4a"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "m4b", [a("aac")], "M4A ", "m4a"],
    ["mov,mp4,m4a,3gp,3g2,mj2", "", [a("alac")], "", "m4a"], // no extension, audio only
    [
      "mov,mp4,m4a,3gp,3g2,mj2",
      "",
      [a("aac"), { type: "video", codec: "mjpeg", attached_pic: true }],
      "",
      "m4a",
    ],
    ["mov,mp4,m4a,3gp,3g2,mj2", "3gp", [v("h263")], "3gp4", "3gp"],
    ["mpegts", "ts", [v("h264")], "", "mpegts"],
    ["mpegts", "m2ts", [v("h264")], "", "m2ts"],
    ["mpegts", "MTS", [v("h264")], "", "m2ts"],
    ["ogg", "ogg", [a("vorbis")], "", "ogg"],
    ["ogg", "opus", [a("opus")], "", "opus"],
    ["asf", "wmv", [v("wmv3")], "", "wmv"],
    ["asf", "asf", [v("wmv3")], "", "asf"],
    ["mpeg", "mpg", [v("mpeg2video")], "", "mpeg"],
    ["avi", "avi", [v("mpeg4")], "", "avi"],
    ["flac", "flac", [a("flac")], "", "flac"],
    ["mp3", "mp3", [a("mp3")], "", "mp3"],
    ["wav", "wav", [a("pcm_s16le")], "", "wav"],
    ["flv", "flv", [v("h264")], "", "flv"],
  ];
  for (const [fmt, ext, streams, brand, want] of table) {
    assertEquals(normaliseContainer(fmt, ext, streams, brand), want, `${fmt} .${ext} ${brand}`);
  }
});

Deno.test("parseProbe() normalises an h264+aac mp4 completely", () => {
  const p = parseProbe(MP4_H264_AAC, 3_200_000);
  assertEquals(p, {
    container: "mp4",
    format_name: "mov,mp4,m4a,3gp,3g2,mj2",
    duration_ms: 5005,
    bitrate_kbps: 5115,
    size_bytes: 3_200_000,
    tags: {
      major_brand: "isom",
      minor_version: "512",
      compatible_brands: "isomiso2avc1mp41",
      encoder: "Lavf59.27.100",
      title: "Film",
    },
    streams: [
      {
        index: 0,
        type: "video",
        codec: "h264",
        profile: "High",
        level: 41,
        width: 1920,
        height: 1080,
        pix_fmt: "yuv420p",
        bit_depth: 8,
        frame_rate: 23.976,
        interlaced: false,
        video_range: "SDR",
        anamorphic: false,
        bitrate_kbps: 4982,
        default: true,
        forced: false,
      },
      {
        index: 1,
        type: "audio",
        codec: "aac",
        profile: "LC",
        channels: 2,
        channel_layout: "stereo",
        sample_rate: 48000,
        bitrate_kbps: 128,
        language: "eng",
        default: true,
        forced: false,
        hearing_impaired: false,
      },
    ],
  });
});

Deno.test("parseProbe() reads HEVC 10-bit HDR10 mkv: depth from pix_fmt, BPS tag, subtitle flags", () => {
  const p = parseProbe(MKV_HEVC10_AC3_SUBS, 0);
  assertEquals(p.container, "mkv");
  assertEquals(p.size_bytes, 33712345678, "falls back to ffprobe's size when stat gave 0");
  assertEquals(p.duration_ms, 6723136);
  const [video, audio, forcedSub, sdhSub, font] = p.streams;
  assertEquals(
    [video.bit_depth, video.level, video.video_range, video.bitrate_kbps, video.frame_rate],
    [10, 153, "HDR10", 40123, 23.976],
  );
  assertEquals([audio.channels, audio.channel_layout, audio.language, audio.title], [
    6,
    "5.1(side)",
    "ger",
    "Deutsch AC3 5.1",
  ]);
  assertEquals([forcedSub.codec, forcedSub.forced, forcedSub.default, forcedSub.hearing_impaired], [
    "subrip",
    true,
    false,
    false,
  ]);
  assertEquals([sdhSub.codec, sdhSub.hearing_impaired, sdhSub.title], [
    "hdmv_pgs_subtitle",
    true,
    "SDH",
  ]);
  assertEquals([font.type, font.codec], ["attachment", "ttf"]);
  assertEquals(p.tags.encoder, "libebml v1.4.2 + libmatroska v1.6.4");
});

Deno.test("parseProbe() marks interlaced, anamorphic transport streams", () => {
  const p = parseProbe(TS_MPEG2_INTERLACED, 129532);
  assertEquals(p.container, "mpegts");
  assertEquals(p.start_time_ms, 1433);
  const [video, audio] = p.streams;
  assertEquals([video.interlaced, video.anamorphic, video.frame_rate, video.level], [
    true,
    true,
    25,
    8,
  ]);
  assertEquals(video.sample_aspect_ratio, "64:45", "kept for square-pixel transcodes");
  assertEquals(audio.language, "fra");
});

Deno.test("parseProbe() derives the video range from transfer and Dolby Vision side data", () => {
  const table: [Record<string, unknown>, string][] = [
    [{ color_transfer: "bt709" }, "SDR"],
    [{}, "SDR"],
    [{ color_transfer: "smpte2084" }, "HDR10"],
    [{ color_transfer: "arib-std-b67" }, "HLG"],
    [{
      color_transfer: "smpte2084",
      side_data_list: [{ side_data_type: "DOVI configuration record", dv_profile: 8 }],
    }, "DOVI"],
  ];
  for (const [extra, want] of table) {
    const json = {
      streams: [{ index: 0, codec_type: "video", codec_name: "hevc", ...extra }],
      format: { format_name: "matroska,webm", duration: "1.0" },
    };
    assertEquals(parseProbe(json, 1).streams[0].video_range, want, JSON.stringify(extra));
  }
});

Deno.test("parseProbe() marks cover art as attached_pic and keeps file tags lower-cased", () => {
  const p = parseProbe(MP3_WITH_COVER, 40000);
  assertEquals(p.container, "mp3");
  const cover = p.streams[1];
  assertEquals(cover.attached_pic, true);
  assertEquals(cover.frame_rate, undefined, "a cover has no frame rate");
  assertEquals(cover.level, undefined, "level -99 means unknown");
  assertEquals(p.streams[0].attached_pic, undefined);
  assertEquals(p.tags.tbpm, "120");
  assertEquals(p.tags.artist, "Artist A");
  assertEquals(p.tags.track, "2/2");
});

Deno.test("parseProbe() promotes Ogg stream comments to file tags for audio-only files", () => {
  const p = parseProbe(OGG_OPUS, 20000);
  assertEquals(p.container, "opus");
  assertEquals(p.tags, { artist: "Artist B", album: "Live", title: "Opener" });
  assertEquals(p.bitrate_kbps, 80, "computed from size and duration when format has none");
});

Deno.test("parseProbe() falls back to stream durations and tolerates missing fields", () => {
  const json = {
    streams: [
      {
        index: 0,
        codec_type: "video",
        codec_name: "h264",
        tags: { DURATION: "00:00:03.005000000" },
      },
      { codec_type: "data", codec_name: "bin_data" },
      "garbage",
    ],
    format: { format_name: "matroska,webm" },
  };
  const p = parseProbe(json, 0, "a.mkv");
  assertEquals(p.duration_ms, 3005);
  assertEquals(p.bitrate_kbps, 0);
  assertEquals(p.streams.length, 2);
  assertEquals(p.streams[1], {
    index: 1,
    type: "data",
    codec: "bin_data",
    default: false,
    forced: false,
  });
});

Deno.test("parseProbe() rejects output without a format section", () => {
  for (const bad of [null, {}, { streams: [] }, "text", { format: "x" }]) {
    const err = assertThrows(() => parseProbe(bad, 0), ProbeError);
    assertEquals(err.code, "probe_invalid_output");
  }
});

Deno.test("summariseProbeStderr() strips paths and demuxer context", () => {
  const path = "/media/Movies/Secret (2001)/Secret.mp4";
  const table: [string, string][] = [
    [
      `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ef678601c0] moov atom not found\nfile:${path}: Invalid data found when processing input\n`,
      "moov atom not found; Invalid data found when processing input",
    ],
    [`${path}: No such file or directory\n`, "No such file or directory"],
    ["", "ffprobe failed"],
    ["a\nb\nc\nb\n", "b; c"], // repeated lines count once
  ];
  for (const [stderr, want] of table) {
    const got = summariseProbeStderr(stderr, path);
    assertEquals(got, want);
    assertEquals(got.includes("/media"), false);
  }
});
