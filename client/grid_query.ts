/**
 * The library grid's query model, shared by the server-rendered first page and the LibraryGrid
 * island: the sort and kind choices, the poster shape, and the `/api/items` URL of a page.
 */

/** Items per page, for the server-rendered first page and each page the grid fetches. */
export const GRID_PAGE_SIZE = 60;

/** Sort choices: `[value, label]` (values are the API's `sort`). */
export const SORT_CHOICES: [string, string][] = [
  ["title", "Title"],
  ["-added", "Date added"],
  ["-year", "Year"],
];

/** Kind filter choices per library kind; "" is the library's top level. */
export const KIND_CHOICES: Record<string, [string, string][]> = {
  movies: [["", "Movies"], ["video", "Other videos"]],
  shows: [["", "Shows"], ["season", "Seasons"], ["episode", "Episodes"]],
  music: [["", "Artists"], ["album", "Albums"], ["track", "Tracks"]],
  mixed: [
    ["", "Everything"],
    ["movie", "Movies"],
    ["series", "Shows"],
    ["episode", "Episodes"],
    ["album", "Albums"],
    ["track", "Tracks"],
    ["video", "Videos"],
  ],
};

/** The grid's current query. */
export interface GridQuery {
  q: string;
  sort: string;
  kind: string;
}

/** The kind choices of a library kind (mixed when unknown). */
export function kindChoices(libraryKind: string): [string, string][] {
  return KIND_CHOICES[libraryKind] ?? KIND_CHOICES.mixed;
}

/** A valid query from untrusted values (URL parameters): unknown choices fall back. */
export function normalizeQuery(
  libraryKind: string,
  raw: { q?: string | null; sort?: string | null; kind?: string | null },
): GridQuery {
  const sort = SORT_CHOICES.some(([v]) => v === raw.sort) ? raw.sort! : "title";
  const kind = kindChoices(libraryKind).some(([v]) => v === raw.kind) ? raw.kind! : "";
  return { q: (raw.q ?? "").trim().slice(0, 200), sort, kind };
}

/** Poster shape of a grid: square for music, wide for episodes, else 2:3. */
export function gridShape(libraryKind: string, kind: string): "square" | "wide" | "poster" {
  if (kind === "episode") return "wide";
  if (libraryKind === "music" || ["artist", "album", "track"].includes(kind)) return "square";
  return "poster";
}

/** The `/api/items` URL of one page of the grid. */
export function gridPageUrl(libraryId: string, query: GridQuery, offset: number): string {
  const p = new URLSearchParams({ library_id: libraryId, sort: query.sort });
  if (query.kind) {
    p.set("kind", query.kind);
    p.set("recursive", "true");
  }
  if (query.q) p.set("q", query.q);
  p.set("limit", String(GRID_PAGE_SIZE));
  p.set("offset", String(offset));
  return `/api/items?${p}`;
}

/** The page URL that shows a query (what the address bar shows, and the no-JS links). */
export function gridPageHref(libraryId: string, query: GridQuery, page = 0): string {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.sort !== "title") p.set("sort", query.sort);
  if (query.kind) p.set("kind", query.kind);
  if (page > 0) p.set("page", String(page));
  const s = p.toString();
  return `/libraries/${encodeURIComponent(libraryId)}${s ? `?${s}` : ""}`;
}
