/**
 * The LibraryGrid island: a library's poster cards with sort, kind filter and instant search.
 *
 * The server renders the first page of cards (and, for browsers without JavaScript, a form and
 * page links). Once hydrated, the grid becomes virtual: it reserves the height of every row of
 * the result, renders only the rows near the viewport, and fetches the pages of
 * `/api/items` those rows need, so scrolling through 20,000 items keeps a few hundred
 * elements in the DOM. Typing in the search box queries the API after a short pause.
 * The session cookie authenticates the fetches (same origin).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { type CardItem, PosterCard, SkeletonCard, toCardItem } from "../client/poster_card.tsx";
import { formatCount } from "../client/format.ts";
import {
  GRID_PAGE_SIZE,
  gridPageHref,
  gridPageUrl,
  type GridQuery,
  gridShape,
  kindChoices,
  SORT_CHOICES,
} from "../client/grid_query.ts";

/** Props of {@link LibraryGrid}. */
export interface LibraryGridProps {
  library_id: string;
  library_kind: string;
  /** The server-rendered page of items. */
  items: CardItem[];
  /** Offset of `items` in the result (a multiple of the page size). */
  offset: number;
  total: number;
  query: GridQuery;
}

const SEARCH_DELAY_MS = 250;
/** Rows rendered above and below the viewport. */
const OVERSCAN_ROWS = 3;

interface Layout {
  cols: number;
  /** Row pitch: card height plus the row gap. */
  rowH: number;
  gap: number;
}

/** The library grid. */
export default function LibraryGrid(props: LibraryGridProps) {
  const pageSize = GRID_PAGE_SIZE;
  const [query, setQuery] = useState<GridQuery>(props.query);
  const [input, setInput] = useState(props.query.q);
  const [total, setTotal] = useState(props.total);
  const [pages, setPages] = useState(
    () => new Map<number, CardItem[]>([[Math.floor(props.offset / pageSize), props.items]]),
  );
  const [layout, setLayout] = useState<Layout | null>(null);
  const [rows, setRows] = useState<[number, number]>([0, 0]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [mounted, setMounted] = useState(false);
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const generation = useRef(0);
  const inflight = useRef(new Set<number>());
  const scrolledToOffset = useRef(props.offset === 0);

  // Measures columns (from the CSS grid) and the row pitch (from a rendered card; skeletons
  // have the same size by CSS, but a real card is the reference).
  const measure = useCallback(() => {
    const grid = inner.current;
    const card = (grid?.querySelector(".card:not(.skeleton)") ?? grid?.firstElementChild) as
      | HTMLElement
      | null;
    if (!grid || !card) return;
    const style = getComputedStyle(grid);
    const cols = Math.max(1, style.gridTemplateColumns.split(" ").filter(Boolean).length);
    const gap = parseFloat(style.rowGap) || 0;
    const rowH = card.offsetHeight + gap;
    if (rowH <= gap) return;
    setLayout((old) =>
      // A 1 px tolerance keeps sub-pixel rounding from re-laying out the grid in a loop.
      old && old.cols === cols && Math.abs(old.rowH - rowH) < 1 && old.gap === gap
        ? old
        : { cols, rowH, gap }
    );
  }, []);

  // Which rows are near the viewport.
  const updateRows = useCallback(() => {
    const el = outer.current;
    if (!el || !layout) return;
    const top = el.getBoundingClientRect().top;
    const first = Math.floor(Math.max(0, -top) / layout.rowH) - OVERSCAN_ROWS;
    const last = Math.ceil((globalThis.innerHeight - top) / layout.rowH) + OVERSCAN_ROWS;
    const totalRows = Math.ceil(total / layout.cols);
    const range: [number, number] = [
      Math.max(0, Math.min(first, totalRows)),
      Math.max(0, Math.min(last, totalRows)),
    ];
    setRows((old) => (old[0] === range[0] && old[1] === range[1] ? old : range));
  }, [layout, total]);

  useLayoutEffect(measure);
  useEffect(() => setMounted(true), []);

  // Layout effect, so the first virtual render already has its rows before it is painted.
  useLayoutEffect(() => {
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(updateRows);
    };
    const ro = new ResizeObserver(() => {
      measure();
      onScroll();
    });
    if (outer.current) ro.observe(outer.current);
    addEventListener("scroll", onScroll, { passive: true });
    addEventListener("resize", onScroll);
    updateRows();
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      removeEventListener("scroll", onScroll);
      removeEventListener("resize", onScroll);
    };
  }, [updateRows, measure]);

  // Opened on a later page (a no-JS link): scroll to where that page's items are.
  useEffect(() => {
    if (scrolledToOffset.current || !layout || !outer.current) return;
    scrolledToOffset.current = true;
    const row = Math.floor(props.offset / layout.cols);
    scrollTo(0, outer.current.getBoundingClientRect().top + scrollY + row * layout.rowH);
  }, [layout]);

  const fetchPage = useCallback(async (page: number, q: GridQuery, gen: number) => {
    inflight.current.add(page);
    try {
      const res = await fetch(gridPageUrl(props.library_id, q, page * pageSize), {
        headers: { accept: "application/json" },
      });
      if (res.status === 401) {
        location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json() as { items: Record<string, unknown>[]; total: number };
      if (gen !== generation.current) return;
      setFailed(null);
      setTotal(body.total);
      setPages((old) => new Map(old).set(page, body.items.map(toCardItem)));
    } catch (err) {
      if (gen === generation.current) {
        setFailed(`Could not load items (${(err as Error).message}).`);
      }
    } finally {
      if (gen === generation.current) inflight.current.delete(page);
    }
  }, [props.library_id]);

  // Fetch the pages the visible rows need.
  useEffect(() => {
    if (!layout) return;
    const firstIndex = rows[0] * layout.cols;
    const lastIndex = Math.min(total, rows[1] * layout.cols) - 1;
    if (lastIndex < firstIndex) return;
    for (let p = Math.floor(firstIndex / pageSize); p <= Math.floor(lastIndex / pageSize); p++) {
      if (!pages.has(p) && !inflight.current.has(p)) {
        fetchPage(p, query, generation.current);
      }
    }
  }, [rows, layout, total, pages, query]);

  // A new query: start over from its first page, and show it in the address bar.
  const apply = useCallback(async (next: GridQuery) => {
    const gen = ++generation.current;
    inflight.current = new Set([0]);
    setQuery(next);
    setBusy(true);
    history.replaceState(history.state, "", gridPageHref(props.library_id, next));
    try {
      const res = await fetch(gridPageUrl(props.library_id, next, 0), {
        headers: { accept: "application/json" },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json() as { items: Record<string, unknown>[]; total: number };
      if (gen !== generation.current) return;
      setFailed(null);
      setTotal(body.total);
      setPages(new Map([[0, body.items.map(toCardItem)]]));
      // Back to the first results, just under the sticky toolbar.
      const top = outer.current?.getBoundingClientRect().top ?? 0;
      const below = (document.querySelector(".toolbar")?.getBoundingClientRect().bottom ?? 0) + 8;
      if (top < below) scrollBy(0, top - below);
    } catch (err) {
      if (gen === generation.current) setFailed(`Search failed (${(err as Error).message}).`);
    } finally {
      if (gen === generation.current) {
        inflight.current.delete(0);
        setBusy(false);
      }
    }
  }, [props.library_id]);

  // Instant search: query after the user pauses typing.
  useEffect(() => {
    if (input.trim() === query.q) return;
    const t = setTimeout(() => apply({ ...query, q: input.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [input]);

  const hydrated = layout !== null;
  const shape = gridShape(props.library_kind, query.kind);
  const kinds = kindChoices(props.library_kind);
  const firstPage = Math.floor(props.offset / pageSize);

  let body;
  if (total === 0) {
    body = (
      <p class="empty">
        {query.q
          ? `Nothing here matches “${query.q}”.`
          : "Nothing here yet. If the library was just added, its scan may still be running."}
      </p>
    );
  } else if (!hydrated) {
    // Server render and first client render: the page's cards in normal flow.
    body = (
      <div class={`grid shape-${shape}`} ref={inner}>
        {(pages.get(firstPage) ?? []).map((item) => <PosterCard key={item.id} item={item} />)}
      </div>
    );
  } else {
    const cols = layout.cols;
    const totalRows = Math.ceil(total / cols);
    const cells = [];
    for (let i = rows[0] * cols; i < Math.min(total, rows[1] * cols); i++) {
      const item = pages.get(Math.floor(i / pageSize))?.[i % pageSize];
      cells.push(item ? <PosterCard key={item.id} item={item} /> : <SkeletonCard key={`s${i}`} />);
    }
    body = (
      <div
        class="vgrid"
        ref={outer}
        style={`height:${Math.max(0, totalRows * layout.rowH - layout.gap)}px`}
      >
        <div
          class={`grid shape-${shape}`}
          ref={inner}
          style={`position:absolute;left:0;right:0;top:${rows[0] * layout.rowH}px`}
        >
          {cells}
        </div>
      </div>
    );
  }

  const pagerQuery = props.query;
  const hasPrev = firstPage > 0;
  const hasNext = props.offset + props.items.length < props.total;

  return (
    <div class="library-grid">
      <form
        class="toolbar"
        method="get"
        action={`/libraries/${encodeURIComponent(props.library_id)}`}
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ ...query, q: input.trim() });
        }}
      >
        <label class="visually-hidden" for="grid-q">Search this library</label>
        <input
          id="grid-q"
          type="search"
          name="q"
          placeholder="Search titles…"
          value={input}
          autocomplete="off"
          onInput={(e) => setInput((e.target as HTMLInputElement).value)}
        />
        <label class="visually-hidden" for="grid-sort">Sort by</label>
        <select
          id="grid-sort"
          name="sort"
          value={query.sort}
          onChange={(e) =>
            apply({ ...query, q: input.trim(), sort: (e.target as HTMLSelectElement).value })}
        >
          {SORT_CHOICES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
        {kinds.length > 1 && (
          <>
            <label class="visually-hidden" for="grid-kind">Show</label>
            <select
              id="grid-kind"
              name="kind"
              value={query.kind}
              onChange={(e) =>
                apply({ ...query, q: input.trim(), kind: (e.target as HTMLSelectElement).value })}
            >
              {kinds.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
            </select>
          </>
        )}
        {!mounted && <button type="submit">Apply</button>}
        <span class="count" aria-live="polite">
          {formatCount(total)} {total === 1 ? "item" : "items"}
          {query.q ? ` matching “${query.q}”` : ""}
          {busy ? " · searching…" : ""}
        </span>
      </form>

      {failed && <p class="alert" role="alert">{failed}</p>}
      {body}
      {!mounted && (hasPrev || hasNext) && (
        <nav class="pager" aria-label="Pages">
          {hasPrev && (
            <a class="btn" href={gridPageHref(props.library_id, pagerQuery, firstPage - 1)}>
              ‹ Previous
            </a>
          )}
          <span class="muted">
            Page {firstPage + 1} of {Math.ceil(props.total / pageSize)}
          </span>
          {hasNext && (
            <a class="btn" href={gridPageHref(props.library_id, pagerQuery, firstPage + 1)}>
              Next ›
            </a>
          )}
        </nav>
      )}
    </div>
  );
}
