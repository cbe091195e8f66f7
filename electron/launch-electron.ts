/**
 * Starts the Electron shell from plain Node (`npm start`), or says in one line
 * why it cannot, so the caller can fall back to browser mode.
 *
 * Never imports the `electron` package: since Electron 42 it downloads nothing
 * at install (so `npm install` works on machines that cannot reach Electron's
 * download host), and its index, when the binary is missing, downloads it
 * synchronously with no time limit or throws. Here we try the download once,
 * bounded in time.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from '../build/scripts/build-electron.ts';
import { electronNativeBindingFile } from './host/sqlite.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPackageDir = path.join(repoRoot, 'node_modules', 'electron');
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** A prebuilt download takes seconds; compiling from source a few minutes. Once per Electron version. */
const NATIVE_BUILD_TIMEOUT_MS = 5 * 60_000;

export interface ElectronLaunchConfig {
  serverUrl: string;
  username: string;
  dataDir: string;
  /** The password itself; handed to Electron in its environment (CHAMBER_PASSWORD), never on the command line. */
  passwordEnv?: string;
  /** True when `npm start` runs the authority server in-process (shown by `session.get`). */
  embeddedServer?: boolean;
}

export type ElectronLaunchResult = { launched: true; exited: Promise<number> } | { launched: false; reason: string };

/** The Electron executable if its binary is installed, else null. */
export function findElectronBinary(): string | null {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** Our environment without what would make Electron misbehave or skip its download. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  // Options meant for the Node that runs npm (the packaged app's fuses ignore NODE_OPTIONS anyway).
  delete env.NODE_OPTIONS;
  // With this set the Electron binary runs as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/**
 * Runs a Node script to completion, bounded in time (its whole process group
 * is killed on timeout); resolves with a one-line failure reason, or null on success.
 */
function runNodeScriptBounded(script: string, cwd: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd,
      env: cleanEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      resolve(`timed out after ${timeoutMs / 1000} s`);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(null);
      const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
      // Errors print a stack; the message is the first line. Our own scripts end with a summary line.
      resolve((script.endsWith('install.js') ? lines[0] : lines.at(-1)) ?? `exited with code ${code}`);
    });
  });
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 240);

function displayProblem(): string | null {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

export async function tryLaunchElectron(config: ElectronLaunchConfig): Promise<ElectronLaunchResult> {
  const noDisplay = displayProblem();
  if (noDisplay) return { launched: false, reason: `Electron not started: ${noDisplay}; using browser mode` };

  let binary = findElectronBinary();
  if (!binary) {
    // electron's own install script: downloads the binary for this platform into node_modules/electron/dist.
    process.stderr.write(`Chamber: fetching Electron's binary (first start, up to ${DOWNLOAD_TIMEOUT_MS / 1000} s)…\n`);
    const failure = await runNodeScriptBounded(path.join(electronPackageDir, 'install.js'), electronPackageDir, DOWNLOAD_TIMEOUT_MS);
    binary = findElectronBinary();
    if (!binary) {
      const why = oneLine(failure ?? 'binary still missing after install');
      return { launched: false, reason: `Electron binary not available (download failed: ${why}); using browser mode` };
    }
  }

  // node_modules holds better-sqlite3 built for Node; Electron needs its own build (see build/README.md).
  const electronVersion = (JSON.parse(readFileSync(path.join(electronPackageDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (!existsSync(electronNativeBindingFile(repoRoot, electronVersion))) {
    process.stderr.write(`Chamber: building better-sqlite3 for Electron ${electronVersion} (once; up to ${NATIVE_BUILD_TIMEOUT_MS / 60_000} min)…\n`);
    const failure = await runNodeScriptBounded(path.join(repoRoot, 'build', 'scripts', 'electron-native.ts'), repoRoot, NATIVE_BUILD_TIMEOUT_MS);
    if (failure !== null || !existsSync(electronNativeBindingFile(repoRoot, electronVersion))) {
      return {
        launched: false,
        reason: `Electron not started: better-sqlite3 could not be built for Electron ${electronVersion} (${oneLine(failure ?? 'no binary')}); using browser mode`,
      };
    }
  }

  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    return { launched: false, reason: 'Electron not started: the renderer is not built (dist/renderer/index.html missing); using browser mode' };
  }
  try {
    await buildElectron();
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { launched: false, reason: `Electron not started: bundling the shell failed (${why}); using browser mode` };
  }

  const env: NodeJS.ProcessEnv = {
    ...cleanEnvironment(),
    CHAMBER_SERVER_URL: config.serverUrl,
    CHAMBER_USER: config.username,
    CHAMBER_DATA_DIR: config.dataDir,
    CHAMBER_EMBEDDED_SERVER: config.embeddedServer ? '1' : '0',
  };
  if (config.passwordEnv !== undefined) env.CHAMBER_PASSWORD = config.passwordEnv;
  else delete env.CHAMBER_PASSWORD;

  // Chromium refuses to start as root unless its OS sandbox is off (CI containers run as root).
  const args = process.getuid?.() === 0 ? ['--no-sandbox', repoRoot] : [repoRoot];
  const child = spawn(binary, args, { cwd: repoRoot, env, stdio: 'inherit' });
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { launched: true, exited };
}
