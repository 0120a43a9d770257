/**
 * fMP4 HLS (what Safari needs for HEVC/AV1): init.mp4 once, moof/mdat-only media segments whose
 * decode times continue the timeline whichever run produced them.
 */
import { join } from "node:path";
import { tempHlsManager } from "./helpers/hls.ts";
import { assert, assertAlmostEquals, assertEquals } from "./helpers/assert.ts";
import { makeMedia } from "./fixtures/media.ts";
import type { MediaSpec } from "./fixtures/media.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { TIMELINE_OFFSET_MS } from "../lib/hls/ffmpeg_args.ts";
import { parseMediaPlaylist } from "../lib/hls/m3u8_check.ts";
import { concatAndDecode, ffprobeText, firstPts, probeSpan } from "../lib/hls/test_support.ts";
import { probeFile } from "../lib/media/ffprobe.ts";

const OFFSET_S = TIMELINE_OFFSET_MS / 1000;

const HEVC_MKV: MediaSpec = {
  name: "hevc10.mkv",
  duration_s: 30,
  video: { codec: "hevc", width: 320, height: 180, fps: 25, pix_fmt: "yuv420p10le", gop_s: 2 },
  audio: { codec: "aac", channels: 2, sample_rate: 48000 },
};

async function spec(path: string, copy: boolean): Promise<HlsJobSpec> {
  const probe = await probeFile("ffprobe", path);
  const v = probe.streams.find((s) => s.type === "video")!;
  const a = probe.streams.find((s) => s.type === "audio")!;
  return {
    input_path: path,
    duration_ms: probe.duration_ms,
    segment_type: "fmp4",
    video: copy ? { action: "copy", source_codec: v.codec } : {
      action: "encode",
      codec: "h264",
      width: 320,
      height: 180,
      bitrate_kbps: 400,
      hwaccel: { method: "none" },
      input_codec: v.codec,
      input_bit_depth: v.bit_depth,
      frame_rate: v.frame_rate,
    },
    audio: { action: copy ? "copy" : "encode", stream_index: a.index, codec: "aac" },
    segments: { target_s: 6 },
  };
}

function boxType(bytes: Uint8Array, offset = 0): string {
  return new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
}

for (const copy of [true, false]) {
  const what = copy ? "remux of HEVC (hvc1)" : "transcode of HEVC to H.264";
  Deno.test(`fMP4 ${what}: init.mp4 + segments decode when concatenated`, async () => {
    await using h = await tempHlsManager();
    const { m, media, warnings } = h;
    const path = await makeMedia(media, HEVC_MKV);
    const job = await spec(path, copy);
    const s = await m.createSession(job, { start_ms: 13_000 });
    const pl = parseMediaPlaylist(m.mediaPlaylist(s.id, 0, "?t=k"));
    assertEquals(pl.version, 7);
    assertEquals(pl.map_uri, "init.mp4?t=k");
    const n = pl.segments.length;
    // A resumed player asks for the init section first: the run starts at the resume point.
    const init = await m.getInit(s.id);
    assertEquals(s.info().renditions[0].run?.start_index, 2);
    const initBytes = await Deno.readFile(init);
    assertEquals(boxType(initBytes), "ftyp");
    const sampleEntry = copy ? "hvc1" : "avc1";
    assert(new TextDecoder("latin1").decode(initBytes).includes(sampleEntry), sampleEntry);
    // Then the resume segment, a seek back (restart) and the rest in order.
    const files = new Map<number, string>();
    for (const i of [2, 0, ...Array.from({ length: n }, (_, i) => i)]) {
      files.set(i, await m.getSegment(s.id, i));
    }
    for (let i = 0; i < n; i++) {
      const seg = await Deno.readFile(files.get(i)!);
      assertEquals(boxType(seg), "moof", `segment ${i} is fragments only`);
      const one = join(media, `one-${i}.mp4`);
      await Deno.writeFile(one, new Uint8Array([...initBytes, ...seg]));
      const start = (await firstPts(one)) - OFFSET_S;
      assertAlmostEquals(start, s.plan.segments[i].start_ms / 1000, 0.041, `segment ${i}`);
    }
    const all = join(media, "all.mp4");
    const parts = [init, ...[...Array(n).keys()].map((i) => files.get(i)!)];
    assertEquals(await concatAndDecode(parts, all), "");
    assertAlmostEquals(await probeSpan(all), job.duration_ms / 1000, 1);
    const codec = await ffprobeText([
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=codec_name,codec_tag_string",
      "-of",
      "csv=p=0",
      all,
    ]);
    assertEquals(codec.trim(), copy ? "hevc,hvc1" : "h264,avc1");
    // Runs started at different segments wrote byte-identical init sections.
    assertEquals(warnings.filter((w) => w.includes("init section")), []);
  });
}
