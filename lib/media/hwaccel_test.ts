import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../tests/helpers/assert.ts";
import {
  detectHwaccel,
  type FfmpegCapabilities,
  findHwDevices,
  type HwMethodStatus,
  offeredMethods,
  parseCodecList,
  parseFilterList,
  parseHwaccels,
  selectMethod,
} from "./hwaccel.ts";
import type { HwMethod } from "./hwaccel_args.ts";

const FFMPEG = Deno.env.get("RUSTFIN_FFMPEG") || "ffmpeg";

// Canned listings in the shape ffmpeg 5.1 prints them (abridged).
const HWACCELS_LINUX = `Hardware acceleration methods:
vdpau
cuda
vaapi
qsv
drm
opencl
vulkan

`;

const ENCODERS_LINUX = `Encoders:
 V..... = Video
 A..... = Audio
 S..... = Subtitle
 .F.... = Frame-level multithreading
 ..S... = Slice-level multithreading
 ...X.. = Codec is experimental
 ....B. = Supports draw_horiz_band
 .....D = Supports direct rendering method 1
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 V....D libx264rgb           libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 RGB (codec h264)
 V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
 V..... h264_qsv             H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (Intel Quick Sync Video acceleration) (codec h264)
 V..... h264_v4l2m2m         V4L2 mem2mem H.264 encoder wrapper (codec h264)
 V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)
 V....D libx265              libx265 H.265 / HEVC (codec hevc)
 V....D hevc_nvenc           NVIDIA NVENC hevc encoder (codec hevc)
 V..... hevc_qsv             HEVC (Intel Quick Sync Video acceleration) (codec hevc)
 V....D hevc_vaapi           H.265/HEVC (VAAPI) (codec hevc)
 V....D mjpeg_vaapi          MJPEG (VAAPI) (codec mjpeg)
 V..... libsvtav1            SVT-AV1(Scalable Video Technology for AV1) encoder (codec av1)
 A....D aac                  AAC (Advanced Audio Coding)
 S..... mov_text             3GPP Timed Text subtitle
`;

const DECODERS_LINUX = `Decoders:
 V..... = Video
 ------
 V....D h264                 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10
 V..... h264_cuvid           Nvidia CUVID H264 decoder (codec h264)
 V....D h264_qsv             H264 video (Intel Quick Sync Video acceleration) (codec h264)
 V..... h264_v4l2m2m         V4L2 mem2mem H.264 decoder wrapper (codec h264)
 V..... hevc_cuvid           Nvidia CUVID HEVC decoder (codec hevc)
 A....D aac                  AAC (Advanced Audio Coding)
`;

const FILTERS_LINUX = `Filters:
  T.. = Timeline support
  .S. = Slice threading
  ..C = Command support
  A = Audio input/output
  V = Video input/output
  N = Dynamic number and/or type of input/output
  | = Source or sink filter
 ... scale_cuda        V->V       GPU accelerated video resizer
 T.. yadif_cuda        V->V       Deinterlace CUDA frames
 ... scale_vaapi       V->V       Scale to/from VAAPI surfaces.
 ... tonemap_vaapi     V->V       VAAPI VPP for tone-mapping
 ... scale_qsv         V->V       QuickSync video scaling and format conversion
 .S. tonemap           V->V       Conversion to/from different dynamic ranges.
 TSC scale             V->V       Scale the input video size and/or convert the image format.
 ... anullsrc          |->A       Null audio source, return unprocessed audio frames.
`;

const ENCODERS_MAC = `Encoders:
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 V....D h264_videotoolbox    VideoToolbox H.264 Encoder (codec h264)
 V....D hevc_videotoolbox    VideoToolbox H.265 Encoder (codec hevc)
`;

Deno.test("parseHwaccels() lists the methods after the heading", () => {
  assertEquals(parseHwaccels(HWACCELS_LINUX), [
    "vdpau",
    "cuda",
    "vaapi",
    "qsv",
    "drm",
    "opencl",
    "vulkan",
  ]);
  assertEquals(parseHwaccels("Hardware acceleration methods:\n\n"), []);
  assertEquals(parseHwaccels("garbage\ncuda\n"), [], "nothing before the heading counts");
});

Deno.test("parseCodecList() reads names after the rule and skips the legend", () => {
  assertEquals(parseCodecList(ENCODERS_LINUX).slice(0, 4), [
    "libx264",
    "libx264rgb",
    "h264_nvenc",
    "h264_qsv",
  ]);
  assert(!parseCodecList(ENCODERS_LINUX).includes("="), "legend lines are not codecs");
  assertEquals(parseCodecList(ENCODERS_LINUX).length, 14);
  assertEquals(parseCodecList(DECODERS_LINUX), [
    "h264",
    "h264_cuvid",
    "h264_qsv",
    "h264_v4l2m2m",
    "hevc_cuvid",
    "aac",
  ]);
});

Deno.test("parseFilterList() reads filter names with their flags", () => {
  assertEquals(parseFilterList(FILTERS_LINUX), [
    "scale_cuda",
    "yadif_cuda",
    "scale_vaapi",
    "tonemap_vaapi",
    "scale_qsv",
    "tonemap",
    "scale",
    "anullsrc",
  ]);
});

function caps(encoders: string, hwaccels = HWACCELS_LINUX): FfmpegCapabilities {
  return {
    hwaccels: parseHwaccels(hwaccels),
    encoders: parseCodecList(encoders),
    decoders: parseCodecList(DECODERS_LINUX),
    filters: parseFilterList(FILTERS_LINUX),
  };
}

Deno.test("offeredMethods() maps listed encoders and hwaccels to methods", () => {
  const linux = offeredMethods(caps(ENCODERS_LINUX));
  const view = (ms: HwMethodStatus[]) =>
    Object.fromEntries(ms.map((m) => [m.name, [m.offered, m.encoders.join(" ")]]));
  assertEquals(view(linux), {
    nvenc: [true, "h264_nvenc hevc_nvenc"],
    qsv: [true, "h264_qsv hevc_qsv"],
    vaapi: [true, "h264_vaapi hevc_vaapi"],
    videotoolbox: [false, ""],
    amf: [false, ""],
    v4l2m2m: [true, "h264_v4l2m2m"],
    none: [true, "libx264 libx265 libsvtav1"],
  });
  const nvenc = linux.find((m) => m.name === "nvenc")!;
  assertEquals(nvenc.decoders, ["h264_cuvid", "hevc_cuvid"]);
  assertEquals(nvenc.filters, ["scale_cuda", "yadif_cuda"]);
  assertEquals(linux.find((m) => m.name === "vaapi")!.filters, ["scale_vaapi", "tonemap_vaapi"]);

  // Encoders without their hwaccel (a build without CUDA/VA-API support) are not offered.
  const noHw = offeredMethods(caps(ENCODERS_LINUX, "Hardware acceleration methods:\n"));
  assertEquals(noHw.filter((m) => m.offered).map((m) => m.name), ["v4l2m2m", "none"]);

  const mac = offeredMethods(caps(ENCODERS_MAC, "Hardware acceleration methods:\nvideotoolbox\n"));
  assertEquals(mac.filter((m) => m.offered).map((m) => m.name), ["videotoolbox", "none"]);
});

Deno.test("selectMethod() keeps a working configured method, else the best working one", () => {
  const status = (working: HwMethod[]): HwMethodStatus[] =>
    (["nvenc", "qsv", "vaapi", "videotoolbox", "amf", "v4l2m2m", "none"] as HwMethod[]).map((
      name,
    ) => ({
      name,
      offered: true,
      works: working.includes(name),
      encoders: [],
      decoders: [],
      filters: [],
    }));
  const table: [HwMethod[], HwMethod | undefined, HwMethod, string][] = [
    [["none"], undefined, "none", "no hardware method works"],
    [["vaapi", "qsv", "none"], undefined, "qsv", "best working"],
    [["vaapi", "qsv", "none"], "vaapi", "vaapi", "configured method vaapi passed"],
    [["vaapi", "none"], "nvenc", "vaapi", "configured method nvenc does not work"],
    [["nvenc", "none"], "none", "none", "software encoding is configured"],
    [["v4l2m2m", "amf", "none"], undefined, "amf", "best working"],
    [["none"], "qsv", "none", "configured method qsv does not work here; no hardware"],
  ];
  for (const [working, configured, want, reason] of table) {
    const got = selectMethod(status(working), configured);
    assertEquals(got.selected, want, `${working} / ${configured}`);
    assertStringIncludes(got.reason, reason);
  }
});

Deno.test("findHwDevices() lists render nodes, NVIDIA GPUs and V4L2 devices in numeric order", async () => {
  const dev = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dev, "dri"));
    for (
      const f of [
        "dri/renderD129",
        "dri/renderD128",
        "dri/card0",
        "nvidia10",
        "nvidia2",
        "nvidiactl",
        "video0",
      ]
    ) {
      await Deno.writeTextFile(join(dev, f), "");
    }
    assertEquals(await findHwDevices(dev), {
      render: [join(dev, "dri/renderD128"), join(dev, "dri/renderD129")],
      nvidia: [join(dev, "nvidia2"), join(dev, "nvidia10")],
      video: [join(dev, "video0")],
    });
    assertEquals(await findHwDevices(join(dev, "missing")), { render: [], nvidia: [], video: [] });
  } finally {
    await Deno.remove(dev, { recursive: true });
  }
});

Deno.test("detectHwaccel() runs real test encodes: software works, absent GPUs do not", async () => {
  const dev = await Deno.makeTempDir(); // an empty /dev: no GPU nodes whatever the host has
  try {
    const t0 = performance.now();
    const report = await detectHwaccel(FFMPEG, { devRoot: dev, configured: "vaapi" });
    console.log(`detectHwaccel: ${(performance.now() - t0).toFixed(0)} ms`);
    const none = report.methods.find((m) => m.name === "none")!;
    assertEquals([none.offered, none.works, none.error], [true, true, undefined]);
    assert(none.encoders.includes("libx264"));
    for (const m of report.methods) {
      if (m.name === "none") continue;
      if (m.offered) {
        assertEquals(m.works, false, `${m.name} cannot work without a device`);
        assert(m.error?.startsWith("no device node found (/dev/"), `${m.name}: ${m.error}`);
      } else {
        assertEquals([m.works, m.error], [false, undefined], `${m.name} was not tried`);
      }
    }
    assertEquals(report.selected, "none");
    assertStringIncludes(report.reason, "configured method vaapi does not work here");
  } finally {
    await Deno.remove(dev, { recursive: true });
  }
});

Deno.test("detectHwaccel() test-encodes methods whose device nodes exist and records ffmpeg's error", async () => {
  // Plain files where the nodes would be: each method is attempted, and VA-API/QSV must fail
  // because a regular file is not a DRM device.
  const dev = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dev, "dri"));
    for (const f of ["dri/renderD128", "nvidia0", "video0"]) {
      await Deno.writeTextFile(join(dev, f), "");
    }
    const report = await detectHwaccel(FFMPEG, { devRoot: dev });
    for (const m of report.methods.filter((x) => x.offered && x.name !== "none")) {
      assert(!m.error?.startsWith("no device node"), `${m.name} was test-encoded`);
      if (m.name === "vaapi" || m.name === "qsv") {
        assertEquals([m.works, m.device], [false, join(dev, "dri/renderD128")], m.name);
        assert(m.error && !m.error.includes("@ 0x"), `short ffmpeg error: ${m.error}`);
      }
      if (m.name === "nvenc") assertEquals(m.device, "0");
    }
    assert(report.methods.find((m) => m.name === "none")!.works);
  } finally {
    await Deno.remove(dev, { recursive: true });
  }
});
