/** Data access for server-wide settings (key/value). */
import type { Database } from "./database.ts";

/** Settings queries. */
export class SettingsRepo {
  constructor(private readonly db: Database) {}

  /** A setting's value, or undefined. */
  get(key: string): string | undefined {
    return (this.db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as
      | { value: string }
      | undefined)?.value;
  }

  /** Sets a setting. */
  set(key: string, value: string): void {
    this.db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(key, value);
  }

  /** The setting's value, creating it with `make()` when missing. */
  getOrCreate(key: string, make: () => string): string {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    const value = make();
    this.set(key, value);
    return value;
  }
}
