/**
 * Test-only helpers for the HLS integration tests and the benchmark: ffprobe readings of
 * produced segments and process checks. Never imported by the server.
 */

/** Runs ffprobe and returns stdout (throws with stderr on failure). */
export async function ffprobeText(args: string[]): Promise<string> {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`ffprobe failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** Presentation time (s) of the first packet of the first `kind` stream of a file. */
export async function firstPts(path: string, kind: "v" | "a" = "v"): Promise<number> {
  const text = await ffprobeText([
    "-select_streams",
    `${kind}:0`,
    "-show_entries",
    "packet=pts_time",
    "-read_intervals",
    "%+#1",
    "-of",
    "csv=p=0",
    path,
  ]);
  const v = Number(text.trim().split(/[\n,]/)[0]);
  if (!Number.isFinite(v)) throw new Error(`No ${kind} packet in ${path}`);
  return v;
}

/** Whether the first video packet of a file is a keyframe. */
export async function startsWithKeyframe(path: string): Promise<boolean> {
  const text = await ffprobeText([
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=flags",
    "-read_intervals",
    "%+#1",
    "-of",
    "csv=p=0",
    path,
  ]);
  return text.trim().startsWith("K");
}

/**
 * Concatenates files byte for byte (TS segments, or init.mp4 + fMP4 segments) into `out` and
 * decodes the result fully; returns ffmpeg's error output (empty when clean), without the lines
 * matching `allow`.
 */
export async function concatAndDecode(
  parts: string[],
  out: string,
  allow: RegExp[] = [],
): Promise<string> {
  const file = await Deno.open(out, { write: true, create: true, truncate: true });
  try {
    for (const p of parts) await file.write(await Deno.readFile(p));
  } finally {
    file.close();
  }
  const res = await new Deno.Command("ffmpeg", {
    args: ["-v", "error", "-nostdin", "-i", out, "-f", "null", "-"],
    stdout: "null",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(res.stderr).split("\n")
    .filter((l) => l.trim() && !allow.some((re) => re.test(l))).join("\n");
  return res.success ? err : `exit ${res.code}: ${err}`;
}

/** Whether a process exists and is not a zombie (Linux /proc). */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Polls `cond` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(cond: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return await cond();
}

/** The container start time (ms) as ffprobe reports it (MPEG-TS files often start at 1.4 s). */
export async function probeStartMs(path: string): Promise<number> {
  const text = await ffprobeText(["-show_entries", "format=start_time", "-of", "csv=p=0", path]);
  const v = Number(text.trim());
  return Number.isFinite(v) ? Math.round(v * 1000) : 0;
}

/**
 * Media span (s) of a file: end of the last packet minus the start of the first, over every
 * stream. Unlike the container duration it ignores a timeline that does not start at 0.
 */
export async function probeSpan(path: string): Promise<number> {
  const text = await ffprobeText([
    "-show_entries",
    "packet=pts_time,duration_time",
    "-of",
    "csv=p=0",
    path,
  ]);
  let first = Infinity;
  let last = -Infinity;
  for (const line of text.split("\n")) {
    const [ptsText, durText] = line.split(",");
    // Number("") is 0: blank lines and missing fields must not count as times.
    if (!ptsText?.trim()) continue;
    const pts = Number(ptsText);
    const dur = durText?.trim() ? Number(durText) : NaN;
    if (!Number.isFinite(pts)) continue;
    first = Math.min(first, pts);
    last = Math.max(last, pts + (Number.isFinite(dur) ? dur : 0));
  }
  return last - first;
}

/** End time (s) of the last packet of the first `kind` stream (pts + duration). */
export async function lastPacketEnd(path: string, kind: "v" | "a" = "a"): Promise<number> {
  const text = await ffprobeText([
    "-select_streams",
    `${kind}:0`,
    "-show_entries",
    "packet=pts_time,duration_time",
    "-of",
    "csv=p=0",
    path,
  ]);
  let end = -Infinity;
  for (const line of text.split("\n")) {
    const [pts, dur] = line.split(",");
    if (!pts?.trim() || !dur?.trim()) continue;
    end = Math.max(end, Number(pts) + Number(dur));
  }
  return end;
}
