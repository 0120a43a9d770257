import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { toErrorResponse } from "../errors.ts";
import {
  ALLOWED_METHODS,
  CHUNK_SIZE,
  contentEtag,
  DEFAULT_CACHE_CONTROL,
  fileBodyStream,
  FileNotFoundError,
  serveBytes,
  serveFile,
  statFile,
} from "./serve_file.ts";

const MIB = 1024 * 1024;
const LINUX_ONLY = Deno.build.os !== "linux";

/** Deterministic pseudo-random bytes (an LCG), so every offset has a distinctive value. */
function pattern(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

interface Fixture {
  dir: string;
  path: string;
  data: Uint8Array;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A temp dir holding `media.mp4` with 1 MiB of known bytes and an mtime in the past. */
async function fixture(size = MIB): Promise<Fixture> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "rustfin_serve_" }));
  const path = `${dir}/media.mp4`;
  const data = pattern(size);
  await Deno.writeFile(path, data);
  // A Last-Modified well in the past is a strong validator (RFC 9110 §8.8.2.2).
  await Deno.utime(path, 1_700_000_000, 1_700_000_000);
  return {
    dir,
    path,
    data,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

function get(headers: Record<string, string> = {}, method = "GET"): Request {
  return new Request("http://rustfin.test/media", { method, headers });
}

async function bodyBytes(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

/** Open descriptors of this process that point at `path`, read from /proc/self/fd. */
function openFdsFor(path: string): number {
  let n = 0;
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${entry.name}`) === path) n++;
    } catch {
      // The descriptor (e.g. the one readDir itself used) closed while we looked.
    }
  }
  return n;
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

interface Part {
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** A strict multipart/byteranges reader: fails on any framing it does not expect. */
function parseMultipart(body: Uint8Array, contentType: string): Part[] {
  const m = /^multipart\/byteranges; boundary=([0-9A-Za-z'()+_,\-./:=?]+)$/.exec(contentType);
  ok(m, `multipart content type: ${contentType}`);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const delimiter = enc.encode(`\r\n--${m[1]}`);
  const first = enc.encode(`--${m[1]}\r\n`);
  deepStrictEqual(body.subarray(0, first.length), first, "body starts with the first boundary");
  const parts: Part[] = [];
  let pos = first.length;
  while (true) {
    const headerEnd = indexOfBytes(body, enc.encode("\r\n\r\n"), pos);
    ok(headerEnd > 0, "part header end");
    const headers: Record<string, string> = {};
    for (const line of dec.decode(body.subarray(pos, headerEnd)).split("\r\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers["content-range"]);
    ok(range, `part content-range: ${headers["content-range"]}`);
    const start = headerEnd + 4;
    const end = start + Number(range[2]) - Number(range[1]) + 1;
    deepStrictEqual(body.subarray(end, end + delimiter.length), delimiter, "delimiter after part");
    parts.push({ headers, bytes: body.subarray(start, end) });
    pos = end + delimiter.length;
    const tail = dec.decode(body.subarray(pos, pos + 4));
    if (tail === "--\r\n") {
      strictEqual(pos + 4, body.length, "nothing after the closing delimiter");
      return parts;
    }
    strictEqual(tail.slice(0, 2), "\r\n", "CRLF after a delimiter");
    pos += 2;
  }
}

Deno.test("serveFile() sends the whole file with validators and safe headers", async () => {
  await using f = await fixture();
  const res = await serveFile(get(), f.path);
  strictEqual(res.status, 200);
  const stat = await Deno.stat(f.path);
  strictEqual(res.headers.get("accept-ranges"), "bytes");
  strictEqual(res.headers.get("content-length"), String(MIB));
  strictEqual(res.headers.get("content-type"), "video/mp4");
  strictEqual(res.headers.get("x-content-type-options"), "nosniff");
  strictEqual(res.headers.get("cache-control"), DEFAULT_CACHE_CONTROL);
  strictEqual(res.headers.get("last-modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
  strictEqual(
    res.headers.get("etag"),
    `"100000-18bcfe56800-${stat.ino!.toString(16)}"`,
    "strong ETag of size, mtime and inode",
  );
  strictEqual(res.headers.get("content-range"), null);
  deepStrictEqual(await bodyBytes(res), f.data);
});

Deno.test("serveFile() answers single ranges with exact bytes", async () => {
  await using f = await fixture();
  const size = f.data.length;
  const rows: [range: string, start: number, end: number][] = [
    ["bytes=0-99", 0, 99],
    ["bytes=0-0", 0, 0],
    ["bytes=1000-", 1000, size - 1],
    ["bytes=-500", size - 500, size - 1],
    ["bytes=-5000000", 0, size - 1],
    ["bytes=1048000-9999999", 1048000, size - 1],
    ["bytes=524287-524288", 524287, 524288],
    ["bytes=100000-900000", 100000, 900000],
    ["bytes=0-9, 5-20", 0, 20],
  ];
  for (const [range, start, end] of rows) {
    const res = await serveFile(get({ range }), f.path);
    strictEqual(res.status, 206, range);
    strictEqual(res.headers.get("content-range"), `bytes ${start}-${end}/${size}`, range);
    strictEqual(res.headers.get("content-length"), String(end - start + 1), range);
    strictEqual(res.headers.get("content-type"), "video/mp4", range);
    deepStrictEqual(await bodyBytes(res), f.data.subarray(start, end + 1), range);
  }
});

Deno.test("serveFile() reads bounded ranges across chunk boundaries", async () => {
  await using f = await fixture(2 * CHUNK_SIZE + 1000);
  for (
    const [start, end] of [
      [CHUNK_SIZE - 1, CHUNK_SIZE],
      [10, 2 * CHUNK_SIZE + 10],
      [CHUNK_SIZE, 2 * CHUNK_SIZE - 1],
    ]
  ) {
    const res = await serveFile(get({ range: `bytes=${start}-${end}` }), f.path);
    strictEqual(res.headers.get("content-length"), String(end - start + 1));
    deepStrictEqual(await bodyBytes(res), f.data.subarray(start, end + 1), `${start}-${end}`);
  }
});

Deno.test("serveFile() reads ranges across many small chunks", async () => {
  await using f = await fixture();
  for (const chunkSize of [1, 7, 4096]) {
    const res = await serveFile(get({ range: "bytes=1000-21000" }), f.path, { chunkSize });
    deepStrictEqual(await bodyBytes(res), f.data.subarray(1000, 21001), `chunk ${chunkSize}`);
  }
});

Deno.test("serveFile() sends several ranges as multipart/byteranges", async () => {
  await using f = await fixture();
  const size = f.data.length;
  const res = await serveFile(get({ range: "bytes=500000-500099, 0-9,-10" }), f.path);
  strictEqual(res.status, 206);
  strictEqual(res.headers.get("content-range"), null);
  const body = await bodyBytes(res);
  strictEqual(res.headers.get("content-length"), String(body.length), "exact Content-Length");
  const parts = parseMultipart(body, res.headers.get("content-type")!);
  const expected: [number, number][] = [[500000, 500099], [0, 9], [size - 10, size - 1]];
  strictEqual(parts.length, expected.length);
  parts.forEach((part, i) => {
    const [start, end] = expected[i];
    deepStrictEqual(part.headers, {
      "content-type": "video/mp4",
      "content-range": `bytes ${start}-${end}/${size}`,
    });
    deepStrictEqual(part.bytes, f.data.subarray(start, end + 1), `part ${i}`);
  });
});

Deno.test("serveFile() uses a fresh multipart boundary and coalesces overlaps", async () => {
  await using f = await fixture();
  const a = await serveFile(get({ range: "bytes=0-1,10-11" }), f.path);
  const b = await serveFile(get({ range: "bytes=0-1,10-11" }), f.path);
  ok(a.headers.get("content-type") !== b.headers.get("content-type"), "boundaries differ");
  await a.body?.cancel();
  await b.body?.cancel();
  const merged = await serveFile(get({ range: "bytes=0-99,50-149,150-199" }), f.path);
  strictEqual(merged.headers.get("content-range"), `bytes 0-199/${MIB}`);
  deepStrictEqual(await bodyBytes(merged), f.data.subarray(0, 200));
});

Deno.test("serveFile() answers 416 with the size when no range is satisfiable", async () => {
  await using f = await fixture();
  for (const range of [`bytes=${MIB}-`, "bytes=2000000-3000000", "bytes=-0"]) {
    const res = await serveFile(get({ range }), f.path, { extraHeaders: { "x-extra": "1" } });
    strictEqual(res.status, 416, range);
    strictEqual(res.headers.get("content-range"), `bytes */${MIB}`, range);
    strictEqual(res.headers.get("x-extra"), "1");
    deepStrictEqual(await res.json(), {
      error: { code: "range_not_satisfiable", message: "Range not satisfiable" },
    });
  }
});

Deno.test("serveFile() ignores malformed, foreign and oversized Range headers", async () => {
  await using f = await fixture();
  const tooMany = "bytes=" + Array.from({ length: 17 }, (_, i) => `${i * 10}-${i * 10}`).join(",");
  for (const range of ["bytes=abc", "bytes=5-1", "items=0-1", "bytes=0-1,x", tooMany]) {
    const res = await serveFile(get({ range }), f.path);
    strictEqual(res.status, 200, range);
    strictEqual(res.headers.get("content-length"), String(MIB), range);
    deepStrictEqual(await bodyBytes(res), f.data, range);
  }
});

Deno.test("serveFile() answers 304 to a matching If-None-Match with only cache headers", async () => {
  await using f = await fixture();
  const first = await serveFile(get(), f.path);
  await first.body?.cancel();
  const etag = first.headers.get("etag")!;
  const extraHeaders = { vary: "Origin", "content-disposition": "inline", expires: "0" };
  for (const headers of [{ "if-none-match": etag }, { "if-none-match": `"x", W/${etag}` }]) {
    const res = await serveFile(get({ ...headers, range: "bytes=0-1" }), f.path, { extraHeaders });
    strictEqual(res.status, 304);
    strictEqual(res.body, null);
    deepStrictEqual(Object.fromEntries(res.headers), {
      "cache-control": DEFAULT_CACHE_CONTROL,
      etag,
      expires: "0",
      vary: "Origin",
    });
  }
  const changed = await serveFile(get({ "if-none-match": '"other"' }), f.path);
  strictEqual(changed.status, 200);
  await changed.body?.cancel();
});

Deno.test("serveFile() answers 304 to If-Modified-Since and 412 to failed If-Match", async () => {
  await using f = await fixture();
  const lm = "Tue, 14 Nov 2023 22:13:20 GMT";
  strictEqual((await serveFile(get({ "if-modified-since": lm }), f.path)).status, 304);
  const older = await serveFile(
    get({ "if-modified-since": "Tue, 14 Nov 2023 22:13:19 GMT" }),
    f.path,
  );
  strictEqual(older.status, 200);
  await older.body?.cancel();
  const failed = await serveFile(get({ "if-match": '"other"' }), f.path);
  strictEqual(failed.status, 412);
  strictEqual((await failed.json()).error.code, "precondition_failed");
  const unmodified = await serveFile(
    get({ "if-unmodified-since": "Tue, 14 Nov 2023 22:13:19 GMT" }),
    f.path,
  );
  strictEqual(unmodified.status, 412);
  await unmodified.body?.cancel();
});

Deno.test("serveFile() keeps a Range only when If-Range matches strongly", async () => {
  await using f = await fixture();
  const first = await serveFile(get(), f.path);
  await first.body?.cancel();
  const etag = first.headers.get("etag")!;
  const lm = first.headers.get("last-modified")!;
  const rows: [ifRange: string, status: number][] = [
    [etag, 206],
    [lm, 206],
    ['"stale"', 200],
    [`W/${etag}`, 200],
    ["Tue, 14 Nov 2023 22:13:21 GMT", 200],
  ];
  for (const [ifRange, status] of rows) {
    const res = await serveFile(get({ range: "bytes=10-19", "if-range": ifRange }), f.path);
    strictEqual(res.status, status, ifRange);
    const body = await bodyBytes(res);
    deepStrictEqual(body, status === 206 ? f.data.subarray(10, 20) : f.data, ifRange);
  }
});

Deno.test("serveFile() never sends a Last-Modified later than now", async () => {
  await using f = await fixture();
  const future = Math.floor(Date.now() / 1000) + 86_400;
  await Deno.utime(f.path, future, future);
  const before = Math.floor(Date.now() / 1000) * 1000;
  const res = await serveFile(get(), f.path);
  await res.body?.cancel();
  const lm = Date.parse(res.headers.get("last-modified")!);
  ok(lm >= before && lm <= Date.now(), `Last-Modified ${res.headers.get("last-modified")}`);
  // Such a date is too recent to be a strong validator, so If-Range with it gets the whole file.
  const ranged = await serveFile(
    get({ range: "bytes=0-9", "if-range": res.headers.get("last-modified")! }),
    f.path,
  );
  strictEqual(ranged.status, 200);
  await ranged.body?.cancel();
});

Deno.test("serveFile() answers HEAD exactly like GET, without a body", async () => {
  await using f = await fixture();
  const etag = (await serveFile(get({}, "HEAD"), f.path)).headers.get("etag")!;
  const cases: Record<string, string>[] = [
    {},
    { range: "bytes=0-99" },
    { range: "bytes=-10" },
    { range: "bytes=0-9,100-109" },
    { range: `bytes=${MIB}-` },
    { range: "bytes=zzz" },
    { "if-none-match": etag },
    { "if-match": '"nope"' },
    { range: "bytes=0-9", "if-range": '"stale"' },
  ];
  const withoutBoundary = (h: Headers) =>
    Object.fromEntries([...h].map(([k, v]) => [k, v.replace(/boundary=\S+/, "boundary=*")]));
  for (const headers of cases) {
    const g = await serveFile(get(headers), f.path);
    const h = await serveFile(get(headers, "HEAD"), f.path);
    const label = JSON.stringify(headers);
    strictEqual(h.status, g.status, label);
    strictEqual(h.body, null, label);
    const getHeaders = withoutBoundary(g.headers);
    // A JSON error body's length is set by the runtime, not by us, on GET only.
    if (g.status >= 400) delete getHeaders["content-length"];
    deepStrictEqual(withoutBoundary(h.headers), getHeaders, label);
    await g.body?.cancel();
  }
});

Deno.test("serveFile() HEAD never opens the file", async () => {
  await using f = await fixture();
  const stat = await Deno.stat(f.path);
  // The stat describes a file, but the path no longer exists: only opening it would fail.
  const gone = `${f.dir}/gone.mp4`;
  const head = await serveFile(get({ range: "bytes=0-9" }, "HEAD"), gone, { stat });
  strictEqual(head.status, 206);
  strictEqual(head.headers.get("content-length"), "10");
  const res = await serveFile(get({ range: "bytes=0-9" }), gone, { stat });
  await rejects(res.arrayBuffer());
});

Deno.test("serveFile() refuses other methods with 405 and Allow", async () => {
  await using f = await fixture();
  for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
    const res = await serveFile(get({}, method), f.path);
    strictEqual(res.status, 405, method);
    strictEqual(res.headers.get("allow"), ALLOWED_METHODS);
    strictEqual((await res.json()).error.code, "method_not_allowed");
  }
});

Deno.test("serveFile() throws FileNotFoundError for missing files and directories", async () => {
  await using f = await fixture();
  const rows: [path: string, reason: string][] = [
    [`${f.dir}/missing.mp4`, "missing"],
    [`${f.path}/inside`, "missing"],
    [f.dir, "not_a_file"],
  ];
  for (const [path, reason] of rows) {
    const err = await serveFile(get(), path).then(() => null, (e) => e);
    ok(err instanceof FileNotFoundError, path);
    strictEqual(err.code, "not_found");
    strictEqual(err.reason, reason);
    ok(!err.message.includes(f.dir), "message carries no path");
    strictEqual(toErrorResponse(err).status, 404);
  }
  await rejects(statFile(`${f.dir}/missing`), FileNotFoundError);
});

Deno.test("serveFile() answers 200 with no body for an empty file, even with a Range", async () => {
  await using f = await fixture(0);
  for (const range of [undefined, "bytes=0-", "bytes=-1"]) {
    const res = await serveFile(get(range ? { range } : {}), f.path);
    strictEqual(res.status, 200, range);
    strictEqual(res.headers.get("content-length"), "0", range);
    strictEqual((await bodyBytes(res)).length, 0, range);
  }
});

Deno.test("serveFile() applies the caller's content type, cache policy, ETag and headers", async () => {
  await using f = await fixture();
  const res = await serveFile(get({ range: "bytes=0-3" }), f.path, {
    contentType: "video/x-matroska",
    cacheControl: "public, max-age=60",
    etag: '"custom"',
    extraHeaders: { "content-disposition": "inline", "content-length": "1", "x-a": "b" },
  });
  strictEqual(res.status, 206);
  strictEqual(res.headers.get("content-type"), "video/x-matroska");
  strictEqual(res.headers.get("cache-control"), "public, max-age=60");
  strictEqual(res.headers.get("etag"), '"custom"');
  strictEqual(res.headers.get("content-disposition"), "inline");
  strictEqual(res.headers.get("content-length"), "4", "framing headers cannot be overridden");
  strictEqual(res.headers.get("x-a"), "b");
  await res.body?.cancel();
  const again = await serveFile(get({ "if-none-match": '"custom"' }), f.path, { etag: '"custom"' });
  strictEqual(again.status, 304);
});

Deno.test("serveFile() errors a bounded range's body when the file shrank after the stat", async () => {
  await using f = await fixture();
  const stat = await Deno.stat(f.path);
  await Deno.truncate(f.path, 1000);
  const res = await serveFile(get({ range: "bytes=0-4999" }), f.path, { stat });
  strictEqual(res.headers.get("content-length"), "5000");
  await rejects(res.arrayBuffer(), /shrank/);
});

Deno.test({
  name: "fileBodyStream() opens lazily and closes the file on cancel and at the end",
  ignore: LINUX_ONLY,
  fn: async () => {
    await using f = await fixture();
    const unread = fileBodyStream(f.path, [{ start: 0, end: MIB - 1 }]);
    strictEqual(openFdsFor(f.path), 0, "nothing opened before the first read");
    await unread.cancel();

    const stream = fileBodyStream(f.path, [{ start: 0, end: MIB - 1 }], 64 * 1024);
    const reader = stream.getReader();
    const first = await reader.read();
    deepStrictEqual(first.value, f.data.subarray(0, 64 * 1024));
    strictEqual(openFdsFor(f.path), 1, "open while streaming");
    await reader.cancel();
    strictEqual(openFdsFor(f.path), 0, "closed on cancel");

    const whole = fileBodyStream(f.path, [{ start: 5, end: 9 }, new Uint8Array([1, 2])]);
    deepStrictEqual(
      await new Response(whole).bytes(),
      Uint8Array.from([...f.data.subarray(5, 10), 1, 2]),
    );
    strictEqual(openFdsFor(f.path), 0, "closed at the end");
  },
});

Deno.test("serveFile() serves offsets above 2^32 of a sparse file exactly", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "rustfin_sparse_" }));
  try {
    const path = `${dir}/huge.mkv`;
    const size = 5 * 2 ** 30; // 5 GiB, almost all holes
    const at = 2 ** 32 + 12345;
    const marker = pattern(100_000, 7);
    await Deno.writeFile(path, new Uint8Array(0));
    await Deno.truncate(path, size);
    {
      using file = await Deno.open(path, { write: true });
      await file.seek(at, Deno.SeekMode.Start);
      await file.write(marker);
    }
    const start = at - 500;
    const end = at + marker.length + 499;
    const res = await serveFile(get({ range: `bytes=${start}-${end}` }), path);
    strictEqual(res.status, 206);
    strictEqual(res.headers.get("content-range"), `bytes ${start}-${end}/${size}`);
    strictEqual(res.headers.get("content-length"), String(end - start + 1));
    strictEqual(res.headers.get("content-type"), "video/x-matroska");
    const expected = new Uint8Array(end - start + 1);
    expected.set(marker, 500);
    deepStrictEqual(await bodyBytes(res), expected);

    const tail = await serveFile(get({ range: "bytes=-16" }), path);
    strictEqual(tail.headers.get("content-range"), `bytes ${size - 16}-${size - 1}/${size}`);
    deepStrictEqual(await bodyBytes(tail), new Uint8Array(16));

    const multi = await serveFile(get({ range: `bytes=0-1,${at}-${at + 3}` }), path);
    const parts = parseMultipart(await bodyBytes(multi), multi.headers.get("content-type")!);
    deepStrictEqual(parts[1].bytes, marker.subarray(0, 4));
    strictEqual(parts[1].headers["content-range"], `bytes ${at}-${at + 3}/${size}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serveBytes() serves in-memory content with a content ETag and ranges", async () => {
  const data = new TextEncoder().encode("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n");
  const type = "text/vtt; charset=utf-8";
  const full = await serveBytes(get(), data, { contentType: type });
  strictEqual(full.status, 200);
  strictEqual(full.headers.get("etag"), await contentEtag(data));
  ok(/^"[0-9a-f]{32}"$/.test(full.headers.get("etag")!));
  deepStrictEqual(await bodyBytes(full), data);
  const part = await serveBytes(get({ range: "bytes=0-5" }), data, { contentType: type });
  strictEqual(part.status, 206);
  strictEqual(await part.text(), "WEBVTT");
  const multi = await serveBytes(get({ range: "bytes=0-5,-6" }), data, { contentType: type });
  const parts = parseMultipart(await bodyBytes(multi), multi.headers.get("content-type")!);
  deepStrictEqual(parts.map((p) => new TextDecoder().decode(p.bytes)), ["WEBVTT", "Hello\n"]);
  strictEqual(parts[0].headers["content-type"], type);
  const cached = await serveBytes(get({ "if-none-match": full.headers.get("etag")! }), data);
  strictEqual(cached.status, 304);
  const lastModified = new Date(Date.UTC(2020, 0, 1));
  const dated = await serveBytes(
    get({ "if-modified-since": "Wed, 01 Jan 2020 00:00:00 GMT" }),
    data,
    {
      lastModified,
    },
  );
  strictEqual(dated.status, 304);
});

Deno.test({
  name: "serveFile() streams over a real socket and releases the file when the client aborts",
  ignore: LINUX_ONLY,
  fn: async () => {
    await using f = await fixture();
    const big = `${f.dir}/big.webm`;
    await Deno.writeFile(big, new Uint8Array(0));
    await Deno.truncate(big, 2 ** 30);
    const shrinking = `${f.dir}/shrinking.mp4`;
    await Deno.writeFile(shrinking, f.data);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => {
        const paths: Record<string, string> = {
          "/media": f.path,
          "/big": big,
          "/missing": `${f.dir}/missing.mp4`,
        };
        const { pathname } = new URL(req.url);
        if (pathname === "/shrinking") {
          // The size is taken, then the file loses its second half before the body is read.
          return Deno.stat(shrinking).then(async (stat) => {
            await Deno.truncate(shrinking, MIB / 2);
            return serveFile(req, shrinking, { stat });
          });
        }
        return serveFile(req, paths[pathname]).catch((err) => toErrorResponse(err));
      },
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    // Aborted in `finally` too: shutdown() waits for responses still being streamed.
    const abort = new AbortController();
    try {
      const whole = await fetch(`${base}/media`);
      strictEqual(whole.headers.get("content-length"), String(MIB));
      deepStrictEqual(await bodyBytes(whole), f.data);

      const range = await fetch(`${base}/media`, { headers: { range: "bytes=300000-700000" } });
      strictEqual(range.status, 206);
      deepStrictEqual(await bodyBytes(range), f.data.subarray(300000, 700001));

      const tail = await fetch(`${base}/media`, { headers: { range: "bytes=700000-" } });
      strictEqual(tail.headers.get("content-range"), `bytes 700000-${MIB - 1}/${MIB}`);
      deepStrictEqual(await bodyBytes(tail), f.data.subarray(700000));
      const suffix = await fetch(`${base}/media`, { headers: { range: "bytes=-1000" } });
      deepStrictEqual(await bodyBytes(suffix), f.data.subarray(MIB - 1000));

      const multi = await fetch(`${base}/media`, { headers: { range: "bytes=1-2,-3" } });
      const parts = parseMultipart(await bodyBytes(multi), multi.headers.get("content-type")!);
      deepStrictEqual(parts.map((p) => p.bytes), [f.data.subarray(1, 3), f.data.subarray(MIB - 3)]);

      const head = await fetch(`${base}/media`, {
        method: "HEAD",
        headers: { range: "bytes=0-9" },
      });
      strictEqual(head.status, 206);
      strictEqual(head.headers.get("content-length"), "10");
      strictEqual((await bodyBytes(head)).length, 0);

      // A body shorter than its Content-Length is never delivered as a complete response.
      const short = await fetch(`${base}/shrinking`);
      strictEqual(short.headers.get("content-length"), String(MIB));
      await rejects(short.arrayBuffer());

      const missing = await fetch(`${base}/missing`);
      strictEqual(missing.status, 404);
      deepStrictEqual(await missing.json(), {
        error: { code: "not_found", message: "File not found" },
      });

      const res = await fetch(`${base}/big`, { signal: abort.signal });
      strictEqual(res.headers.get("content-length"), String(2 ** 30));
      const reader = res.body!.getReader();
      ok((await reader.read()).value!.length > 0);
      // At least one: Deno may hold a duplicate descriptor while a blocking read is in flight.
      ok(openFdsFor(big) >= 1, "the server has the file open while streaming");
      abort.abort();
      await reader.read().catch(() => {});
      await waitFor(() => openFdsFor(big) === 0, "the server to close the file");
    } finally {
      abort.abort();
      await server.shutdown();
    }
  },
});
