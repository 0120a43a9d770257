/** Validation of a folder that an admin wants to add as a library. */

/**
 * Why `path` cannot be a library root, or undefined when it can: it must exist, be a folder
 * (symlinks to folders are fine) and be readable by the server.
 */
export async function checkLibraryRoot(path: string): Promise<string | undefined> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "folder does not exist";
    if (err instanceof Deno.errors.PermissionDenied) return "folder is not readable by the server";
    return `folder cannot be read (${(err as Error).name})`;
  }
  if (!info.isDirectory) return "not a folder";
  try {
    for await (const _ of Deno.readDir(path)) break;
  } catch {
    return "folder is not readable by the server";
  }
  return undefined;
}
