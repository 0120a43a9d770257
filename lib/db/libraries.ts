/** Data access for libraries and per-user library access. All library SQL lives here. */
import { type Database, transaction } from "./database.ts";
import { newId } from "../ids.ts";
import type { LibraryKind } from "../naming/types.ts";

/** A library row. */
export interface Library {
  id: string;
  name: string;
  kind: LibraryKind;
  path: string;
  state: "online" | "offline";
  state_reason: string | null;
  created_at: string;
  last_scan_at: string | null;
}

/** The library kinds a user may choose. */
export const LIBRARY_KINDS: readonly LibraryKind[] = ["movies", "shows", "music", "mixed"];

/** Library queries over one database. */
export class LibrariesRepo {
  constructor(private readonly db: Database) {}

  /** All libraries, by name. */
  list(): Library[] {
    return this.db.prepare("SELECT * FROM libraries ORDER BY name COLLATE NOCASE")
      .all() as unknown as Library[];
  }

  /** Libraries the user may read; admins read all. */
  listForUser(userId: string, isAdmin: boolean): Library[] {
    if (isAdmin) return this.list();
    return this.db.prepare(
      `SELECT l.* FROM libraries l JOIN user_library_access a ON a.library_id = l.id
       WHERE a.user_id = ? ORDER BY l.name COLLATE NOCASE`,
    ).all(userId) as unknown as Library[];
  }

  /** One library by id. */
  get(id: string): Library | undefined {
    return this.db.prepare("SELECT * FROM libraries WHERE id = ?").get(id) as unknown as
      | Library
      | undefined;
  }

  /** One library by name (case-insensitive). */
  getByName(name: string): Library | undefined {
    return this.db.prepare("SELECT * FROM libraries WHERE name = ?").get(name) as unknown as
      | Library
      | undefined;
  }

  /** Creates a library and returns it. */
  create(input: { name: string; kind: LibraryKind; path: string }): Library {
    const id = newId();
    this.db.prepare(
      "INSERT INTO libraries (id, name, kind, path, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(id, input.name, input.kind, input.path, new Date().toISOString());
    return this.get(id)!;
  }

  /**
   * Renames a library and/or points it at another folder. A new folder also re-points the
   * absolute paths stored for its files and local artwork (rows keep their ids, so play state
   * survives a library moved to another disk; the rescan that follows drops what the new folder
   * lacks) and clears an offline state (the folder was just checked). Returns the updated row,
   * or undefined for an unknown id.
   */
  update(id: string, changes: { name?: string; path?: string }): Library | undefined {
    return transaction(this.db, () => {
      const current = this.get(id);
      if (!current) return undefined;
      if (changes.name !== undefined && changes.name !== current.name) {
        this.db.prepare("UPDATE libraries SET name = ? WHERE id = ?").run(changes.name, id);
      }
      if (changes.path !== undefined && changes.path !== current.path) {
        const oldPrefix = current.path.replace(/\/+$/, "") + "/";
        const newPrefix = changes.path.replace(/\/+$/, "") + "/";
        this.db.prepare(
          "UPDATE libraries SET path = ?, state = 'online', state_reason = NULL WHERE id = ?",
        ).run(changes.path, id);
        // Absolute paths under the old root; the rel_path stays what the scanner keys on.
        this.db.prepare(
          `UPDATE media_files SET path = ? || rel_path
           WHERE library_id = ? AND path IS NOT ? || rel_path`,
        ).run(newPrefix, id, newPrefix);
        // Local and embedded artwork lives under the root; frames and downloads in the cache.
        this.db.prepare(
          `UPDATE item_images SET path = ? || substr(path, ?)
           WHERE source IN ('local', 'embedded') AND substr(path, 1, ?) = ?
             AND item_id IN (SELECT id FROM media_items WHERE library_id = ?)`,
        ).run(newPrefix, oldPrefix.length + 1, oldPrefix.length, oldPrefix, id);
      }
      return this.get(id);
    });
  }

  /** The ids of a library's items and files (to end their sessions and drop their caches). */
  contentIds(id: string): { items: string[]; files: string[] } {
    const items = (this.db.prepare("SELECT id FROM media_items WHERE library_id = ?").all(id) as {
      id: string;
    }[]).map((r) => r.id);
    const files = (this.db.prepare("SELECT id FROM media_files WHERE library_id = ?").all(id) as {
      id: string;
    }[]).map((r) => r.id);
    return { items, files };
  }

  /**
   * Deletes a library and everything indexed under it, in one transaction: the foreign keys
   * cascade from the library row to its items, files, probes, metadata, artwork rows, scan
   * errors, access rows and every user's play state of its items. Files go first, so SQLite
   * does not null the item of each file whose item is deleted before it. Never touches the media
   * files. Returns false for an unknown id.
   */
  delete(id: string): boolean {
    return transaction(this.db, () => {
      if (!this.get(id)) return false;
      this.db.prepare("DELETE FROM media_files WHERE library_id = ?").run(id);
      this.db.prepare("DELETE FROM libraries WHERE id = ?").run(id);
      return true;
    });
  }

  /** Marks a library online or offline (an unmounted root), with the reason. */
  setState(id: string, state: "online" | "offline", reason: string | null = null): void {
    this.db.prepare("UPDATE libraries SET state = ?, state_reason = ? WHERE id = ?").run(
      state,
      reason,
      id,
    );
  }

  /** Records the end of a scan. */
  markScanned(id: string, at: string = new Date().toISOString()): void {
    this.db.prepare("UPDATE libraries SET last_scan_at = ? WHERE id = ?").run(at, id);
  }

  /** Whether the user may read the library (admins may read all). */
  canRead(userId: string, isAdmin: boolean, libraryId: string): boolean {
    if (isAdmin) return true;
    return this.db.prepare(
      "SELECT 1 FROM user_library_access WHERE user_id = ? AND library_id = ?",
    ).get(userId, libraryId) !== undefined;
  }

  /** Ids of the libraries a non-admin user may read. */
  readableIds(userId: string): string[] {
    return (this.db.prepare("SELECT library_id FROM user_library_access WHERE user_id = ?")
      .all(userId) as { library_id: string }[]).map((r) => r.library_id);
  }

  /** Replaces the set of libraries a user may read. */
  setAccess(userId: string, libraryIds: string[]): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db.prepare("DELETE FROM user_library_access WHERE user_id = ?").run(userId);
      const insert = this.db.prepare(
        "INSERT INTO user_library_access (user_id, library_id) VALUES (?, ?)",
      );
      for (const libraryId of new Set(libraryIds)) insert.run(userId, libraryId);
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }
}
