/**
 * A movies library of many titles for the grid's scale test and the UI benchmark: tiny files
 * with movie names, indexed naming-only (no ffprobe) straight into a data dir's database, so a
 * server started on that data dir with `skipInitialScan` serves 20,000 items in seconds.
 */
import { join } from "node:path";
import { openDatabase } from "../../lib/db/database.ts";
import { LibrariesRepo } from "../../lib/db/libraries.ts";
import { ScanService } from "../../lib/scanner/scan_service.ts";

const WORDS = ["Alpha", "Harbor", "Night", "Journey", "Crimson", "Echo", "Meadow", "Signal"];

/** The title of movie `i` ("Film 00042 Meadow"); every 8th title has the same word. */
export function bigTitle(i: number): string {
  return `Film ${String(i).padStart(5, "0")} ${WORDS[i % WORDS.length]}`;
}

/**
 * Writes `count` one-byte movie files under `<dataDir>/media` and indexes them into
 * `<dataDir>/rustfin.db` as the library "Big". Returns the library id.
 */
export async function makeBigLibrary(dataDir: string, count: number): Promise<string> {
  const media = join(dataDir, "media");
  await Deno.mkdir(media, { recursive: true });
  const bytes = new Uint8Array([1]);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(Deno.writeFile(join(media, `${bigTitle(i)} (${1950 + (i % 75)}).mp4`), bytes));
    if (pending.length === 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const db = await openDatabase(join(dataDir, "rustfin.db"));
  try {
    const library = new LibrariesRepo(db).create({ name: "Big", kind: "movies", path: media });
    const scanner = new ScanService({ db, ffprobePath: null });
    await scanner.scan(library.id);
    await scanner.close();
    return library.id;
  } finally {
    db.close();
  }
}
