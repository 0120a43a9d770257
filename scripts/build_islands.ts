/**
 * Bundles the browser code: `client/boot.ts` and every `islands/*.tsx` with
 * `deno bundle --platform browser --code-splitting --minify` (esbuild underneath), into
 * `static/_rf/<build_id>/`, where the build id is a hash of every output file, so URLs change
 * whenever content does and can be cached forever. Shared code (Preact, hooks) lands in hashed
 * `chunk-*.js` files; dynamic imports (hls.js) become chunks loaded only when used. Writes
 * `static/_rf/manifest.json` (see `IslandAssetManifest` in lib/web/islands.ts) last, atomically.
 *
 * `deno run -A scripts/build_islands.ts` builds; `--if-stale` builds only when the sources
 * changed since the last build (what `deno task start` runs). Build-time only: the server never
 * imports this file.
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AssetEntry, IslandAssetManifest } from "../lib/web/islands.ts";
import { islandName } from "../lib/web/islands.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Options of {@link buildIslands}. */
export interface BuildOptions {
  /** Repository root (default: this file's parent folder). */
  root?: string;
  /** Print what was built. */
  verbose?: boolean;
}

/** The entry files of a build, relative to the root: boot first, then islands by name. */
export async function islandEntries(root = ROOT): Promise<string[]> {
  const islands: string[] = [];
  try {
    for await (const e of Deno.readDir(join(root, "islands"))) {
      if (e.isFile && /\.(tsx|ts|jsx|js)$/.test(e.name) && !/[._]test\./.test(e.name)) {
        islands.push(`islands/${e.name}`);
      }
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return ["client/boot.ts", ...islands.sort()];
}

/**
 * A hash of everything a build depends on: the entries, every local module they import
 * (followed through relative imports), deno.json and deno.lock (npm versions).
 */
export async function sourceHash(root = ROOT): Promise<string> {
  const seen = new Set<string>();
  const queue = (await islandEntries(root)).map((f) => resolve(root, f));
  const parts: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch {
      parts.push(`${relative(root, file)}\0missing`);
      continue;
    }
    parts.push(`${relative(root, file)}\0${text}`);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(resolve(dirname(file), m[1]));
    }
  }
  for (const f of ["deno.json", "deno.lock"]) {
    parts.push(`${f}\0${await Deno.readTextFile(join(root, f)).catch(() => "")}`);
  }
  parts.sort();
  return await sha256Hex(parts.join("\0\0"));
}

/** The manifest of the current build when it matches the sources, else undefined. */
export async function freshBuild(root = ROOT): Promise<IslandAssetManifest | undefined> {
  let manifest: IslandAssetManifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(root, "static/_rf/manifest.json")));
  } catch {
    return undefined;
  }
  if (manifest.source_hash !== await sourceHash(root)) return undefined;
  const dir = join(root, "static/_rf", manifest.build_id);
  const files = [manifest.boot, ...Object.values(manifest.islands)].flatMap((e) => [
    e.file,
    ...e.imports,
  ]);
  for (const f of files) {
    if (!await exists(join(dir, f))) return undefined;
  }
  return manifest;
}

/** Builds the bundles and writes the manifest; returns it. */
export async function buildIslands(opts: BuildOptions = {}): Promise<IslandAssetManifest> {
  const root = opts.root ?? ROOT;
  const outRoot = join(root, "static/_rf");
  await Deno.mkdir(outRoot, { recursive: true });
  const hash = await sourceHash(root);
  const entries = await islandEntries(root);
  const tmp = await Deno.makeTempDir({ dir: outRoot, prefix: ".build-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "browser",
        "--format",
        "esm",
        "--code-splitting",
        "--minify",
        "--outdir",
        tmp,
        ...entries,
      ],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`deno bundle failed:\n${new TextDecoder().decode(out.stderr)}`);
    }
    const files = (await listFiles(tmp)).sort();
    const contents = new Map<string, Uint8Array>();
    for (const f of files) contents.set(f, await Deno.readFile(join(tmp, f)));
    const buildId = (await sha256Hex(
      files.map((f) => `${f}\0${new TextDecoder().decode(contents.get(f))}`).join("\0\0"),
    )).slice(0, 12);

    const graph = new Map<string, string[]>();
    for (const f of files) {
      if (f.endsWith(".js")) {
        graph.set(f, staticImports(new TextDecoder().decode(contents.get(f)), f));
      }
    }
    const entry = (source: string): AssetEntry => {
      const file = source.replace(/\.(tsx|ts|jsx|js)$/, ".js");
      if (!graph.has(file)) throw new Error(`deno bundle wrote no ${file} for ${source}`);
      return { file, imports: closure(graph, file) };
    };
    const manifest: IslandAssetManifest = {
      build_id: buildId,
      source_hash: hash,
      base: `/static/_rf/${buildId}/`,
      boot: entry(entries[0]),
      islands: Object.fromEntries(entries.slice(1).map((e) => [islandName(e), entry(e)])),
    };

    const target = join(outRoot, buildId);
    try {
      await Deno.rename(tmp, target);
    } catch (err) {
      // Another process built the same content at the same time: identical files, keep theirs.
      if (!await exists(join(target, manifest.boot.file))) throw err;
    }
    // makeTempDir creates 0700 folders; the files are public assets.
    if (Deno.build.os !== "windows") await Deno.chmod(target, 0o755).catch(() => {});
    const manifestTmp = join(outRoot, `.manifest-${crypto.randomUUID()}.json`);
    await Deno.writeTextFile(manifestTmp, JSON.stringify(manifest, null, 2) + "\n");
    await Deno.rename(manifestTmp, join(outRoot, "manifest.json"));
    await pruneOldBuilds(outRoot, buildId);
    if (opts.verbose) {
      const total = [...contents.values()].reduce((n, b) => n + b.length, 0);
      console.log(
        `built ${files.length} files (${
          (total / 1024).toFixed(1)
        } KiB) into static/_rf/${buildId}/`,
      );
    }
    return manifest;
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** Builds only when the current build is missing or stale. */
export async function ensureIslandBundles(opts: BuildOptions = {}): Promise<IslandAssetManifest> {
  return await freshBuild(opts.root ?? ROOT) ?? await buildIslands(opts);
}

/**
 * The files a module imports statically (`import … from "./x.js"`, `import "./x.js"`,
 * `export … from "./x.js"`), resolved relative to the build folder. Dynamic `import("…")` is
 * left out: those chunks load only when needed and must not be preloaded.
 */
export function staticImports(code: string, file: string): string[] {
  const out = new Set<string>();
  const re = /(?:\bfrom\s*|\bimport\s*)(["'])(\.{1,2}\/[^"']+)\1/g;
  for (const m of code.matchAll(re)) {
    out.add(join(dirname(file), m[2]).replaceAll("\\", "/"));
  }
  return [...out];
}

function closure(graph: Map<string, string[]>, start: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    for (const dep of graph.get(f) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep);
    }
  };
  visit(start);
  seen.delete(start);
  return [...seen].sort();
}

// Keeps the two previous builds so a server still running an older build (and browsers with a
// page open) can fetch its chunks while the new one takes over.
async function pruneOldBuilds(outRoot: string, current: string): Promise<void> {
  const builds: { name: string; mtime: number }[] = [];
  for await (const e of Deno.readDir(outRoot)) {
    if (!e.isDirectory || e.name === current || e.name.startsWith(".")) continue;
    const info = await Deno.stat(join(outRoot, e.name));
    builds.push({ name: e.name, mtime: info.mtime?.getTime() ?? 0 });
  }
  builds.sort((a, b) => b.mtime - a.mtime);
  for (const b of builds.slice(2)) {
    await Deno.remove(join(outRoot, b.name), { recursive: true }).catch(() => {});
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

if (import.meta.main) {
  const started = performance.now();
  if (Deno.args.includes("--if-stale") && await freshBuild()) {
    Deno.exit(0);
  }
  await buildIslands({ verbose: true });
  console.log(`island build took ${Math.round(performance.now() - started)} ms`);
}
