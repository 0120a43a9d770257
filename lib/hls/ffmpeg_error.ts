/**
 * Turns the end of a failed ffmpeg's stderr into a short message a player or admin can read,
 * with filesystem paths removed (error messages reach non-admin clients).
 */

/** Longest message returned, in characters. */
const _MAX = 300;

/**
 * The last meaningful stderr lines (at most three, joined with " | "), each known path replaced by
 * `<file>` and any other absolute path-like token too.
 */
export function summariseFfmpegError(
  stderr: string,
  code: number,
  paths: readonly string[] = [],
): string {
  const lines = stderr.split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    // The supervisor's log header starts with "#"; progress lines start with "frame=".
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("frame="));
  let text = lines.slice(-3).join(" | ");
  for (const p of [...paths].sort((a, b) => b.length - a.length)) {
    if (p) text = text.split(p).join("<file>");
  }
  text = text.replace(/(?:file:)?\/(?:[^\s'":|,]+\/)+[^\s'":|,]*/g, "<file>");
  const head = `ffmpeg exited with code ${code}`;
  const msg = text ? `${head}: ${text}` : head;
  return msg.length > _MAX ? msg.slice(0, _MAX - 1) + "…" : msg;
}
