/** Access to a playback session's media URLs (HLS playlists and segments, progressive streams). */
import { HttpError } from "../errors.ts";
import type { PlaybackSession } from "../playback/playback_service.ts";
import type { RouteContext } from "./types.ts";
import { readableMediaItem } from "./item_access.ts";

/**
 * The playback session named in the URL, when the caller may read the item and — with a
 * playback token — the token was issued for this very session.
 */
export async function readableSession(ctx: RouteContext): Promise<PlaybackSession> {
  const access = await readableMediaItem(ctx, ctx.params.id);
  const sessionId = ctx.params.session;
  if (access.session_id !== undefined && access.session_id !== sessionId) {
    throw new HttpError("unauthorized", "Playback link is for another session");
  }
  const session = ctx.services.playback.session(sessionId);
  if (!session || session.item_id !== access.item.id) {
    throw new HttpError("not_found", "No such playback session (it may have ended)");
  }
  if (session.user_id !== access.user.id && !access.user.is_admin) {
    throw new HttpError("not_found", "No such playback session (it may have ended)");
  }
  ctx.services.playback.touch(session.id);
  return session;
}

/** The `t=` query of the request, to append to URIs inside playlists. */
export function tokenQuery(ctx: RouteContext): string {
  const t = ctx.url.searchParams.get("t");
  const key = ctx.url.searchParams.get("api_key");
  if (t) return `?t=${encodeURIComponent(t)}`;
  if (key) return `?api_key=${encodeURIComponent(key)}`;
  return "";
}
