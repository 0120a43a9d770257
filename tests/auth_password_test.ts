/** Password changes over the API: who may change whose password, and what happens to sessions. */
import { assertEquals } from "./helpers/assert.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("a password change ends the user's sessions at once, remembered tokens too", async () => {
  await using srv = await startTestServer();
  const alice = await srv.createUser("alice", []);
  const bob = await srv.createUser("bob", []);
  const me = (token: string) => srv.api("/api/me", { token });
  const setPassword = (id: string, token: string, password: string) =>
    srv.api(`/api/users/${id}/password`, {
      token,
      method: "PUT",
      body: JSON.stringify({ password }),
    });

  // Used once, so the server remembers the token for its next requests.
  assertEquals((await me(alice.token)).status, 200);
  const other = await setPassword(bob.id, alice.token, "newpassword1");
  assertEquals(other.status, 403);
  assertEquals((await other.json()).error.code, "forbidden");
  const short = await setPassword(alice.id, alice.token, "x");
  assertEquals(short.status, 400);
  await short.body?.cancel();

  const changed = await setPassword(alice.id, alice.token, "newpassword1");
  assertEquals(changed.status, 200);
  await changed.body?.cancel();
  const after = await me(alice.token);
  assertEquals(after.status, 401, "the old token is refused on the very next request");
  await after.body?.cancel();
  assertEquals((await me(bob.token)).status, 200, "other users keep their sessions");

  const login = (password: string) =>
    srv.api("/api/auth/login", {
      token: null,
      method: "POST",
      body: JSON.stringify({ username: "alice", password }),
    });
  const old = await login("password123");
  assertEquals(old.status, 401);
  await old.body?.cancel();
  const fresh = await login("newpassword1");
  assertEquals(fresh.status, 200);
  const { token } = await fresh.json();
  assertEquals((await me(token)).status, 200);

  // An admin may set anyone's password; the user's sessions end the same way.
  assertEquals((await setPassword(alice.id, srv.adminToken, "another-pass1")).status, 200);
  const ended = await me(token);
  assertEquals(ended.status, 401);
  await ended.body?.cancel();
});
