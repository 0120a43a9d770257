/**
 * Changing and deleting users against a real server: PATCH /api/users/{id} (rename, taken
 * names, promote, demote with the demoted admin's remembered token losing its rights at once,
 * the last admin kept), DELETE /api/users/{id} (tokens refused at once, rows gone, playback
 * ended, login refused; self and last admin refused) and the admin page's forms.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./helpers/assert.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { makeMedia, type MediaSpec } from "./fixtures/media.ts";
import { CHROME_CAPS } from "./fixtures/caps.ts";
import { SESSION_COOKIE } from "../lib/auth/authenticator.ts";
import { deleteUser } from "../lib/user_admin.ts";
import { HttpError } from "../lib/errors.ts";

const root = await Deno.makeTempDir({ prefix: "rustfin-useradmin-" });
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

const video: MediaSpec["video"] = { codec: "h264", width: 160, height: 90, fps: 10 };
await Promise.all([
  // Direct play in Chrome.
  makeMedia(root, {
    name: "Movies/Plain (2001)/Plain (2001).mp4",
    duration_s: 2,
    video,
    audio: { codec: "aac", channels: 2, sample_rate: 48000 },
  }),
  // An HLS remux in Chrome (AC-3 audio): a live ffmpeg session for a delete to end.
  makeMedia(root, {
    name: "Movies/Surround (2019)/Surround (2019).mkv",
    duration_s: 4,
    video,
    audio: { codec: "ac3", channels: 6, sample_rate: 48000 },
  }),
]);

function patch(srv: TestServer, id: string, body: unknown, token?: string | null) {
  return srv.api(`/api/users/${id}`, { method: "PATCH", body: JSON.stringify(body), token });
}

function del(srv: TestServer, id: string, token?: string | null) {
  return srv.api(`/api/users/${id}`, { method: "DELETE", token });
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = await res.json();
  return { status: res.status, code: body.error?.code, message: body.error?.message };
}

/** The status of a request, its body discarded. */
async function statusOf(res: Promise<Response>): Promise<number> {
  const r = await res;
  await r.body?.cancel();
  return r.status;
}

function login(srv: TestServer, username: string, password: string) {
  return fetch(`${srv.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
}

function adminId(srv: TestServer): string {
  return srv.server.services.users.getByName("admin")!.id;
}

/** Rows anywhere in the database that belong to the user. */
function rowsOf(srv: TestServer, userId: string): Record<string, number> {
  const db = srv.server.services.db;
  const count = (table: string, col = "user_id") =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${col} = ?`).get(userId) as {
      n: number;
    }).n;
  return {
    users: count("users", "id"),
    sessions: count("sessions"),
    user_library_access: count("user_library_access"),
    user_item_data: count("user_item_data"),
    user_settings: count("user_settings"),
  };
}

Deno.test("PATCH /api/users/{id}: rename, taken names, promote and demote at once", async (t) => {
  await using srv = await startTestServer();
  const viewer = await srv.createUser("viewer", []);
  const other = await srv.createUser("other", []);

  await t.step(
    "rename: listed under the new name, which logs in; the old one does not",
    async () => {
      const res = await patch(srv, viewer.id, { username: "  Watcher " });
      assertEquals(res.status, 200);
      const body = await res.json();
      assertEquals([body.id, body.username, body.is_admin, body.library_ids], [
        viewer.id,
        "Watcher",
        false,
        [],
      ]);
      const list = await (await srv.api("/api/users")).json();
      assert(list.items.some((u: { username: string }) => u.username === "Watcher"));
      assertEquals(await statusOf(login(srv, "Watcher", "password123")), 200);
      assertEquals(await statusOf(login(srv, "viewer", "password123")), 401);
      // The session opened before the rename still works.
      const me = await srv.api("/api/me", { token: viewer.token });
      assertEquals([me.status, (await me.json()).username], [200, "Watcher"]);
    },
  );

  await t.step("a case-only rename of the user itself is allowed", async () => {
    const res = await patch(srv, viewer.id, { username: "watcher" });
    assertEquals([res.status, (await res.json()).username], [200, "watcher"]);
  });

  await t.step("a name another user has (any case) is a 409 conflict", async () => {
    for (const name of ["other", "OTHER", "Admin"]) {
      assertEquals(await errorOf(await patch(srv, viewer.id, { username: name })), {
        status: 409,
        code: "conflict",
        message: `The user name "${name}" is taken`,
      });
    }
    assertEquals(srv.server.services.users.get(viewer.id)?.username, "watcher");
  });

  await t.step("two renames to one free name at once: one 200, one 409", async () => {
    const results = await Promise.all([
      patch(srv, viewer.id, { username: "Twin" }),
      patch(srv, other.id, { username: "twin" }),
    ]);
    const statuses = await Promise.all(results.map((r) => statusOf(Promise.resolve(r))));
    assertEquals(statuses.sort(), [200, 409]);
    const names = srv.server.services.users.list().map((u) => u.username.toLowerCase());
    assertEquals(names.filter((n) => n === "twin").length, 1);
    // Back to distinct names for the next steps.
    const twin = srv.server.services.users.getByName("twin")!;
    assertEquals(await statusOf(patch(srv, twin.id, { username: "watcher" })), 200);
  });

  await t.step("invalid fields are 400 bad_request", async () => {
    const cases: [unknown, string][] = [
      [{ username: "" }, '"username" must be a non-empty string'],
      [{ username: "a/b" }, "username may contain letters, digits, spaces and . _ @ -"],
      [{ username: "x".repeat(65) }, "username must be 1–64 characters"],
      [{ is_admin: "yes" }, '"is_admin" must be true or false'],
      [[], "Body must be a JSON object"],
    ];
    for (const [body, message] of cases) {
      assertEquals(await errorOf(await patch(srv, viewer.id, body)), {
        status: 400,
        code: "bad_request",
        message,
      });
    }
  });

  await t.step("promote: the user's remembered token has admin rights at once", async () => {
    // Used (and remembered by the server) as a plain user first.
    assertEquals(await statusOf(srv.api("/api/users", { token: viewer.token })), 403);
    const res = await patch(srv, viewer.id, { is_admin: true });
    const body = await res.json();
    assertEquals([res.status, body.is_admin], [200, true]);
    assertEquals(await statusOf(srv.api("/api/users", { token: viewer.token })), 200);
  });

  await t.step(
    "demote: the token used a moment ago loses admin rights on its next request",
    async () => {
      assertEquals(await statusOf(srv.api("/api/users", { token: viewer.token })), 200);
      const res = await patch(srv, viewer.id, { is_admin: false });
      assertEquals([res.status, (await res.json()).is_admin], [200, false]);
      assertEquals(await statusOf(srv.api("/api/users", { token: viewer.token })), 403);
      assertEquals(await statusOf(patch(srv, other.id, { is_admin: true }, viewer.token)), 403);
      // Still signed in, as a plain user.
      assertEquals(await statusOf(srv.api("/api/me", { token: viewer.token })), 200);
    },
  );

  await t.step("the only admin cannot be demoted (409), by itself or anyone", async () => {
    assertEquals(await errorOf(await patch(srv, adminId(srv), { is_admin: false })), {
      status: 409,
      code: "conflict",
      message: "admin is the only admin: make another user an admin first, so the server keeps one",
    });
    assertEquals(srv.server.services.users.adminCount(), 1);
    assertEquals(await statusOf(srv.api("/api/users")), 200);
  });

  await t.step(
    "two admins demoting themselves at once: one 200, one 409, one admin left",
    async () => {
      assertEquals(await statusOf(patch(srv, viewer.id, { is_admin: true })), 200);
      const results = await Promise.all([
        patch(srv, adminId(srv), { is_admin: false }),
        patch(srv, viewer.id, { is_admin: false }, viewer.token),
      ]);
      const statuses = await Promise.all(results.map((r) => statusOf(Promise.resolve(r))));
      assertEquals(statuses.sort(), [200, 409]);
      assertEquals(srv.server.services.users.adminCount(), 1);
      // Whoever is still admin makes the other one admin again.
      const adminLeft = srv.server.services.users.get(viewer.id)!.is_admin;
      const [token, other] = adminLeft ? [viewer.token, adminId(srv)] : [srv.adminToken, viewer.id];
      assertEquals(await statusOf(patch(srv, other, { is_admin: true }, token)), 200);
      assertEquals(srv.server.services.users.adminCount(), 2);
    },
  );

  await t.step("non-admins get 403, unknown ids 404, no credentials 401", async () => {
    assertEquals(await statusOf(patch(srv, viewer.id, { username: "x" }, other.token)), 403);
    assertEquals(await statusOf(patch(srv, other.id, { is_admin: true }, other.token)), 403);
    assertEquals(await errorOf(await patch(srv, "nosuchuser", { username: "x" })), {
      status: 404,
      code: "not_found",
      message: "User not found",
    });
    assertEquals(await statusOf(patch(srv, viewer.id, { username: "x" }, null)), 401);
    assertEquals(srv.server.services.users.get(other.id)?.is_admin, false);
  });
});

Deno.test("DELETE /api/users/{id}: tokens refused at once, rows gone, playback ended", async (t) => {
  await using srv = await startTestServer();
  const lib = await srv.addLibrary("Movies", join(root, "Movies"), "movies");
  const user = await srv.createUser("viewer", [lib]);
  const bystander = await srv.createUser("bystander", [lib]);
  const items = (await (await srv.api(`/api/items?library_id=${lib}&kind=movie`)).json())
    .items as { id: string; title: string }[];
  const plain = items.find((i) => i.title === "Plain")!;
  const surround = items.find((i) => i.title === "Surround")!;

  // State a delete must remove: play state, settings, a direct and an HLS playback.
  const send = (method: string, path: string, body?: unknown) =>
    statusOf(srv.api(path, {
      method,
      token: user.token,
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  assertEquals(await send("POST", `/api/items/${plain.id}/played`), 200);
  assertEquals(await send("POST", `/api/items/${surround.id}/favorite`), 200);
  assertEquals(await send("PUT", "/api/me/settings", { audio_language: "eng" }), 200);
  const start = async (item: string) => {
    const res = await srv.api(`/api/items/${item}/playback`, {
      method: "POST",
      token: user.token,
      body: JSON.stringify({ profile: "chrome", caps: CHROME_CAPS }),
    });
    assertEquals(res.status, 200);
    return await res.json() as { session_id: string; url: string; decision: string };
  };
  const direct = await start(plain.id);
  const hls = await start(surround.id);
  assertEquals([direct.decision, hls.decision], ["direct", "remux"]);
  assertEquals(await statusOf(srv.api(hls.url, { token: null })), 200);
  const services = srv.server.services;
  const sessionsOf = (id: string) => services.playback.list().filter((s) => s.user_id === id);
  assertEquals(sessionsOf(user.id).length, 2);
  const hlsId = sessionsOf(user.id).find((s) => s.decision.decision === "remux")!.id;
  assert(services.hls?.get(hlsId), "HLS session running");
  const rowsBefore = rowsOf(srv, user.id);
  assertEquals(rowsBefore, {
    users: 1,
    sessions: 1,
    user_library_access: 1,
    user_item_data: 2,
    user_settings: 1,
  });

  await t.step("non-admins get 403, unknown ids 404, no credentials 401", async () => {
    assertEquals(await errorOf(await del(srv, user.id, bystander.token)), {
      status: 403,
      code: "forbidden",
      message: "Only admins may do this",
    });
    assertEquals(await statusOf(del(srv, bystander.id, user.token)), 403);
    assertEquals(await errorOf(await del(srv, "nosuchuser")), {
      status: 404,
      code: "not_found",
      message: "User not found",
    });
    assertEquals(await statusOf(del(srv, user.id, null)), 401);
    assertEquals(rowsOf(srv, user.id), rowsBefore);
  });

  await t.step("an admin cannot delete their own account (400: ask another admin)", async () => {
    assertEquals(await errorOf(await del(srv, adminId(srv))), {
      status: 400,
      code: "bad_request",
      message: "You cannot delete your own account; ask another admin to delete it",
    });
    assert(services.users.get(adminId(srv)));
  });

  await t.step("delete: 204; the token used just before is refused at once", async () => {
    // Remembered by the server for a few seconds from this request.
    assertEquals(await statusOf(srv.api("/api/me", { token: user.token })), 200);
    const res = await del(srv, user.id);
    assertEquals([res.status, await res.text()], [204, ""]);
    assertEquals(await errorOf(await srv.api("/api/me", { token: user.token })), {
      status: 401,
      code: "unauthorized",
      message: "Sign in first",
    });
    assertEquals(await statusOf(srv.api(`/api/items/${plain.id}`, { token: user.token })), 401);
  });

  await t.step("no rows of the user remain; other users keep theirs", () => {
    assertEquals(rowsOf(srv, user.id), {
      users: 0,
      sessions: 0,
      user_library_access: 0,
      user_item_data: 0,
      user_settings: 0,
    });
    assertEquals(rowsOf(srv, bystander.id).user_library_access, 1);
    assertEquals(rowsOf(srv, bystander.id).sessions, 1);
  });

  await t.step("the user's playback ended: no session, no transcode, links dead", async () => {
    assertEquals(sessionsOf(user.id), []);
    assertEquals(services.hls?.get(hlsId), undefined);
    assertEquals(await statusOf(srv.api(hls.url, { token: null })), 404);
    assertEquals(await statusOf(srv.api(direct.url, { token: null })), 404);
  });

  await t.step("login with the user's credentials fails; the name is free again", async () => {
    assertEquals(await statusOf(login(srv, "viewer", "password123")), 401);
    const list = await (await srv.api("/api/users")).json();
    assertEquals(
      list.items.map((u: { username: string }) => u.username).sort(),
      ["admin", "bystander"],
    );
    assertEquals(await statusOf(del(srv, user.id)), 404);
    const again = await srv.createUser("viewer", []);
    assert(again.id !== user.id);
  });
});

Deno.test("the last admin can be neither demoted nor deleted, even by a stale request", async () => {
  await using srv = await startTestServer();
  const services = srv.server.services;
  const second = await srv.createUser("second", []);
  assertEquals(await statusOf(patch(srv, second.id, { is_admin: true })), 200);

  // A request of `second` that passed its admin check just before `second` was demoted, and
  // now deletes the only admin left: refused in the same transaction as the delete.
  assertEquals(await statusOf(patch(srv, second.id, { is_admin: false })), 200);
  let err: unknown;
  try {
    await deleteUser(services, second.id, adminId(srv));
  } catch (e) {
    err = e;
  }
  assert(err instanceof HttpError, String(err));
  assertEquals([err.status, err.message], [
    409,
    "admin is the only admin and cannot be deleted: make another user an admin first",
  ]);
  assertEquals(services.users.adminCount(), 1);

  // Two admins deleting each other at once: the second to run finds itself gone (401), or the
  // only admin left (409); never both deleted.
  assertEquals(await statusOf(patch(srv, second.id, { is_admin: true })), 200);
  const results = await Promise.all([
    del(srv, second.id),
    del(srv, adminId(srv), second.token),
  ]);
  const statuses = await Promise.all(results.map((r) => statusOf(Promise.resolve(r))));
  assertEquals(statuses.filter((s) => s === 204).length, 1, String(statuses));
  assert(statuses.every((s) => s === 204 || s === 401 || s === 409), String(statuses));
  assertEquals(services.users.adminCount(), 1);
  assertEquals(services.users.count(), 1);
});

Deno.test("admin page: edit a user, delete after a confirmation step", async () => {
  await using srv = await startTestServer();
  const services = srv.server.services;
  const user = await srv.createUser("viewer", []);
  await srv.createUser("other", []);
  const me = adminId(srv);
  const cookie = `${SESSION_COOKIE}=${srv.adminToken}`;
  const post = (fields: Record<string, string>, as = cookie) =>
    fetch(`${srv.url}/admin`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: as,
        origin: srv.url,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(fields),
    });

  const page = await (await fetch(`${srv.url}/admin`, { headers: { cookie } })).text();
  assertStringIncludes(page, 'name="action" value="edit_user"');
  assertStringIncludes(page, 'name="action" value="delete_user"');
  assertStringIncludes(page, "To delete your own account, ask another admin.");

  // A taken name: the page again with the message and the entered values, disclosure open.
  const bad = await post({ action: "edit_user", user_id: user.id, username: "Other" });
  assertEquals(bad.status, 400);
  const badHtml = await bad.text();
  assertStringIncludes(badHtml, "The user name &quot;Other&quot; is taken");
  assertStringIncludes(badHtml, 'value="Other"');
  assertStringIncludes(badHtml, "<details open");

  // Rename and promote in one save; the user's remembered token is an admin's at once.
  assertEquals(await statusOf(srv.api("/api/users", { token: user.token })), 403);
  const saved = await post({
    action: "edit_user",
    user_id: user.id,
    username: "Watcher",
    is_admin: "on",
  });
  assertEquals([saved.status, saved.headers.get("location")], [
    303,
    "/admin?done=user_saved#users",
  ]);
  assertEquals(
    [services.users.get(user.id)?.username, services.users.get(user.id)?.is_admin],
    ["Watcher", true],
  );
  assertEquals(await statusOf(srv.api("/api/users", { token: user.token })), 200);

  // An unchecked admin box demotes (the browser sends no field for it).
  const demoted = await post({ action: "edit_user", user_id: user.id, username: "Watcher" });
  assertEquals(demoted.status, 303);
  assertEquals(services.users.get(user.id)?.is_admin, false);
  assertEquals(await statusOf(srv.api("/api/users", { token: user.token })), 403);

  // The only admin cannot demote itself here either.
  const last = await post({ action: "edit_user", user_id: me, username: "admin" });
  assertEquals(last.status, 400);
  assertStringIncludes(await last.text(), "admin is the only admin");
  assertEquals(services.users.get(me)?.is_admin, true);

  // Deleting yourself is refused before any confirmation.
  const self = await post({ action: "delete_user", user_id: me });
  assertEquals(self.status, 400);
  const selfHtml = await self.text();
  assertStringIncludes(selfHtml, "ask another admin to delete it");
  assert(!selfHtml.includes('name="confirm" value="yes"'), "no confirmation for yourself");

  // First post: a confirmation panel, nothing deleted yet.
  const ask = await post({ action: "delete_user", user_id: user.id });
  assertEquals(ask.status, 200);
  const askHtml = await ask.text();
  assertStringIncludes(askHtml, "Delete the user “Watcher”?");
  assertStringIncludes(askHtml, 'name="confirm" value="yes"');
  assert(services.users.get(user.id), "not deleted before confirmation");
  assertEquals(await statusOf(srv.api("/api/me", { token: user.token })), 200);

  const done = await post({ action: "delete_user", user_id: user.id, confirm: "yes" });
  assertEquals([done.status, done.headers.get("location")], [
    303,
    "/admin?done=user_deleted#users",
  ]);
  await done.body?.cancel();
  assertEquals(services.users.get(user.id), undefined);
  assertEquals(await statusOf(srv.api("/api/me", { token: user.token })), 401);
  const after = await (await fetch(`${srv.url}/admin?done=user_deleted`, { headers: { cookie } }))
    .text();
  assertStringIncludes(
    after,
    "User deleted, with their sessions, library access and watch history.",
  );
  assert(!after.includes("Watcher"), "the user is no longer listed");

  // An admin who demotes themselves (another admin exists) leaves the admin page.
  const second = await srv.createUser("second", []);
  assertEquals(await statusOf(patch(srv, second.id, { is_admin: true })), 200);
  const away = await post({ action: "edit_user", user_id: me, username: "admin" });
  assertEquals([away.status, away.headers.get("location")], [303, "/"]);
  assertEquals(await statusOf(fetch(`${srv.url}/admin`, { headers: { cookie } })), 403);
});
