/** Loading items for a request with the caller's library access applied. */
import { HttpError } from "../errors.ts";
import type { ItemRow } from "../db/items.ts";
import type { User } from "../db/users.ts";
import type { RouteContext } from "./types.ts";
import { requireUser } from "./guards.ts";

/** Library ids the user may read (every library for admins). */
export function readableLibraryIds(ctx: RouteContext, user: User): string[] {
  const { libraries } = ctx.services;
  return user.is_admin ? libraries.list().map((l) => l.id) : libraries.readableIds(user.id);
}

/**
 * The item `id` when the signed-in user may read its library. Items of other libraries answer
 * 404 exactly like missing ones, so ids of hidden items cannot be confirmed.
 */
export function readableItem(ctx: RouteContext, id: string): { item: ItemRow; user: User } {
  const user = requireUser(ctx);
  const item = ctx.services.items.get(id);
  if (!item || !ctx.services.libraries.canRead(user.id, user.is_admin, item.library_id)) {
    throw new HttpError("not_found", "Item not found");
  }
  return { item, user };
}

/**
 * Like {@link readableItem} for media URLs (stream, HLS, subtitles): also accepts a playback
 * token `?t=` scoped to this item, so a player needs no other credential. The token's user must
 * still exist and still read the item's library.
 */
export async function readableMediaItem(
  ctx: RouteContext,
  id: string,
): Promise<{ item: ItemRow; user: User; session_id?: string }> {
  const token = ctx.url.searchParams.get("t");
  if (token && !ctx.state.user) {
    const claims = await ctx.services.playbackTokens.verify(token);
    if (!claims || claims.i !== id) {
      throw new HttpError("unauthorized", "Playback link expired or not for this item");
    }
    const user = ctx.services.users.get(claims.u);
    const item = ctx.services.items.get(id);
    if (
      !user || !item || !ctx.services.libraries.canRead(user.id, user.is_admin, item.library_id)
    ) {
      throw new HttpError("not_found", "Item not found");
    }
    return { item, user, session_id: claims.s };
  }
  return readableItem(ctx, id);
}
