/**
 * Changing and removing libraries (PATCH / DELETE /api/libraries/{id} and the admin page).
 * The request is validated by the pure {@link planLibraryChange}; {@link updateLibrary} and
 * {@link deleteLibrary} do the I/O: the database through LibrariesRepo, the scanner's watch and
 * scans, playback sessions and the caches in the data dir. Media files are never touched.
 */
import { HttpError } from "./errors.ts";
import { type Library, LIBRARY_KINDS } from "./db/libraries.ts";
import { checkLibraryRoot } from "./library_root.ts";
import { stringField } from "./web/guards.ts";
import { subtitleCacheDir } from "./subtitles/subtitles_for.ts";
import { removeExtractedSubtitles } from "./subtitles/subtitle_store.ts";
import type { Services } from "./services.ts";

/** Longest library name (as when adding one). */
export const MAX_LIBRARY_NAME = 100;
/** Longest library path (as when adding one). */
export const MAX_LIBRARY_PATH = 4096;

/** What a valid change request asks for. */
export interface LibraryChange {
  /** The new name, when it differs from the current one (a case-only change counts). */
  name?: string;
  /** The new folder, when it differs from the current one (trailing slashes dropped). */
  path?: string;
}

/**
 * Validates a change request against the library as it is, without I/O: `name` and `path`
 * optional non-empty strings (path absolute), `kind` optional and only the current kind.
 * Changing the kind is refused, as Jellyfin does once a library exists: the kind selects the
 * naming rules, so every item would be regrouped with new ids and lose its play state; removing
 * and re-adding the library says that plainly. Fields other than these are ignored.
 *
 * @throws {HttpError} bad_request naming the field
 */
export function planLibraryChange(
  body: Record<string, unknown>,
  current: Pick<Library, "name" | "path" | "kind">,
): LibraryChange {
  const change: LibraryChange = {};
  if (body.name !== undefined) {
    const name = stringField(body, "name", MAX_LIBRARY_NAME).trim();
    if (name !== current.name) change.name = name;
  }
  if (body.path !== undefined) {
    const raw = stringField(body, "path", MAX_LIBRARY_PATH).trim();
    if (!raw.startsWith("/")) throw new HttpError("bad_request", '"path" must be absolute');
    const path = raw.replace(/\/+$/, "") || "/";
    if (path !== current.path.replace(/\/+$/, "")) change.path = path;
  }
  if (body.kind !== undefined) {
    if (!(LIBRARY_KINDS as readonly unknown[]).includes(body.kind)) {
      throw new HttpError("bad_request", `"kind" must be one of ${LIBRARY_KINDS.join(", ")}`);
    }
    if (body.kind !== current.kind) {
      throw new HttpError(
        "bad_request",
        `"kind" cannot change (it is ${current.kind}): remove the library and add it again`,
      );
    }
  }
  return change;
}

/** Refuses a new folder that is missing, not a folder or unreadable. */
async function checkNewFolder(change: LibraryChange): Promise<void> {
  if (change.path === undefined) return;
  const problem = await checkLibraryRoot(change.path);
  if (problem) throw new HttpError("bad_request", `"path": ${problem}`);
}

/**
 * Refuses a name another library has. Called in the same synchronous step as the update, so two
 * requests renaming at once cannot both pass it.
 */
function checkNameFree(services: Services, id: string, change: LibraryChange): void {
  if (change.name === undefined) return;
  const other = services.libraries.getByName(change.name);
  if (other && other.id !== id) {
    throw new HttpError("conflict", `A library named "${change.name}" exists`);
  }
}

/**
 * Applies a change request to a library: renames it, and for a new folder re-points the stored
 * paths, moves the file watch and starts a rescan (items then come from the new folder; files it
 * lacks leave the index). Returns the updated library and whether a rescan started.
 *
 * @throws {HttpError} not_found, bad_request (invalid field or folder), conflict (name taken)
 */
export async function updateLibrary(
  services: Services,
  id: string,
  body: Record<string, unknown>,
): Promise<{ library: Library; rescan: boolean }> {
  const current = services.libraries.get(id);
  if (!current) throw new HttpError("not_found", "Library not found");
  const change = planLibraryChange(body, current);
  await checkNewFolder(change);
  checkNameFree(services, id, change);
  const library = services.libraries.update(id, change);
  if (!library) throw new HttpError("not_found", "Library not found");
  if (change.name !== undefined) {
    services.log.info("library renamed", { library: id, from: current.name, to: library.name });
  }
  if (change.path === undefined) return { library, rescan: false };
  services.log.info("library folder changed", { library: id });
  services.scanner.repoint(id).catch((err) =>
    services.log.error("scan failed", { library: id, error: err })
  );
  return { library, rescan: true };
}

/**
 * Removes a library and everything indexed under it: playback of its items ends, its watch and
 * any running scan stop (a scan in progress writes nothing more), its rows go in one
 * transaction, then the cached artwork, subtitles and transcodes of its items are deleted. The
 * media files themselves stay where they are.
 *
 * @throws {HttpError} not_found
 */
export async function deleteLibrary(services: Services, id: string): Promise<void> {
  const library = services.libraries.get(id);
  if (!library) throw new HttpError("not_found", "Library not found");
  let content: { items: string[]; files: string[] } = { items: [], files: [] };
  await services.images.forgetLibrary(id, async () => {
    try {
      await services.scanner.remove(id, () => {
        // Read once the scan has stopped, so items it added last are included.
        content = services.libraries.contentIds(id);
        services.libraries.delete(id);
      });
    } catch (err) {
      // Deleted meanwhile by another request.
      if ((err as { code?: string }).code === "library_not_found") {
        throw new HttpError("not_found", "Library not found");
      }
      throw err;
    }
  });
  services.log.info("library removed", {
    library: id,
    name: library.name,
    items: content.items.length,
  });
  // Playback of the items ends (HLS sessions remove their transcode folders on close).
  const items = new Set(content.items);
  for (const s of services.playback.list()) {
    if (items.has(s.item_id)) await services.playback.stop(s.id);
  }
  await services.images.removeCached(content.items);
  await removeExtractedSubtitles(subtitleCacheDir(services.config.data_dir), content.files);
}
