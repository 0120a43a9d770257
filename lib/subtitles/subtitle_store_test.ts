import { join } from "node:path";
import { assertEquals, assertRejects } from "../../tests/helpers/assert.ts";
import type { FileWithProbe, SubtitleTrack } from "../db/items.ts";
import { removeExtractedSubtitles, SubtitleError, SubtitleStore } from "./subtitle_store.ts";

async function sidecar(dir: string, name: string, bytes: Uint8Array) {
  const path = join(dir, name);
  await Deno.writeFile(path, bytes);
  const st = await Deno.stat(path);
  const file = {
    id: `f-${name.replace(/\W/g, "")}`,
    path,
    rel_path: name,
    file_class: "subtitle",
    size_bytes: st.size,
    mtime_ms: st.mtime!.getTime(),
    probe: null,
  } as unknown as FileWithProbe;
  const track: SubtitleTrack = {
    index: 0,
    source: "sidecar",
    file_id: file.id,
    path,
    format: name.split(".").pop()!,
    language: null,
    title: null,
    forced: false,
    default: false,
    hearing_impaired: false,
  };
  return { file, track };
}

Deno.test("SubtitleStore converts a sidecar once and serves later calls from the cache", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new SubtitleStore({ cacheDir: join(dir, "cache"), ffmpegPath: null });
    const { file, track } = await sidecar(
      dir,
      "a.srt",
      new TextEncoder().encode("1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
    );
    const first = await store.vtt(track, file);
    const text = new TextDecoder().decode(first.bytes);
    assertEquals(text, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n");
    // The source disappears: the cached conversion still answers, with the same ETag.
    await Deno.remove(file.path);
    const again = await store.vtt(track, file);
    assertEquals(new TextDecoder().decode(again.bytes), text);
    assertEquals(again.etag, first.etag);
    // A changed file (other size/mtime) is a new key: read again, and now it is missing.
    await assertRejects(() => store.vtt(track, { ...file, size_bytes: file.size_bytes + 1 }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SubtitleStore refuses image subtitles as text, VobSub .sub included", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new SubtitleStore({ cacheDir: join(dir, "cache"), ffmpegPath: null });
    const vobsub = await sidecar(dir, "a.sub", new Uint8Array([0, 0, 1, 0xba, 0x44, 0, 4]));
    const err = await assertRejects(() => store.text(vobsub.track, vobsub.file), SubtitleError);
    assertEquals((err as SubtitleError).code, "bad_request");
    const sup = await sidecar(dir, "a.sup", new Uint8Array([0x50, 0x47]));
    const err2 = await assertRejects(() => store.text(sup.track, sup.file), SubtitleError);
    assertEquals((err2 as SubtitleError).code, "bad_request");
    // A MicroDVD .sub is text, read through ffmpeg, which is missing here.
    const micro = await sidecar(dir, "b.sub", new TextEncoder().encode("{25}{50}Hi\n"));
    const err3 = await assertRejects(() => store.text(micro.track, micro.file), SubtitleError);
    assertEquals((err3 as SubtitleError).code, "unavailable");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("removeExtractedSubtitles removes only the folders of the given files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["aaa-10-20", "aaa-11-21", "bbb-10-20", "aaab-1-2"]) {
      await Deno.mkdir(join(dir, name, "x"), { recursive: true });
    }
    await Deno.writeTextFile(join(dir, "aaa-1-1"), "a file, not a cache folder");
    assertEquals(await removeExtractedSubtitles(dir, ["aaa", "ccc"]), 2);
    const left = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
    assertEquals(left, ["aaa-1-1", "aaab-1-2", "bbb-10-20"]);
    assertEquals(await removeExtractedSubtitles(join(dir, "missing"), ["aaa"]), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
