import { join } from "node:path";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { ProcessSupervisor } from "../media/process.ts";
import type { ItemImage, MetadataRepo } from "../metadata/metadata_repo.ts";
import { ImageService } from "./image_service.ts";

/** Average luma of an image file, with ffmpeg's signalstats. */
async function luma(path: string): Promise<number> {
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-hide_banner",
      "-i",
      path,
      "-vf",
      "signalstats,metadata=print:key=lavfi.signalstats.YAVG",
      "-f",
      "null",
      "-",
    ],
    stderr: "piped",
  }).output();
  const m = /YAVG=([\d.]+)/.exec(new TextDecoder().decode(out.stderr));
  return m ? Number(m[1]) : NaN;
}

Deno.test("ImageService.grabFrames() skips black frames and stores the frame as primary", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rustfin-frames-" });
  try {
    // 6 s of black, then 4 s of picture: the frame at 10 % (and 20 %) is black.
    const video = join(dir, "v.mp4");
    const out = await new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "color=black:size=160x120:rate=10:duration=6",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=10:duration=4",
        "-filter_complex",
        "[0:v][1:v]concat=n=2:v=1[v]",
        "-map",
        "[v]",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        video,
      ],
    }).output();
    assert(out.success, "ffmpeg made the clip");
    const saved: ItemImage[] = [];
    const repo = {
      withoutPrimary: () => [{ id: "item1", group_key: "k", duration_ms: 10_000, path: video }],
      saveFrame: (image: ItemImage) => saved.push(image),
    } as unknown as MetadataRepo;
    const supervisor = new ProcessSupervisor();
    const images = new ImageService({
      cacheDir: join(dir, "cache"),
      ffmpegPath: "ffmpeg",
      supervisor,
      repo,
    });
    assertEquals(await images.grabFrames("lib"), 1);
    assertEquals(saved.length, 1);
    assertEquals([saved[0].type, saved[0].idx, saved[0].source], ["primary", 0, "frame"]);
    assert(images.runs >= 2, `retried after a black frame (${images.runs} runs)`);
    const y = await luma(saved[0].path);
    assert(y > 40, `the stored frame is not black (average luma ${y})`);
    await supervisor.stopAll();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
