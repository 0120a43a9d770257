/**
 * Password hashing with Argon2id (hash-wasm), using OWASP's recommended minimum parameters
 * (m = 19 MiB, t = 2, p = 1). Hashes are PHC strings so parameters can be raised later.
 */
import { argon2id, argon2Verify } from "hash-wasm";

/** Argon2id parameters from the OWASP Password Storage Cheat Sheet. */
export const ARGON2_PARAMS = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 };

/** Minimum password length accepted for new passwords. */
export const MIN_PASSWORD_LENGTH = 8;

/** Hashes a password to a PHC-format Argon2id string. */
export function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    ...ARGON2_PARAMS,
    outputType: "encoded",
  });
}

/** Checks a password against a stored hash; false for malformed hashes. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash.startsWith("$argon2id$")) return false;
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

/** Why a new password is refused, or undefined when acceptable. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== "string") return "password must be a string";
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > 1024) return "password must be at most 1024 characters";
  return undefined;
}
