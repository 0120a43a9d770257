/**
 * The runtime's ceiling for direct play: `Deno.serve` answering every request with
 * {@linkcode serveFile} on one file — the same byte server as Rustfin's stream route, without
 * routing, accounts or the index. Run by the direct play benchmark as a child process:
 * `deno run -A bench/bare_file_server.ts PORT PATH`.
 */
import { serveFile } from "../lib/http/serve_file.ts";

const [port, path] = Deno.args;
Deno.serve(
  { hostname: "127.0.0.1", port: Number(port), onListen() {} },
  (req) => serveFile(req, path),
);
