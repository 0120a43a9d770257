/**
 * Builds the video part of an ffmpeg command line for one acceleration method: decoder options
 * (before `-i`), the `-vf` chain, and the encoder options. Pure: no process, no filesystem.
 *
 * Three pipeline shapes, chosen per request:
 * - "gpu": hardware decode into device memory → device filters → hardware encode (no copies);
 * - "hybrid": hardware decode into system memory → software filters → (upload) → hardware encode,
 *   used when a filter has no device version (burn-in, tone mapping on CUDA/QSV);
 * - "software": software decode and filters; a hardware method then only encodes.
 */

/** Acceleration methods (Jellyfin's set minus rkmpp); "none" is software encoding. */
export type HwMethod = "none" | "nvenc" | "qsv" | "vaapi" | "videotoolbox" | "amf" | "v4l2m2m";

/** Every method, in the order they are preferred when several work. */
export const HW_METHODS: readonly HwMethod[] = [
  "nvenc",
  "qsv",
  "vaapi",
  "videotoolbox",
  "amf",
  "v4l2m2m",
  "none",
];

/** Output video codecs Rustfin encodes. */
export type TargetCodec = "h264" | "hevc" | "av1";

/** Inputs of {@link buildVideoPipelineArgs}. */
export interface VideoPipelineOptions {
  /**
   * vaapi/qsv: DRM render node (default /dev/dri/renderD128); nvenc: CUDA device index
   * (default "0"). Ignored by the other methods.
   */
  device?: string;
  /** Codec of the source video stream (ffprobe name); unknown or absent means software decode. */
  input_codec?: string;
  /** Bit depth of the source; 10-bit H.264 has no hardware decoder on any vendor. */
  input_bit_depth?: number;
  target_codec: TargetCodec;
  /** Output frame size; callers pass even numbers that keep the display aspect. */
  width: number;
  height: number;
  bitrate_kbps?: number;
  maxrate_kbps?: number;
  bufsize_kbits?: number;
  /** GOP length in frames (`-g`). */
  keyint_frames?: number;
  /** `-force_key_frames` expression, e.g. `expr:gte(t,n_forced*3)` for 3 s HLS segments. */
  force_key_frames?: string;
  deinterlace?: boolean;
  /** HDR → SDR (BT.709) tone mapping. */
  tonemap?: boolean;
  /** Source colour transfer as ffprobe names it (smpte2084, arib-std-b67); default smpte2084. */
  input_transfer?: string;
  /** A software filter drawing subtitles, e.g. `subtitles=f=…:si=0`; forces a hybrid pipeline. */
  burn_in_filter?: string;
  /** Decode and filter in software even when the method could do more (a retry after a failure). */
  software_fallback?: boolean;
}

/** What {@link buildVideoPipelineArgs} returns. */
export interface VideoPipelineArgs {
  /** Options that go before `-i` (device setup, hardware decoder). */
  inputArgs: string[];
  /** `["-vf", chain]`, or empty when no filter is needed. */
  filterArgs: string[];
  /** Encoder and rate-control options for the output. */
  encodeArgs: string[];
  encoder: string;
  pipeline: "gpu" | "hybrid" | "software";
}

const ENCODERS: Record<HwMethod, Partial<Record<TargetCodec, string>>> = {
  none: { h264: "libx264", hevc: "libx265", av1: "libsvtav1" },
  nvenc: { h264: "h264_nvenc", hevc: "hevc_nvenc", av1: "av1_nvenc" },
  qsv: { h264: "h264_qsv", hevc: "hevc_qsv", av1: "av1_qsv" },
  vaapi: { h264: "h264_vaapi", hevc: "hevc_vaapi", av1: "av1_vaapi" },
  videotoolbox: { h264: "h264_videotoolbox", hevc: "hevc_videotoolbox" },
  amf: { h264: "h264_amf", hevc: "hevc_amf", av1: "av1_amf" },
  v4l2m2m: { h264: "h264_v4l2m2m", hevc: "hevc_v4l2m2m" },
};

/** Source codecs each method decodes in hardware (the common ground of current GPUs). */
const HW_DECODE: Record<HwMethod, ReadonlySet<string>> = {
  none: new Set(),
  nvenc: new Set(["h264", "hevc", "vp8", "vp9", "av1", "mpeg2video", "mpeg4", "vc1"]),
  vaapi: new Set(["h264", "hevc", "vp8", "vp9", "av1", "mpeg2video", "vc1"]),
  qsv: new Set(["h264", "hevc", "vp8", "vp9", "av1", "mpeg2video", "vc1"]),
  videotoolbox: new Set(["h264", "hevc"]),
  // AMF has no decoder of its own on Linux and v4l2m2m decoders are too uneven to rely on.
  amf: new Set(),
  v4l2m2m: new Set(),
};

const QSV_DECODERS: Record<string, string> = {
  h264: "h264_qsv",
  hevc: "hevc_qsv",
  vp8: "vp8_qsv",
  vp9: "vp9_qsv",
  av1: "av1_qsv",
  mpeg2video: "mpeg2_qsv",
  vc1: "vc1_qsv",
};

/** The encoder a method uses for a codec, or null when it has none (VideoToolbox AV1). */
export function encoderFor(method: HwMethod, codec: TargetCodec): string | null {
  return ENCODERS[method][codec] ?? null;
}

/** Whether `method` can decode this source in hardware. */
export function canHwDecode(method: HwMethod, codec?: string, bitDepth?: number): boolean {
  if (!codec || !HW_DECODE[method].has(codec)) return false;
  return !(codec === "h264" && (bitDepth ?? 8) > 8);
}

const DEFAULT_RENDER_NODE = "/dev/dri/renderD128";

/**
 * Software HDR → SDR: linearise from the source transfer (PQ unless told otherwise; the colour
 * tags are set explicitly because zscale refuses frames whose tags are missing), tone-map
 * (Hable, no desaturation) and convert to BT.709. Needs ffmpeg built with libzimg (Debian's is).
 */
export function softwareTonemap(inputTransfer = "smpte2084"): string {
  return `setparams=color_trc=${inputTransfer}:color_primaries=bt2020:colorspace=bt2020nc,` +
    "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0," +
    "zscale=t=bt709:m=bt709:r=tv";
}

function _rateArgs(o: VideoPipelineOptions): string[] {
  const out: string[] = [];
  if (o.bitrate_kbps) out.push("-b:v", `${o.bitrate_kbps}k`);
  if (o.maxrate_kbps) out.push("-maxrate", `${o.maxrate_kbps}k`);
  if (o.bufsize_kbits) out.push("-bufsize", `${o.bufsize_kbits}k`);
  return out;
}

function _gopArgs(o: VideoPipelineOptions): string[] {
  const out: string[] = [];
  if (o.keyint_frames) out.push("-g", String(o.keyint_frames));
  if (o.force_key_frames) out.push("-force_key_frames", o.force_key_frames);
  return out;
}

function _encodeArgs(method: HwMethod, encoder: string, o: VideoPipelineOptions): string[] {
  const rate = _rateArgs(o);
  const gop = _gopArgs(o);
  switch (method) {
    case "none": {
      if (o.target_codec === "h264") {
        // A fixed GOP without scene-cut keyframes keeps HLS segment boundaries predictable.
        const fixed = o.keyint_frames
          ? ["-keyint_min", String(o.keyint_frames), "-sc_threshold", "0"]
          : [];
        return [
          "-c:v",
          encoder,
          "-preset",
          "veryfast",
          "-profile:v",
          "high",
          ...rate,
          ...gop,
          ...fixed,
        ];
      }
      if (o.target_codec === "hevc") {
        const params = o.keyint_frames
          ? `keyint=${o.keyint_frames}:min-keyint=${o.keyint_frames}:scenecut=0:log-level=error`
          : "log-level=error";
        return ["-c:v", encoder, "-preset", "veryfast", ...rate, ...gop, "-x265-params", params];
      }
      return ["-c:v", encoder, "-preset", "10", ...rate, ...gop];
    }
    case "nvenc":
      // -forced-idr makes forced keyframes IDR so each HLS segment starts decodable.
      return [
        "-c:v",
        encoder,
        "-preset",
        "p4",
        ...rate,
        ...gop,
        ...(o.force_key_frames ? ["-forced-idr", "1"] : []),
      ];
    case "qsv":
      return [
        "-c:v",
        encoder,
        "-preset",
        "veryfast",
        ...rate,
        ...gop,
        ...(o.force_key_frames ? ["-forced_idr", "1"] : []),
      ];
    case "amf":
      return [
        "-c:v",
        encoder,
        "-quality",
        "speed",
        ...(o.maxrate_kbps ? ["-rc", "vbr_peak"] : []),
        ...rate,
        ...gop,
      ];
    case "vaapi":
    case "videotoolbox":
    case "v4l2m2m":
      return ["-c:v", encoder, ...rate, ...gop];
  }
}

/** Software filters shared by the software and hybrid shapes, ending in `format=<pixFmt>`. */
function _softwareChain(o: VideoPipelineOptions, pixFmt: string): string[] {
  const chain: string[] = [];
  if (o.deinterlace) chain.push("yadif=mode=send_frame:parity=auto:deint=all");
  if (o.tonemap) chain.push(softwareTonemap(o.input_transfer));
  chain.push(`scale=w=${o.width}:h=${o.height}`);
  if (o.burn_in_filter) chain.push(o.burn_in_filter);
  chain.push(`format=${pixFmt}`);
  return chain;
}

/** Whether the method has device filters for everything requested. */
function _gpuFiltersCover(method: HwMethod, o: VideoPipelineOptions): boolean {
  if (o.burn_in_filter) return false;
  switch (method) {
    case "vaapi":
      return true; // deinterlace_vaapi, tonemap_vaapi, scale_vaapi
    case "nvenc":
    case "qsv":
      return !o.tonemap; // no upstream tonemap_cuda / qsv tone mapping in ffmpeg 5.x
    default:
      return false; // videotoolbox, amf, v4l2m2m: no device scaler upstream
  }
}

/**
 * Builds decoder, filter and encoder arguments for `method`.
 *
 * @throws {RangeError} when the method has no encoder for `target_codec`, or the size is invalid
 */
export function buildVideoPipelineArgs(
  method: HwMethod,
  o: VideoPipelineOptions,
): VideoPipelineArgs {
  const encoder = encoderFor(method, o.target_codec);
  if (!encoder) throw new RangeError(`${method} cannot encode ${o.target_codec}`);
  if (!(o.width > 0 && o.height > 0) || !Number.isInteger(o.width) || !Number.isInteger(o.height)) {
    throw new RangeError(`Invalid output size ${o.width}x${o.height}`);
  }
  const encodeArgs = _encodeArgs(method, encoder, o);
  const hwDecode = !o.software_fallback && canHwDecode(method, o.input_codec, o.input_bit_depth);
  const gpu = hwDecode && _gpuFiltersCover(method, o);
  const vf = (chain: string[]) => chain.length ? ["-vf", chain.join(",")] : [];
  const pipeline: VideoPipelineArgs["pipeline"] = gpu ? "gpu" : hwDecode ? "hybrid" : "software";

  switch (method) {
    case "none":
      return {
        inputArgs: [],
        filterArgs: vf(_softwareChain(o, "yuv420p")),
        encodeArgs,
        encoder,
        pipeline: "software",
      };
    case "nvenc": {
      const dev = o.device ?? "0";
      const init = ["-init_hw_device", `cuda=cu:${dev}`, "-filter_hw_device", "cu"];
      if (gpu) {
        const chain = [
          ...(o.deinterlace ? ["yadif_cuda=mode=send_frame:parity=auto:deint=all"] : []),
          `scale_cuda=w=${o.width}:h=${o.height}:format=nv12`,
        ];
        return {
          inputArgs: [...init, "-hwaccel", "cuda", "-hwaccel_output_format", "cuda"],
          filterArgs: vf(chain),
          encodeArgs,
          encoder,
          pipeline,
        };
      }
      // NVENC takes system-memory frames itself, so no hwupload_cuda is needed.
      return {
        inputArgs: hwDecode ? [...init, "-hwaccel", "cuda", "-hwaccel_device", "cu"] : [],
        filterArgs: vf(_softwareChain(o, "nv12")),
        encodeArgs,
        encoder,
        pipeline,
      };
    }
    case "vaapi": {
      const dev = o.device ?? DEFAULT_RENDER_NODE;
      const init = ["-init_hw_device", `vaapi=va:${dev}`, "-filter_hw_device", "va"];
      if (gpu) {
        const chain = [
          ...(o.deinterlace ? ["deinterlace_vaapi=rate=frame"] : []),
          ...(o.tonemap ? ["tonemap_vaapi=format=nv12:p=bt709:t=bt709:m=bt709"] : []),
          `scale_vaapi=w=${o.width}:h=${o.height}:format=nv12`,
        ];
        return {
          inputArgs: [
            ...init,
            "-hwaccel",
            "vaapi",
            "-hwaccel_device",
            "va",
            "-hwaccel_output_format",
            "vaapi",
          ],
          filterArgs: vf(chain),
          encodeArgs,
          encoder,
          pipeline,
        };
      }
      return {
        inputArgs: hwDecode ? [...init, "-hwaccel", "vaapi", "-hwaccel_device", "va"] : init,
        filterArgs: vf([..._softwareChain(o, "nv12"), "hwupload"]),
        encodeArgs,
        encoder,
        pipeline,
      };
    }
    case "qsv": {
      const dev = o.device ?? DEFAULT_RENDER_NODE;
      // QSV on Linux sits on a VA-API device: derive the QSV session from it.
      const init = [
        "-init_hw_device",
        `vaapi=va:${dev}`,
        "-init_hw_device",
        "qsv=qs@va",
        "-filter_hw_device",
        "qs",
      ];
      const decoder = QSV_DECODERS[o.input_codec ?? ""];
      if (gpu) {
        const chain = [
          ...(o.deinterlace ? ["deinterlace_qsv"] : []),
          `scale_qsv=w=${o.width}:h=${o.height}:format=nv12`,
        ];
        return {
          inputArgs: [...init, "-hwaccel", "qsv", "-hwaccel_output_format", "qsv", "-c:v", decoder],
          filterArgs: vf(chain),
          encodeArgs,
          encoder,
          pipeline,
        };
      }
      return {
        inputArgs: hwDecode ? [...init, "-hwaccel", "qsv", "-c:v", decoder] : init,
        filterArgs: vf([..._softwareChain(o, "nv12"), "hwupload=extra_hw_frames=64"]),
        encodeArgs,
        encoder,
        pipeline,
      };
    }
    case "videotoolbox":
      return {
        inputArgs: hwDecode ? ["-hwaccel", "videotoolbox"] : [],
        filterArgs: vf(_softwareChain(o, "nv12")),
        encodeArgs,
        encoder,
        pipeline,
      };
    case "amf":
      return {
        inputArgs: [],
        filterArgs: vf(_softwareChain(o, "nv12")),
        encodeArgs,
        encoder,
        pipeline: "software",
      };
    case "v4l2m2m":
      return {
        inputArgs: [],
        filterArgs: vf(_softwareChain(o, "yuv420p")),
        encodeArgs,
        encoder,
        pipeline: "software",
      };
  }
}
