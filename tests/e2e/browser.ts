/**
 * Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core for the
 * end-to-end tests: headless, sandbox off (containers), no background traffic, and a fresh
 * profile in a temp dir that is removed on close. One browser per test file, reused.
 */
import { type BrowserContext, chromium } from "playwright-core";

/** Where the tests expect Chromium (`apt-get install chromium`). */
export const CHROMIUM_PATH = Deno.env.get("RUSTFIN_CHROMIUM") ?? "/usr/bin/chromium";

/** The line printed when the browser tests cannot run. */
export const NO_CHROMIUM_MESSAGE =
  `e2e: skipped, no Chromium at ${CHROMIUM_PATH} (install it: apt-get install chromium)`;

/** True when the Chromium binary exists. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

/** A running browser with its profile folder; `close()` removes both. */
export interface TestBrowser extends AsyncDisposable {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh `--user-data-dir` (playwright's persistent context). */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await Deno.makeTempDir({ prefix: "rustfin-chromium-" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--mute-audio",
    ],
    viewport: { width: 1280, height: 800 },
  });
  const close = async () => {
    await context.close().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  return { context, close, [Symbol.asyncDispose]: close };
}
