/**
 * Server side of the islands layer (docs/islands.md §1.3). Each default export of `islands/*.tsx`
 * is an island named after its file. While a page renders, Preact's public `options.vnode` hook
 * swaps an island's component for a wrapper that renders
 * `<rf-island data-name="Player" data-props="N">…</rf-island>` around the island's own HTML and
 * records its props. After rendering, {@link islandTags} emits the props as one JSON script and
 * the boot script, which imports only the islands on the page and hydrates each marker.
 * A page that renders no island gets no script at all.
 *
 * An island rendered inside another island is part of its parent's tree (the parent hydrates
 * it), so it renders plain. Props are data (see serialize.ts): no callbacks, no JSX.
 */
import { type ComponentType, createContext, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { serializeProps } from "./serialize.ts";

/** What `scripts/build_islands.ts` writes to `static/_rf/manifest.json`. */
export interface IslandAssetManifest {
  /** Content hash of every output file: a new build gets new URLs. */
  build_id: string;
  /** Hash of the sources the build was made from (to detect a stale build). */
  source_hash: string;
  /** URL prefix of this build's files, e.g. `/static/_rf/0123456789ab/`. */
  base: string;
  /** The boot script and the chunks it imports statically (file names relative to `base`). */
  boot: AssetEntry;
  /** Island name → its entry file and static imports. */
  islands: Record<string, AssetEntry>;
}

/** One bundled entry point. */
export interface AssetEntry {
  /** Path relative to the build's base URL. */
  file: string;
  /** Every chunk it imports statically, transitively (for modulepreload); not dynamic imports. */
  imports: string[];
}

/** One island rendered on a page. */
export interface RenderedIsland {
  name: string;
  props: Record<string, unknown>;
}

/** The islands of a manifest, by component and by name. */
export interface IslandRegistry {
  byComponent: Map<ComponentType<never>, string>;
  byName: Map<string, ComponentType<never>>;
}

/** The URL path under which bundles are served (static/_rf/ on disk). */
export const ISLAND_ASSET_PREFIX = "/static/_rf/";

/**
 * Builds the registry from the manifest's `islands` (`"./islands/Player.tsx"` → module): the
 * default export of each module is the island, named after the file. Throws on a module without
 * a default function export, or two islands with one name.
 */
export function islandRegistry(islands: Record<string, Record<string, unknown>>): IslandRegistry {
  const byComponent = new Map<ComponentType<never>, string>();
  const byName = new Map<string, ComponentType<never>>();
  for (const [file, mod] of Object.entries(islands)) {
    const name = islandName(file);
    const component = mod.default;
    if (typeof component !== "function") {
      throw new TypeError(
        `${file}: an island module must \`export default function ${name}(props) {…}\``,
      );
    }
    if (byName.has(name)) throw new TypeError(`${file}: two islands are named "${name}"`);
    byName.set(name, component as ComponentType<never>);
    byComponent.set(component as ComponentType<never>, name);
  }
  return { byComponent, byName };
}

/** The island name of a file: its base name without extension (`./islands/Player.tsx` → `Player`). */
export function islandName(file: string): string {
  const base = file.split("/").pop()!.replace(/\.(tsx|ts|jsx|js)$/, "");
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(base)) {
    throw new TypeError(`${file}: island file names must be identifiers, e.g. Player.tsx`);
  }
  return base;
}

interface ActiveRender {
  registry: IslandRegistry;
  rendered: RenderedIsland[];
}

// Rendering is synchronous (renderToString), so one module-level slot is enough: no other page
// can start rendering while this one runs.
let active: ActiveRender | undefined;
// Set while the wrapper creates the island's own vnode, so the hook does not wrap it again.
let creatingInner = false;
const InsideIsland = createContext(false);
const wrappers = new WeakMap<ComponentType<never>, ComponentType<Record<string, unknown>>>();

function plain(component: ComponentType<never>, props: Record<string, unknown>): VNode {
  creatingInner = true;
  try {
    return h(component as ComponentType<Record<string, unknown>>, props);
  } finally {
    creatingInner = false;
  }
}

function wrapperFor(name: string, component: ComponentType<never>) {
  let wrapper = wrappers.get(component);
  if (!wrapper) {
    wrapper = function IslandMarker(props: Record<string, unknown>) {
      const nested = useContext(InsideIsland);
      const inner = plain(component, props);
      if (nested || !active) return inner;
      const index = active.rendered.push({ name, props }) - 1;
      return h(
        "rf-island",
        { "data-name": name, "data-props": String(index) },
        h(InsideIsland.Provider, { value: true }, inner),
      );
    };
    wrappers.set(component, wrapper);
  }
  return wrapper;
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  if (active && !creatingInner && typeof vnode.type === "function") {
    const name = active.registry.byComponent.get(vnode.type as ComponentType<never>);
    if (name) {
      (vnode as { type: unknown }).type = wrapperFor(
        name,
        vnode.type as ComponentType<never>,
      );
    }
  }
  previousVnodeHook?.(vnode);
};

/**
 * Runs a synchronous render with island marking on and returns its result plus the islands it
 * rendered, in `data-props` order.
 */
export function renderWithIslands<T>(
  registry: IslandRegistry,
  render: () => T,
): { result: T; islands: RenderedIsland[] } {
  if (active) throw new Error("renderWithIslands() does not nest");
  active = { registry, rendered: [] };
  try {
    const result = render();
    return { result, islands: active.rendered };
  } finally {
    active = undefined;
  }
}

/** The tags that hydrate a page's islands, and the URLs worth preloading. */
export interface IslandTags {
  /** HTML to insert before `</body>`; empty when no island was rendered. */
  html: string;
  /** Absolute URL paths of every module the page will load, for `Link: rel=modulepreload`. */
  preload: string[];
}

/**
 * The props script and the boot script for the rendered islands. With no islands, or no built
 * bundles (`assets` undefined), the page gets no script: it still works, server-rendered.
 * The boot script is external (no inline JavaScript), so pages can forbid inline scripts.
 */
export function islandTags(
  islands: RenderedIsland[],
  assets: IslandAssetManifest | undefined,
): IslandTags {
  if (islands.length === 0 || !assets) return { html: "", preload: [] };
  const names = [...new Set(islands.map((i) => i.name))];
  const urls: Record<string, string> = {};
  const preload = new Set<string>([assets.base + assets.boot.file]);
  for (const f of assets.boot.imports) preload.add(assets.base + f);
  for (const name of names) {
    const entry = assets.islands[name];
    if (!entry) continue; // built before this island existed: it stays server-rendered
    urls[name] = assets.base + entry.file;
    preload.add(urls[name]);
    for (const f of entry.imports) preload.add(assets.base + f);
  }
  const json = serializeProps(islands.map((i) => i.props));
  const html = `<script type="application/json" id="__rf_props">${json}</script>` +
    `<script type="module" src="${escapeAttr(assets.base + assets.boot.file)}" ` +
    `data-rf-islands="${escapeAttr(JSON.stringify(urls))}"></script>`;
  return { html, preload: [...preload] };
}

/** A `Link` header value that preloads modules. */
export function modulepreloadLink(urls: string[]): string {
  return urls.map((u) => `<${u}>; rel="modulepreload"`).join(", ");
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(
    />/g,
    "&gt;",
  );
}

let cachedAssets: IslandAssetManifest | undefined;
let warned = false;

/**
 * Reads `static/_rf/manifest.json` (written by `deno task build`), once it exists. Returns
 * undefined, with one warning, while it is missing: islands then stay server-rendered.
 */
export function loadIslandAssets(
  manifestUrl = new URL("../../static/_rf/manifest.json", import.meta.url),
  warn: (msg: string) => void = console.warn,
): IslandAssetManifest | undefined {
  if (cachedAssets) return cachedAssets;
  try {
    cachedAssets = JSON.parse(Deno.readTextFileSync(manifestUrl)) as IslandAssetManifest;
    return cachedAssets;
  } catch (err) {
    if (!warned) {
      warned = true;
      warn(
        `Island bundles are missing (${
          (err as Error).name
        }): pages render without JavaScript; run \`deno task build\``,
      );
    }
    return undefined;
  }
}

/** Forgets the cached asset manifest (after a rebuild in the same process, e.g. in tests). */
export function resetIslandAssets(): void {
  cachedAssets = undefined;
  warned = false;
}
