/** Rules for user names. */

/** Why a user name is refused, or undefined when acceptable. */
export function usernameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 64) return "username must be 1–64 characters";
  if (!/^[\p{L}\p{N}._@ -]+$/u.test(name)) {
    return "username may contain letters, digits, spaces and . _ @ -";
  }
  if (name !== name.trim()) return "username must not start or end with a space";
  return undefined;
}
