/**
 * `npm start` in browser mode with its embedded demo council, as a child
 * process: `node --import tsx electron/start.ts --browser --no-open --port 0
 * --data <tmp>`. Trades the printed one-time code for the token (as the page
 * does), hands back an address with that token and the data folder, and
 * cleans both up on stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.ts';
import { browserBridgePaths } from '../../common/bridge.ts';
import { waitFor } from './host-council.ts';
import { RUNNING_LINE, redeemBrowserCode } from './host-process.ts';
import { spawnUntilReady } from './spawn-until-ready.ts';

export interface BrowserModeApp {
  /** Browser-mode URL with `#token=…` (not a one-time code, so a test can open it again and again). */
  url: string;
  origin: string;
  token: string;
  /** The app's data folder (host mirror and cache under `accounts/`, the demo server under `embedded-server/`). */
  dataDir: string;
  output(): string;
  /** Asks for a new link as the page's "Print a new link" does, and returns the one-time code's address the app then prints. */
  printNewLink(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBrowserModeApp(): Promise<BrowserModeApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-ui-'));
  const started = await spawnUntilReady(
    ['--import', 'tsx', path.join(repoRoot, 'electron', 'start.ts'), '--browser', '--no-open', '--port', '0', '--data', dataDir],
    RUNNING_LINE,
    'npm start',
    { ...process.env, CHAMBER_LOG_LEVEL: process.env.CHAMBER_LOG_LEVEL ?? 'warn' },
  );
  const { origin, token } = await redeemBrowserCode(started.ready[1] as string);
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    dataDir,
    output: started.output,
    async printNewLink() {
      const printedBefore = started.output().match(new RegExp(RUNNING_LINE, 'gm'))?.length ?? 0;
      const asked = await fetch(origin + browserBridgePaths.newLink, { method: 'POST' });
      if (asked.status !== 202) throw new Error(`asking for a new link failed with ${asked.status}`);
      return waitFor(
        async () => [...started.output().matchAll(new RegExp(RUNNING_LINE, 'gm'))][printedBefore]?.[1],
        () => `a new link printed\n${started.output()}`,
      );
    },
    async stop() {
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
