/**
 * Finds a Chromium for the end-to-end tests, installing one when we can:
 *   CHROMIUM_PATH → /usr/bin/chromium → (root on Debian) apt-get install chromium
 *   → Playwright's own Chromium (npx playwright install chromium).
 * No e2e test is silently skipped for want of a browser: if none of these
 * works the caller fails with one line saying what to install.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from './processes.ts';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export const missingChromiumAdvice =
  "No Chromium for the end-to-end tests: install Debian's 'chromium' package (apt-get install chromium), " +
  "or run 'npx playwright install chromium', or set CHROMIUM_PATH to a Chromium executable.";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function playwrightChromium(): Promise<string | null> {
  const { chromium } = await import('playwright-core');
  const file = chromium.executablePath();
  return file && isExecutable(file) ? file : null;
}

/** Returns the Chromium executable to use, or null with the reason already printed. */
export async function ensureChromium(repoRoot: string, log: (line: string) => void): Promise<string | null> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    log(`CHROMIUM_PATH=${fromEnv} is not an executable file; looking elsewhere.`);
  }
  if (isExecutable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;

  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    log(`Chromium not found; installing Debian's chromium package (apt-get, as root).`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const options = { cwd: repoRoot, env, timeoutMs: INSTALL_TIMEOUT_MS, output: 'inherit' as const };
    const update = await runProcess('apt-get', ['update'], options);
    const install =
      update.exitCode === 0
        ? await runProcess('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], options)
        : update;
    if (install.exitCode === 0 && isExecutable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
    log('apt-get could not install chromium; trying Playwright’s own Chromium.');
  }

  const already = await playwrightChromium();
  if (already) return already;
  log("Chromium not found; running 'playwright install chromium'.");
  const cli = path.join(repoRoot, 'node_modules', 'playwright-core', 'cli.js');
  const result = await runProcess(process.execPath, [cli, 'install', 'chromium'], {
    cwd: repoRoot,
    timeoutMs: INSTALL_TIMEOUT_MS,
    output: 'inherit',
  });
  if (result.exitCode === 0) return playwrightChromium();
  return null;
}
