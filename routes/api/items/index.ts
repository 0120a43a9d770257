import { HttpError, json } from "../../../lib/errors.ts";
import { ITEM_SORTS } from "../../../lib/db/items.ts";
import { itemToJson } from "../../../lib/db/items.ts";
import type { ItemKind } from "../../../lib/db/media_files.ts";
import { enumParam, intParam, requireUser } from "../../../lib/web/guards.ts";
import { readableLibraryIds } from "../../../lib/web/item_access.ts";
import { errorResponses, listOf } from "../../../lib/web/schemas.ts";
import { ItemWithUserDataSchema } from "../../../lib/playstate/schemas.ts";
import type { Handlers, RouteModule } from "../../../lib/web/types.ts";

const KINDS: readonly ItemKind[] = [
  "movie",
  "series",
  "season",
  "episode",
  "artist",
  "album",
  "track",
  "video",
];

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const { url, services } = ctx;
    const libraryIds = readableLibraryIds(ctx, user);
    const libraryId = url.searchParams.get("library_id") || undefined;
    if (libraryId && !libraryIds.includes(libraryId)) {
      throw new HttpError("not_found", "Library not found");
    }
    const parentId = url.searchParams.get("parent_id") || undefined;
    if (parentId) {
      const parent = services.items.get(parentId);
      if (!parent || !libraryIds.includes(parent.library_id)) {
        throw new HttpError("not_found", "Item not found");
      }
    }
    const q = url.searchParams.get("q")?.trim() || undefined;
    if (q && q.length > 200) throw new HttpError("bad_request", '"q" is longer than 200');
    const recursive = url.searchParams.get("recursive");
    if (recursive !== null && recursive !== "true" && recursive !== "false") {
      throw new HttpError("bad_request", '"recursive" must be true or false');
    }
    const played = url.searchParams.get("played");
    if (played !== null && played !== "" && played !== "true" && played !== "false") {
      throw new HttpError("bad_request", '"played" must be true or false');
    }
    const { items, total } = services.items.list({
      library_ids: libraryIds,
      library_id: libraryId,
      parent_id: parentId,
      kind: enumParam(url, "kind", KINDS),
      recursive: recursive === "true",
      q,
      year_min: url.searchParams.get("year_min")
        ? intParam(url, "year_min", 0, 0, 9999)
        : undefined,
      year_max: url.searchParams.get("year_max")
        ? intParam(url, "year_max", 0, 0, 9999)
        : undefined,
      played: played === "true" ? true : played === "false" ? false : undefined,
      user_id: user.id,
      sort: enumParam(url, "sort", ITEM_SORTS) ?? "title",
      limit: intParam(url, "limit", 100, 0, 500),
      offset: intParam(url, "offset", 0, 0, 1_000_000_000),
    });
    const files = services.items.filesFor(items.map((i) => i.id));
    const jsons = items.map((row) =>
      itemToJson(row, { isAdmin: user.is_admin, files: files.get(row.id) ?? [] })
    );
    return json({ items: services.playState.withUserData(user, items, jsons), total });
  },
};

export const docs: RouteModule["docs"] = {
  GET: {
    summary: "List items: a library's top level, an item's children, or a search",
    tags: ["items"],
    auth: "user",
    query: {
      library_id: { description: "only this library", schema: { type: "string" } },
      parent_id: { description: "children of this item", schema: { type: "string" } },
      kind: { description: "only this kind", schema: { enum: [...KINDS] } },
      recursive: {
        description: "every level of the libraries, not only the top level",
        schema: { type: "boolean" },
      },
      q: {
        description:
          "search: every word starts a word of the title or original title (accents, case and punctuation ignored)",
        schema: { type: "string" },
      },
      year_min: { description: "released this year or later", schema: { type: "integer" } },
      year_max: { description: "released this year or earlier", schema: { type: "integer" } },
      played: {
        description: "only items the caller has (true) or has not (false) played",
        schema: { type: "boolean" },
      },
      sort: {
        description: "order (title); release = air date, else year; runtime = duration",
        schema: { enum: [...ITEM_SORTS] },
      },
      limit: { description: "page size (100, at most 500)", schema: { type: "integer" } },
      offset: { description: "items to skip", schema: { type: "integer" } },
    },
    responses: {
      200: { description: "A page of items", schema: listOf(ItemWithUserDataSchema) },
      ...errorResponses(400, 401, 404),
    },
  },
};
