/** Data access for users and login sessions. All user/session SQL lives here. */
import { type Database, transaction } from "./database.ts";
import { newId } from "../ids.ts";

/** A user row without the password hash. */
export interface User {
  id: string;
  username: string;
  is_admin: boolean;
  created_at: string;
}

interface UserRow {
  id: string;
  username: string;
  is_admin: number;
  created_at: string;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  is_admin: r.is_admin === 1,
  created_at: r.created_at,
});

/** User and session queries. */
export class UsersRepo {
  constructor(private readonly db: Database) {}

  /** Number of users; 0 means first-run setup is open. */
  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
  }

  /** All users, by name. */
  list(): User[] {
    return (this.db.prepare("SELECT * FROM users ORDER BY username COLLATE NOCASE")
      .all() as unknown as UserRow[]).map(toUser);
  }

  /** One user by id. */
  get(id: string): User | undefined {
    const r = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as unknown as
      | UserRow
      | undefined;
    return r && toUser(r);
  }

  /** A user and its password hash, by name (case-insensitive). */
  getWithHash(username: string): (User & { password_hash: string }) | undefined {
    const r = this.#rowByName(username);
    return r && { ...toUser(r), password_hash: r.password_hash };
  }

  #rowByName(username: string): UserRow | undefined {
    return this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as unknown as
      | UserRow
      | undefined;
  }

  /** Creates a user; throws a `conflict` error when the name is taken. */
  create(input: { username: string; password_hash: string; is_admin: boolean }): User {
    const id = newId();
    const now = new Date().toISOString();
    try {
      this.db.prepare(
        `INSERT INTO users (id, username, password_hash, is_admin, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(id, input.username, input.password_hash, input.is_admin ? 1 : 0, now, now);
    } catch (err) {
      if (String((err as Error).message).includes("UNIQUE")) {
        throw Object.assign(new Error(`User "${input.username}" already exists`), {
          code: "conflict",
        });
      }
      throw err;
    }
    return this.get(id)!;
  }

  /**
   * Creates the first user only while no user exists, atomically, so two concurrent setup
   * requests cannot both create an admin. Returns undefined when a user already exists.
   */
  createFirst(input: { username: string; password_hash: string }): User | undefined {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      if (this.count() > 0) {
        this.db.exec("ROLLBACK");
        return undefined;
      }
      const user = this.create({ ...input, is_admin: true });
      this.db.exec("COMMIT");
      return user;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }

  /** Number of admins (the server must always keep one). */
  adminCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM users WHERE is_admin = 1").get() as {
      n: number;
    }).n;
  }

  /** One user by name (case-insensitive, like the unique index). */
  getByName(username: string): User | undefined {
    const r = this.#rowByName(username);
    return r && toUser(r);
  }

  /**
   * Runs `fn` in one immediate transaction: checks made in it and the writes after them see the
   * same users, so two changes cannot both pass a check that only one of them may pass.
   */
  atomically<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  /** Renames a user and/or sets its admin flag; returns the user as it is now. */
  update(id: string, changes: { username?: string; is_admin?: boolean }): User | undefined {
    if (changes.username === undefined && changes.is_admin === undefined) return this.get(id);
    const isAdmin = changes.is_admin === undefined ? null : changes.is_admin ? 1 : 0;
    this.db.prepare(
      `UPDATE users SET username = coalesce(?, username), is_admin = coalesce(?, is_admin),
         updated_at = ? WHERE id = ?`,
    ).run(changes.username ?? null, isAdmin, new Date().toISOString(), id);
    return this.get(id);
  }

  /**
   * Deletes a user; its sessions, library access, play state and settings go with it (ON DELETE
   * CASCADE in migrations 0001 and 0004). Returns whether a row was deleted.
   */
  delete(id: string): boolean {
    return Number(this.db.prepare("DELETE FROM users WHERE id = ?").run(id).changes) > 0;
  }

  /** Replaces a user's password hash and ends its sessions. */
  setPassword(id: string, passwordHash: string): void {
    this.db.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(
      passwordHash,
      new Date().toISOString(),
      id,
    );
    this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(id);
  }

  /** Stores a new login session by its token hash. */
  createSession(
    input: {
      token_hash: string;
      user_id: string;
      ttl_ms: number;
      client?: string;
      address?: string;
    },
  ): { expires_at: string } {
    const now = new Date();
    const expires = new Date(now.getTime() + input.ttl_ms).toISOString();
    this.db.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client, address)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.token_hash,
      input.user_id,
      now.toISOString(),
      expires,
      now.toISOString(),
      input.client ?? null,
      input.address ?? null,
    );
    return { expires_at: expires };
  }

  /** The user of a live session token hash, or undefined when unknown or expired. */
  userForSession(tokenHash: string, now = new Date()): User | undefined {
    const r = this.db.prepare(
      `SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ?`,
    ).get(tokenHash, now.toISOString()) as unknown as UserRow | undefined;
    return r && toUser(r);
  }

  /**
   * Extends a session's expiry (sliding window) at most once a minute per session, so busy
   * players do not turn every request into a write.
   */
  touchSession(tokenHash: string, ttlMs: number, now = new Date()): void {
    this.db.prepare(
      `UPDATE sessions SET last_seen_at = ?1, expires_at = ?2
       WHERE token_hash = ?3 AND last_seen_at < ?4`,
    ).run(
      now.toISOString(),
      new Date(now.getTime() + ttlMs).toISOString(),
      tokenHash,
      new Date(now.getTime() - 60_000).toISOString(),
    );
  }

  /** Ends one session. */
  deleteSession(tokenHash: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash);
  }

  /** Removes expired sessions; returns how many. */
  purgeExpiredSessions(now = new Date()): number {
    return Number(
      this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now.toISOString()).changes,
    );
  }
}
