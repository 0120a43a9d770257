/**
 * Runs ffprobe on one file: the normalised probe ({@link probeFile}) and the keyframe list used to
 * cut remux HLS segments on keyframes ({@link readKeyframes}). Parsing lives in probe_parse.ts.
 */
import { resolve } from "node:path";
import { parseProbe, ProbeError, summariseProbeStderr } from "./probe_parse.ts";
import type { MediaProbe } from "./types.ts";

export { ProbeError } from "./probe_parse.ts";

/** Options shared by the ffprobe runners. */
export interface ProbeOptions {
  /** Cancels the run (the child is killed); the promise rejects with `probe_aborted`. */
  signal?: AbortSignal;
  /** Kills ffprobe after this many ms; default 30 000 (keyframes: 120 000). */
  timeoutMs?: number;
}

/** The default probe timeout: long enough for a slow network share, short enough for a scan. */
export const DEFAULT_PROBE_TIMEOUT_MS = 30_000;

/**
 * ffmpeg treats `name:rest` as a protocol URL, so a relative path such as `a:b.mkv` or a name
 * starting with `-` would be misread; the explicit `file:` protocol with an absolute path avoids
 * both. The file protocol does not percent-decode, so `%` in names is safe.
 */
export function ffmpegInputUrl(filePath: string): string {
  return `file:${resolve(filePath)}`;
}

/** A time in ms as ffmpeg's option value in seconds (`-ss 12.345`), to the millisecond. */
export function ffmpegSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function _run(
  bin: string,
  args: string[],
  filePath: string,
  opts: ProbeOptions,
  defaultTimeout: number,
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? defaultTimeout;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  if (opts.signal?.aborted) throw new ProbeError("probe_aborted", "Probe was cancelled");
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(bin, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).output();
  } catch (err) {
    if (timeout.aborted) {
      throw new ProbeError("probe_timeout", `ffprobe timed out after ${timeoutMs} ms`);
    }
    if (opts.signal?.aborted) throw new ProbeError("probe_aborted", "Probe was cancelled");
    const msg = err instanceof Deno.errors.NotFound ? "ffprobe binary not found" : String(err);
    throw new ProbeError("probe_failed", msg.split(filePath).join("input"));
  }
  // Deno kills the child on abort and resolves with the signal instead of rejecting.
  if (out.signal !== null || (!out.success && signal.aborted)) {
    if (timeout.aborted) {
      throw new ProbeError("probe_timeout", `ffprobe timed out after ${timeoutMs} ms`);
    }
    if (opts.signal?.aborted) throw new ProbeError("probe_aborted", "Probe was cancelled");
  }
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Probes `filePath` with ffprobe and returns the normalised description.
 *
 * @throws {ProbeError} `probe_unreadable` (cannot stat), `probe_failed` (non-zero exit, with
 * ffprobe's last stderr line, path removed), `probe_timeout`, `probe_aborted`,
 * `probe_invalid_output`
 */
export async function probeFile(
  ffprobePath: string,
  filePath: string,
  opts: ProbeOptions = {},
): Promise<MediaProbe> {
  let size: number;
  try {
    const st = await Deno.stat(filePath);
    if (!st.isFile) throw new Error("not a regular file");
    size = st.size;
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "file not found" : "file is not readable";
    throw new ProbeError("probe_unreadable", `Cannot probe media: ${why}`, String(err));
  }
  const args = [
    "-v",
    "error",
    "-hide_banner",
    "-print_format",
    "json",
    "-show_format",
    "-show_streams",
    "-i",
    ffmpegInputUrl(filePath),
  ];
  const res = await _run(ffprobePath, args, filePath, opts, DEFAULT_PROBE_TIMEOUT_MS);
  if (res.code !== 0) {
    throw new ProbeError(
      "probe_failed",
      summariseProbeStderr(res.stderr, resolve(filePath)),
      res.stderr.slice(-2000),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(res.stdout);
  } catch {
    throw new ProbeError("probe_invalid_output", "ffprobe output is not valid JSON");
  }
  return parseProbe(json, size, filePath);
}

/**
 * Parses `-show_entries packet=pts_time,dts_time,flags -of csv=p=0` output: keyframe packets
 * carry `K` in their flags. Returns sorted, de-duplicated times in ms.
 */
export function parseKeyframePackets(csv: string): number[] {
  const out = new Set<number>();
  for (const line of csv.split("\n")) {
    const parts = line.trim().split(",");
    if (parts.length < 3) continue;
    const [pts, dts, flags] = parts;
    if (!flags.includes("K")) continue;
    // Packets without a pts (some raw streams) still have a dts.
    const t = Number(pts !== "N/A" && pts !== "" ? pts : dts);
    if (Number.isFinite(t)) out.add(Math.round(t * 1000));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Lists the keyframe times (ms, on the file's own timeline, so a transport stream that starts at
 * 1.4 s gives 1400 first) of the first video stream. Reads packet flags rather than decoding
 * frames, which is much faster (see the report in ffprobe_test.ts).
 *
 * @returns an empty array when the file has no video stream
 * @throws {ProbeError} as {@link probeFile}
 */
export async function readKeyframes(
  ffprobePath: string,
  filePath: string,
  opts: ProbeOptions = {},
): Promise<number[]> {
  const args = [
    "-v",
    "error",
    "-hide_banner",
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=pts_time,dts_time,flags",
    "-of",
    "csv=p=0",
    "-i",
    ffmpegInputUrl(filePath),
  ];
  const res = await _run(ffprobePath, args, filePath, opts, 120_000);
  if (res.code !== 0) {
    throw new ProbeError(
      "probe_failed",
      summariseProbeStderr(res.stderr, resolve(filePath)),
      res.stderr.slice(-2000),
    );
  }
  return parseKeyframePackets(res.stdout);
}
