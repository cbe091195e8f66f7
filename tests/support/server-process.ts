/**
 * Runs the real authority server as a child process, the way an IT team would
 * (`node --import tsx collab-server/main.ts --data DIR --port 0`), and creates
 * accounts through its CLI. Shared by every test that needs a server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.ts';
import { spawnUntilReady } from './spawn-until-ready.ts';

export interface ServerProcess {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr), for diagnostics. */
  output(): string;
  /** Sends the signal (default SIGTERM) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartServerOptions {
  /** Reuse a data folder (e.g. to restart); a fresh temp folder otherwise. */
  dataDir?: string;
  seed?: 'demo';
  maxUploadBytes?: number;
  /** Yjs limits (`--yjs-max-document-bytes`, `--yjs-messages-per-second`, `--yjs-bytes-per-second`); server defaults otherwise. */
  yjsMaxDocumentBytes?: number;
  yjsMessagesPerSecond?: number;
  yjsBytesPerSecond?: number;
  /** Defaults to 'warn' to keep test output short. */
  logLevel?: string;
  /** `--trust-proxy`: proxies whose X-Forwarded-For the server believes. */
  trustProxy?: string;
  /** `--rate-limit`: requests per minute per client (benches measure the server, not its refusals). */
  rateLimitPerMinute?: number;
  /** Further server flags, as given (e.g. the public side's `--time-zone`, `--paper-*`). */
  extraArgs?: string[];
}

const LISTENING = /^Chamber authority server listening on (http:\/\/\S+)$/m;
const mainScript = path.join(repoRoot, 'collab-server', 'main.ts');

export function makeTempDataDir(prefix = 'chamber-server-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServerProcess(opts: StartServerOptions = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? makeTempDataDir();
  const args = ['--import', 'tsx', mainScript, '--data', dataDir, '--port', '0', '--log-level', opts.logLevel ?? 'warn'];
  if (opts.seed) args.push('--seed', opts.seed);
  if (opts.maxUploadBytes !== undefined) args.push('--max-upload-bytes', String(opts.maxUploadBytes));
  if (opts.trustProxy !== undefined) args.push('--trust-proxy', opts.trustProxy);
  if (opts.rateLimitPerMinute !== undefined) args.push('--rate-limit', String(opts.rateLimitPerMinute));
  if (opts.yjsMaxDocumentBytes !== undefined) args.push('--yjs-max-document-bytes', String(opts.yjsMaxDocumentBytes));
  if (opts.yjsMessagesPerSecond !== undefined) args.push('--yjs-messages-per-second', String(opts.yjsMessagesPerSecond));
  if (opts.yjsBytesPerSecond !== undefined) args.push('--yjs-bytes-per-second', String(opts.yjsBytesPerSecond));
  if (opts.extraArgs) args.push(...opts.extraArgs);
  const started = await spawnUntilReady(args, LISTENING, 'Server');
  return { url: started.ready[1] as string, dataDir, process: started.process, output: started.output, stop: started.stop };
}

export interface CreateUserOptions {
  username: string;
  displayName: string;
  password: string;
  admin?: boolean;
}

/** Creates an account with `npm run server -- user add` (password via CHAMBER_PASSWORD). */
export async function createUser(dataDir: string, user: CreateUserOptions): Promise<void> {
  const args = ['--import', 'tsx', mainScript, 'user', 'add', '--data', dataDir, '--username', user.username, '--display-name', user.displayName];
  if (user.admin) args.push('--admin');
  const result = await runCli(args, { CHAMBER_PASSWORD: user.password });
  if (result.code !== 0) throw new Error(`user add failed (${result.code}): ${result.stderr}`);
}

/** Runs the server CLI to completion and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** The server CLI's arguments for node (`--import tsx collab-server/main.ts …`). */
export function serverCliArgs(...rest: string[]): string[] {
  return ['--import', 'tsx', mainScript, ...rest];
}

/** A fresh server with an administrator account created through the CLI, ready to set up a council over HTTP. */
export async function startServerWithAdmin(opts: StartServerOptions = {}): Promise<{ server: ServerProcess; adminPassword: string }> {
  const dataDir = opts.dataDir ?? makeTempDataDir();
  const adminPassword = 'administrator-password-1';
  await createUser(dataDir, { username: 'admin', displayName: 'Council Administrator', password: adminPassword, admin: true });
  return { server: await startServerProcess({ ...opts, dataDir }), adminPassword };
}

/** The password of a demo account, from `<dataDir>/demo-credentials.json`. */
export function demoPassword(dataDir: string, username: string): string {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { accounts: { username: string; password: string }[] };
  const account = file.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`No demo account "${username}" in ${dataDir}`);
  return account.password;
}
