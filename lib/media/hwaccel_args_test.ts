import { join } from "node:path";
import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { toSrt } from "../../tests/fixtures/media.ts";
import {
  buildVideoPipelineArgs,
  canHwDecode,
  encoderFor,
  type HwMethod,
  softwareTonemap,
  type VideoPipelineArgs,
  type VideoPipelineOptions,
} from "./hwaccel_args.ts";

const FFMPEG = Deno.env.get("RUSTFIN_FFMPEG") || "ffmpeg";

/** A typical HLS transcode request: 720p h264 from a 1080p h264 source, 3 s segments. */
const BASE: VideoPipelineOptions = {
  input_codec: "h264",
  input_bit_depth: 8,
  target_codec: "h264",
  width: 1280,
  height: 720,
  bitrate_kbps: 3000,
  maxrate_kbps: 3600,
  bufsize_kbits: 6000,
  keyint_frames: 72,
  force_key_frames: "expr:gte(t,n_forced*3)",
};
const RATE = ["-b:v", "3000k", "-maxrate", "3600k", "-bufsize", "6000k"];
const GOP = ["-g", "72", "-force_key_frames", "expr:gte(t,n_forced*3)"];
const SW_CHAIN = "scale=w=1280:h=720";

type Row = [string, HwMethod, Partial<VideoPipelineOptions>, VideoPipelineArgs];

const TABLE: Row[] = [
  ["software h264", "none", {}, {
    inputArgs: [],
    filterArgs: ["-vf", `${SW_CHAIN},format=yuv420p`],
    encodeArgs: [
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-profile:v",
      "high",
      ...RATE,
      ...GOP,
      "-keyint_min",
      "72",
      "-sc_threshold",
      "0",
    ],
    encoder: "libx264",
    pipeline: "software",
  }],
  ["software hevc", "none", { target_codec: "hevc", force_key_frames: undefined }, {
    inputArgs: [],
    filterArgs: ["-vf", `${SW_CHAIN},format=yuv420p`],
    encodeArgs: [
      "-c:v",
      "libx265",
      "-preset",
      "veryfast",
      ...RATE,
      "-g",
      "72",
      "-x265-params",
      "keyint=72:min-keyint=72:scenecut=0:log-level=error",
    ],
    encoder: "libx265",
    pipeline: "software",
  }],
  ["software av1, deinterlaced, tone-mapped, burned-in", "none", {
    target_codec: "av1",
    deinterlace: true,
    tonemap: true,
    input_transfer: "arib-std-b67",
    burn_in_filter: "subtitles=f=sub.srt",
    keyint_frames: undefined,
    force_key_frames: undefined,
  }, {
    inputArgs: [],
    filterArgs: [
      "-vf",
      [
        "yadif=mode=send_frame:parity=auto:deint=all",
        softwareTonemap("arib-std-b67"),
        SW_CHAIN,
        "subtitles=f=sub.srt",
        "format=yuv420p",
      ].join(","),
    ],
    encodeArgs: ["-c:v", "libsvtav1", "-preset", "10", ...RATE],
    encoder: "libsvtav1",
    pipeline: "software",
  }],
  ["nvenc full GPU", "nvenc", { deinterlace: true }, {
    inputArgs: [
      "-init_hw_device",
      "cuda=cu:0",
      "-filter_hw_device",
      "cu",
      "-hwaccel",
      "cuda",
      "-hwaccel_output_format",
      "cuda",
    ],
    filterArgs: [
      "-vf",
      "yadif_cuda=mode=send_frame:parity=auto:deint=all,scale_cuda=w=1280:h=720:format=nv12",
    ],
    encodeArgs: ["-c:v", "h264_nvenc", "-preset", "p4", ...RATE, ...GOP, "-forced-idr", "1"],
    encoder: "h264_nvenc",
    pipeline: "gpu",
  }],
  ["nvenc hybrid for tone mapping (no upstream CUDA tonemapper)", "nvenc", {
    input_codec: "hevc",
    input_bit_depth: 10,
    tonemap: true,
    device: "1",
    target_codec: "hevc",
  }, {
    inputArgs: [
      "-init_hw_device",
      "cuda=cu:1",
      "-filter_hw_device",
      "cu",
      "-hwaccel",
      "cuda",
      "-hwaccel_device",
      "cu",
    ],
    filterArgs: ["-vf", `${softwareTonemap()},${SW_CHAIN},format=nv12`],
    encodeArgs: ["-c:v", "hevc_nvenc", "-preset", "p4", ...RATE, ...GOP, "-forced-idr", "1"],
    encoder: "hevc_nvenc",
    pipeline: "hybrid",
  }],
  ["nvenc software decode for 10-bit h264", "nvenc", { input_bit_depth: 10 }, {
    inputArgs: [],
    filterArgs: ["-vf", `${SW_CHAIN},format=nv12`],
    encodeArgs: ["-c:v", "h264_nvenc", "-preset", "p4", ...RATE, ...GOP, "-forced-idr", "1"],
    encoder: "h264_nvenc",
    pipeline: "software",
  }],
  ["vaapi full GPU with deinterlace and tone mapping", "vaapi", {
    deinterlace: true,
    tonemap: true,
    input_codec: "hevc",
  }, {
    inputArgs: [
      "-init_hw_device",
      "vaapi=va:/dev/dri/renderD128",
      "-filter_hw_device",
      "va",
      "-hwaccel",
      "vaapi",
      "-hwaccel_device",
      "va",
      "-hwaccel_output_format",
      "vaapi",
    ],
    filterArgs: [
      "-vf",
      "deinterlace_vaapi=rate=frame,tonemap_vaapi=format=nv12:p=bt709:t=bt709:m=bt709," +
      "scale_vaapi=w=1280:h=720:format=nv12",
    ],
    encodeArgs: ["-c:v", "h264_vaapi", ...RATE, ...GOP],
    encoder: "h264_vaapi",
    pipeline: "gpu",
  }],
  ["vaapi hybrid for burn-in on another render node", "vaapi", {
    burn_in_filter: "subtitles=f=s.ass",
    device: "/dev/dri/renderD129",
  }, {
    inputArgs: [
      "-init_hw_device",
      "vaapi=va:/dev/dri/renderD129",
      "-filter_hw_device",
      "va",
      "-hwaccel",
      "vaapi",
      "-hwaccel_device",
      "va",
    ],
    filterArgs: ["-vf", `${SW_CHAIN},subtitles=f=s.ass,format=nv12,hwupload`],
    encodeArgs: ["-c:v", "h264_vaapi", ...RATE, ...GOP],
    encoder: "h264_vaapi",
    pipeline: "hybrid",
  }],
  ["vaapi software fallback still uploads to the device", "vaapi", { software_fallback: true }, {
    inputArgs: ["-init_hw_device", "vaapi=va:/dev/dri/renderD128", "-filter_hw_device", "va"],
    filterArgs: ["-vf", `${SW_CHAIN},format=nv12,hwupload`],
    encodeArgs: ["-c:v", "h264_vaapi", ...RATE, ...GOP],
    encoder: "h264_vaapi",
    pipeline: "software",
  }],
  ["qsv full GPU (QSV derived from VA-API)", "qsv", {
    input_codec: "mpeg2video",
    deinterlace: true,
  }, {
    inputArgs: [
      "-init_hw_device",
      "vaapi=va:/dev/dri/renderD128",
      "-init_hw_device",
      "qsv=qs@va",
      "-filter_hw_device",
      "qs",
      "-hwaccel",
      "qsv",
      "-hwaccel_output_format",
      "qsv",
      "-c:v",
      "mpeg2_qsv",
    ],
    filterArgs: ["-vf", "deinterlace_qsv,scale_qsv=w=1280:h=720:format=nv12"],
    encodeArgs: ["-c:v", "h264_qsv", "-preset", "veryfast", ...RATE, ...GOP, "-forced_idr", "1"],
    encoder: "h264_qsv",
    pipeline: "gpu",
  }],
  ["qsv software decode for an unknown source codec", "qsv", { input_codec: "prores" }, {
    inputArgs: [
      "-init_hw_device",
      "vaapi=va:/dev/dri/renderD128",
      "-init_hw_device",
      "qsv=qs@va",
      "-filter_hw_device",
      "qs",
    ],
    filterArgs: ["-vf", `${SW_CHAIN},format=nv12,hwupload=extra_hw_frames=64`],
    encodeArgs: ["-c:v", "h264_qsv", "-preset", "veryfast", ...RATE, ...GOP, "-forced_idr", "1"],
    encoder: "h264_qsv",
    pipeline: "software",
  }],
  ["videotoolbox hybrid (no device scaler in ffmpeg 5)", "videotoolbox", { target_codec: "hevc" }, {
    inputArgs: ["-hwaccel", "videotoolbox"],
    filterArgs: ["-vf", `${SW_CHAIN},format=nv12`],
    encodeArgs: ["-c:v", "hevc_videotoolbox", ...RATE, ...GOP],
    encoder: "hevc_videotoolbox",
    pipeline: "hybrid",
  }],
  ["amf encodes system-memory frames", "amf", {}, {
    inputArgs: [],
    filterArgs: ["-vf", `${SW_CHAIN},format=nv12`],
    encodeArgs: ["-c:v", "h264_amf", "-quality", "speed", "-rc", "vbr_peak", ...RATE, ...GOP],
    encoder: "h264_amf",
    pipeline: "software",
  }],
  ["v4l2m2m", "v4l2m2m", { maxrate_kbps: undefined, bufsize_kbits: undefined }, {
    inputArgs: [],
    filterArgs: ["-vf", `${SW_CHAIN},format=yuv420p`],
    encodeArgs: ["-c:v", "h264_v4l2m2m", "-b:v", "3000k", ...GOP],
    encoder: "h264_v4l2m2m",
    pipeline: "software",
  }],
];

Deno.test("buildVideoPipelineArgs() builds the expected arguments for every method", () => {
  for (const [name, method, extra, want] of TABLE) {
    assertEquals(buildVideoPipelineArgs(method, { ...BASE, ...extra }), want, name);
  }
});

Deno.test("buildVideoPipelineArgs() rejects codecs a method cannot encode and bad sizes", () => {
  assertThrows(
    () => buildVideoPipelineArgs("videotoolbox", { ...BASE, target_codec: "av1" }),
    RangeError,
    "videotoolbox cannot encode av1",
  );
  assertThrows(
    () => buildVideoPipelineArgs("v4l2m2m", { ...BASE, target_codec: "av1" }),
    RangeError,
  );
  for (const [w, h] of [[0, 720], [1280, -2], [1280.5, 720], [NaN, 720]]) {
    assertThrows(
      () => buildVideoPipelineArgs("none", { ...BASE, width: w, height: h }),
      RangeError,
    );
  }
});

Deno.test("encoderFor() and canHwDecode() follow each method's abilities", () => {
  const enc: [HwMethod, "h264" | "hevc" | "av1", string | null][] = [
    ["none", "h264", "libx264"],
    ["none", "av1", "libsvtav1"],
    ["nvenc", "hevc", "hevc_nvenc"],
    ["qsv", "av1", "av1_qsv"],
    ["videotoolbox", "av1", null],
    ["v4l2m2m", "hevc", "hevc_v4l2m2m"],
  ];
  for (const [m, c, want] of enc) assertEquals(encoderFor(m, c), want, `${m} ${c}`);
  const dec: [HwMethod, string | undefined, number | undefined, boolean][] = [
    ["vaapi", "hevc", 10, true],
    ["vaapi", "h264", 10, false], // no vendor decodes 10-bit H.264
    ["nvenc", "h264", undefined, true],
    ["nvenc", "prores", 10, false],
    ["videotoolbox", "vp9", 8, false],
    ["amf", "h264", 8, false],
    ["none", "h264", 8, false],
    ["qsv", undefined, undefined, false],
  ];
  for (const [m, c, bits, want] of dec) {
    assertEquals(canHwDecode(m, c, bits), want, `${m} ${c} ${bits}`);
  }
});

Deno.test("software pipelines really encode with this ffmpeg (h264, hevc, av1; filters and burn-in)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const srt = join(dir, "sub.srt");
    await Deno.writeTextFile(srt, toSrt([{ start_ms: 0, end_ms: 900, text: "Burned in" }]));
    const cases: Partial<VideoPipelineOptions>[] = [
      { target_codec: "h264" },
      { target_codec: "hevc" },
      { target_codec: "av1" },
      {
        target_codec: "h264",
        deinterlace: true,
        tonemap: true,
        burn_in_filter: `subtitles=f=${srt}`,
      },
    ];
    for (const extra of cases) {
      const p = buildVideoPipelineArgs("none", {
        ...BASE,
        input_codec: undefined,
        width: 320,
        height: 180,
        bitrate_kbps: 500,
        maxrate_kbps: 600,
        bufsize_kbits: 1000,
        keyint_frames: 15,
        force_key_frames: "expr:gte(t,n_forced*0.5)",
        ...extra,
      });
      const out = join(dir, `out-${extra.target_codec}.mkv`);
      const args = [
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        ...p.inputArgs,
        "-f",
        "lavfi",
        "-t",
        "1",
        "-i",
        "testsrc2=size=640x360:rate=30",
        ...p.filterArgs,
        ...p.encodeArgs,
        "-y",
        out,
      ];
      const res = await new Deno.Command(FFMPEG, { args, stderr: "piped", env: { SVT_LOG: "1" } })
        .output();
      const err = new TextDecoder().decode(res.stderr);
      assert(res.success, `${JSON.stringify(extra)} failed: ${err}`);
      const probe = await new Deno.Command("ffprobe", {
        args: [
          "-v",
          "error",
          "-select_streams",
          "v:0",
          "-show_entries",
          "stream=codec_name,width,height",
          "-of",
          "csv=p=0",
          out,
        ],
      }).output();
      assertEquals(
        new TextDecoder().decode(probe.stdout).trim(),
        `${extra.target_codec},320,180`,
        JSON.stringify(extra),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
