/**
 * Rustfin entry point: parse the configuration (bad settings: one line, exit code 2), start the
 * server, and shut down cleanly on SIGINT/SIGTERM (ffmpeg children stopped, database closed).
 */
import { ConfigError, configHelp, parseConfig } from "./lib/config.ts";
import { startServer } from "./lib/server.ts";
import { VERSION } from "./lib/version.ts";
import { ProfileError } from "./lib/playback/profile.ts";

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(configHelp());
    Deno.exit(0);
  }
  if (Deno.args.includes("--version")) {
    console.log(`rustfin ${VERSION}`);
    Deno.exit(0);
  }
  let config;
  try {
    config = parseConfig(Deno.env.toObject(), Deno.args);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`rustfin: bad configuration: ${err.message}`);
      Deno.exit(2);
    }
    throw err;
  }
  let server;
  try {
    server = await startServer(config, {
      onListen: (url) => {
        const shown = config.host === "0.0.0.0" ? url.replace("127.0.0.1", "localhost") : url;
        console.error(`Rustfin ${VERSION} listening on ${shown} (data: ${config.data_dir})`);
      },
    });
  } catch (err) {
    // A broken device profile or an unusable data dir: one clear line, like a bad setting.
    if (err instanceof ProfileError) {
      console.error(`rustfin: bad device profile: ${err.message}`);
      Deno.exit(2);
    }
    if (err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.AddrInUse) {
      console.error(`rustfin: cannot start: ${err.message}`);
      Deno.exit(2);
    }
    throw err;
  }
  if (server.services.users.count() === 0) {
    console.error(`First run: open ${server.url}/setup to create the admin account`);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      console.error(`Received ${signal}, shutting down`);
      server.shutdown().then(() => Deno.exit(0));
    });
  }
  await server.finished;
}
