/**
 * Picks a device profile from a User-Agent string, by the `match` hints of the profiles.
 *
 * Profiles are tried from the highest `priority` down; the first whose `user_agent` substrings
 * include one found in the header (case-insensitive) and none of whose `not_user_agent`
 * substrings is found wins. Priorities let the specific beat the generic: an Android TV
 * ExoPlayer or an iPhone browser before Chrome (every iOS browser is WebKit, and Chrome's
 * User-Agent also says "Safari/"), Chrome before Safari.
 */
import type { DeviceProfile } from "./profile.ts";

/**
 * The profile used when nothing matches. An unknown User-Agent is most likely not one of the
 * browsers we know (a TV browser, an embedded player, a command-line client), so it gets the
 * profile every player can play: the cost of guessing wrong is a transcode, not a failed play.
 * The web client always sends a capability report, which widens this profile to what the
 * browser really plays.
 */
export const FALLBACK_PROFILE_ID = "max_compat";

/**
 * The id of the profile for a User-Agent.
 *
 * @param userAgent the request's User-Agent header; empty or missing picks the fallback
 * @param profiles the loaded profiles
 * @param fallback the id to use when none matches (when it is not loaded either, the
 *   lowest-priority profile is used)
 * @throws {RangeError} when `profiles` is empty
 */
export function pickProfile(
  userAgent: string | null | undefined,
  profiles: readonly DeviceProfile[],
  fallback: string = FALLBACK_PROFILE_ID,
): string {
  if (profiles.length === 0) throw new RangeError("No device profiles are loaded");
  const ua = (userAgent ?? "").toLowerCase();
  const ordered = [...profiles].sort((a, b) => b.match.priority - a.match.priority);
  if (ua) {
    for (const p of ordered) {
      const hit = p.match.user_agent.some((s) => ua.includes(s.toLowerCase()));
      if (!hit) continue;
      if (p.match.not_user_agent.some((s) => ua.includes(s.toLowerCase()))) continue;
      return p.id;
    }
  }
  if (profiles.some((p) => p.id === fallback)) return fallback;
  return ordered[ordered.length - 1].id;
}
