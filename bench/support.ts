/** Shared helpers of the benchmarks: child servers, percentiles, RSS. */

/** The p-th percentile (0–100) of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Resident set size of a process in bytes (Linux /proc). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

/** Polls `url` until it answers (any status) or the timeout passes. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

/** A Rustfin server running as a child process (so its RSS and CPU are its own). */
export interface ChildServer extends AsyncDisposable {
  url: string;
  pid: number;
  token: string;
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts `main.ts` in a child Deno with a temp data dir, an admin, and `env`. */
export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const dataDir = await Deno.makeTempDir({ prefix: "rustfin-bench-" });
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname],
    env: {
      RUSTFIN_PORT: String(port),
      RUSTFIN_HOST: "127.0.0.1",
      RUSTFIN_DATA_DIR: dataDir,
      RUSTFIN_ADMIN_USER: "admin",
      RUSTFIN_ADMIN_PASSWORD: "benchpass1",
      RUSTFIN_LOG: "warn",
      ...env,
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`);
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "benchpass1" }),
  });
  const { token } = await res.json();
  return {
    url,
    pid: child.pid,
    token,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(url + path, { ...init, headers });
    },
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

/** Waits until every library's scan is idle. */
export async function waitForScans(server: ChildServer, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { items } = await (await server.api("/api/libraries")).json();
  for (const lib of items as { id: string }[]) {
    while (Date.now() < deadline) {
      const s = await (await server.api(`/api/libraries/${lib.id}/scan`)).json();
      if (s.state === "idle" || s.state === "failed") break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
