/**
 * Runs the desktop host the way `npm start -- --browser` does, as a child
 * process pointed at a real authority server, and hands back its browser-mode
 * URL and token (parsed from the one line it prints).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountPaths } from '../../electron/host/account-paths.ts';
import { repoRoot } from './corpus.ts';

export interface HostProcess {
  /** Browser-mode URL including `#token=…`. */
  url: string;
  /** Origin of the browser-mode server, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  mirrorPath: string;
  documentsDir: string;
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr), for diagnostics. */
  output(): string;
  /** SIGTERM (clean shutdown) by default; waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartHostOptions {
  serverUrl: string;
  username: string;
  password: string;
  /** Reuse a data folder (e.g. to restart the host); a fresh temp folder otherwise. */
  dataDir?: string;
}

const RUNNING = /^Chamber is running at (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))$/m;
const startScript = path.join(repoRoot, 'electron', 'start.ts');

export function makeHostDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'chamber-host-'));
}

export async function startHostProcess(opts: StartHostOptions): Promise<HostProcess> {
  const dataDir = opts.dataDir ?? makeHostDataDir();
  const args = ['--import', 'tsx', startScript, '--browser', '--no-open', '--port', '0', '--server', opts.serverUrl, '--user', opts.username, '--data', dataDir];
  const env: NodeJS.ProcessEnv = { ...process.env, CHAMBER_PASSWORD: opts.password, CHAMBER_LOG_LEVEL: process.env.CHAMBER_LOG_LEVEL ?? 'warn' };
  delete env.CHAMBER_SERVER_URL;
  delete env.CHAMBER_USER;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (): void => {
      const found = RUNNING.exec(output);
      if (found) {
        child.stdout.off('data', onData);
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`Host exited (${code ?? signal}) before it was running:\n${output}`)));
  });
  const paths = accountPaths(dataDir, opts.serverUrl, opts.username);
  const port = Number(match[2]);
  return {
    url: match[1] as string,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: match[3] as string,
    dataDir,
    mirrorPath: paths.mirrorPath,
    documentsDir: paths.documentsDir,
    process: child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Calls a bridge method over the browser-mode transport, as the renderer does. */
export async function invokeBridge(host: Pick<HostProcess, 'origin' | 'token'>, method: string, args: unknown = {}): Promise<Response> {
  return fetch(`${host.origin}/bridge/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chamber-token': host.token },
    body: JSON.stringify(args),
  });
}
