/**
 * An item: its details (title, year, runtime, container, streams, file size, the path for
 * admins), the Player island for anything playable, and navigation: series → seasons →
 * episodes, artist → albums → tracks, with a breadcrumb back up. The user's own state (played
 * mark, "Stopped at 12:34", favorite) with "Mark played" and favorite buttons: plain form POSTs
 * to this page, answered with a redirect back, so they work without JavaScript.
 */
import { HttpError } from "../../lib/errors.ts";
import { requireUser } from "../../lib/web/guards.ts";
import { readForm, redirect } from "../../lib/web/forms.ts";
import type { UserDataJson } from "../../lib/db/user_data.ts";
import type { Handlers, PageProps } from "../../lib/web/types.ts";
import { type ItemJson, type ItemRow, itemToJson } from "../../lib/db/items.ts";
import { type CardItem, PosterArt, PosterCard, toCardItem } from "../../client/poster_card.tsx";
import { formatBytes, formatClock, formatRuntime } from "../../client/format.ts";
import { gridShape } from "../../client/grid_query.ts";
import Player, { type PlayerProps } from "../../islands/Player.tsx";
import { isTextSubtitle } from "../../lib/playback/codecs.ts";
import { type Crumb, Crumbs } from "../../components/Crumbs.tsx";

type Stream = ItemJson["streams"][number];

interface ChildRow {
  id: string;
  kind: string;
  title: string;
  number: string;
  duration_ms: number | null;
  card: CardItem;
  played: boolean;
}

interface ItemData {
  title: string;
  item: ItemJson;
  library_kind: string;
  crumbs: Crumb[];
  children: ChildRow[];
  is_admin: boolean;
  player: PlayerProps | null;
  user_data: UserDataJson;
}

/** The play-state actions of this page's form, by the `action` field. */
const STATE_ACTIONS: Record<string, { played?: boolean; favorite?: boolean }> = {
  played: { played: true },
  unplayed: { played: false },
  favorite: { favorite: true },
  unfavorite: { favorite: false },
};

/** What an item's children are called, singular and plural. */
const CHILD_NOUN: Record<string, [string, string]> = {
  series: ["season", "seasons"],
  season: ["episode", "episodes"],
  artist: ["album", "albums"],
  album: ["track", "tracks"],
};

/** Children shown as poster cards; the others (episodes, tracks, extras) as a numbered list. */
const CARD_CHILDREN = new Set(["season", "album", "series", "movie"]);

/** Kinds whose play state the page shows and changes (folders and extras have none). */
const PLAYABLE_STATE = new Set([
  "movie",
  "episode",
  "series",
  "season",
  "video",
  "track",
  "album",
  "artist",
]);

/** What the children of each kind are called. */
const CHILDREN_HEADING: Record<string, string> = {
  series: "Seasons",
  season: "Episodes",
  artist: "Albums",
  album: "Tracks",
};

function childNumber(row: ItemRow): string {
  if (row.kind === "episode" && row.episode_number !== null) {
    return row.episode_end !== null && row.episode_end !== row.episode_number
      ? `${row.episode_number}–${row.episode_end}`
      : String(row.episode_number);
  }
  if (row.kind === "track" && row.track_number !== null) {
    return row.disc_number !== null && row.disc_number > 1
      ? `${row.disc_number}.${row.track_number}`
      : String(row.track_number);
  }
  return "";
}

/** "English – Commentary (5.1)" for the audio menu. */
function audioLabel(s: Stream, n: number): string {
  const ch = s.channels === 1
    ? "mono"
    : s.channels === 2
    ? "stereo"
    : s.channels
    ? `${s.channels - 1}.1`
    : "";
  const name = [s.language ?? `Track ${n + 1}`, s.title].filter(Boolean).join(" – ");
  return [name, [s.codec.toUpperCase(), ch].filter(Boolean).join(" ")].join(" · ");
}

/** "English – Signs (forced)" / "French (SDH)" for the subtitle menu. */
function subtitleLabel(s: ItemJson["subtitles"][number]): string {
  const marks = [s.forced ? "forced" : "", s.hearing_impaired ? "SDH" : ""].filter(Boolean);
  const name = [s.language ?? "Unknown", s.title].filter(Boolean).join(" – ");
  return marks.length > 0 ? `${name} (${marks.join(", ")})` : name;
}

function playerFor(json: ItemJson, resumeMs: number): PlayerProps | null {
  if (json.files.length === 0) return null;
  const video = json.streams.find((s) => s.type === "video");
  const audio = json.streams.find((s) => s.type === "audio");
  const audioOnly = json.kind === "track" || (json.streams.length > 0 && !video);
  return {
    item_id: json.id,
    // Same-origin media requests carry the session cookie, so the URL holds no token.
    src: `/api/items/${encodeURIComponent(json.id)}/stream`,
    media: audioOnly ? "audio" : "video",
    title: json.title,
    duration_ms: json.duration_ms,
    container: json.container,
    video_codec: video?.codec ?? null,
    audio_codec: audio?.codec ?? null,
    audio_tracks: json.streams.filter((s) => s.type === "audio").map((s, n) => ({
      index: s.index,
      label: audioLabel(s, n),
      default: s.default,
    })),
    subtitles: json.subtitles.map((s) => ({
      index: s.index,
      label: subtitleLabel(s),
      text: isTextSubtitle(s.format),
    })),
    resume_ms: resumeMs,
  };
}

export const handler: Handlers = {
  async POST(ctx) {
    const user = requireUser(ctx);
    const { items, libraries, playState } = ctx.services;
    const item = items.get(ctx.params.id);
    if (!item || !libraries.canRead(user.id, user.is_admin, item.library_id)) {
      throw new HttpError("not_found", "Item not found");
    }
    const form = await readForm(ctx);
    const action = STATE_ACTIONS[form.get("action") ?? ""];
    if (!action) throw new HttpError("bad_request", "Unknown action");
    if (action.played !== undefined) playState.mark(user, item, action.played);
    if (action.favorite !== undefined) playState.favorite(user, item, action.favorite);
    return redirect(`/items/${encodeURIComponent(item.id)}#state`);
  },
  GET(ctx) {
    const user = requireUser(ctx);
    const { items, libraries, playState } = ctx.services;
    const found = items.getWithFiles(ctx.params.id);
    const library = found && libraries.get(found.item.library_id);
    if (!found || !library || !libraries.canRead(user.id, user.is_admin, library.id)) {
      throw new HttpError("not_found", "Item not found");
    }
    const json = itemToJson(found.item, { isAdmin: user.is_admin, files: found.files });

    const ancestors: ItemRow[] = [];
    for (let id = found.item.parent_id; id && ancestors.length < 4;) {
      const parent = items.get(id);
      if (!parent) break;
      ancestors.unshift(parent);
      id = parent.parent_id;
    }
    const crumbs: Crumb[] = [
      { label: "Home", href: "/" },
      { label: library.name, href: `/libraries/${encodeURIComponent(library.id)}` },
      ...ancestors.map((a) => ({ label: a.title, href: `/items/${encodeURIComponent(a.id)}` })),
      { label: json.title },
    ];

    const childRows = found.item.child_count > 0
      ? items.list({
        library_ids: [library.id],
        parent_id: found.item.id,
        sort: "title",
        limit: 500,
      }).items
      : [];
    const withState = playState.withUserData(user, childRows, childRows.map((c) => ({ ...c })));
    const children: ChildRow[] = childRows.map((c, i) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      number: childNumber(c),
      duration_ms: c.duration_ms,
      card: toCardItem(withState[i] as unknown as Record<string, unknown>),
      played: withState[i].user_data.played,
    }));

    return ctx.render(
      {
        title: json.title,
        item: json,
        library_kind: library.kind,
        crumbs,
        children,
        is_admin: user.is_admin,
        player: playerFor(json, resumePoint(ctx.services.playState.userDataOf(user, found.item))),
        user_data: playState.userDataOf(user, found.item),
      } satisfies ItemData,
    );
  },
};

/** Where "Resume" starts: the saved position of an item not yet played to the end. */
function resumePoint(data: { position_ms: number; played: boolean }): number {
  return data.played ? 0 : Math.max(0, data.position_ms);
}

function resolution(s: Stream | undefined): string {
  if (!s?.height || !s.width) return "";
  const h = s.height;
  const label = s.width >= 3800 ? "4K" : h >= 1070 ? "1080p" : h >= 700 ? "720p" : `${h}p`;
  return label;
}

/** ffprobe's raw level as people write it: H.264 41 → "4.1", HEVC 153 → "5.1". */
function codecLevel(codec: string, level: number | null): string {
  if (level === null || level <= 0) return "";
  if (codec === "h264") return (level / 10).toFixed(1);
  if (codec === "hevc") return (level / 30).toFixed(1).replace(/\.0$/, "");
  return String(level);
}

function streamDetails(s: Stream): string {
  const parts: string[] = [];
  if (s.type === "video") {
    if (s.width && s.height) parts.push(`${s.width}×${s.height}`);
    if (s.frame_rate) parts.push(`${Math.round(s.frame_rate * 100) / 100} fps`);
    if (s.bit_depth) parts.push(`${s.bit_depth}-bit`);
    const level = codecLevel(s.codec, s.level);
    if (level) parts.push(`level ${level}`);
  } else if (s.type === "audio") {
    if (s.channel_layout) parts.push(s.channel_layout);
    else if (s.channels) parts.push(`${s.channels} ch`);
    if (s.sample_rate) parts.push(`${s.sample_rate / 1000} kHz`);
  }
  return parts.join(", ");
}

/** The user's state of the item and the buttons that change it. */
function ItemState({ item, data }: { item: ItemJson; data: UserDataJson }) {
  const container = data.unplayed_count !== undefined;
  const action = `/items/${encodeURIComponent(item.id)}`;
  const button = (name: string, label: string) => (
    <form method="post" action={action}>
      <input type="hidden" name="action" value={name} />
      <button type="submit" class="btn-small">{label}</button>
    </form>
  );
  return (
    <div class="item-state" id="state">
      {data.played && (
        <span class="played-mark">
          <span aria-hidden="true">✓</span> Played
        </span>
      )}
      {!container && data.play_count > 0 && data.last_played_at && (
        <span class="muted">
          {data.play_count === 1 ? "once" : `${data.play_count} times`}, last on{" "}
          {data.last_played_at.slice(0, 10)}
        </span>
      )}
      {!data.played && data.position_ms > 0 && (
        <span class="resume-at">Stopped at {formatClock(data.position_ms / 1000)}</span>
      )}
      {container && !data.played && data.unplayed_count! > 0 && (
        <span class="muted">{data.unplayed_count} unplayed</span>
      )}
      {data.played
        ? button("unplayed", container ? "Mark all unplayed" : "Mark unplayed")
        : button("played", container ? "Mark all played" : "Mark played")}
      {data.favorite
        ? button("unfavorite", "★ Remove from favorites")
        : button("favorite", "☆ Add to favorites")}
    </div>
  );
}

function Streams({ streams }: { streams: Stream[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Codec</th>
            <th scope="col">Details</th>
            <th scope="col">Language</th>
            <th scope="col">Title</th>
          </tr>
        </thead>
        <tbody>
          {streams.map((s) => (
            <tr>
              <td>{s.type}</td>
              <td>{s.codec}{s.profile ? ` (${s.profile})` : ""}</td>
              <td>{streamDetails(s)}</td>
              <td>{s.language ?? ""}</td>
              <td>
                {s.title ?? ""}
                {s.default ? <span class="badge">default</span> : null}{" "}
                {s.forced ? <span class="badge">forced</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ItemPage(props: PageProps) {
  const data = props.data as ItemData;
  const { item } = data;
  const video = item.streams.find((s) => s.type === "video");
  const facts = [
    item.kind === "episode" && item.season_number !== null && item.episode_number !== null
      ? `S${item.season_number} E${item.episode_number}`
      : "",
    item.album_artist ?? item.artist ?? "",
    item.year !== null ? String(item.year) : "",
    CHILD_NOUN[item.kind] && item.child_count > 0
      ? `${item.child_count} ${CHILD_NOUN[item.kind][item.child_count === 1 ? 0 : 1]}`
      : "",
    formatRuntime(item.duration_ms),
    resolution(video),
    item.container ? item.container.toUpperCase() : "",
  ].filter(Boolean);
  const heading = CHILDREN_HEADING[item.kind] ?? "Extras";
  const asCards = data.children.length > 0 && CARD_CHILDREN.has(data.children[0].kind);
  const shape = gridShape(data.library_kind, data.children[0]?.kind ?? "");

  return (
    <>
      <Crumbs items={data.crumbs} />
      <article class={data.player ? "item has-player" : "item"}>
        {data.player
          ? (
            <div class="item-player">
              <Player {...data.player} />
            </div>
          )
          : null}
        <div class={`item-art shape-${gridShape(data.library_kind, item.kind)}`}>
          <PosterArt id={item.id} title={item.title} image={item.images.primary} width={480} />
        </div>
        <div class="item-info">
          <h1>{item.title}</h1>
          {item.original_title && item.original_title !== item.title && (
            <p class="muted">{item.original_title}</p>
          )}
          <ul class="facts">
            {facts.map((f) => <li key={f}>{f}</li>)}
          </ul>
          {PLAYABLE_STATE.has(item.kind) && <ItemState item={item} data={data.user_data} />}
          {item.tagline && <p class="tagline">{item.tagline}</p>}
          {item.plot && <p class="plot">{item.plot}</p>}
          {item.genres.length > 0 && <p class="muted">{item.genres.join(" · ")}</p>}
          {item.people.length > 0 && (
            <p class="people">
              {item.people.slice(0, 12).map((p, i) => (
                <span key={`${p.kind}-${p.name}-${i}`}>
                  {i > 0 && ", "}
                  {p.name}
                  {p.role
                    ? <span class="muted">{` as ${p.role}`}</span>
                    : p.kind !== "actor"
                    ? <span class="muted">{` (${p.kind})`}</span>
                    : null}
                </span>
              ))}
            </p>
          )}
          {item.probe?.status === "pending" && (
            <p class="notice" role="status">Still reading this file's details; refresh shortly.</p>
          )}
          {item.probe?.status === "error" && (
            <p class="alert" role="status">
              This file could not be read{item.probe.error ? `: ${item.probe.error}` : "."}
            </p>
          )}
          <dl class="details">
            {item.size_bytes !== null && item.size_bytes > 0 && (
              <>
                <dt>Size</dt>
                <dd>{formatBytes(item.size_bytes)}</dd>
              </>
            )}
            {item.bitrate_kbps !== null && item.bitrate_kbps > 0 && (
              <>
                <dt>Bitrate</dt>
                <dd>
                  {item.bitrate_kbps >= 1000
                    ? `${(item.bitrate_kbps / 1000).toFixed(1)} Mbit/s`
                    : `${item.bitrate_kbps} kbit/s`}
                </dd>
              </>
            )}
            {item.album && item.kind === "track" && (
              <>
                <dt>Album</dt>
                <dd>{item.album}</dd>
              </>
            )}
            {item.files.length > 1 && (
              <>
                <dt>Files</dt>
                <dd>
                  {item.files.map((f) =>
                    [f.version, f.part !== null ? `part ${f.part}` : "", formatBytes(f.size_bytes)]
                      .filter(Boolean).join(" ")
                  ).join(" · ")}
                </dd>
              </>
            )}
            <dt>Added</dt>
            <dd>{item.added_at.slice(0, 10)}</dd>
            {data.is_admin && "path" in item && item.path && (
              <>
                <dt>Path</dt>
                <dd>
                  <code>{item.path}</code>
                </dd>
              </>
            )}
          </dl>
          {item.streams.length > 0 && (
            <section>
              <h2>Streams</h2>
              <Streams streams={item.streams} />
            </section>
          )}
          {item.subtitles.length > 0 && (
            <section>
              <h2>Subtitles</h2>
              <ul class="facts">
                {item.subtitles.map((s) => (
                  <li>
                    {s.language ?? "unknown language"} ({s.format}
                    {s.source === "sidecar" ? ", file" : ""}
                    {s.forced ? ", forced" : ""})
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </article>
      {data.children.length > 0 && (
        <section class="section">
          <h2>{heading}</h2>
          {asCards
            ? (
              <div class={`grid shape-${shape}`}>
                {data.children.map((c) => <PosterCard key={c.id} item={c.card} />)}
              </div>
            )
            : (
              <ol class="list">
                {data.children.map((c) => (
                  <li>
                    <a href={`/items/${encodeURIComponent(c.id)}`}>
                      <span class="num">{c.number}</span>
                      <span class="grow">
                        {c.title}
                        {c.played && (
                          <span class="played-mark" title="Played">
                            <span aria-hidden="true">✓</span>
                            <span class="visually-hidden">(played)</span>
                          </span>
                        )}
                      </span>
                      <span class="side">{formatRuntime(c.duration_ms)}</span>
                    </a>
                  </li>
                ))}
              </ol>
            )}
        </section>
      )}
    </>
  );
}
