import { execFileSync } from 'node:child_process';
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

/** Installs Debian's chromium package when it is missing, so a fresh machine can run these tests. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...asRoot, 'apt-get', ...args];
    execFileSync(command!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    apt('install', '-y', '--no-install-recommends', 'chromium');
  } catch {
    // Package lists on a fresh machine may be stale or absent.
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'chromium');
  }
}

/** A headless Chromium; Playwright gives every launch a new empty profile of its own. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
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
