/**
 * Watches a library root with `Deno.watchFs` and reports changes after a quiet period, so a copy
 * of many files (or one large file written in many chunks) triggers one rescan, not hundreds.
 * The rescan is a full incremental pass: unchanged files cost one `stat` each, which is cheap
 * enough that tracking individual paths is not worth its edge cases (renamed folders, events
 * dropped by the kernel when its queue overflows).
 */

/** Options of {@link LibraryWatcher}. */
export interface LibraryWatcherOptions {
  /** Quiet period after the last event before `onChange` runs, in ms. */
  debounceMs: number;
  /** Called once per burst of changes. */
  onChange: () => void;
  /** Called when the watch ends on its own (the root went away); the watcher is then closed. */
  onEnd?: (err?: unknown) => void;
}

function isHidden(path: string): boolean {
  return /(^|[/\\])\.[^/\\]/.test(path);
}

/** One recursive watch on a library root. */
export class LibraryWatcher {
  readonly #root: string;
  readonly #opts: LibraryWatcherOptions;
  #watcher: Deno.FsWatcher | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #loop: Promise<void> | null = null;

  constructor(root: string, opts: LibraryWatcherOptions) {
    this.#root = root;
    this.#opts = opts;
  }

  /** Starts watching; false when the root cannot be watched (missing, unreadable). */
  start(): boolean {
    if (this.#closed || this.#watcher) return this.#watcher !== null;
    try {
      this.#watcher = Deno.watchFs(this.#root, { recursive: true });
    } catch {
      return false;
    }
    this.#loop = this.#listen(this.#watcher);
    return true;
  }

  /** Whether the watch is active. */
  get active(): boolean {
    return this.#watcher !== null && !this.#closed;
  }

  async #listen(watcher: Deno.FsWatcher): Promise<void> {
    let failure: unknown;
    try {
      for await (const event of watcher) {
        // Reads (ours included: probes and fingerprints open files) are not changes.
        if (event.kind === "access") continue;
        if (event.paths.length > 0 && event.paths.every(isHidden)) continue;
        this.#schedule();
      }
    } catch (err) {
      failure = err;
    }
    if (!this.#closed) {
      this.close();
      this.#opts.onEnd?.(failure);
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#closed) this.#opts.onChange();
    }, this.#opts.debounceMs);
  }

  /** Stops watching and drops a pending notification. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    try {
      this.#watcher?.close();
    } catch {
      // Already closed by the runtime when the root vanished.
    }
  }

  /** Resolves when the event loop of the watch has ended (after {@link close}). */
  async finished(): Promise<void> {
    await this.#loop;
  }
}
