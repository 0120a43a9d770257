/**
 * The poster card of the library grid and the home page rows, rendered the same way on the
 * server and in the LibraryGrid island. The poster is the item's primary image when it has one
 * (local artwork, embedded cover, a grabbed frame), drawn over a generated placeholder — a
 * gradient in a hue derived from the item id, with the title's initials — that shows while the
 * image loads and where there is none.
 */
import type { ComponentChildren } from "preact";
import { formatRuntime, hueOf, initials } from "./format.ts";

/** The fields a card shows (a small subset of the API item, to keep island props small). */
export interface CardItem {
  id: string;
  title: string;
  kind: string;
  year: number | null;
  duration_ms: number | null;
  child_count: number | null;
  /** Extra context: the album artist, "S1 E2", … */
  subtitle: string | null;
  /** The caller's resume point as a fraction of the runtime (0–1); null without one. */
  progress?: number | null;
  /** The caller has played it (a series or season: every episode). */
  played?: boolean;
  /** URL of the primary image (versioned), without a width. */
  image?: string | null;
}

/** Poster width asked of the image endpoint: cards are at most ~200 CSS px, 2× for HiDPI. */
export const POSTER_WIDTH = 320;

/** The resume point as a fraction of the runtime, from an API item's `user_data`; else null. */
export function cardProgress(item: Record<string, unknown>): number | null {
  const data = item.user_data as { position_ms?: unknown } | undefined;
  const pos = data?.position_ms;
  const duration = item.duration_ms;
  if (typeof pos !== "number" || typeof duration !== "number" || pos <= 0 || duration <= 0) {
    return null;
  }
  return Math.min(1, Math.round(pos / duration * 1000) / 1000);
}

/** Picks the card fields from an API item (`GET /api/items` entries). */
export function toCardItem(item: Record<string, unknown>): CardItem {
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  let subtitle: string | null = null;
  const season = num(item.season_number);
  const episode = num(item.episode_number);
  if (item.kind === "episode" && episode !== null) {
    subtitle = season !== null ? `S${season} E${episode}` : `E${episode}`;
  } else if (item.kind === "album" || item.kind === "track") {
    subtitle = str(item.album_artist) ?? str(item.artist);
  }
  return {
    id: String(item.id),
    title: str(item.title) ?? "Untitled",
    kind: String(item.kind ?? "video"),
    year: num(item.year),
    duration_ms: num(item.duration_ms),
    child_count: num(item.child_count),
    subtitle,
    progress: cardProgress(item),
    played: (item.user_data as { played?: unknown } | undefined)?.played === true,
    image: str((item.images as { primary?: unknown } | undefined)?.primary),
  };
}

const CHILD_NOUN: Record<string, [string, string]> = {
  series: ["season", "seasons"],
  season: ["episode", "episodes"],
  artist: ["album", "albums"],
  album: ["track", "tracks"],
};

/** The card's second line: "1999 · 2 h 16 min", "2008 · 5 seasons", "S1 E2 · 42 min". */
export function cardMeta(item: CardItem): string {
  const parts: string[] = [];
  if (item.subtitle) parts.push(item.subtitle);
  if (item.year !== null) parts.push(String(item.year));
  const noun = CHILD_NOUN[item.kind];
  if (noun && item.child_count !== null) {
    parts.push(`${item.child_count} ${item.child_count === 1 ? noun[0] : noun[1]}`);
  } else if (!noun) {
    const runtime = formatRuntime(item.duration_ms);
    if (runtime) parts.push(runtime);
  }
  return parts.join(" · ");
}

/** The generated placeholder art (also used large on the item page). */
export function PosterArt(
  { id, title, image, width = POSTER_WIDTH, className = "poster", children }: {
    id: string;
    title: string;
    /** Primary image URL, if any. */
    image?: string | null;
    /** Width to ask the image endpoint for. */
    width?: number;
    className?: string;
    /** Overlays (played mark, progress bar); decorative, like the art. */
    children?: ComponentChildren;
  },
) {
  return (
    <div class={className} style={`--h:${hueOf(id)}`} aria-hidden="true">
      <span class="initials">{initials(title)}</span>
      {image && (
        <img
          src={`${image}${image.includes("?") ? "&" : "?"}width=${width}`}
          alt=""
          loading="lazy"
          decoding="async"
        />
      )}
      {children}
    </div>
  );
}

/** One card linking to the item page. */
export function PosterCard({ item }: { item: CardItem }) {
  const meta = cardMeta(item);
  return (
    <a class="card" href={`/items/${encodeURIComponent(item.id)}`} data-kind={item.kind}>
      <PosterArt id={item.id} title={item.title} image={item.image}>
        {item.played && <span class="card-played">✓</span>}
        {item.progress ? <CardProgress fraction={item.progress} /> : null}
      </PosterArt>
      <span class="card-title" title={item.title}>
        {item.title}
        {item.played && <span class="visually-hidden">(played)</span>}
        {item.progress
          ? <span class="visually-hidden">({Math.round(item.progress * 100)}% watched)</span>
          : null}
      </span>
      <span class="card-meta">{meta}</span>
    </a>
  );
}

/** The thin resume bar across the bottom of a card's poster. */
function CardProgress({ fraction }: { fraction: number }) {
  const pct = Math.round(fraction * 100);
  return (
    <span class="card-progress">
      <span style={`width:${pct}%`} />
    </span>
  );
}

/** A grey card shown while a page of the grid is loading. */
export function SkeletonCard() {
  return (
    <div class="card skeleton" aria-hidden="true">
      <div class="poster" />
      <span class="card-title"></span>
      <span class="card-meta"></span>
    </div>
  );
}
