/** File system checks for tests. */

/** Whether anything exists at `path` (a file, folder or other entry). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
