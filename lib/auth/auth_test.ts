import { assert, assertEquals, assertRejects } from "../../tests/helpers/assert.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";
import { LoginRateLimiter } from "./rate_limit.ts";
import { usernameProblem } from "./username.ts";
import { Authenticator, LoginError, readCookie } from "./authenticator.ts";
import { openDatabase } from "../db/database.ts";
import { UsersRepo } from "../db/users.ts";

Deno.test("hashPassword() makes Argon2id PHC strings with OWASP parameters that verify", async () => {
  const hash = await hashPassword("correct horse");
  assert(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
  assertEquals(await verifyPassword("correct horse", hash), true);
  assertEquals(await verifyPassword("wrong horse", hash), false);
  assertEquals(await verifyPassword("x", "not-a-hash"), false);
  const again = await hashPassword("correct horse");
  assert(again !== hash, "salts differ");
});

Deno.test("passwordProblem() and usernameProblem() explain refusals", () => {
  assertEquals(passwordProblem("12345678"), undefined);
  assert(passwordProblem("short")?.includes("at least 8"));
  assert(passwordProblem(42)?.includes("string"));
  assertEquals(usernameProblem("Anna Maria"), undefined);
  assertEquals(
    usernameProblem("jürgen.o'"),
    "username may contain letters, digits, spaces and . _ @ -",
  );
  assert(usernameProblem("")?.includes("1–64"));
});

Deno.test("LoginRateLimiter refuses after 5 failures per user+address, until the window ends", () => {
  let now = 0;
  const rl = new LoginRateLimiter({
    maxPerUser: 5,
    maxPerAddress: 20,
    windowMs: 60_000,
    now: () => now,
  });
  for (let i = 0; i < 5; i++) {
    assertEquals(rl.retryAfter("bob", "1.2.3.4"), 0);
    rl.fail("bob", "1.2.3.4");
  }
  assertEquals(rl.retryAfter("bob", "1.2.3.4"), 60);
  assertEquals(rl.retryAfter("BOB", "1.2.3.4"), 60, "names are case-insensitive");
  assertEquals(rl.retryAfter("bob", "5.6.7.8"), 0, "another address is not blocked");
  now = 30_000;
  assertEquals(rl.retryAfter("bob", "1.2.3.4"), 30);
  now = 60_001;
  assertEquals(rl.retryAfter("bob", "1.2.3.4"), 0);
});

Deno.test("LoginRateLimiter limits an address across user names", () => {
  const rl = new LoginRateLimiter({
    maxPerUser: 100,
    maxPerAddress: 3,
    windowMs: 1000,
    now: () => 0,
  });
  rl.fail("a", "9.9.9.9");
  rl.fail("b", "9.9.9.9");
  rl.fail("c", "9.9.9.9");
  assertEquals(rl.retryAfter("d", "9.9.9.9"), 1);
});

Deno.test("Authenticator logs in, resolves Bearer/api_key/cookie, and logs out", async () => {
  const db = await openDatabase(":memory:");
  const users = new UsersRepo(db);
  users.create({
    username: "ann",
    password_hash: await hashPassword("password1"),
    is_admin: false,
  });
  const auth = new Authenticator(users);
  await assertRejects(() => auth.login("ann", "nope", "1.1.1.1"), LoginError, "Wrong");
  await assertRejects(() => auth.login("nobody", "password1", "1.1.1.1"), LoginError, "Wrong");
  const { token, user } = await auth.login("ANN", "password1", "1.1.1.1");
  assertEquals(user.username, "ann");
  const stored = db.prepare("SELECT token_hash FROM sessions").get() as { token_hash: string };
  assert(stored.token_hash !== token && stored.token_hash.length === 64, "only the hash is stored");
  const base = "http://x/api/me";
  const viaBearer = await auth.resolve(
    new Request(base, { headers: { authorization: `Bearer ${token}` } }),
    new URL(base),
  );
  assertEquals(viaBearer?.via, "bearer");
  const key = `${base}?api_key=${token}`;
  assertEquals((await auth.resolve(new Request(key), new URL(key)))?.via, "api_key");
  const viaCookie = await auth.resolve(
    new Request(base, { headers: { cookie: `a=b; rustfin_session=${token}` } }),
    new URL(base),
  );
  assertEquals(viaCookie?.user.id, user.id);
  assertEquals(await auth.resolve(new Request(base), new URL(base)), undefined);
  await auth.logout(token);
  assertEquals(await auth.userForToken(token), undefined);
  db.close();
});

Deno.test("Authenticator rejects expired sessions", async () => {
  const db = await openDatabase(":memory:");
  const users = new UsersRepo(db);
  const u = users.create({ username: "x", password_hash: "h", is_admin: false });
  users.createSession({ token_hash: "a".repeat(64), user_id: u.id, ttl_ms: -1000 });
  assertEquals(users.userForSession("a".repeat(64)), undefined);
  assertEquals(users.purgeExpiredSessions(), 1);
  db.close();
});

Deno.test("readCookie() finds one cookie among several", () => {
  assertEquals(readCookie("a=1; rustfin_session=abc%3D; b=2", "rustfin_session"), "abc=");
  assertEquals(readCookie("a=1", "rustfin_session"), undefined);
  assertEquals(readCookie(null, "x"), undefined);
});
