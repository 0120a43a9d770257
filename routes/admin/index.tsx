/**
 * The admin page: who is playing what right now (live, with Stop), libraries (add a folder with
 * validation, rescan, live scan progress, offline state), users (add, reset password, library
 * access), transcoding (hardware acceleration report, transcode and cache use) and server
 * information. Users can be renamed, made admins or not, and deleted. Every action is a plain
 * form POST to this page with an `action` field, answered
 * with a redirect (success) or the page again with the error and the entered values (failure),
 * so it all works without JavaScript; only the scan progress and the sessions list hydrate.
 * Removing a library or deleting a user takes two posts: the first answers with a confirmation
 * panel, whose form repeats the action with `confirm=yes`.
 */
import type { ComponentChildren } from "preact";
import { HttpError } from "../../lib/errors.ts";
import { requireAdmin } from "../../lib/web/guards.ts";
import { readForm, redirect } from "../../lib/web/forms.ts";
import type { Handlers, PageProps, RouteContext } from "../../lib/web/types.ts";
import { LIBRARY_KINDS } from "../../lib/db/libraries.ts";
import type { LibraryKind } from "../../lib/naming/types.ts";
import { checkLibraryRoot } from "../../lib/library_root.ts";
import { deleteLibrary, updateLibrary } from "../../lib/library_admin.ts";
import { hashPassword, passwordProblem } from "../../lib/auth/password.ts";
import { deleteUser, updateUser, userDeleteRefusal } from "../../lib/user_admin.ts";
import { usernameProblem } from "../../lib/auth/username.ts";
import ScanProgress, { type ScanStatus } from "../../islands/ScanProgress.tsx";
import { Field, Message } from "../../components/Field.tsx";
import { formatBytes, formatCount } from "../../client/format.ts";
import NowPlaying from "../../islands/NowPlaying.tsx";
import type { SessionJson } from "../../lib/playstate/now_playing.ts";
import type { HwaccelReport } from "../../lib/media/hwaccel.ts";
import type { HlsManagerStats } from "../../lib/hls/session_manager.ts";

/** Messages after a successful action, by the code in `?done=`. */
const NOTICES: Record<string, string> = {
  library_added: "Library added. Its first scan is running.",
  scan_started: "Scan started.",
  library_saved: "Library saved.",
  library_moved: "Library saved. It is being scanned in its new folder.",
  library_removed: "Library removed. Its media files were left on disk.",
  user_added: "User added.",
  access_saved: "Library access saved.",
  password_set: "Password changed. That user's sessions were signed out.",
  user_saved: "User saved.",
  user_deleted: "User deleted, with their sessions, library access and watch history.",
  session_stopped: "Playback stopped.",
};

interface AdminLibrary {
  id: string;
  name: string;
  kind: string;
  path: string;
  state: string;
  state_reason: string | null;
  item_count: number;
  scan: ScanStatus;
}

interface AdminUser {
  id: string;
  username: string;
  is_admin: boolean;
  library_ids: string[];
}

interface AdminData {
  title: string;
  me: string;
  libraries: AdminLibrary[];
  users: AdminUser[];
  server: {
    version: string;
    data_dir: string;
    uptime_s: number;
    ffmpeg: string | null;
    ffprobe: string | null;
    problems: string[];
  };
  sessions: SessionJson[];
  /** Runtime of each session's item, by item id. */
  durations: Record<string, number | null>;
  hwaccel: HwaccelReport | null;
  transcodes: HlsManagerStats | null;
  error?: string;
  notice?: string;
  /** Values to put back into the form that failed. */
  form?: Record<string, string>;
  /** A library whose removal waits for confirmation. */
  confirmDelete?: { id: string; name: string; path: string; item_count: number };
  /** A user whose deletion waits for confirmation. */
  confirmDeleteUser?: { id: string; username: string; is_admin: boolean };
}

function adminData(ctx: RouteContext, extra: Partial<AdminData> = {}): AdminData {
  const me = requireAdmin(ctx);
  const { libraries, users, items, scanner, ffmpeg, config } = ctx.services;
  const libs = libraries.list();
  const allIds = libs.map((l) => l.id);
  const bin = (b: { path: string; version: string } | null) =>
    b ? `${b.version} (${b.path})` : null;
  const sessions = ctx.services.playState.nowPlaying.list();
  const durations: Record<string, number | null> = {};
  for (const s of sessions) {
    durations[s.item.id] = ctx.services.playback.session(s.id)?.probe?.duration_ms ??
      items.get(s.item.id)?.duration_ms ?? null;
  }
  return {
    title: "Admin",
    me: me.id,
    libraries: libs.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind,
      path: l.path,
      state: l.state,
      state_reason: l.state_reason,
      item_count: items.list({ library_ids: [l.id], library_id: l.id, limit: 0 }).total,
      scan: scanner.status(l.id) as ScanStatus,
    })),
    users: users.list().map((u) => ({
      id: u.id,
      username: u.username,
      is_admin: u.is_admin,
      library_ids: u.is_admin ? allIds : libraries.readableIds(u.id),
    })),
    server: {
      version: ctx.services.version,
      data_dir: config.data_dir,
      uptime_s: Math.round((Date.now() - ctx.services.started_at.getTime()) / 1000),
      ffmpeg: bin(ffmpeg.ffmpeg),
      ffprobe: bin(ffmpeg.ffprobe),
      problems: ffmpeg.problems,
    },
    sessions,
    durations,
    hwaccel: ctx.services.hwaccel.report,
    transcodes: ctx.services.hls?.stats() ?? null,
    ...extra,
  };
}

/** A form field problem: re-render the page with this message and the entered values. */
class FormProblem extends Error {}

async function addLibrary(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const name = (form.get("name") ?? "").trim();
  const path = (form.get("path") ?? "").trim();
  const kind = form.get("kind") ?? "mixed";
  if (!name || name.length > 100) {
    throw new FormProblem("Give the library a name (up to 100 characters).");
  }
  if (!(LIBRARY_KINDS as readonly string[]).includes(kind)) {
    throw new FormProblem("Choose a library type.");
  }
  if (!path.startsWith("/")) {
    throw new FormProblem(
      "The folder must be an absolute path on the server, like /srv/media/movies.",
    );
  }
  const problem = await checkLibraryRoot(path);
  if (problem) throw new FormProblem(`That folder cannot be used: ${problem}.`);
  const { libraries, scanner, log } = ctx.services;
  if (libraries.getByName(name)) throw new FormProblem(`A library named “${name}” already exists.`);
  const library = libraries.create({ name, path, kind: kind as LibraryKind });
  scanner.scan(library.id).catch((err: unknown) =>
    log.error("scan failed", { library: library.id, error: err })
  );
  scanner.watch(library.id);
  return "library_added";
}

function rescan(ctx: RouteContext, form: URLSearchParams): string {
  const library = ctx.services.libraries.get(form.get("library_id") ?? "");
  if (!library) throw new HttpError("not_found", "Library not found");
  ctx.services.scanner.scan(library.id).catch((err: unknown) =>
    ctx.services.log.error("scan failed", { library: library.id, error: err })
  );
  return "scan_started";
}

async function editLibrary(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const id = form.get("library_id") ?? "";
  if (!ctx.services.libraries.get(id)) throw new HttpError("not_found", "Library not found");
  const body: Record<string, unknown> = {};
  for (const key of ["name", "path"]) {
    const v = form.get(key);
    if (v !== null) body[key] = v;
  }
  try {
    const { rescan } = await updateLibrary(ctx.services, id, body);
    return rescan ? "library_moved" : "library_saved";
  } catch (err) {
    // `"path": folder does not exist` reads on the page as the add form says it.
    throw asFormProblem(err, (m) => m.replace(/^"path": /, "That folder cannot be used: "));
  }
}

/** A removal asked for without `confirm=yes`: the page answers with a confirmation panel. */
class NeedsConfirmation extends Error {
  constructor(readonly what: "library" | "user", readonly id: string) {
    super("confirm");
  }
}

async function removeLibrary(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const id = form.get("library_id") ?? "";
  if (!ctx.services.libraries.get(id)) throw new HttpError("not_found", "Library not found");
  if (form.get("confirm") !== "yes") throw new NeedsConfirmation("library", id);
  await deleteLibrary(ctx.services, id);
  return "library_removed";
}

function libraryIds(ctx: RouteContext, form: URLSearchParams): string[] {
  const ids = form.getAll("library_ids");
  for (const id of ids) {
    if (!ctx.services.libraries.get(id)) {
      throw new FormProblem("A chosen library no longer exists.");
    }
  }
  return ids;
}

async function addUser(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const username = (form.get("username") ?? "").trim();
  const password = form.get("password") ?? "";
  const problem = usernameProblem(username) ?? passwordProblem(password);
  if (problem) throw new FormProblem(problem);
  const ids = libraryIds(ctx, form);
  const { users, libraries } = ctx.services;
  let user;
  try {
    user = users.create({
      username,
      password_hash: await hashPassword(password),
      is_admin: form.get("is_admin") === "on",
    });
  } catch (err) {
    if ((err as { code?: string }).code === "conflict") {
      throw new FormProblem(`The user name “${username}” is taken.`);
    }
    throw err;
  }
  libraries.setAccess(user.id, ids);
  return "user_added";
}

function setAccess(ctx: RouteContext, form: URLSearchParams): string {
  const user = ctx.services.users.get(form.get("user_id") ?? "");
  if (!user) throw new HttpError("not_found", "User not found");
  ctx.services.libraries.setAccess(user.id, libraryIds(ctx, form));
  return "access_saved";
}

async function setPassword(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const user = ctx.services.users.get(form.get("user_id") ?? "");
  if (!user) throw new HttpError("not_found", "User not found");
  const password = form.get("password") ?? "";
  const problem = passwordProblem(password);
  if (problem) throw new FormProblem(`${user.username}: ${problem}`);
  // Through the authenticator: the user's remembered tokens are forgotten at once too.
  await ctx.services.auth.changePassword(user.id, password);
  return "password_set";
}

/**
 * A refusal of the library or user rules (bad field, taken name, last admin…) as a form problem,
 * its message reworded by `say`; other errors as they are.
 */
function asFormProblem(err: unknown, say = (message: string) => message): unknown {
  if (err instanceof HttpError && (err.code === "bad_request" || err.code === "conflict")) {
    return new FormProblem(say(err.message));
  }
  return err;
}

function editUser(ctx: RouteContext, form: URLSearchParams): string {
  const id = form.get("user_id") ?? "";
  if (!ctx.services.users.get(id)) throw new HttpError("not_found", "User not found");
  // An unchecked checkbox is not sent: the edit form always has one, so absent means false.
  const body = { username: form.get("username") ?? "", is_admin: form.get("is_admin") === "on" };
  try {
    updateUser(ctx.services, id, body);
  } catch (err) {
    throw asFormProblem(err);
  }
  return "user_saved";
}

async function removeUser(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const me = requireAdmin(ctx);
  const { users } = ctx.services;
  const target = users.get(form.get("user_id") ?? "");
  if (!target) throw new HttpError("not_found", "User not found");
  // Refused before the confirmation too, so nobody confirms what cannot happen.
  const refusal = userDeleteRefusal({ actorId: me.id, target, adminCount: users.adminCount() });
  if (refusal) throw new FormProblem(refusal.message);
  if (form.get("confirm") !== "yes") throw new NeedsConfirmation("user", target.id);
  try {
    await deleteUser(ctx.services, me.id, target.id);
  } catch (err) {
    throw asFormProblem(err);
  }
  return "user_deleted";
}

async function stopSession(ctx: RouteContext, form: URLSearchParams): Promise<string> {
  const { playback, log } = ctx.services;
  const session = playback.session(form.get("session_id") ?? "");
  // Already gone (ended, or stopped from another tab): the page shows the list as it is.
  if (!session) return "session_stopped";
  await playback.stop(session.id);
  log.info("playback stopped by admin", {
    session: session.id,
    admin: ctx.state.user?.username,
    user: session.username,
  });
  return "session_stopped";
}

const ACTIONS: Record<
  string,
  (ctx: RouteContext, form: URLSearchParams) => string | Promise<string>
> = {
  add_library: addLibrary,
  rescan,
  edit_library: editLibrary,
  delete_library: removeLibrary,
  add_user: addUser,
  set_access: setAccess,
  set_password: setPassword,
  edit_user: editUser,
  delete_user: removeUser,
  stop_session: stopSession,
};

const ANCHOR: Record<string, string> = {
  add_library: "libraries",
  rescan: "libraries",
  edit_library: "libraries",
  delete_library: "libraries",
  add_user: "users",
  set_access: "users",
  set_password: "users",
  edit_user: "users",
  delete_user: "users",
  stop_session: "now-playing",
};

export const handler: Handlers = {
  GET(ctx) {
    const done = ctx.url.searchParams.get("done") ?? "";
    return ctx.render(adminData(ctx, { notice: NOTICES[done] }));
  },
  async POST(ctx) {
    requireAdmin(ctx);
    const form = await readForm(ctx);
    const action = form.get("action") ?? "";
    const run = ACTIONS[action];
    if (!run) throw new HttpError("bad_request", "Unknown admin action");
    try {
      const done = await run(ctx, form);
      // Changing your own password ends your own session too.
      if (action === "set_password" && form.get("user_id") === ctx.state.user?.id) {
        return redirect("/login?next=/admin");
      }
      // An admin who made themselves a plain user can no longer see this page.
      const myself = ctx.state.user?.id;
      if (
        action === "edit_user" && form.get("user_id") === myself &&
        !ctx.services.users.get(myself)?.is_admin
      ) {
        return redirect("/");
      }
      return redirect(`/admin?done=${done}#${ANCHOR[action]}`);
    } catch (err) {
      if (err instanceof NeedsConfirmation) {
        const data = adminData(ctx);
        if (err.what === "library") {
          const l = data.libraries.find((x) => x.id === err.id)!;
          data.confirmDelete = { id: l.id, name: l.name, path: l.path, item_count: l.item_count };
        } else {
          const u = data.users.find((x) => x.id === err.id)!;
          data.confirmDeleteUser = { id: u.id, username: u.username, is_admin: u.is_admin };
        }
        return ctx.render(data);
      }
      if (!(err instanceof FormProblem)) throw err;
      const values: Record<string, string> = { action };
      for (
        const key of ["name", "path", "kind", "username", "user_id", "library_id", "is_admin"]
      ) {
        const v = form.get(key);
        if (v !== null) values[key] = v;
      }
      return ctx.render(adminData(ctx, { error: err.message, form: values }), { status: 400 });
    }
  },
};

function formatUptime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

function LibraryChecks(
  { libraries, checked, disabled }: {
    libraries: AdminLibrary[];
    checked: string[];
    disabled?: boolean;
  },
) {
  if (libraries.length === 0) return <span class="muted">No libraries yet</span>;
  return (
    <>
      {libraries.map((l) => (
        <label class="check">
          <input
            type="checkbox"
            name="library_ids"
            value={l.id}
            checked={checked.includes(l.id)}
            disabled={disabled}
          />
          {l.name}
        </label>
      ))}
    </>
  );
}

/** The hardware acceleration report and transcode figures. */
function Transcoding(
  { report, stats }: { report: HwaccelReport | null; stats: HlsManagerStats | null },
) {
  return (
    <section class="panel" id="transcoding" aria-labelledby="transcoding-h">
      <h2 id="transcoding-h">Transcoding</h2>
      {stats
        ? (
          <dl class="details">
            <dt>Transcodes</dt>
            <dd>{stats.active_transcodes} running of at most {stats.max_transcodes}</dd>
            <dt>Streaming sessions</dt>
            <dd>{stats.sessions}</dd>
            <dt>Cache</dt>
            <dd>
              {formatBytes(stats.cache_bytes) || "0 B"} of {formatBytes(stats.cache_limit_bytes)}
            </dd>
          </dl>
        )
        : <p class="muted">Transcoding needs ffmpeg and ffprobe.</p>}
      <h3>Hardware acceleration</h3>
      {report
        ? (
          <>
            <p class="hw-selected">
              In use: <strong>{report.selected === "none" ? "software" : report.selected}</strong> —
              {" "}
              {report.reason}
            </p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Method</th>
                    <th scope="col">Offered by ffmpeg</th>
                    <th scope="col">Works</th>
                    <th scope="col">Device</th>
                    <th scope="col">Encoders / error</th>
                  </tr>
                </thead>
                <tbody>
                  {report.methods.map((m) => (
                    <tr>
                      <td>{m.name === "none" ? "software" : m.name}</td>
                      <td>{m.offered ? "yes" : "no"}</td>
                      <td class={m.works ? "hw-ok" : m.offered ? "hw-bad" : ""}>
                        {m.works ? "yes" : "no"}
                      </td>
                      <td>{m.device ? <code>{m.device}</code> : ""}</td>
                      <td>
                        {m.error
                          ? <span class="hw-bad">{m.error}</span>
                          : <span class="muted">{m.encoders.join(", ")}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
        : <p class="muted">Still testing what this machine offers; refresh shortly.</p>}
    </section>
  );
}

/** Name and folder of a library, in a disclosure (open again after a failed save). */
function EditLibrary(
  { library, values }: { library: AdminLibrary; values?: Record<string, string> },
) {
  return (
    <details open={values !== undefined}>
      <summary>Edit</summary>
      <form method="post" action="/admin" class="inline-form">
        <input type="hidden" name="action" value="edit_library" />
        <input type="hidden" name="library_id" value={library.id} />
        <Field label="Name" name="name" value={values?.name ?? library.name} required />
        <Field
          label="Folder on the server"
          name="path"
          value={values?.path ?? library.path}
          required
        />
        <p class="muted">
          Type: {library.kind}{" "}
          (fixed; to change it, remove the library and add it again). A new folder is scanned at
          once.
        </p>
        <button type="submit" class="btn-small">Save</button>
      </form>
    </details>
  );
}

/**
 * The second step of a removal that cannot be undone: what will happen, and a form that posts
 * `action` for `field`=`id` again with `confirm=yes`.
 */
function ConfirmPanel(
  { id, title, children, action, field, value, button, cancel }: {
    id: string;
    title: string;
    children: ComponentChildren;
    action: string;
    field: string;
    value: string;
    button: string;
    cancel: string;
  },
) {
  return (
    <div class="alert" role="alertdialog" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p>{children}</p>
      <form method="post" action="/admin" class="inline-form">
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name={field} value={value} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="btn-primary">{button}</button> <a href={cancel}>Cancel</a>
      </form>
    </div>
  );
}

/** The second step of removing a library. */
function ConfirmRemoval(
  { library }: { library: NonNullable<AdminData["confirmDelete"]> },
) {
  return (
    <ConfirmPanel
      id="confirm-remove-h"
      title={`Remove the library “${library.name}”?`}
      action="delete_library"
      field="library_id"
      value={library.id}
      button="Remove library"
      cancel="/admin#libraries"
    >
      Its {formatCount(library.item_count)}{" "}
      items leave Rustfin, with everyone's watch history and favourites for them. The media files in
      {" "}
      <code>{library.path}</code> stay on disk; add the folder again to bring them back.
    </ConfirmPanel>
  );
}

/** Name and admin flag of a user, in a disclosure (open again after a failed save). */
function EditUser(
  { user, isMe, values }: { user: AdminUser; isMe: boolean; values?: Record<string, string> },
) {
  const isAdmin = values ? values.is_admin === "on" : user.is_admin;
  return (
    <details open={values !== undefined}>
      <summary>Edit</summary>
      <form method="post" action="/admin" class="inline-form">
        <input type="hidden" name="action" value="edit_user" />
        <input type="hidden" name="user_id" value={user.id} />
        <Field
          label="User name"
          name="username"
          value={values?.username ?? user.username}
          autocomplete="off"
          required
        />
        <label class="check">
          <input type="checkbox" name="is_admin" checked={isAdmin} />{" "}
          Administrator (sees every library)
        </label>
        {isMe && (
          <p class="muted">
            This is you: without the admin box you lose access to this page at once.
          </p>
        )}
        <button type="submit" class="btn-small">Save</button>
      </form>
    </details>
  );
}

/** The second step of deleting a user. */
function ConfirmUserDeletion(
  { user }: { user: NonNullable<AdminData["confirmDeleteUser"]> },
) {
  return (
    <ConfirmPanel
      id="confirm-delete-user-h"
      title={`Delete the user “${user.username}”?`}
      action="delete_user"
      field="user_id"
      value={user.id}
      button="Delete user"
      cancel="/admin#users"
    >
      {user.is_admin ? "This admin" : "This user"}{" "}
      is signed out everywhere and their playback stops. Their library access, watch history,
      favourites and settings are deleted; this cannot be undone.
    </ConfirmPanel>
  );
}

export default function Admin(props: PageProps) {
  const data = props.data as AdminData;
  const form = data.form ?? {};
  const libForm = form.action === "add_library" ? form : {};
  const userForm = form.action === "add_user" ? form : {};
  const editForm = form.action === "edit_library" ? form : {};
  const editUserForm = form.action === "edit_user" ? form : {};
  return (
    <>
      <h1>Administration</h1>
      <Message error={data.error} notice={data.notice} />
      <div class="admin-grid">
        <section class="panel" id="now-playing" aria-labelledby="now-playing-h">
          <h2 id="now-playing-h">Now playing</h2>
          <NowPlaying sessions={data.sessions} durations={data.durations} />
        </section>

        <section class="panel" id="libraries" aria-labelledby="libraries-h">
          <h2 id="libraries-h">Libraries</h2>
          {data.confirmDelete && <ConfirmRemoval library={data.confirmDelete} />}
          {data.libraries.length > 0
            ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Folder</th>
                      <th scope="col">Items</th>
                      <th scope="col">Scan</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.libraries.map((l) => (
                      <tr>
                        <td>
                          <a href={`/libraries/${encodeURIComponent(l.id)}`}>{l.name}</a>{" "}
                          <span class="badge">{l.kind}</span> {l.state === "offline"
                            ? (
                              <span class="badge badge-offline" title={l.state_reason ?? ""}>
                                offline
                              </span>
                            )
                            : null}
                        </td>
                        <td>
                          <code>{l.path}</code>
                          {l.state === "offline" && l.state_reason && (
                            <div class="muted">{l.state_reason}</div>
                          )}
                        </td>
                        <td>{formatCount(l.item_count)}</td>
                        <td>
                          <ScanProgress library_id={l.id} status={l.scan} />
                        </td>
                        <td>
                          <div class="actions">
                            <form method="post" action="/admin">
                              <input type="hidden" name="action" value="rescan" />
                              <input type="hidden" name="library_id" value={l.id} />
                              <button type="submit" class="btn-small">Rescan</button>
                            </form>
                            <form method="post" action="/admin">
                              <input type="hidden" name="action" value="delete_library" />
                              <input type="hidden" name="library_id" value={l.id} />
                              <button type="submit" class="btn-small">Remove…</button>
                            </form>
                          </div>
                          <EditLibrary
                            library={l}
                            values={editForm.library_id === l.id ? editForm : undefined}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
            : <p class="muted">No libraries yet. Add the folder that holds your media.</p>}
          <h3>Add a library</h3>
          <form method="post" action="/admin" class="inline-form">
            <input type="hidden" name="action" value="add_library" />
            <Field label="Name" name="name" value={libForm.name} required placeholder="Movies" />
            <Field
              label="Folder on the server"
              name="path"
              value={libForm.path}
              required
              placeholder="/srv/media/movies"
            />
            <label class="field">
              <span>Type</span>
              <select name="kind">
                {LIBRARY_KINDS.map((k) => (
                  <option value={k} selected={(libForm.kind ?? "movies") === k}>{k}</option>
                ))}
              </select>
            </label>
            <button type="submit" class="btn-primary">Add library</button>
          </form>
        </section>

        <section class="panel" id="users" aria-labelledby="users-h">
          <h2 id="users-h">Users</h2>
          {data.confirmDeleteUser && <ConfirmUserDeletion user={data.confirmDeleteUser} />}
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Libraries</th>
                  <th scope="col">Password</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr>
                    <td>
                      {u.username} {u.is_admin && <span class="badge">admin</span>}
                    </td>
                    <td>
                      {u.is_admin
                        ? <span class="muted">All (admin)</span>
                        : (
                          <form method="post" action="/admin" class="inline-form">
                            <input type="hidden" name="action" value="set_access" />
                            <input type="hidden" name="user_id" value={u.id} />
                            <div>
                              <LibraryChecks libraries={data.libraries} checked={u.library_ids} />
                            </div>
                            <button type="submit" class="btn-small">Save access</button>
                          </form>
                        )}
                    </td>
                    <td>
                      <form method="post" action="/admin" class="inline-form">
                        <input type="hidden" name="action" value="set_password" />
                        <input type="hidden" name="user_id" value={u.id} />
                        <label class="visually-hidden" for={`pw-${u.id}`}>
                          New password for {u.username}
                        </label>
                        <input
                          id={`pw-${u.id}`}
                          type="password"
                          name="password"
                          autocomplete="new-password"
                          minLength={8}
                          required
                          placeholder="New password"
                        />
                        <button type="submit" class="btn-small">Set</button>
                      </form>
                    </td>
                    <td>
                      {u.id === data.me
                        ? <span class="muted">To delete your own account, ask another admin.</span>
                        : (
                          <div class="actions">
                            <form method="post" action="/admin">
                              <input type="hidden" name="action" value="delete_user" />
                              <input type="hidden" name="user_id" value={u.id} />
                              <button type="submit" class="btn-small">Delete…</button>
                            </form>
                          </div>
                        )}
                      <EditUser
                        user={u}
                        isMe={u.id === data.me}
                        values={editUserForm.user_id === u.id ? editUserForm : undefined}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Add a user</h3>
          <form method="post" action="/admin">
            <input type="hidden" name="action" value="add_user" />
            <div class="inline-form">
              <Field
                label="User name"
                name="username"
                value={userForm.username}
                autocomplete="off"
                required
              />
              <Field
                label="Password (8+ characters)"
                name="password"
                type="password"
                autocomplete="new-password"
                minLength={8}
                required
              />
            </div>
            <p>
              <span class="muted">Libraries:</span>{" "}
              <LibraryChecks libraries={data.libraries} checked={[]} />
            </p>
            <p>
              <label class="check">
                <input type="checkbox" name="is_admin" /> Administrator (sees every library)
              </label>
            </p>
            <button type="submit" class="btn-primary">Add user</button>
          </form>
        </section>

        <Transcoding report={data.hwaccel} stats={data.transcodes} />

        <section class="panel" id="server" aria-labelledby="server-h">
          <h2 id="server-h">Server</h2>
          {data.server.problems.map((p) => <p key={p} class="alert">{p}</p>)}
          <dl class="details">
            <dt>Version</dt>
            <dd>{data.server.version}</dd>
            <dt>Uptime</dt>
            <dd>{formatUptime(data.server.uptime_s)}</dd>
            <dt>ffmpeg</dt>
            <dd>{data.server.ffmpeg ?? "not found"}</dd>
            <dt>ffprobe</dt>
            <dd>{data.server.ffprobe ?? "not found"}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{data.server.data_dir}</code>
            </dd>
            <dt>API</dt>
            <dd>
              <a href="/api/openapi.json">OpenAPI description</a>
            </dd>
          </dl>
        </section>
      </div>
    </>
  );
}
