/**
 * FLAC audio in fMP4 HLS segments with real ffmpeg: ffmpeg 5.1's MP4 muxer refuses FLAC unless
 * allowed experimental features ("flac in MP4 support is experimental"), which the remux of an
 * H.264/HEVC + FLAC Matroska file to fMP4 (Safari; Chrome with HEVC) needs, and so does an
 * encode to FLAC.
 */
import { join } from "node:path";
import { tempHlsManager } from "./helpers/hls.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { makeMedia } from "./fixtures/media.ts";
import type { MediaSpec } from "./fixtures/media.ts";
import type { HlsJobSpec } from "../lib/hls/spec.ts";
import { parseMediaPlaylist } from "../lib/hls/m3u8_check.ts";
import { concatAndDecode, ffprobeText, probeSpan } from "../lib/hls/test_support.ts";
import { probeFile } from "../lib/media/ffprobe.ts";

const H264_FLAC: MediaSpec = {
  name: "lossless.mkv",
  duration_s: 14,
  video: { codec: "h264", width: 320, height: 180, fps: 25, gop_s: 2 },
  audio: { codec: "flac", channels: 2, sample_rate: 48000 },
};

const H264_AAC: MediaSpec = {
  ...H264_FLAC,
  name: "lossy.mkv",
  audio: { ...H264_FLAC.audio!, codec: "aac" },
};

const CASES: { name: string; media: MediaSpec; audio: "copy" | "encode" }[] = [
  { name: "remux of H.264 + FLAC copies the FLAC", media: H264_FLAC, audio: "copy" },
  { name: "remux of H.264 + AAC with the audio encoded to FLAC", media: H264_AAC, audio: "encode" },
];

for (const c of CASES) {
  Deno.test(`fMP4 ${c.name}: init + segments play`, async () => {
    await using h = await tempHlsManager();
    const { m, media, warnings } = h;
    const path = await makeMedia(media, c.media);
    const probe = await probeFile("ffprobe", path);
    const a = probe.streams.find((s) => s.type === "audio")!;
    const job: HlsJobSpec = {
      input_path: path,
      duration_ms: probe.duration_ms,
      segment_type: "fmp4",
      video: { action: "copy", source_codec: "h264" },
      audio: c.audio === "copy"
        ? { action: "copy", stream_index: a.index, source_codec: a.codec }
        : { action: "encode", stream_index: a.index, codec: "flac", source_codec: a.codec },
      segments: { target_s: 6 },
    };
    // A resume: the first run starts at the last segment, segment 0 then restarts ffmpeg.
    const s = await m.createSession(job, { start_ms: 13_000 });
    const pl = parseMediaPlaylist(m.mediaPlaylist(s.id));
    assert(pl.segments.length >= 2, "several segments");
    const init = await m.getInit(s.id);
    assertEquals(s.info().renditions[0].run?.start_index, pl.segments.length - 1);
    const segs: string[] = [];
    for (let i = 0; i < pl.segments.length; i++) segs.push(await m.getSegment(s.id, i));
    // Runs started at different segments wrote the same init section.
    assertEquals(warnings.filter((w) => w.includes("init section")), []);

    // init + first segment alone is a playable file with both streams.
    const one = join(media, "one.mp4");
    await Deno.writeFile(
      one,
      new Uint8Array([...await Deno.readFile(init), ...await Deno.readFile(segs[0])]),
    );
    const streams = await ffprobeText([
      "-show_entries",
      "stream=codec_type,codec_name",
      "-of",
      "csv=p=0",
      one,
    ]);
    assertEquals(streams.trim().split("\n").sort(), ["h264,video", "flac,audio"].sort());
    const audioPackets = await ffprobeText([
      "-select_streams",
      "a:0",
      "-count_packets",
      "-show_entries",
      "stream=nb_read_packets",
      "-of",
      "csv=p=0",
      one,
    ]);
    assert(Number(audioPackets.trim()) > 0, "the first segment carries FLAC packets");

    // The whole timeline decodes cleanly with audio to the end.
    const all = join(media, "all.mp4");
    assertEquals(await concatAndDecode([init, ...segs], all), "");
    const span = await probeSpan(all);
    assert(Math.abs(span - probe.duration_ms / 1000) < 1, `span ${span}`);
    const audioEnd = await ffprobeText([
      "-select_streams",
      "a:0",
      "-show_entries",
      "packet=pts_time",
      "-of",
      "csv=p=0",
      all,
    ]);
    const last = Number(audioEnd.trim().split("\n").at(-1));
    const first = Number(audioEnd.trim().split("\n")[0]);
    assert(last - first > probe.duration_ms / 1000 - 1, `audio spans ${first}–${last}`);
  });
}
