/**
 * Runs the desktop host the way `npm start -- --browser` does, as a child
 * process pointed at a real authority server, and hands back its browser-mode
 * URL and token: the one-time code from the line it prints, traded for the
 * token by the POST the page makes.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserCodeExchangeAnswer, browserBridgePaths, type SyncStatus } from '../../common/bridge.ts';
import { HealthResponse, apiPaths } from '../../common/wire.ts';
import { accountPaths } from '../../electron/host/account-paths.ts';
import { repoRoot } from './corpus.ts';
import { spawnUntilReady } from './spawn-until-ready.ts';
import { waitFor } from './host-council.ts';

export interface HostProcess {
  /** Browser-mode URL with `#token=…` (not a one-time code, so a test can open it again and again). */
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

/** The line `npm start` prints when browser mode is up: a one-time code's address. */
export const RUNNING_LINE = /^Chamber is running at (http:\/\/127\.0\.0\.1:(\d+)\/#code=[A-Za-z0-9_-]+)$/m;
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
  const started = await spawnUntilReady(args, RUNNING_LINE, 'Host', env);
  const { origin, token } = await redeemBrowserCode(started.ready[1] as string);
  const paths = accountPaths(dataDir, opts.serverUrl, opts.username);
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port: Number(started.ready[2]),
    token,
    dataDir,
    mirrorPath: paths.mirrorPath,
    documentsDir: paths.documentsDir,
    process: started.process,
    output: started.output,
    stop: started.stop,
  };
}

/** Trades a one-time code for the bridge token by the same POST the page makes; the raw answer. */
export function exchangeBrowserCode(origin: string, code: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(origin + browserBridgePaths.exchange, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  });
}

/** The bridge token for a printed one-time code's URL, failing the test when the host refuses it. */
export async function redeemBrowserCode(codeUrl: string): Promise<{ origin: string; token: string }> {
  const url = new URL(codeUrl);
  const code = new URLSearchParams(url.hash.replace(/^#/, '')).get(browserBridgePaths.codeFragment) ?? '';
  const response = await exchangeBrowserCode(url.origin, code);
  const body = (await response.json()) as unknown;
  if (response.status !== 200) throw new Error(`exchanging the code of ${url.origin} failed with ${response.status}: ${JSON.stringify(body)}`);
  return { origin: url.origin, token: BrowserCodeExchangeAnswer.parse(body).token };
}

/** Calls a bridge method over the browser-mode transport, as the renderer does. */
export async function invokeBridge(host: Pick<HostProcess, 'origin' | 'token'>, method: string, args: unknown = {}): Promise<Response> {
  return fetch(`${host.origin}/bridge/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chamber-token': host.token },
    body: JSON.stringify(args),
  });
}

/** Calls a bridge method and returns its result, failing the test with the host's error otherwise. */
export async function callBridge<T>(host: Pick<HostProcess, 'origin' | 'token'>, method: string, args: unknown = {}): Promise<T> {
  const response = await invokeBridge(host, method, args);
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (response.status !== 200) throw new Error(`${method} failed with ${response.status}: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

/** The server's newest feed seq (from its health route). */
export async function latestSeq(serverUrl: string): Promise<number> {
  const response = await fetch(new URL(apiPaths.health, serverUrl));
  return HealthResponse.parse(await response.json()).latestSeq;
}

/** Waits until the host has applied the feed up to `seq`, is online, and has no downloads left. */
export function waitUntilSynced(host: HostProcess, seq: number, timeoutMs = 120_000): Promise<SyncStatus> {
  let last: SyncStatus | undefined;
  return waitFor(
    async () => {
      last = await callBridge<SyncStatus>(host, 'sync.status');
      return last.lastSeq >= seq && last.pendingDocuments === 0 && last.connection === 'online' ? last : undefined;
    },
    () => `host synced to seq ${seq}; last status ${JSON.stringify(last)}\n${host.output().slice(-2000)}`,
    timeoutMs,
  );
}

/** Where the host keeps a verified document. */
export function cachedFilePath(host: Pick<HostProcess, 'documentsDir'>, sha256: string): string {
  return path.join(host.documentsDir, sha256.slice(0, 2), `${sha256}.pdf`);
}

/** Every unfinished download (`*.partial`) in the host's cache. */
export function partialFiles(host: Pick<HostProcess, 'documentsDir'>): string[] {
  if (!existsSync(host.documentsDir)) return [];
  return readdirSync(host.documentsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.partial'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
