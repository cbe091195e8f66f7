/**
 * `npm start` in browser mode with its embedded demo council, as a child
 * process: `node --import tsx electron/start.ts --browser --no-open --port 0
 * --data <tmp>`. Hands back the printed address (with `#token=…`) and the
 * data folder, and cleans both up on stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.ts';
import { spawnUntilReady } from './spawn-until-ready.ts';

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
  const started = await spawnUntilReady(
    ['--import', 'tsx', path.join(repoRoot, 'electron', 'start.ts'), '--browser', '--no-open', '--port', '0', '--data', dataDir],
    RUNNING,
    'npm start',
    { ...process.env, CHAMBER_LOG_LEVEL: process.env.CHAMBER_LOG_LEVEL ?? 'warn' },
  );
  const url = started.ready[1] as string;
  return {
    url,
    dataDir,
    output: started.output,
    async stop() {
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
