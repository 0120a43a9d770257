import { assertEquals } from "../../tests/helpers/assert.ts";
import { PlaybackTokens } from "./playback_token.ts";

Deno.test("PlaybackTokens round-trips claims and rejects tampering, other keys and expiry", async () => {
  const tokens = new PlaybackTokens("secret-one");
  const claims = { u: "user1", i: "item1", s: "sess1", e: 2_000_000_000_000 };
  const token = await tokens.sign(claims);
  assertEquals(await tokens.verify(token, 1_000), claims);
  assertEquals(await tokens.verify(token, 2_000_000_000_001), undefined, "expired");
  assertEquals(await new PlaybackTokens("secret-two").verify(token, 1_000), undefined, "other key");
  const [payload, sig] = token.split(".");
  const forged = btoa(JSON.stringify({ ...claims, i: "item2" })).replace(/=+$/, "");
  assertEquals(await tokens.verify(`${forged}.${sig}`, 1_000), undefined, "changed claims");
  assertEquals(await tokens.verify(`${payload}.${sig.slice(0, -2)}`, 1_000), undefined, "cut sig");
  for (const junk of ["", ".", "abc", "a.b", `${payload}.`, "x".repeat(2000)]) {
    assertEquals(await tokens.verify(junk, 1_000), undefined, junk.slice(0, 20));
  }
});
