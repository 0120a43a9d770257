/**
 * Starts a real Rustfin server for integration tests: temp data dir, port 0 on 127.0.0.1, a
 * signed-in admin, and optional libraries. Always `await using` it (or call `close()`).
 */
import { parseConfig } from "../../lib/config.ts";
import { type RunningServer, startServer } from "../../lib/server.ts";
import { silentLogger } from "../../lib/log.ts";
import type { LibraryKind } from "../../lib/naming/types.ts";

/** A test server with an admin signed in. */
export interface TestServer extends AsyncDisposable {
  url: string;
  server: RunningServer;
  dataDir: string;
  adminToken: string;
  /** fetch against the server with the admin token (or `token`, or none with `token: null`). */
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /** Creates a user with access to the given libraries and returns its token. */
  createUser(username: string, libraryIds: string[]): Promise<{ id: string; token: string }>;
  /** Creates a library and waits for its first scan (with probes) to finish. */
  addLibrary(name: string, path: string, kind: LibraryKind): Promise<string>;
  /** Waits until the library's scan is idle again. */
  waitForScan(libraryId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  env?: Record<string, string>;
}

/** Starts a server on a free port with a fresh data dir and admin `admin`/`adminpass1`. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await Deno.makeTempDir({ prefix: "rustfin-test-" });
  const config = parseConfig({
    RUSTFIN_PORT: "0",
    RUSTFIN_HOST: "127.0.0.1",
    RUSTFIN_DATA_DIR: dataDir,
    RUSTFIN_ADMIN_USER: "admin",
    RUSTFIN_ADMIN_PASSWORD: "adminpass1",
    RUSTFIN_WATCH_DEBOUNCE_MS: "300",
    ...opts.env,
  });
  const server = await startServer(config, { logger: silentLogger });
  const url = server.url;
  const login = async (username: string, password: string) => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return (await res.json()).token as string;
  };
  const adminToken = await login("admin", "adminpass1");
  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? adminToken : init.token;
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return fetch(url + path, { ...init, headers });
  };
  const waitForScan = async (libraryId: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    // A scan may not have started yet when this is called right after creating the library.
    await new Promise((r) => setTimeout(r, 50));
    while (Date.now() < deadline) {
      const res = await api(`/api/libraries/${libraryId}/scan`);
      const status = await res.json();
      if (status.state === "idle" || status.state === "failed") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`scan of ${libraryId} did not finish in ${timeoutMs} ms`);
  };
  const close = async () => {
    await server.shutdown();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  return {
    url,
    server,
    dataDir,
    adminToken,
    api,
    async createUser(username, libraryIds) {
      const res = await api("/api/users", {
        method: "POST",
        body: JSON.stringify({ username, password: "password123", library_ids: libraryIds }),
      });
      if (res.status !== 201) throw new Error(`create user: ${res.status} ${await res.text()}`);
      const { id } = await res.json();
      return { id, token: await login(username, "password123") };
    },
    async addLibrary(name, path, kind) {
      const res = await api("/api/libraries", {
        method: "POST",
        body: JSON.stringify({ name, path, kind }),
      });
      if (res.status !== 201) throw new Error(`add library: ${res.status} ${await res.text()}`);
      const { id } = await res.json();
      await waitForScan(id);
      return id;
    },
    waitForScan,
    close,
    [Symbol.asyncDispose]: close,
  };
}
