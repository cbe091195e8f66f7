/**
 * `npm start` in browser mode with its embedded demo council, as a child
 * process: `node --import tsx electron/start.ts --browser --no-open --port 0
 * --data <tmp>`. Hands back the printed address (with `#token=…`) and the
 * data folder, and cleans both up on stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.ts';

export interface BrowserModeApp {
  /** Browser-mode URL including `#token=…`. */
  url: string;
  /** The app's data folder (host mirror and cache under `accounts/`, the demo server under `embedded-server/`). */
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

const RUNNING = /Chamber is running at (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

export async function startBrowserModeApp(): Promise<BrowserModeApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-ui-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'electron', 'start.ts'), '--browser', '--no-open', '--port', '0', '--data', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHAMBER_LOG_LEVEL: process.env.CHAMBER_LOG_LEVEL ?? 'warn' } },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = RUNNING.exec(output);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`npm start exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
