/**
 * Supervises long-running child processes (ffmpeg transcodes, trickplay, subtitle extraction):
 * one place that knows every child, captures its stderr, stops it politely then firmly, and
 * kills everything at shutdown so no stale ffmpeg outlives the server.
 */

/** How a supervised child ended. */
export interface ExitInfo {
  id: string;
  pid: number;
  /** Exit code; 128 + signal number when killed by a signal (as a shell reports it). */
  code: number;
  /** The signal that ended it, if any. */
  signal: Deno.Signal | null;
  /** True when it ended because {@link ProcessSupervisor.stop} (or stopAll) asked it to. */
  stopped: boolean;
  duration_ms: number;
}

/** Options for {@link ProcessSupervisor.spawn}. */
export interface SpawnOptions {
  /** Id to track the child by; default a random UUID. Must be unique among running children. */
  id?: string;
  /** Free text shown by list(), e.g. "transcode item 42". */
  label?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Append stderr here, after a header line with the time and the command line. */
  logFile?: string;
  /** Bytes of stderr kept in memory for error messages; default 64 KiB. */
  stderrBufferBytes?: number;
  /** Called for each complete stderr line (progress parsing). */
  onStderrLine?: (line: string) => void;
  /** "piped" exposes the child's stdout as a stream (progressive transcodes); default "null". */
  stdout?: "piped" | "null";
  /**
   * What to write to stdin to ask for a clean exit (ffmpeg: "q", which finalises the output).
   * `null` skips that step (SIGTERM directly). Default "q".
   */
  quitInput?: string | null;
  /** Called once when the child exits, however it ends. */
  onExit?: (info: ExitInfo) => void;
}

/** A running (or finished) child as returned by spawn(). */
export interface SupervisedProcess {
  id: string;
  pid: number;
  label: string;
  command: string;
  args: readonly string[];
  started_at: number;
  /** The child's stdout when spawned with `stdout: "piped"`, else null; the caller must read or cancel it. */
  stdout: ReadableStream<Uint8Array> | null;
  /** Resolves when the child has exited and its stderr has been fully captured. */
  exited: Promise<ExitInfo>;
  /** The last bytes of stderr (bounded by `stderrBufferBytes`). */
  stderrTail(): string;
}

/** Snapshot for admin views. */
export interface ProcessListing {
  id: string;
  pid: number;
  label: string;
  command: string;
  args: readonly string[];
  started_at: number;
  stopping: boolean;
}

/** Options for stopping. */
export interface StopOptions {
  /** How long each step (quit input, then SIGTERM) may take before the next; default 5000 ms. */
  graceMs?: number;
}

/** A byte ring that keeps the last `cap` bytes of a stream. */
class _TailBuffer {
  #chunks: Uint8Array[] = [];
  #size = 0;
  constructor(readonly cap: number) {}
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > this.cap && this.#chunks.length > 0) {
      const head = this.#chunks[0];
      const excess = this.#size - this.cap;
      if (head.length <= excess) {
        this.#chunks.shift();
        this.#size -= head.length;
      } else {
        this.#chunks[0] = head.subarray(excess);
        this.#size -= excess;
      }
    }
  }
  text(): string {
    const all = new Uint8Array(this.#size);
    let off = 0;
    for (const c of this.#chunks) {
      all.set(c, off);
      off += c.length;
    }
    return new TextDecoder().decode(all);
  }
}

interface _Entry {
  proc: SupervisedProcess;
  child: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array> | null;
  quitInput: string | null;
  stopping: boolean;
  done: boolean;
}

/** Quotes one argument for the human-readable log header only (never executed by a shell). */
function _shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`;
}

/** Formats a command line for logs. */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(_shellQuote).join(" ");
}

/** How long to keep reading stderr after the child exited (a grandchild may hold the pipe). */
const STDERR_DRAIN_MS = 1000;

const _SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
  SIGPIPE: 13,
};

/**
 * Tracks child processes by id. Children are spawned with an args array (never a shell).
 * `stop` writes the quit input, waits, sends SIGTERM, waits, then SIGKILL.
 */
export class ProcessSupervisor {
  #entries = new Map<string, _Entry>();

  /** Starts `command` with `args` and begins supervising it. */
  spawn(command: string, args: readonly string[], opts: SpawnOptions = {}): SupervisedProcess {
    const id = opts.id ?? crypto.randomUUID();
    if (this.#entries.has(id)) throw new Error(`A process with id "${id}" is already running`);
    const quitInput = opts.quitInput === undefined ? "q" : opts.quitInput;
    const child = new Deno.Command(command, {
      args: [...args],
      cwd: opts.cwd,
      env: opts.env,
      stdin: quitInput === null ? "null" : "piped",
      stdout: opts.stdout ?? "null",
      stderr: "piped",
    }).spawn();
    const started = Date.now();
    const tail = new _TailBuffer(opts.stderrBufferBytes ?? 64 * 1024);
    const stderrReader = child.stderr.getReader();
    const stderrDone = this.#pumpStderr(stderrReader, tail, command, args, opts);

    const entry: _Entry = {
      proc: undefined as unknown as SupervisedProcess,
      child,
      stdin: quitInput === null ? null : child.stdin.getWriter(),
      quitInput,
      stopping: false,
      done: false,
    };
    const exited = (async (): Promise<ExitInfo> => {
      const status = await child.status;
      // A grandchild that inherited stderr can keep the pipe open after the child died; give
      // the pump a moment to drain, then stop reading.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const drained = await Promise.race([
        stderrDone.then(() => true),
        new Promise<false>((r) => timer = setTimeout(() => r(false), STDERR_DRAIN_MS)),
      ]);
      clearTimeout(timer);
      if (!drained) {
        await stderrReader.cancel().catch(() => {});
        await stderrDone;
      }
      entry.done = true;
      if (entry.stdin) {
        // The pipe may already be broken; closing only releases our resource.
        await entry.stdin.close().catch(() => {});
      }
      this.#entries.delete(id);
      const info: ExitInfo = {
        id,
        pid: child.pid,
        code: status.signal ? 128 + (_SIGNAL_NUMBERS[status.signal] ?? 0) : status.code,
        signal: status.signal,
        stopped: entry.stopping,
        duration_ms: Date.now() - started,
      };
      try {
        opts.onExit?.(info);
      } catch (err) {
        console.error(`onExit callback for process ${id} threw`, err);
      }
      return info;
    })();
    entry.proc = {
      id,
      pid: child.pid,
      label: opts.label ?? "",
      command,
      args: [...args],
      started_at: started,
      stdout: opts.stdout === "piped" ? child.stdout : null,
      exited,
      stderrTail: () => tail.text(),
    };
    this.#entries.set(id, entry);
    return entry.proc;
  }

  async #pumpStderr(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    tail: _TailBuffer,
    command: string,
    args: readonly string[],
    opts: SpawnOptions,
  ): Promise<void> {
    let log: Deno.FsFile | null = null;
    if (opts.logFile) {
      try {
        log = await Deno.open(opts.logFile, { create: true, append: true });
        const header = `# ${new Date().toISOString()} ${formatCommandLine(command, args)}\n`;
        await log.write(new TextEncoder().encode(header));
      } catch (err) {
        console.error(`Cannot open process log ${opts.logFile}`, err);
        log = null;
      }
    }
    const decoder = new TextDecoder();
    let partial = "";
    try {
      while (true) {
        const { value: chunk, done } = await reader.read().catch(() => ({
          value: undefined,
          done: true as const,
        }));
        if (done || !chunk) break;
        tail.push(chunk);
        if (log) await log.write(chunk);
        if (opts.onStderrLine) {
          partial += decoder.decode(chunk, { stream: true });
          // ffmpeg ends progress lines with \r; treat it as a line end too.
          const lines = partial.split(/\r\n|\r|\n/);
          partial = lines.pop() ?? "";
          for (const line of lines) if (line) opts.onStderrLine(line);
        }
      }
      if (opts.onStderrLine && partial) opts.onStderrLine(partial);
    } finally {
      reader.releaseLock();
      log?.close();
    }
  }

  /** The running child with this id, if any. */
  get(id: string): SupervisedProcess | undefined {
    return this.#entries.get(id)?.proc;
  }

  /** All running children. */
  list(): ProcessListing[] {
    return [...this.#entries.values()].map((e) => ({
      id: e.proc.id,
      pid: e.proc.pid,
      label: e.proc.label,
      command: e.proc.command,
      args: e.proc.args,
      started_at: e.proc.started_at,
      stopping: e.stopping,
    }));
  }

  /**
   * Stops a child: quit input (ffmpeg "q" finalises the output), then SIGTERM after `graceMs`,
   * then SIGKILL after another `graceMs`. Resolves with its exit, or null for an unknown id.
   */
  async stop(id: string, opts: StopOptions = {}): Promise<ExitInfo | null> {
    const entry = this.#entries.get(id);
    if (!entry) return null;
    const graceMs = opts.graceMs ?? 5000;
    if (entry.stopping) return await entry.proc.exited;
    entry.stopping = true;
    const exitedWithin = async (ms: number): Promise<boolean> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const t = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
      const ok = await Promise.race([entry.proc.exited.then(() => true as const), t]);
      clearTimeout(timer);
      return ok;
    };
    if (entry.stdin && entry.quitInput !== null) {
      try {
        await entry.stdin.write(new TextEncoder().encode(entry.quitInput));
      } catch {
        // Broken pipe: the child is already going away or ignores stdin; escalate below.
      }
      if (await exitedWithin(graceMs)) return await entry.proc.exited;
    }
    this.#signal(entry, "SIGTERM");
    if (await exitedWithin(graceMs)) return await entry.proc.exited;
    this.#signal(entry, "SIGKILL");
    return await entry.proc.exited;
  }

  #signal(entry: _Entry, sig: Deno.Signal): void {
    if (entry.done) return;
    try {
      entry.child.kill(sig);
    } catch {
      // Already exited between the check and the kill.
    }
  }

  /** Stops every child concurrently (server shutdown). */
  async stopAll(opts: StopOptions = {}): Promise<ExitInfo[]> {
    const ids = [...this.#entries.keys()];
    const res = await Promise.all(ids.map((id) => this.stop(id, opts)));
    return res.filter((r): r is ExitInfo => r !== null);
  }
}
