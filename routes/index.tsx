/**
 * Home: the user's libraries as tiles, then "Continue watching" (newest report first), "Next up"
 * and a "recently added" row per library (movies, new episodes, new albums), all with the
 * user's progress bars and played marks. Sends first-run visitors to /setup and others to
 * /login.
 */
import { redirect } from "../lib/web/forms.ts";
import { requireUser } from "../lib/web/guards.ts";
import type { Handlers, PageProps } from "../lib/web/types.ts";
import type { ItemKind } from "../lib/db/media_files.ts";
import type { ItemRow } from "../lib/db/items.ts";
import { type CardItem, PosterCard, toCardItem } from "../client/poster_card.tsx";
import { primaryImageUrl } from "../lib/metadata/item_json.ts";
import { formatCount, hueOf } from "../client/format.ts";
import { gridShape } from "../client/grid_query.ts";

interface LibraryTile {
  id: string;
  name: string;
  kind: string;
  state: string;
  item_count: number;
}

interface RecentRow {
  library: LibraryTile;
  kind: string;
  label: string;
  items: CardItem[];
}

interface HomeData {
  title: string;
  is_admin: boolean;
  libraries: LibraryTile[];
  continue_watching: CardItem[];
  next_up: CardItem[];
  rows: RecentRow[];
}

/** Per library kind: what "recently added" lists. */
const RECENT: Record<string, { kind?: ItemKind; label: string }> = {
  movies: { kind: "movie", label: "Recently added movies" },
  shows: { kind: "episode", label: "Recently added episodes" },
  music: { kind: "album", label: "Recently added albums" },
  mixed: { label: "Recently added" },
};

const ROW_LENGTH = 16;

const KIND_NOUN: Record<string, [string, string]> = {
  movies: ["movie", "movies"],
  shows: ["show", "shows"],
  music: ["artist", "artists"],
  mixed: ["item", "items"],
};

export const handler: Handlers = {
  GET(ctx) {
    const { users, libraries, items, playState } = ctx.services;
    if (users.count() === 0) return redirect("/setup");
    const user = requireUser(ctx);
    const libs = libraries.listForUser(user.id, user.is_admin);
    const tiles: LibraryTile[] = libs.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind,
      state: l.state,
      item_count: items.list({ library_ids: [l.id], library_id: l.id, limit: 0 }).total,
    }));
    const cards = (rows: readonly ItemRow[]) =>
      playState.withUserData(
        user,
        rows,
        rows.map((r) => ({ ...r, images: { primary: primaryImageUrl(r) } })),
      ).map((i) => toCardItem(i as unknown as Record<string, unknown>));
    const rows: RecentRow[] = [];
    for (const lib of tiles) {
      const spec = RECENT[lib.kind] ?? RECENT.mixed;
      const list = items.list({
        library_ids: [lib.id],
        library_id: lib.id,
        kind: spec.kind,
        recursive: spec.kind !== undefined,
        sort: "-added",
        limit: ROW_LENGTH,
      });
      if (list.items.length === 0) continue;
      rows.push({
        library: lib,
        kind: spec.kind ?? "",
        label: `${spec.label} in ${lib.name}`,
        items: cards(list.items),
      });
    }
    const ids = libs.map((l) => l.id);
    // Episodes in the user's rows are named with their series: "Some Show · S1 E2".
    const withSeries = (rows: readonly ItemRow[]) => {
      const out = cards(rows);
      rows.forEach((r, i) => {
        const series = r.kind === "episode" && r.series_id ? items.get(r.series_id) : undefined;
        if (series) {
          out[i].subtitle = [series.title, out[i].subtitle].filter(Boolean).join(" · ");
        }
      });
      return out;
    };
    return ctx.render(
      {
        title: "Home",
        is_admin: user.is_admin,
        libraries: tiles,
        continue_watching: withSeries(
          playState.userData.continueWatching(user.id, ids, ROW_LENGTH),
        ),
        next_up: withSeries(playState.userData.nextUp(user.id, ids, ROW_LENGTH)),
        rows,
      } satisfies HomeData,
    );
  },
};

/** A row of the user's own items (continue watching, next up); nothing when empty. */
function PlayRow({ label, items }: { label: string; items: CardItem[] }) {
  if (items.length === 0) return null;
  return (
    <section class="section" aria-label={label}>
      <div class="section-head">
        <h2>{label}</h2>
      </div>
      <div class="row shape-wide">
        {items.map((item) => <PosterCard key={item.id} item={item} />)}
      </div>
    </section>
  );
}

export default function Home(props: PageProps) {
  const data = props.data as HomeData;
  return (
    <>
      <section class="section">
        <h1>Libraries</h1>
        {data.libraries.length === 0
          ? (
            <p class="empty">
              {data.is_admin
                ? (
                  <>
                    No libraries yet. <a href="/admin#libraries">Add a media folder</a>{" "}
                    to get started.
                  </>
                )
                : "No libraries are shared with you yet. Ask an administrator for access."}
            </p>
          )
          : (
            <div class="tiles">
              {data.libraries.map((l) => (
                <a
                  class="tile"
                  href={`/libraries/${encodeURIComponent(l.id)}`}
                  style={`--h:${hueOf(l.id)}`}
                >
                  {l.state === "offline" && <span class="badge badge-offline">Offline</span>}
                  <span class="tile-name">{l.name}</span>
                  <span class="tile-meta">
                    {formatCount(l.item_count)}{" "}
                    {(KIND_NOUN[l.kind] ?? KIND_NOUN.mixed)[l.item_count === 1 ? 0 : 1]}
                  </span>
                </a>
              ))}
            </div>
          )}
      </section>
      <PlayRow label="Continue watching" items={data.continue_watching} />
      <PlayRow label="Next up" items={data.next_up} />
      {data.rows.map((row) => (
        <section class="section" aria-label={row.label}>
          <div class="section-head">
            <h2>{row.label}</h2>
            <a
              href={`/libraries/${encodeURIComponent(row.library.id)}?sort=-added${
                row.kind ? `&kind=${row.kind}` : ""
              }`}
            >
              See all
            </a>
          </div>
          <div class={`row shape-${gridShape(row.library.kind, row.kind)}`}>
            {row.items.map((item) => <PosterCard key={item.id} item={item} />)}
          </div>
        </section>
      ))}
    </>
  );
}
