/**
 * The Movie Database (TMDb, API v3) as an optional online metadata provider, behind the
 * {@link MetadataProvider} interface: looks movies and series up by provider id (TMDb id, or
 * IMDb/TVDb ids through `/find`) or by title and year, and returns what it knows. Enabled only
 * with an API key. {@link mergeMetadata} fills the gaps of local (NFO) metadata and never
 * overwrites a local value.
 */
import type { NfoRating } from "./nfo.ts";
import type { ItemMetadata, TitleOverride } from "./metadata_repo.ts";

/** What a provider is asked. */
export interface ProviderQuery {
  kind: "movie" | "series";
  title: string;
  year: number | null;
  provider_ids: Record<string, string>;
}

/** What a provider knows about an item (absent fields are null or empty). */
export interface ProviderResult {
  provider_ids: Record<string, string>;
  title: string | null;
  original_title: string | null;
  year: number | null;
  plot: string | null;
  tagline: string | null;
  genres: string[];
  studios: string[];
  premiered: string | null;
  runtime_ms: number | null;
  ratings: NfoRating[];
  /** Absolute image URLs. */
  images: { primary: string | null; backdrop: string | null };
}

/** An online metadata source. */
export interface MetadataProvider {
  readonly name: string;
  /** The best match, or null when nothing matches. Throws on network or HTTP errors. */
  lookup(query: ProviderQuery, signal?: AbortSignal): Promise<ProviderResult | null>;
}

/** Options of {@link TmdbProvider}. */
export interface TmdbOptions {
  apiKey: string;
  /** API root; default `https://api.themoviedb.org/3` (tests point it at a local server). */
  baseUrl?: string;
  /** Poster width to link (a TMDb size name); default "w780". */
  posterSize?: string;
  backdropSize?: string;
  fetch?: typeof fetch;
}

/** A TMDb request failed (HTTP status or network); `code` maps to a 502-class log entry. */
export class ProviderError extends Error {
  readonly code = "provider_failed";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProviderError";
  }
}

interface TmdbDetails {
  id: number;
  imdb_id?: string | null;
  title?: string;
  name?: string;
  original_title?: string;
  original_name?: string;
  overview?: string;
  tagline?: string;
  genres?: { name: string }[];
  production_companies?: { name: string }[];
  networks?: { name: string }[];
  release_date?: string;
  first_air_date?: string;
  runtime?: number | null;
  episode_run_time?: number[];
  vote_average?: number;
  vote_count?: number;
  poster_path?: string | null;
  backdrop_path?: string | null;
  external_ids?: { imdb_id?: string | null; tvdb_id?: number | null };
}

/** TMDb v3 client. */
export class TmdbProvider implements MetadataProvider {
  readonly name = "tmdb";
  readonly #opts: TmdbOptions;
  readonly #base: string;
  #imageBase: Promise<string> | null = null;

  constructor(opts: TmdbOptions) {
    this.#opts = opts;
    this.#base = (opts.baseUrl ?? "https://api.themoviedb.org/3").replace(/\/$/, "");
  }

  /** GETs a TMDb path as JSON; null for 404. */
  async #get<T>(
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<T | null> {
    const url = new URL(this.#base + path);
    url.searchParams.set("api_key", this.#opts.apiKey);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await (this.#opts.fetch ?? fetch)(url, {
        signal: signal ?? AbortSignal.timeout(10_000),
        headers: { accept: "application/json" },
      });
    } catch (err) {
      throw new ProviderError("TMDb is unreachable", { cause: err });
    }
    if (res.status === 404) {
      // An id TMDb does not know (stale NFO id): no match, not a failure.
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ProviderError(`TMDb answered ${res.status}`);
    }
    return await res.json() as T;
  }

  /** `configuration.images.secure_base_url`, fetched once. */
  #images(signal?: AbortSignal): Promise<string> {
    this.#imageBase ??= this.#get<{ images: { secure_base_url?: string; base_url?: string } }>(
      "/configuration",
      {},
      signal,
    ).then((c) => c?.images.secure_base_url ?? c?.images.base_url ?? "").catch((err) => {
      this.#imageBase = null;
      throw err;
    });
    return this.#imageBase;
  }

  async lookup(query: ProviderQuery, signal?: AbortSignal): Promise<ProviderResult | null> {
    const type = query.kind === "movie" ? "movie" : "tv";
    let id: number | null = Number(query.provider_ids.tmdb) || null;
    for (const source of ["imdb", "tvdb"] as const) {
      const external = query.provider_ids[source];
      if (id !== null || !external) continue;
      const found = await this.#get<Record<string, { id: number }[]>>(
        `/find/${encodeURIComponent(external)}`,
        { external_source: `${source}_id` },
        signal,
      );
      id = found?.[`${type}_results`]?.[0]?.id ?? null;
    }
    if (id === null) {
      const params: Record<string, string> = { query: query.title, include_adult: "false" };
      if (query.year !== null) {
        params[type === "movie" ? "year" : "first_air_date_year"] = String(query.year);
      }
      const search = await this.#get<{ results: { id: number }[] }>(
        `/search/${type}`,
        params,
        signal,
      );
      id = search?.results[0]?.id ?? null;
    }
    if (id === null) return null;
    const d = await this.#get<TmdbDetails>(
      `/${type}/${id}`,
      { append_to_response: "external_ids" },
      signal,
    );
    if (d === null) return null;
    const base = await this.#images(signal);
    const img = (path: string | null | undefined, size: string) =>
      path && base ? `${base.replace(/\/$/, "")}/${size}${path}` : null;
    const premiered = d.release_date || d.first_air_date || null;
    const ids: Record<string, string> = { tmdb: String(d.id) };
    const imdb = d.imdb_id ?? d.external_ids?.imdb_id;
    if (imdb) ids.imdb = imdb;
    if (d.external_ids?.tvdb_id) ids.tvdb = String(d.external_ids.tvdb_id);
    const runtime = d.runtime ?? d.episode_run_time?.[0] ?? null;
    return {
      provider_ids: ids,
      title: d.title ?? d.name ?? null,
      original_title: d.original_title ?? d.original_name ?? null,
      year: premiered ? Number(premiered.slice(0, 4)) : null,
      plot: d.overview || null,
      tagline: d.tagline || null,
      genres: (d.genres ?? []).map((g) => g.name),
      studios: (d.production_companies ?? d.networks ?? []).map((c) => c.name),
      premiered,
      runtime_ms: runtime ? runtime * 60_000 : null,
      ratings: d.vote_average
        ? [{
          name: "tmdb",
          value: d.vote_average,
          max: 10,
          votes: d.vote_count ?? null,
          default: false,
        }]
        : [],
      images: {
        primary: img(d.poster_path, this.#opts.posterSize ?? "w780"),
        backdrop: img(d.backdrop_path, this.#opts.backdropSize ?? "w1280"),
      },
    };
  }
}

/**
 * Local metadata with its gaps filled from a provider: a field the NFO set is kept as it is;
 * empty lists and nulls take the provider's value; provider ids are added, never replaced.
 */
export function mergeMetadata(
  local: { metadata: ItemMetadata | null; override: TitleOverride },
  remote: ProviderResult,
): { metadata: ItemMetadata; override: TitleOverride } {
  const m = local.metadata;
  const pick = <T>(a: T | null | undefined, b: T | null): T | null => a ?? b;
  const list = <T>(a: T[] | undefined, b: T[]): T[] => a && a.length > 0 ? a : b;
  return {
    metadata: {
      plot: pick(m?.plot, remote.plot),
      outline: m?.outline ?? null,
      tagline: pick(m?.tagline, remote.tagline),
      genres: list(m?.genres, remote.genres),
      studios: list(m?.studios, remote.studios),
      content_rating: m?.content_rating ?? null,
      premiered: pick(m?.premiered, remote.premiered),
      runtime_ms: pick(m?.runtime_ms, remote.runtime_ms),
      ratings: [
        ...(m?.ratings ?? []),
        ...remote.ratings.filter((r) => !(m?.ratings ?? []).some((l) => l.name === r.name)),
      ],
      provider_ids: { ...remote.provider_ids, ...(m?.provider_ids ?? {}) },
      people: m?.people ?? [],
    },
    override: {
      // The path's title stays unless the NFO set one: a provider's title could be a wrong match.
      title: local.override.title,
      sort_title: local.override.sort_title,
      original_title: pick(local.override.original_title, remote.original_title),
      year: local.override.year,
    },
  };
}
