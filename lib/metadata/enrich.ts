/**
 * Online enrichment after a scan's metadata phase: movies and series not yet looked up (or
 * whose local sources changed since) are asked of a {@link MetadataProvider}, one at a time in
 * the background. Provider values fill gaps only (never an NFO value), and a poster or backdrop
 * is downloaded into the image cache when the item has none locally.
 */
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { EnrichCandidate, ItemMetadata, MetadataRepo } from "./metadata_repo.ts";
import { imageTag } from "./item_sources.ts";
import { mergeMetadata, type MetadataProvider, ProviderError } from "./tmdb.ts";

/** Options of {@link ProviderEnricher}. */
export interface EnricherOptions {
  repo: MetadataRepo;
  provider: MetadataProvider;
  /** Where downloaded artwork goes. */
  cacheDir: string;
  logger?: Logger;
  fetch?: typeof fetch;
}

/**
 * Where the artwork downloaded for an item goes, under the image cache:
 * `remote/<first two characters of the id>/<id>-<type>.<ext>`.
 */
export function downloadFolder(cacheDir: string, itemId: string): string {
  return join(cacheDir, "remote", itemId.slice(0, 2));
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Fills the gaps of local metadata from an online provider. */
export class ProviderEnricher {
  readonly #opts: EnricherOptions;
  readonly #running = new Map<string, Promise<number>>();
  #closed = false;

  constructor(opts: EnricherOptions) {
    this.#opts = opts;
  }

  /** Stops after the current lookup. */
  close(): void {
    this.#closed = true;
  }

  /** Looks up the library's items that need it; resolves with the number enriched. */
  enrich(libraryId: string): Promise<number> {
    const running = this.#running.get(libraryId);
    if (running) return running;
    const job = this.#run(libraryId).finally(() => this.#running.delete(libraryId));
    this.#running.set(libraryId, job);
    return job;
  }

  async #run(libraryId: string): Promise<number> {
    const mark = `|provider:${this.#opts.provider.name}`;
    const candidates = this.#opts.repo.enrichCandidates(libraryId, mark);
    let done = 0;
    for (const c of candidates) {
      if (this.#closed) break;
      const local = c.json ? JSON.parse(c.json) as ItemMetadata : null;
      try {
        const remote = await this.#opts.provider.lookup({
          kind: c.kind,
          title: c.o_title ?? c.title,
          year: c.o_year ?? c.year,
          provider_ids: local?.provider_ids ?? {},
        });
        const override = {
          title: c.o_title,
          sort_title: c.o_sort_title,
          original_title: c.o_original_title,
          year: c.o_year,
        };
        const merged = remote ? mergeMetadata({ metadata: local, override }, remote) : null;
        const downloads: { type: "primary" | "backdrop"; path: string }[] = [];
        if (remote) {
          const have = new Set(this.#opts.repo.images(c.id).map((i) => `${i.type}${i.idx}`));
          for (const type of ["primary", "backdrop"] as const) {
            const url = remote.images[type];
            if (!url || have.has(`${type}0`)) continue;
            const path = await this.#download(url, c.id, type);
            if (path) downloads.push({ type, path });
          }
        }
        try {
          this.#store(c, mark, merged, downloads);
        } catch (err) {
          // Nothing downloaded stays behind unreferenced.
          for (const d of downloads) await Deno.remove(d.path).catch(() => {});
          // The item (or its library) was removed while it was being looked up: move on.
          if (!this.#opts.repo.itemTitles(c.id)) continue;
          throw err;
        }
        if (merged) done++;
      } catch (err) {
        // Offline or refused: stop this pass, the next scan tries again.
        if (err instanceof ProviderError) {
          this.#opts.logger?.warn("metadata provider failed", { error: err.message });
          break;
        }
        throw err;
      }
    }
    return done;
  }

  async #download(url: string, itemId: string, type: string): Promise<string | null> {
    try {
      const res = await (this.#opts.fetch ?? fetch)(url, { signal: AbortSignal.timeout(20_000) });
      const ctype = res.headers.get("content-type") ?? "";
      if (!res.ok || !/^image\/(jpeg|png|webp)/.test(ctype)) {
        await res.body?.cancel();
        return null;
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) return null;
      const ext = ctype.includes("png") ? "png" : ctype.includes("webp") ? "webp" : "jpg";
      const dir = downloadFolder(this.#opts.cacheDir, itemId);
      await Deno.mkdir(dir, { recursive: true });
      const path = join(dir, `${itemId}-${type}.${ext}`);
      await Deno.writeFile(path, bytes);
      return path;
    } catch {
      return null;
    }
  }

  #store(
    c: EnrichCandidate,
    mark: string,
    merged: ReturnType<typeof mergeMetadata> | null,
    downloads: { type: "primary" | "backdrop"; path: string }[],
  ): void {
    const images = downloads.map((d) => {
      const st = Deno.statSync(d.path);
      return { ...d, tag: imageTag(d.path, st.size, st.mtime?.getTime() ?? 0) };
    });
    this.#opts.repo.saveEnrichment(
      c,
      mark,
      merged && { metadata: merged.metadata, original_title: merged.override.original_title },
      images,
      new Date().toISOString(),
    );
  }
}
