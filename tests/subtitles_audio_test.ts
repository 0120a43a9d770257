/**
 * Track selection end to end: a second audio track (French AC-3 5.1 behind an English AAC
 * default) can be chosen, which remuxes with that track downmixed to stereo AAC, and the
 * default subtitle follows the chosen audio's language (its forced track).
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";
import { fixtureFfmpeg, toSrt } from "./fixtures/media.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-tracks-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const dir = join(root, "Movies", "Dual (2019)");
await Deno.mkdir(dir, { recursive: true });
const movie = join(dir, "Dual (2019).mkv");
{
  const res = await new Deno.Command(fixtureFfmpeg(), {
    args: [
      ...["-v", "error", "-nostdin", "-y"],
      ...["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=8"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8"],
      ...["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=8"],
      ...["-map", "0:v", "-map", "1:a", "-map", "2:a", "-c:v", "libx264", "-preset", "ultrafast"],
      ...["-g", "50", "-c:a:0", "aac", "-ac:a:0", "2", "-c:a:1", "ac3", "-ac:a:1", "6"],
      ...["-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fre"],
      ...["-disposition:a:0", "default", "-disposition:a:1", "0", movie],
    ],
  }).output();
  assert(res.success, new TextDecoder().decode(res.stderr));
}
await Deno.writeTextFile(
  join(dir, "Dual (2019).en.forced.srt"),
  toSrt([{ start_ms: 1000, end_ms: 2000, text: "English forced" }]),
);
await Deno.writeTextFile(
  join(dir, "Dual (2019).fr.forced.srt"),
  toSrt([{ start_ms: 1000, end_ms: 2000, text: "Français forcé" }]),
);
await Deno.writeTextFile(
  join(dir, "Dual (2019).fr.srt"),
  toSrt([{ start_ms: 1000, end_ms: 2000, text: "Français" }]),
);

const CAPS = {
  containers: ["mp4", "mkv"],
  video_codecs: ["h264"],
  audio_codecs: ["aac"],
  max_audio_channels: 2,
  hls: true,
  segment_types: ["ts"],
};

Deno.test("track selection: any audio track, stereo downmix, forced subtitle follows audio", async () => {
  await using srv = await startTestServer();
  const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const list = await (await srv.api(`/api/items?library_id=${lib}`)).json();
  const id = list.items[0].id;
  const item = await (await srv.api(`/api/items/${id}`)).json();
  const audio = item.streams.filter((s: { type: string }) => s.type === "audio");
  assertEquals(audio.map((a: { language: string }) => a.language), ["eng", "fre"]);
  const subs = item.subtitles.map((s: { language: string; forced: boolean }) =>
    `${s.language}${s.forced ? " forced" : ""}`
  );
  const play = async (body: Record<string, unknown>) =>
    await (await srv.api(`/api/items/${id}/playback`, {
      method: "POST",
      body: JSON.stringify({ profile: "chrome", caps: CAPS, ...body }),
    })).json();

  // Default audio (English): direct play, English forced subtitle.
  const english = await play({});
  assertEquals(english.decision, "direct");
  assertEquals(english.subtitles.length, 1);
  assertEquals(subs[english.subtitles[0].index], "eng forced");

  // French 5.1 AC-3: remuxed with that track as stereo AAC, French forced subtitle.
  const french = await play({ audio_index: audio[1].index });
  assertEquals(french.decision, "remux", JSON.stringify(french));
  assert(french.reasons.includes("secondary_audio_not_supported"), french.reasons);
  assertEquals(french.audio.stream_index, audio[1].index);
  assertEquals(french.audio.action, "encode");
  assertEquals(french.audio.codec, "aac");
  assertEquals(french.audio.channels, 2);
  assertEquals(subs[french.subtitles[0].index], "fre forced");

  // The segment carries the French track: stereo, and the 660 Hz tone, not 440 Hz.
  const base = srv.url + french.url.replace(/master\.m3u8\?.*$/, "");
  const q = french.url.slice(french.url.indexOf("?"));
  const seg = await fetch(`${base}v0/0.ts${q}`);
  assertEquals(seg.status, 200);
  const path = join(root, "seg.ts");
  await Deno.writeFile(path, new Uint8Array(await seg.arrayBuffer()));
  const probe = await new Deno.Command("ffprobe", {
    args: ["-v", "error", "-select_streams", "a", "-show_entries", "stream=channels,codec_name"]
      .concat(["-of", "csv=p=0", path]),
  }).output();
  // MPEG-TS lists streams under their program too: compare the distinct lines.
  const lines = new Set(new TextDecoder().decode(probe.stdout).split("\n").filter(Boolean));
  assertEquals([...lines], ["aac,2"]);
  const pcm = await new Deno.Command(fixtureFfmpeg(), {
    args: ["-v", "error", "-i", path, "-map", "0:a", "-ac", "1", "-f", "s16le", "-"],
    stdout: "piped",
  }).output();
  const samples = new Int16Array(pcm.stdout.buffer, 0, Math.floor(pcm.stdout.length / 2));
  let crossings = 0;
  for (let i = 24_000; i < 72_000; i++) if ((samples[i - 1] < 0) !== (samples[i] < 0)) crossings++;
  // One second of a 660 Hz tone crosses zero about 1320 times (440 Hz: 880).
  assert(Math.abs(crossings - 1320) < 40, `zero crossings ${crossings}`);
  await (await srv.api(`/api/items/${id}/hls/${french.session_id}`, { method: "DELETE" })).body
    ?.cancel();
});
