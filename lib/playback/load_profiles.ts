/** Reads and validates the device profiles in `profiles/` at start (the I/O edge of profile.ts). */
import { type DeviceProfile, parseProfiles } from "./profile.ts";

/** The repository's profiles folder (embedded by `deno compile --include profiles`). */
export const PROFILES_DIR = new URL("../../profiles/", import.meta.url);

/**
 * Loads every `*.json` of `dir`, sorted by name.
 *
 * @throws {ProfileError} naming the file and field of the first invalid profile
 */
export async function loadProfiles(dir: URL = PROFILES_DIR): Promise<DeviceProfile[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".json")) names.push(e.name);
  }
  names.sort();
  const entries = await Promise.all(names.map(async (name) => ({
    name: `profiles/${name}`,
    text: await Deno.readTextFile(new URL(name, dir)),
  })));
  return parseProfiles(entries);
}
