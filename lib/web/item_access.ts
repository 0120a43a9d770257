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
