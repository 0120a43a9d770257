import { assertEquals } from "../../tests/helpers/assert.ts";
import { walkLibrary } from "./walk_library.ts";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [rel, content] of Object.entries(files)) {
    const abs = `${root}/${rel}`;
    await Deno.mkdir(abs.slice(0, abs.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(abs, content);
  }
  return root;
}

Deno.test("walkLibrary() lists media, skips hidden, zero-byte and unsupported files", async () => {
  const root = await tree({
    "Movie (2010)/Movie (2010).mkv": "video",
    "Movie (2010)/Movie (2010).en.srt": "subs",
    "Movie (2010)/poster.jpg": "img",
    "Movie (2010)/notes.txt": "text",
    "Movie (2010)/.hidden.mkv": "hidden",
    ".trash/old.mkv": "hidden dir",
    "empty.mkv": "",
    "song.flac": "audio",
  });
  try {
    const r = await walkLibrary(root);
    assertEquals(r.files.map((f) => f.rel).sort(), [
      "Movie (2010)/Movie (2010).en.srt",
      "Movie (2010)/Movie (2010).mkv",
      "Movie (2010)/poster.jpg",
      "song.flac",
    ]);
    assertEquals(r.skipped, { hidden: 2, zero_byte: 1, unsupported: 1, loops: 0 });
    assertEquals(r.rootEntries, 4);
    const mkv = r.files.find((f) => f.rel.endsWith(".mkv"))!;
    assertEquals(mkv.size, 5);
    assertEquals(mkv.mtime_ms, (await Deno.stat(`${root}/${mkv.rel}`)).mtime!.getTime());
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walkLibrary() follows symbolic links without looping", async () => {
  const root = await tree({ "a/x.mkv": "1" });
  const outside = await tree({ "y.mkv": "2" });
  try {
    await Deno.symlink(root, `${root}/a/loop`);
    await Deno.symlink(outside, `${root}/ext`);
    await Deno.symlink(`${outside}/y.mkv`, `${root}/a/linked.mkv`);
    await Deno.symlink(`${root}/nowhere`, `${root}/broken.mkv`);
    const r = await walkLibrary(root);
    assertEquals(r.files.map((f) => f.rel).sort(), ["a/linked.mkv", "a/x.mkv", "ext/y.mkv"]);
    assertEquals(r.skipped.loops, 1);
    assertEquals(r.errors.map((e) => e.rel), ["broken.mkv"]);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("walkLibrary() reports a missing root, a file root and an unreadable folder", async () => {
  const root = await tree({ "ok/a.mkv": "1", "bad/b.mkv": "2", "file.mkv": "3" });
  try {
    assertEquals((await walkLibrary(`${root}/nope`)).rootProblem, "missing");
    assertEquals((await walkLibrary(`${root}/file.mkv`)).rootProblem, "not_directory");
    const r = await walkLibrary(root, {
      readDirSync: (path) => {
        if (path.endsWith("/bad")) throw new Deno.errors.PermissionDenied("denied");
        return Deno.readDirSync(path);
      },
    });
    assertEquals(r.rootProblem, undefined);
    assertEquals(r.files.map((f) => f.rel).sort(), ["file.mkv", "ok/a.mkv"]);
    assertEquals(r.failedDirs, ["bad"]);
    assertEquals(r.errors, [{ rel: "bad", message: "Cannot read folder: Permission denied" }]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walkLibrary() counts the entries of an empty root", async () => {
  const root = await Deno.makeTempDir();
  try {
    const r = await walkLibrary(root);
    assertEquals([r.rootProblem, r.rootEntries, r.files.length], [undefined, 0, 0]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
