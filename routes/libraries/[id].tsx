/**
 * A library: the LibraryGrid island, whose first page of cards is rendered here so the grid
 * shows before (or without) JavaScript. `?q=&sort=&kind=&page=` select what is shown.
 */
import { HttpError } from "../../lib/errors.ts";
import { requireUser } from "../../lib/web/guards.ts";
import type { Handlers, PageProps } from "../../lib/web/types.ts";
import type { ItemSort } from "../../lib/db/items.ts";
import type { ItemKind } from "../../lib/db/media_files.ts";
import { toCardItem } from "../../client/poster_card.tsx";
import { primaryImageUrl } from "../../lib/metadata/item_json.ts";
import { GRID_PAGE_SIZE, normalizeQuery } from "../../client/grid_query.ts";
import LibraryGrid, { type LibraryGridProps } from "../../islands/LibraryGrid.tsx";
import { Crumbs } from "../../components/Crumbs.tsx";

interface LibraryData {
  title: string;
  library: { id: string; name: string; state: string; state_reason: string | null };
  grid: LibraryGridProps;
}

/** Largest page number accepted from the URL (20,000 items are 334 pages). */
const MAX_PAGE = 100_000;

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const { libraries, items } = ctx.services;
    const library = libraries.get(ctx.params.id);
    if (!library || !libraries.canRead(user.id, user.is_admin, library.id)) {
      throw new HttpError("not_found", "Library not found");
    }
    const p = ctx.url.searchParams;
    const query = normalizeQuery(library.kind, {
      q: p.get("q"),
      sort: p.get("sort"),
      kind: p.get("kind"),
    });
    const page = Math.min(MAX_PAGE, Math.max(0, Math.trunc(Number(p.get("page")) || 0)));
    const list = items.list({
      library_ids: [library.id],
      library_id: library.id,
      kind: (query.kind || undefined) as ItemKind | undefined,
      recursive: query.kind !== "" || undefined,
      q: query.q || undefined,
      sort: query.sort as ItemSort,
      limit: GRID_PAGE_SIZE,
      offset: page * GRID_PAGE_SIZE,
    });
    const grid: LibraryGridProps = {
      library_id: library.id,
      library_kind: library.kind,
      // With the user's state, like GET /api/items, so the first page shows progress and marks.
      items: ctx.services.playState.withUserData(
        user,
        list.items,
        list.items.map((i) => ({ ...i, images: { primary: primaryImageUrl(i) } })),
      )
        .map((i) => toCardItem(i as unknown as Record<string, unknown>)),
      offset: page * GRID_PAGE_SIZE,
      total: list.total,
      query,
    };
    return ctx.render(
      {
        title: library.name,
        library: {
          id: library.id,
          name: library.name,
          state: library.state,
          state_reason: library.state_reason,
        },
        grid,
      } satisfies LibraryData,
    );
  },
};

export default function LibraryPage(props: PageProps) {
  const data = props.data as LibraryData;
  return (
    <>
      <Crumbs items={[{ label: "Home", href: "/" }, { label: data.library.name }]} />
      <h1>{data.library.name}</h1>
      {data.library.state === "offline" && (
        <p class="alert" role="status">
          This library is offline: its folder cannot be read right now
          {props.state.user?.is_admin && data.library.state_reason
            ? ` (${data.library.state_reason})`
            : ""}. Items stay listed but may not play.
        </p>
      )}
      <LibraryGrid {...data.grid} />
    </>
  );
}
