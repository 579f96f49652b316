import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; the browser tests drive it rather than a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a machine with a closed network: no GPU, no sandbox (tests
 * may run as root), and none of the background traffic (updates, sync, safe browsing) that
 * would otherwise be attempted and refused at every start.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Why the browser tests cannot run here, or undefined when they can. Tests never install system
 * packages: `.ci/run` installs Chromium before the suite (and sets VERITY_REQUIRE_BROWSER, so a
 * missing browser fails CI rather than skipping); a plain `npm test` without it skips them.
 */
export const browserMissing: string | undefined = (() => {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is missing: browser tests skipped (install Debian's chromium package to run them)`;
  if (process.env.VERITY_REQUIRE_BROWSER) throw new Error(`${reason}; VERITY_REQUIRE_BROWSER is set, so this is an error`);
  console.log(reason);
  return reason;
})();

/** A headless Chromium; Playwright gives every launch a new empty profile of its own. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * Where page screenshots go: `docs/screenshots` when VERITY_SCREENSHOTS is set (the
 * `npm run screenshots` script), else nowhere — ordinary test runs do not rewrite the docs.
 */
export function screenshotDir(): string | undefined {
  const dir = process.env.VERITY_SCREENSHOTS;
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
