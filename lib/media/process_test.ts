import { join } from "node:path";
import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "../../tests/helpers/assert.ts";
import { type ExitInfo, formatCommandLine, ProcessSupervisor } from "./process.ts";

const FFMPEG = Deno.env.get("RUSTFIN_FFMPEG") || "ffmpeg";

/** ffmpeg reading an endless lavfi source into the null muxer: a real, long-lived child. */
const ENDLESS_FFMPEG = [
  "-hide_banner",
  "-nostats",
  "-f",
  "lavfi",
  "-re",
  "-i",
  "testsrc2=size=64x64:rate=5",
  "-f",
  "null",
  "-",
];

async function procAlive(pid: number): Promise<boolean> {
  try {
    await Deno.stat(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

Deno.test("formatCommandLine() quotes only what needs quoting", () => {
  assertEquals(
    formatCommandLine("ffmpeg", ["-i", "file:/a b/c's.mkv", "-vf", "scale=w=1:h=2", "out.ts"]),
    `ffmpeg -i 'file:/a b/c'\\''s.mkv' -vf scale=w=1:h=2 out.ts`,
  );
});

Deno.test("stop() ends ffmpeg with q: clean exit, process gone, onExit called", async () => {
  const sup = new ProcessSupervisor();
  const exits: ExitInfo[] = [];
  const p = sup.spawn(FFMPEG, ENDLESS_FFMPEG, {
    id: "ff1",
    label: "test",
    onExit: (e) => exits.push(e),
  });
  assertEquals(sup.list().map((x) => [x.id, x.label, x.pid]), [["ff1", "test", p.pid]]);
  await new Promise((r) => setTimeout(r, 300));
  assert(await procAlive(p.pid), "ffmpeg is running");

  const exit = await sup.stop("ff1", { graceMs: 3000 });
  assert(exit);
  assertEquals([exit.code, exit.signal, exit.stopped], [0, null, true], "q makes ffmpeg exit 0");
  assertEquals(await procAlive(p.pid), false);
  assertEquals(exits.length, 1);
  assertEquals(sup.list(), []);
  assertEquals(await sup.stop("ff1"), null, "unknown ids resolve to null");
});

Deno.test("stop() escalates to SIGTERM, then SIGKILL for a child that ignores both", async () => {
  const sup = new ProcessSupervisor();
  const sleeper = sup.spawn("sleep", ["30"], { quitInput: null });
  const t0 = performance.now();
  const term = await sup.stop(sleeper.id, { graceMs: 2000 });
  assertEquals([term?.code, term?.signal, term?.stopped], [143, "SIGTERM", true]);
  assert(performance.now() - t0 < 1500, "SIGTERM was sent without waiting for a quit input");
  assertEquals(await procAlive(sleeper.pid), false);

  // A shell loop that ignores SIGTERM and stdin: only SIGKILL ends it.
  const stubborn = sup.spawn("sh", ["-c", `trap "" TERM; while :; do sleep 0.05; done`]);
  await new Promise((r) => setTimeout(r, 100));
  const t1 = performance.now();
  const kill = await sup.stop(stubborn.id, { graceMs: 200 });
  const took = performance.now() - t1;
  assertEquals([kill?.code, kill?.signal], [137, "SIGKILL"]);
  assert(took >= 400 && took < 3000, `q wait + TERM wait before KILL, took ${took} ms`);
  assertEquals(await procAlive(stubborn.pid), false);
});

Deno.test("stopAll() stops every child at once", async () => {
  const sup = new ProcessSupervisor();
  const kids = [
    sup.spawn(FFMPEG, ENDLESS_FFMPEG),
    sup.spawn(FFMPEG, ENDLESS_FFMPEG),
    sup.spawn("sleep", ["30"], { quitInput: null }),
  ];
  assertEquals(sup.list().length, 3);
  const exits = await sup.stopAll({ graceMs: 3000 });
  assertEquals(exits.length, 3);
  assert(exits.every((e) => e.stopped));
  for (const k of kids) assertEquals(await procAlive(k.pid), false, `pid ${k.pid} still alive`);
  assertEquals(sup.list(), []);
});

Deno.test("exit codes of children that end on their own are reported, not marked stopped", async () => {
  const sup = new ProcessSupervisor();
  const table: [string[], number][] = [
    [["-c", "exit 0"], 0],
    [["-c", "exit 3"], 3],
    [["-c", "kill -TERM $$"], 143],
  ];
  for (const [args, code] of table) {
    const p = sup.spawn("sh", args, { quitInput: null });
    const e = await p.exited;
    assertEquals([e.code, e.stopped], [code, false], args.join(" "));
  }
  const bad = sup.spawn(FFMPEG, ["-hide_banner", "-i", "/nonexistent/x.mkv", "-f", "null", "-"]);
  const e = await bad.exited;
  assert(e.code !== 0);
  assertStringIncludes(bad.stderrTail(), "No such file or directory");
});

Deno.test("stderr goes to an appended log with the command line, a bounded tail and line callbacks", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const log = join(dir, "ffmpeg.log");
    await Deno.writeTextFile(log, "earlier run\n");
    const sup = new ProcessSupervisor();
    const lines: string[] = [];
    const script = `for i in 1 2 3 4 5; do echo "line $i" >&2; done; printf 'progress\\r' >&2`;
    const p = sup.spawn("sh", ["-c", script], {
      logFile: log,
      stderrBufferBytes: 16,
      onStderrLine: (l) => lines.push(l),
      quitInput: null,
    });
    await p.exited;
    const text = await Deno.readTextFile(log);
    assert(text.startsWith("earlier run\n# "), "appends after existing content");
    assertStringIncludes(text, `sh -c '${script.replaceAll("'", `'\\''`)}'`);
    assertStringIncludes(text, "line 1\nline 2\n");
    assertEquals(lines, ["line 1", "line 2", "line 3", "line 4", "line 5", "progress"]);
    assertEquals(p.stderrTail(), "line 5\nprogress\r", "the tail keeps only the last 16 bytes");
    assertEquals(new TextEncoder().encode(p.stderrTail()).length, 16);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("spawn() rejects a duplicate id and can pipe stdout", async () => {
  const sup = new ProcessSupervisor();
  const p = sup.spawn("sh", ["-c", "echo hello; exec sleep 30"], {
    id: "dup",
    stdout: "piped",
    quitInput: null,
  });
  assertThrows(() => sup.spawn("sleep", ["1"], { id: "dup" }), Error, "already running");
  assert(p.stdout);
  const reader = p.stdout.getReader();
  const { value } = await reader.read();
  assertEquals(new TextDecoder().decode(value), "hello\n");
  reader.releaseLock();
  await p.stdout.cancel();
  const e = await sup.stop("dup", { graceMs: 1000 });
  assertEquals(e?.signal, "SIGTERM");
});

Deno.test("exited resolves soon after the child dies even if a grandchild holds stderr open", async () => {
  const sup = new ProcessSupervisor();
  // sh dies on SIGTERM; its `sleep 2` child keeps the inherited stderr pipe open.
  const p = sup.spawn("sh", ["-c", "echo started >&2; sleep 2; true"], { quitInput: null });
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  const e = await sup.stop(p.id, { graceMs: 1000 });
  const took = performance.now() - t0;
  assertEquals(e?.signal, "SIGTERM");
  assert(took < 1800, `took ${took} ms, should not wait for the grandchild`);
  assertStringIncludes(p.stderrTail(), "started");
  // Let the orphaned sleep finish so it does not outlive the test run.
  await new Promise((r) => setTimeout(r, 2000 - took));
});
