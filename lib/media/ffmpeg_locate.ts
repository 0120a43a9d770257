/**
 * Finds the ffmpeg and ffprobe binaries the server will use. Order: explicit configuration
 * (RUSTFIN_FFMPEG / RUSTFIN_FFPROBE, passed in by lib/config.ts), then the PATH, then the npm
 * static builds (`@ffmpeg-installer/ffmpeg`, `@ffprobe-installer/ffprobe`). A missing binary is
 * reported in `problems`, never thrown: the server starts without ffmpeg and says why.
 */
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where a binary was found. */
export type BinarySource = "config" | "path" | "npm";

/** One working binary. */
export interface BinaryInfo {
  /** Absolute path to run. */
  path: string;
  /** Version token from the first line of `-version` ("5.1.9-0+deb12u1", "N-12345-gabc"). */
  version: string;
  source: BinarySource;
}

/** What {@link locateFfmpeg} found. */
export interface FfmpegInfo {
  ffmpeg: BinaryInfo | null;
  ffprobe: BinaryInfo | null;
  /** Human sentences for the admin dashboard and the startup log; empty when all is well. */
  problems: string[];
}

/** Inputs of {@link locateFfmpeg}. */
export interface LocateOptions {
  /** Configured ffmpeg path (RUSTFIN_FFMPEG); "off" turns it off. */
  ffmpeg?: string;
  /** Configured ffprobe path (RUSTFIN_FFPROBE); "off" turns it off. */
  ffprobe?: string;
  /** The PATH to search; default `Deno.env.get("PATH")`. */
  pathEnv?: string;
  /** Try the npm static builds when nothing else works; default true. */
  npmFallback?: boolean;
  /** Timeout for each `-version` run, ms; default 10 000. */
  timeoutMs?: number;
}

type Tool = "ffmpeg" | "ffprobe";

const ENV_NAME: Record<Tool, string> = { ffmpeg: "RUSTFIN_FFMPEG", ffprobe: "RUSTFIN_FFPROBE" };

/**
 * The npm fallback packages. Deliberately not literal `import("npm:…")` specifiers: Deno fetches
 * every literal dynamic import while building the module graph, which would download ~145 MB of
 * static builds on every fresh start and embed them in `deno compile` output even when a system
 * ffmpeg exists. A computed specifier is only fetched when the fallback actually runs.
 */
const NPM_PACKAGES: Record<Tool, { name: string; version: string }> = {
  ffmpeg: { name: "@ffmpeg-installer/ffmpeg", version: "1.1.0" },
  ffprobe: { name: "@ffprobe-installer/ffprobe", version: "2.1.2" },
};

/** Parses the version token from the first line of `ffmpeg -version` / `ffprobe -version`. */
export function parseVersionLine(output: string): string | undefined {
  const first = output.split("\n", 1)[0] ?? "";
  const m = /^ff(?:mpeg|probe) version (\S+)/.exec(first.trim());
  return m?.[1];
}

/** Runs `<bin> -version`; resolves the version or throws with a short reason. */
async function _version(bin: string, tool: Tool, timeoutMs: number): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(bin, {
      args: ["-hide_banner", "-version"],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error("no such file");
    if (err instanceof Deno.errors.PermissionDenied) throw new Error("not executable");
    throw new Error(err instanceof Error ? err.message : String(err));
  }
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`-version exited with code ${out.code}`);
  const v = parseVersionLine(text);
  if (!v) throw new Error(`it does not print an ${tool} version`);
  return v;
}

async function _isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await Deno.stat(p);
    if (!st.isFile) return false;
    return Deno.build.os === "windows" || st.mode === null || (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Searches `pathEnv` for an executable `name` (no `which`: it is not on every system). */
export async function findOnPath(name: string, pathEnv: string): Promise<string | null> {
  const exts = Deno.build.os === "windows" ? [".exe", ""] : [""];
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (await _isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** npm's os/arch names for the platform packages (`linux-x64`, `darwin-arm64`, …). */
function _npmPlatform(): string {
  const arch = ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[Deno.build.arch] ??
    Deno.build.arch;
  const os = Deno.build.os === "windows" ? "win32" : Deno.build.os;
  return `${os}-${arch}`;
}

/**
 * Loads an installer package and returns its binary path. `@ffmpeg-installer/ffmpeg` looks for
 * its platform package in node_modules layouts only and throws in Deno's global npm cache, so
 * on failure the platform package is located through its package.json instead.
 */
async function _npmBinary(tool: Tool): Promise<string> {
  const pkg = NPM_PACKAGES[tool];
  const spec = ["npm:" + pkg.name, pkg.version].join("@");
  let binPath: string | undefined;
  try {
    const mod = await import(spec);
    const p = (mod.default ?? mod)?.path;
    if (typeof p === "string") binPath = p;
  } catch {
    // Fall through to the platform package lookup below.
  }
  if (!binPath) {
    const meta = await import(`${spec}/package.json`, { with: { type: "json" } });
    const platformPkg = `@${pkg.name.split("/")[0].slice(1)}/${_npmPlatform()}`;
    const version = meta.default?.optionalDependencies?.[platformPkg];
    if (typeof version !== "string") {
      throw new Error(`no static ${tool} build for ${_npmPlatform()}`);
    }
    const pjSpec = `npm:${platformPkg}@${version}/package.json`;
    await import(pjSpec, { with: { type: "json" } });
    const url = import.meta.resolve(pjSpec);
    if (!url.startsWith("file:")) throw new Error(`cannot resolve ${platformPkg} on disk`);
    const exe = Deno.build.os === "windows" ? `${tool}.exe` : tool;
    binPath = join(dirname(fileURLToPath(url)), exe);
  }
  // Deno does not run the packages' postinstall `chmod u+x`, so ffprobe arrives as 0644.
  if (Deno.build.os !== "windows" && !(await _isExecutableFile(binPath))) {
    const st = await Deno.stat(binPath);
    await Deno.chmod(binPath, (st.mode ?? 0o644) | 0o755);
  }
  return binPath;
}

function _notFound(tool: Tool): string {
  return `${tool} not found: install Debian's ffmpeg package (apt-get install ffmpeg) or set ` +
    ENV_NAME[tool];
}

async function _locateOne(
  tool: Tool,
  configured: string | undefined,
  opts: LocateOptions,
  problems: string[],
): Promise<BinaryInfo | null> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // "off" turns a tool off on purpose (an index-only server, a naming-only benchmark): reported
  // as a fact, not searched for elsewhere.
  if (configured?.toLowerCase() === "off") {
    problems.push(
      tool === "ffmpeg"
        ? `ffmpeg is turned off (${ENV_NAME.ffmpeg}=off): no transcoding`
        : `ffprobe is turned off (${ENV_NAME.ffprobe}=off): files are indexed by name only`,
    );
    return null;
  }
  if (configured) {
    try {
      return {
        path: configured,
        version: await _version(configured, tool, timeoutMs),
        source: "config",
      };
    } catch (err) {
      problems.push(
        `${ENV_NAME[tool]}=${configured} is not a working ${tool} (${(err as Error).message}); ` +
          `looking on the PATH instead`,
      );
    }
  }
  const pathEnv = opts.pathEnv ?? Deno.env.get("PATH") ?? "";
  const onPath = await findOnPath(tool, pathEnv);
  if (onPath) {
    try {
      return { path: onPath, version: await _version(onPath, tool, timeoutMs), source: "path" };
    } catch (err) {
      problems.push(`${tool} on the PATH (${onPath}) does not run: ${(err as Error).message}`);
    }
  }
  if (opts.npmFallback ?? true) {
    try {
      const p = await _npmBinary(tool);
      return { path: p, version: await _version(p, tool, timeoutMs), source: "npm" };
    } catch (err) {
      problems.push(`${_notFound(tool)} (npm static build unavailable: ${(err as Error).message})`);
      return null;
    }
  }
  problems.push(_notFound(tool));
  return null;
}

/**
 * Locates ffmpeg and ffprobe. Never throws for a missing binary: the server runs without them
 * (no probing or transcoding) and shows `problems` to the admin.
 */
export async function locateFfmpeg(opts: LocateOptions = {}): Promise<FfmpegInfo> {
  const problems: string[] = [];
  const ffmpeg = await _locateOne("ffmpeg", opts.ffmpeg, opts, problems);
  const ffprobe = await _locateOne("ffprobe", opts.ffprobe, opts, problems);
  return { ffmpeg, ffprobe, problems };
}
