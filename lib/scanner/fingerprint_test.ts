import { assert, assertEquals, assertNotEquals } from "../../tests/helpers/assert.ts";
import { FINGERPRINT_CHUNK, fingerprintFile } from "./fingerprint.ts";

function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

Deno.test("fingerprintFile() is equal for equal content under another name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const size of [0, 10, 2 * FINGERPRINT_CHUNK, 3 * FINGERPRINT_CHUNK + 17]) {
      const data = bytes(size, size + 1);
      await Deno.writeFile(`${dir}/a`, data);
      await Deno.writeFile(`${dir}/b.mkv`, data);
      const a = await fingerprintFile(`${dir}/a`);
      assertEquals(a, await fingerprintFile(`${dir}/b.mkv`), `size ${size}`);
      assert(a.startsWith(`${size}:`), a);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fingerprintFile() differs when the size, the head or the tail differ", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const size = 4 * FINGERPRINT_CHUNK;
    const base = bytes(size, 7);
    await Deno.writeFile(`${dir}/base`, base);
    const fp = await fingerprintFile(`${dir}/base`);
    const variants: [string, Uint8Array][] = [
      ["head", base.map((b, i) => i === 5 ? b ^ 1 : b)],
      ["tail", base.map((b, i) => i === size - 3 ? b ^ 1 : b)],
      ["size", base.subarray(0, size - 1)],
    ];
    for (const [name, data] of variants) {
      await Deno.writeFile(`${dir}/${name}`, data);
      assertNotEquals(await fingerprintFile(`${dir}/${name}`), fp, name);
    }
    // The middle is not read: a change there keeps the fingerprint (documented trade-off).
    await Deno.writeFile(`${dir}/middle`, base.map((b, i) => i === size / 2 ? b ^ 1 : b));
    assertEquals(await fingerprintFile(`${dir}/middle`), fp);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
