/**
 * Changing and removing users (PATCH / DELETE /api/users/{id} and the admin page). The request
 * is validated by the pure {@link planUserChange}, and the pure {@link userChangeRefusal} and
 * {@link userDeleteRefusal} decide what the server's state forbids: a name another user has, and
 * anything that would leave the server without an admin. {@link updateUser} and
 * {@link deleteUser} do the I/O: the users table through UsersRepo (checks and write in one
 * transaction), the token cache of the Authenticator and the user's live playback sessions.
 *
 * Refusing the last admin is a 409 `conflict`, not a 400: the request itself is well-formed and
 * would succeed unchanged once another user is an admin, so it conflicts with the current state
 * of the users (RFC 9110 §15.5.10), like a taken name. Deleting yourself is a 400: it is never
 * valid, whatever the state (ask another admin).
 */
import { HttpError } from "./errors.ts";
import type { User } from "./db/users.ts";
import { usernameProblem } from "./auth/username.ts";
import { stringField } from "./web/guards.ts";
import type { Services } from "./services.ts";

/** Longest `username` field accepted before trimming (as when creating a user). */
export const MAX_USERNAME_FIELD = 100;

/** What a valid change request asks for. */
export interface UserChange {
  /** The new name, when it differs from the current one (a case-only change counts). */
  username?: string;
  /** The new admin flag, when it differs from the current one. */
  is_admin?: boolean;
}

/** A refusal: the error code and the message for the client. */
export interface Refusal {
  code: "bad_request" | "conflict";
  message: string;
}

/**
 * Validates a change request against the user as it is, without I/O: `username` an optional
 * non-empty string with the rules of a new user (trimmed), `is_admin` an optional boolean.
 * Fields other than these are ignored.
 *
 * @throws {HttpError} bad_request naming the problem
 */
export function planUserChange(
  body: Record<string, unknown>,
  current: Pick<User, "username" | "is_admin">,
): UserChange {
  const change: UserChange = {};
  if (body.username !== undefined) {
    const username = stringField(body, "username", MAX_USERNAME_FIELD).trim();
    const problem = usernameProblem(username);
    if (problem) throw new HttpError("bad_request", problem);
    if (username !== current.username) change.username = username;
  }
  if (body.is_admin !== undefined) {
    if (typeof body.is_admin !== "boolean") {
      throw new HttpError("bad_request", '"is_admin" must be true or false');
    }
    if (body.is_admin !== current.is_admin) change.is_admin = body.is_admin;
  }
  return change;
}

/**
 * Why a planned change cannot be applied now, or undefined: the new name belongs to another
 * user (`nameOwner`, found case-insensitively), or it demotes the only admin.
 */
export function userChangeRefusal(
  input: {
    target: Pick<User, "id" | "username" | "is_admin">;
    change: UserChange;
    adminCount: number;
    nameOwner?: Pick<User, "id">;
  },
): Refusal | undefined {
  const { target, change, adminCount, nameOwner } = input;
  if (change.username !== undefined && nameOwner && nameOwner.id !== target.id) {
    return { code: "conflict", message: `The user name "${change.username}" is taken` };
  }
  if (change.is_admin === false && target.is_admin && adminCount <= 1) {
    return {
      code: "conflict",
      message: `${target.username} is the only admin: make another user an admin first, ` +
        "so the server keeps one",
    };
  }
  return undefined;
}

/**
 * Why `actorId` cannot delete `target` now, or undefined: nobody deletes their own account
 * (another admin must), and the only admin is never deleted.
 */
export function userDeleteRefusal(
  input: {
    actorId: string;
    target: Pick<User, "id" | "username" | "is_admin">;
    adminCount: number;
  },
): Refusal | undefined {
  const { actorId, target, adminCount } = input;
  if (target.id === actorId) {
    return {
      code: "bad_request",
      message: "You cannot delete your own account; ask another admin to delete it",
    };
  }
  if (target.is_admin && adminCount <= 1) {
    return {
      code: "conflict",
      message: `${target.username} is the only admin and cannot be deleted: make another user ` +
        "an admin first",
    };
  }
  return undefined;
}

/**
 * Applies a change request to a user: rename, promote or demote. The refusal checks and the
 * write run in one synchronous transaction, so two concurrent requests cannot both take a name
 * or both demote one of the last two admins. The user's remembered tokens are forgotten, so a
 * demoted admin has no admin rights from its very next request.
 *
 * @throws {HttpError} not_found, bad_request (invalid field), conflict (name taken, last admin)
 */
export function updateUser(
  services: Services,
  id: string,
  body: Record<string, unknown>,
): { user: User; before: User; change: UserChange } {
  const { users, auth, log } = services;
  const result = users.atomically(() => {
    const before = users.get(id);
    if (!before) throw new HttpError("not_found", "User not found");
    const change = planUserChange(body, before);
    const refusal = userChangeRefusal({
      target: before,
      change,
      adminCount: users.adminCount(),
      nameOwner: change.username === undefined ? undefined : users.getByName(change.username),
    });
    if (refusal) throw new HttpError(refusal.code, refusal.message);
    const user = users.update(id, change);
    if (!user) throw new HttpError("not_found", "User not found");
    return { user, before, change };
  });
  auth.forgetUser(id);
  const { user, before, change } = result;
  if (change.username !== undefined) {
    log.info("user renamed", { user: id, from: before.username, to: user.username });
  }
  if (change.is_admin !== undefined) {
    log.info(change.is_admin ? "user promoted to admin" : "admin demoted", {
      user: id,
      username: user.username,
    });
  }
  return result;
}

/**
 * Deletes a user for the admin `actorId`: the row goes with its sessions, library access, play
 * state and settings (one statement, cascades), in the same transaction as the refusal checks;
 * its remembered tokens are forgotten at once and its live playback sessions end. Returns the
 * deleted user.
 *
 * @throws {HttpError} not_found, bad_request (your own account), conflict (the only admin)
 */
export async function deleteUser(services: Services, actorId: string, id: string): Promise<User> {
  const { users, auth, playback, log } = services;
  const target = users.atomically(() => {
    const target = users.get(id);
    if (!target) throw new HttpError("not_found", "User not found");
    const refusal = userDeleteRefusal({ actorId, target, adminCount: users.adminCount() });
    if (refusal) throw new HttpError(refusal.code, refusal.message);
    if (!users.delete(id)) throw new HttpError("not_found", "User not found");
    return target;
  });
  auth.forgetUser(id);
  const sessions = await playback.stopUser(id);
  log.info("user deleted", { user: id, username: target.username, sessions });
  return target;
}
