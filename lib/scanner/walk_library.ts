/**
 * Phase 1 of a scan (see README.md): lists the files of a library root with size and mtime.
 *
 * Follows symbolic links without looping (each real directory is entered once), skips hidden
 * entries, files whose extension is not media, subtitle, image or NFO, and zero-byte files.
 * A folder that cannot be read is reported, not fatal: the scanner keeps the files it had
 * indexed under it. The file system calls are synchronous (three to four times faster than the
 * async ones for the many small `stat` calls of a walk) but run in slices of a few milliseconds
 * with a yield to the event loop in between, so the server keeps answering during a scan.
 */
import { classifyFile } from "../naming/extensions.ts";

/** A file found by the walk. */
export interface WalkedFile {
  /** Path relative to the root, `/`-separated. */
  rel: string;
  size: number;
  mtime_ms: number;
}

/**
 * Why the root itself cannot be scanned. `not_responding` comes from the walk's watchdog
 * (walk_in_worker.ts): the folder stopped answering, like a network mount whose server is gone.
 */
export type RootProblem = "missing" | "not_directory" | "unreadable" | "not_responding";

/** What the walk found. */
export interface WalkResult {
  /** Set when the root cannot be walked at all (nothing else is filled in). */
  rootProblem?: RootProblem;
  /** Entries directly in the root, of any kind: 0 is what an unmounted mount point looks like. */
  rootEntries: number;
  files: WalkedFile[];
  /** Relative folders that could not be read. */
  failedDirs: string[];
  /** Relative paths of files that could not be stat'ed. */
  failedFiles: string[];
  errors: { rel: string; message: string }[];
  skipped: { hidden: number; zero_byte: number; unsupported: number; loops: number };
}

/** Options of {@link walkLibrary}. */
export interface WalkOptions {
  /** Longest stretch of synchronous file system work before yielding, in ms (default 16). */
  sliceMs?: number;
  signal?: AbortSignal;
  /** Called after each slice with the number of files found so far. */
  onProgress?: (found: number) => void;
  /** Lists a folder; defaults to `Deno.readDirSync` (tests inject failures through it). */
  readDirSync?: (path: string) => Iterable<Deno.DirEntry>;
}

function errorText(err: unknown): string {
  if (err instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (err instanceof Deno.errors.NotFound) return "Not found";
  if (err instanceof Deno.errors.NotADirectory) return "Not a directory";
  return err instanceof Error ? err.name : "Unreadable";
}

/** A walk that found nothing yet; with `rootProblem` set, the result of an unusable root. */
export function emptyWalkResult(rootProblem?: RootProblem): WalkResult {
  return {
    ...(rootProblem ? { rootProblem } : {}),
    rootEntries: 0,
    files: [],
    failedDirs: [],
    failedFiles: [],
    errors: [],
    skipped: { hidden: 0, zero_byte: 0, unsupported: 0, loops: 0 },
  };
}

/** Walks `root` (an absolute path). */
export async function walkLibrary(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const sliceMs = opts.sliceMs ?? 16;
  const readDirSync = opts.readDirSync ?? Deno.readDirSync;
  const result = emptyWalkResult();
  let rootReal: string;
  try {
    const st = Deno.statSync(root);
    if (!st.isDirectory) return { ...result, rootProblem: "not_directory" };
    rootReal = Deno.realPathSync(root);
  } catch (err) {
    return {
      ...result,
      rootProblem: err instanceof Deno.errors.NotFound ? "missing" : "unreadable",
    };
  }

  let sliceStart = performance.now();
  const maybeYield = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    opts.onProgress?.(result.files.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
    opts.signal?.throwIfAborted();
    sliceStart = performance.now();
  };

  const visited = new Set<string>([rootReal]);
  // Depth-first with an explicit stack: [relative dir, absolute dir, real path of the dir].
  const stack: [string, string, string][] = [["", root, rootReal]];
  while (stack.length > 0) {
    const [relDir, absDir, realDir] = stack.pop()!;
    let entries: Deno.DirEntry[];
    try {
      entries = Array.from(readDirSync(absDir));
    } catch (err) {
      if (relDir === "") return { ...result, rootProblem: "unreadable" };
      result.failedDirs.push(relDir);
      result.errors.push({ rel: relDir, message: `Cannot read folder: ${errorText(err)}` });
      continue;
    }
    if (relDir === "") result.rootEntries = entries.length;
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) {
        result.skipped.hidden++;
        continue;
      }
      const rel = relDir === "" ? name : `${relDir}/${name}`;
      const abs = `${absDir}/${name}`;
      let isDir = entry.isDirectory;
      let isFile = entry.isFile;
      let stat: Deno.FileInfo | undefined;
      if (entry.isSymlink) {
        try {
          stat = Deno.statSync(abs);
        } catch (err) {
          result.errors.push({ rel, message: `Broken symbolic link: ${errorText(err)}` });
          continue;
        }
        isDir = stat.isDirectory;
        isFile = stat.isFile;
      }
      if (isDir) {
        let real: string;
        try {
          // Only a symbolic link can lead back to a folder already walked; a plain subfolder's
          // real path follows from its parent's without a system call.
          real = entry.isSymlink ? Deno.realPathSync(abs) : `${realDir}/${name}`;
        } catch (err) {
          result.failedDirs.push(rel);
          result.errors.push({ rel, message: `Cannot resolve link: ${errorText(err)}` });
          continue;
        }
        if (visited.has(real)) {
          result.skipped.loops++;
          continue;
        }
        visited.add(real);
        stack.push([rel, abs, real]);
        continue;
      }
      if (!isFile) continue;
      if (classifyFile(name) === "other") {
        result.skipped.unsupported++;
        continue;
      }
      try {
        stat ??= Deno.statSync(abs);
      } catch (err) {
        // Deleted between the listing and the stat: simply gone.
        if (err instanceof Deno.errors.NotFound) continue;
        result.failedFiles.push(rel);
        result.errors.push({ rel, message: `Cannot read file: ${errorText(err)}` });
        continue;
      }
      if (stat.size === 0) {
        result.skipped.zero_byte++;
        continue;
      }
      result.files.push({ rel, size: stat.size, mtime_ms: stat.mtime?.getTime() ?? 0 });
      await maybeYield();
    }
    await maybeYield();
  }
  opts.onProgress?.(result.files.length);
  return result;
}
