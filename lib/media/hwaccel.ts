/**
 * Hardware-acceleration detection: which methods this ffmpeg build offers (parsed from
 * `-hwaccels`, `-encoders`, `-decoders`, `-filters`), which devices exist, and which methods
 * really encode (a one-second test encode each). Listing an encoder proves nothing, since Debian's
 * ffmpeg lists NVENC and QSV on machines without those GPUs, so only a test encode counts.
 */
import { buildVideoPipelineArgs, encoderFor, HW_METHODS, type HwMethod } from "./hwaccel_args.ts";

export type { HwMethod } from "./hwaccel_args.ts";

/** What an ffmpeg build lists. */
export interface FfmpegCapabilities {
  hwaccels: string[];
  encoders: string[];
  decoders: string[];
  filters: string[];
}

/** One method's detection result. */
export interface HwMethodStatus {
  name: HwMethod;
  /** ffmpeg has this method's encoders (and hwaccel, where it needs one). */
  offered: boolean;
  /** The test encode succeeded. */
  works: boolean;
  /** The device used for the test encode (render node, /dev/nvidia0, /dev/video0). */
  device?: string;
  /** Why it does not work (short ffmpeg message), when offered but failing. */
  error?: string;
  /** Video encoders of this method ffmpeg lists (h264/hevc/av1 ones only). */
  encoders: string[];
  /** Hardware decoders / filters of this method ffmpeg lists, for the admin page. */
  decoders: string[];
  filters: string[];
}

/** The full detection report. */
export interface HwaccelReport {
  methods: HwMethodStatus[];
  /** The method transcodes will use; "none" means software encoding. */
  selected: HwMethod;
  /** Why that method was selected, in one sentence. */
  reason: string;
}

/** Candidate device nodes by kind. */
export interface HwDevices {
  /** /dev/dri/renderD* (VA-API, QSV). */
  render: string[];
  /** /dev/nvidia0, /dev/nvidia1, … (NVENC/NVDEC). */
  nvidia: string[];
  /** /dev/video* (V4L2 mem2mem). */
  video: string[];
}

/** Parses `ffmpeg -hide_banner -hwaccels` ("Hardware acceleration methods:" then one per line). */
export function parseHwaccels(text: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^hardware acceleration methods:?$/i.test(line)) {
      inList = true;
      continue;
    }
    if (inList && /^[a-z0-9_]+$/i.test(line)) out.push(line);
  }
  return out;
}

/**
 * Parses `ffmpeg -hide_banner -encoders` / `-decoders`: a legend, a ` ------` rule, then lines
 * like ` V....D libx264   libx264 H.264 …` (six flag characters, the name, a description).
 */
export function parseCodecList(text: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*-{6,}\s*$/.test(raw)) {
      inList = true;
      continue;
    }
    if (!inList) continue;
    const m = /^\s*([VASDFXBI.]{6})\s+(\S+)/.exec(raw);
    if (m) out.push(m[2]);
  }
  return out;
}

/**
 * Parses `ffmpeg -hide_banner -filters`: after the legend, lines like
 * ` ... scale_cuda        V->V       GPU accelerated video resizer` (three flag characters).
 */
export function parseFilterList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([TSC.]{3})\s+(\S+)\s+(\S+->\S+)\s/.exec(raw);
    if (m) out.push(m[2]);
  }
  return out;
}

/** Name patterns that belong to each method (encoders, decoders, filters). */
const METHOD_MARKERS: Record<HwMethod, { suffixes: string[]; hwaccel?: string; filters: RegExp }> =
  {
    none: { suffixes: [], filters: /^$/ },
    nvenc: { suffixes: ["_nvenc", "_cuvid"], hwaccel: "cuda", filters: /_(cuda|npp)$/ },
    qsv: { suffixes: ["_qsv"], hwaccel: "qsv", filters: /_qsv$/ },
    vaapi: { suffixes: ["_vaapi"], hwaccel: "vaapi", filters: /_vaapi$/ },
    videotoolbox: {
      suffixes: ["_videotoolbox"],
      hwaccel: "videotoolbox",
      filters: /_(videotoolbox|vt)$/,
    },
    amf: { suffixes: ["_amf"], filters: /_amf$/ },
    v4l2m2m: { suffixes: ["_v4l2m2m"], filters: /^$/ },
  };

const TARGETS = ["h264", "hevc", "av1"] as const;

/**
 * Works out from the listed capabilities which methods ffmpeg offers (before any test encode).
 * A method is offered when it lists at least one h264/hevc/av1 encoder and, for methods that
 * decode through an ffmpeg hwaccel, that hwaccel.
 */
export function offeredMethods(caps: FfmpegCapabilities): HwMethodStatus[] {
  const enc = new Set(caps.encoders);
  return HW_METHODS.map((name) => {
    const encoders = TARGETS.map((t) => encoderFor(name, t)).filter((e): e is string =>
      e !== null && enc.has(e)
    );
    const marker = METHOD_MARKERS[name];
    const decoders = name === "none"
      ? []
      : caps.decoders.filter((d) => marker.suffixes.some((s) => d.endsWith(s)));
    const filters = name === "none" ? [] : caps.filters.filter((f) => marker.filters.test(f));
    const hwaccelOk = !marker.hwaccel || caps.hwaccels.includes(marker.hwaccel);
    return {
      name,
      offered: encoders.length > 0 && hwaccelOk,
      works: false,
      encoders,
      decoders,
      filters,
    };
  });
}

/** Preference order when no method is configured or the configured one fails. */
const PREFERENCE: readonly HwMethod[] = ["nvenc", "qsv", "vaapi", "videotoolbox", "amf", "v4l2m2m"];

/**
 * Picks the method to use: the configured one if its test encode worked, else the best working
 * one (nvenc > qsv > vaapi > videotoolbox > amf > v4l2m2m), else "none". Configuring "none"
 * forces software.
 */
export function selectMethod(
  methods: readonly HwMethodStatus[],
  configured?: HwMethod,
): { selected: HwMethod; reason: string } {
  const works = (m: HwMethod) => methods.some((s) => s.name === m && s.works);
  if (configured === "none") return { selected: "none", reason: "software encoding is configured" };
  if (configured && works(configured)) {
    return {
      selected: configured,
      reason: `configured method ${configured} passed its test encode`,
    };
  }
  const best = PREFERENCE.find(works);
  const prefix = configured ? `configured method ${configured} does not work here; ` : "";
  if (best) return { selected: best, reason: `${prefix}using ${best}, the best working method` };
  return { selected: "none", reason: `${prefix}no hardware method works; using software encoding` };
}

async function _listDir(dir: string, pattern: RegExp): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (pattern.test(e.name)) out.push(`${dir}/${e.name}`);
    }
  } catch {
    // A missing /dev/dri simply means no render nodes.
  }
  return out.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Lists candidate device nodes under `devRoot` (default /dev). */
export async function findHwDevices(devRoot = "/dev"): Promise<HwDevices> {
  const [render, nvidia, video] = await Promise.all([
    _listDir(`${devRoot}/dri`, /^renderD\d+$/),
    _listDir(devRoot, /^nvidia\d+$/),
    _listDir(devRoot, /^video\d+$/),
  ]);
  return { render, nvidia, video };
}

interface _Out {
  ok: boolean;
  stdout: string;
  stderr: string;
}

async function _ffmpeg(bin: string, args: string[], timeoutMs: number): Promise<_Out> {
  try {
    const out = await new Deno.Command(bin, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
    const dec = new TextDecoder();
    return {
      ok: out.success,
      stdout: dec.decode(out.stdout),
      stderr: out.signal ? `timed out after ${timeoutMs} ms` : dec.decode(out.stderr),
    };
  } catch (err) {
    return { ok: false, stdout: "", stderr: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs the four listing commands and parses them. */
export async function readCapabilities(
  ffmpegPath: string,
  timeoutMs = 10_000,
): Promise<FfmpegCapabilities> {
  const run = (flag: string) => _ffmpeg(ffmpegPath, ["-hide_banner", flag], timeoutMs);
  const [hw, enc, dec, fil] = await Promise.all([
    run("-hwaccels"),
    run("-encoders"),
    run("-decoders"),
    run("-filters"),
  ]);
  return {
    hwaccels: parseHwaccels(hw.stdout),
    encoders: parseCodecList(enc.stdout),
    decoders: parseCodecList(dec.stdout),
    filters: parseFilterList(fil.stdout),
  };
}

/** Last meaningful stderr lines, without ffmpeg's `[encoder @ 0x…]` context. */
function _shortError(stderr: string): string {
  const lines = stderr.split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "").trim())
    .filter(Boolean);
  const msg = [...new Set(lines)].slice(-2).join("; ") || "test encode failed";
  return msg.length > 300 ? `${msg.slice(0, 297)}...` : msg;
}

/**
 * Encodes one second of `testsrc2` (640x360, 30 fps) to H.264 (HEVC/AV1 when the method has no
 * H.264 encoder) through `method`'s pipeline into the null muxer.
 */
export async function testEncode(
  ffmpegPath: string,
  method: HwMethod,
  device: string | undefined,
  timeoutMs = 20_000,
): Promise<{ works: boolean; error?: string }> {
  const codec = TARGETS.find((t) => encoderFor(method, t) !== null) ?? "h264";
  const p = buildVideoPipelineArgs(method, {
    device,
    target_codec: codec,
    width: 640,
    height: 360,
    bitrate_kbps: 1000,
    maxrate_kbps: 1500,
    bufsize_kbits: 2000,
    keyint_frames: 30,
  });
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
    "-f",
    "null",
    "-",
  ];
  const out = await _ffmpeg(ffmpegPath, args, timeoutMs);
  return out.ok ? { works: true } : { works: false, error: _shortError(out.stderr) };
}

/** The device a method's test encode uses: configured, else the first node of its kind. */
function _deviceFor(method: HwMethod, devices: HwDevices, configured?: string): string | undefined {
  switch (method) {
    case "vaapi":
    case "qsv":
      return configured ?? devices.render[0];
    case "nvenc":
      // CUDA addresses GPUs by index; /dev/nvidiaN ↔ index N.
      return configured ?? (devices.nvidia[0]?.match(/(\d+)$/)?.[1]);
    case "v4l2m2m":
      return devices.video[0];
    default:
      return undefined;
  }
}

/** The device nodes a method needs on Linux, for the "not found" message. */
const NODE_KIND: Partial<Record<HwMethod, string>> = {
  vaapi: "/dev/dri/renderD*",
  qsv: "/dev/dri/renderD*",
  nvenc: "/dev/nvidia*",
  v4l2m2m: "/dev/video*",
};

/** Options of {@link detectHwaccel}. */
export interface DetectOptions {
  /** The admin's chosen method (`RUSTFIN_HWACCEL`); undefined = pick the best working one. */
  configured?: HwMethod;
  /** Render node / CUDA index override for vaapi, qsv and nvenc. */
  device?: string;
  /** Where to look for device nodes; default /dev (tests point it at a fake tree). */
  devRoot?: string;
  /** Per-command timeout, ms; default 20 000. */
  timeoutMs?: number;
}

/**
 * Detects the available methods, test-encodes each offered one that has its device node
 * (sequentially: the test machine has two cores and GPUs limit concurrent sessions), and
 * selects one.
 */
export async function detectHwaccel(
  ffmpegPath: string,
  opts: DetectOptions = {},
): Promise<HwaccelReport> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const [caps, devices] = await Promise.all([
    readCapabilities(ffmpegPath, timeoutMs),
    findHwDevices(opts.devRoot),
  ]);
  const methods = offeredMethods(caps);
  for (const m of methods) {
    if (!m.offered) continue;
    m.device = _deviceFor(m.name, devices, opts.device);
    // On Linux these methods need a device node; without one the encode cannot work, so skip
    // the test run (elsewhere, e.g. NVENC on Windows, there are no nodes to look for).
    const node = Deno.build.os === "linux" ? NODE_KIND[m.name] : undefined;
    if (node && !m.device) {
      m.error = `no device node found (${node})`;
      continue;
    }
    const res = await testEncode(ffmpegPath, m.name, m.device, timeoutMs);
    m.works = res.works;
    if (res.error) m.error = res.error;
  }
  return { methods, ...selectMethod(methods, opts.configured) };
}
