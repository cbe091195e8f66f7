/**
 * The real Electron shell: launches dist-electron/main.cjs with Playwright and
 * checks the window is locked down (context isolation, sandbox, no Node in the
 * page) and that window.chamber reaches the desktop host over IPC.
 *
 * Needs Electron's binary (node_modules/electron/dist, fetched by `npm start`
 * or `node node_modules/electron/install.js`) and better-sqlite3 built for
 * Electron (`npm run build:electron-native`). Where the binary is missing this
 * is the one test that is skipped, with its reason printed on one line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import type { ChamberBridge, SyncStatus } from '../../common/bridge.ts';
import { buildElectron } from '../../build/scripts/build-electron.ts';
import { findElectronBinary } from '../../electron/launch-electron.ts';
import { electronNativeBindingFile } from '../../electron/host/sqlite.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronBinary = findElectronBinary();
const missingBinaryReason = 'Electron binary not installed (node_modules/electron/dist missing): Electron smoke test not run';
if (!electronBinary) console.log(missingBinaryReason);

type PageGlobals = typeof globalThis & { chamber?: ChamberBridge };

/** A private X server when there is no display (CI); Xvfb picks a free display number itself. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with code ${code}`)));
    xvfb.stdout?.once('data', (chunk: Buffer) => resolve(`:${chunk.toString('utf8').trim()}`));
  });
  return { display, process: xvfb };
}

test.describe('Electron shell', () => {
  // The one allowed skip: Electron's binary cannot be downloaded on every machine (the reason is also printed above).
  test.skip(!electronBinary, 'Electron binary not installed (node_modules/electron/dist missing): Electron smoke test not run');

  let app: ElectronApplication | undefined;
  let xvfb: ChildProcess | undefined;
  let dataDir: string | undefined;

  test.afterAll(async () => {
    await app?.close();
    xvfb?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the window is sandboxed and exposes only window.chamber', async () => {
    test.setTimeout(180_000);
    const electronVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    expect(
      existsSync(electronNativeBindingFile(repoRoot, electronVersion)),
      'better-sqlite3 for Electron: run "npm run build:electron-native" first',
    ).toBe(true);
    expect(existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html')), 'the renderer is built (npm run build:renderer)').toBe(true);
    await buildElectron();

    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && key !== 'NODE_OPTIONS' && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    }
    if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
      const server = await startXvfb();
      xvfb = server.process;
      env.DISPLAY = server.display;
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-electron-smoke-'));
    // Nothing listens there: the host starts offline from its (empty) mirror, as it must.
    Object.assign(env, { CHAMBER_SERVER_URL: 'http://127.0.0.1:9', CHAMBER_USER: 'smoke', CHAMBER_DATA_DIR: dataDir });

    const args = process.getuid?.() === 0 ? ['--no-sandbox', repoRoot] : [repoRoot];
    app = await electron.launch({ executablePath: electronBinary ?? undefined, args, env, cwd: repoRoot });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    const preferences = await app.evaluate(({ BrowserWindow }) => {
      // Undocumented (and absent from electron.d.ts) but the one way to read back what the window got.
      type WithPreferences = { getLastWebPreferences(): Record<string, unknown> | null };
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as WithPreferences | undefined;
      const preferences = contents?.getLastWebPreferences();
      return {
        contextIsolation: preferences?.contextIsolation,
        sandbox: preferences?.sandbox,
        nodeIntegration: preferences?.nodeIntegration,
        webSecurity: preferences?.webSecurity,
        webviewTag: preferences?.webviewTag,
      };
    });
    expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });

    expect(await page.evaluate(() => new URL((globalThis as unknown as { location: { href: string } }).location.href).origin)).toBe(
      'app://chamber',
    );
    expect(await page.evaluate(() => typeof require)).toBe('undefined');
    expect(await page.evaluate(() => typeof process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as PageGlobals).chamber ?? {}).sort())).toEqual(['invoke', 'on']);

    // A real round trip through preload → IPC → validation → host.
    const status = await page.evaluate(() => (globalThis as PageGlobals).chamber!.invoke('sync.status', {}));
    expect(['online', 'syncing', 'offline']).toContain((status as SyncStatus).connection);
    // Errors keep their code across the context bridge.
    const failure = await page.evaluate(() =>
      (globalThis as PageGlobals)
        .chamber!.invoke('meeting.get', { meetingId: '' })
        .then(
          () => null,
          (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
        ),
    );
    expect(failure?.code).toBe('invalid-arguments');
  });
});
