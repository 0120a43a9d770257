/**
 * ffmpeg arguments for artwork: resizing an image file, extracting a picture embedded in a
 * media file, and grabbing a representative frame from a video. Pure: the caller runs ffmpeg.
 */
import { ffmpegSeconds } from "../media/ffprobe.ts";

/** Widths images are resized to: a request is rounded up to one of them, bounding the cache. */
export const IMAGE_WIDTHS: readonly number[] = [160, 320, 480, 720, 1080, 1920];

/** Output formats of resized images. */
export type ImageFormat = "jpeg" | "webp";

/** The cached width for a requested one: the smallest listed width at least as wide. */
export function clampWidth(requested: number): number {
  if (!Number.isFinite(requested) || requested <= 0) return IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];
  for (const w of IMAGE_WIDTHS) if (w >= requested) return w;
  return IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];
}

/** Where the picture comes from. */
export type ImageInput =
  | { kind: "file"; path: string }
  | { kind: "embedded"; path: string; stream_index: number }
  | { kind: "frame"; path: string; at_ms: number };

/**
 * Arguments that write one resized picture to `output`. Images are never enlarged (a 300 px
 * poster asked at 1080 stays 300 px wide); the height follows the aspect ratio, kept even.
 */
export function resizeArgs(
  input: ImageInput,
  width: number,
  format: ImageFormat,
  output: string,
): string[] {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"];
  const scale = `scale='min(${width},iw)':-2`;
  let filter = scale;
  if (input.kind === "frame") {
    // Seek before the input (fast), then let the thumbnail filter pick the most representative
    // of the next frames, which skips fades and black frames far better than a single grab.
    args.push("-ss", ffmpegSeconds(input.at_ms), "-i", input.path, "-map", "0:v:0");
    filter = `thumbnail=60,${scale}`;
  } else if (input.kind === "embedded") {
    args.push("-i", input.path, "-map", `0:${input.stream_index}`);
  } else {
    args.push("-i", input.path);
  }
  args.push("-an", "-sn", "-dn", "-vf", filter, "-frames:v", "1");
  if (format === "webp") args.push("-c:v", "libwebp", "-quality", "82", "-f", "webp");
  else args.push("-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "3", "-f", "mjpeg");
  args.push(output);
  return args;
}

/** Where in a video a thumbnail frame is taken: about 10 % in, later for short clips' intros. */
export function frameTime(durationMs: number, attempt = 0): number {
  // Each retry (after a black frame) moves on by another 10 % of the runtime.
  const fraction = Math.min(0.1 + attempt * 0.1, 0.9);
  return Math.max(0, Math.round(durationMs * fraction));
}
