/**
 * `npm start` as a user runs it: with no server it starts the demo council
 * in-process, signs in as the demo member and serves browser mode; unknown
 * flags get a clear error; SIGTERM shuts everything down cleanly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { MeetingSummary, SessionInfo, SyncStatus } from '../../common/bridge.ts';
import { browserBridgePaths } from '../../common/bridge.ts';
import { repoRoot } from '../support/corpus.ts';
import { waitFor } from '../support/host-council.ts';
import { RUNNING_LINE, redeemBrowserCode } from '../support/host-process.ts';

const startScript = path.join(repoRoot, 'electron', 'start.ts');

function runStart(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', startScript, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CHAMBER_SERVER_URL: '', CHAMBER_USER: '', CHAMBER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

test('an unknown flag is refused with a clear message', async () => {
  const run = runStart(['--browsr']);
  assert.equal(await run.exited, 2);
  assert.match(run.stderr(), /Unknown option '--browsr'/);
  assert.match(run.stderr(), /Usage: npm start/);
});

test('--server without --user is refused', async () => {
  const run = runStart(['--browser', '--server', 'http://127.0.0.1:9']);
  assert.equal(await run.exited, 2);
  assert.match(run.stderr(), /--user NAME/);
});

test('with no server configured, npm start runs the demo council and serves browser mode', async (t) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-start-'));
  const run = runStart(['--browser', '--no-open', '--port', '0', '--data', dataDir]);
  t.after(() => run.child.kill('SIGKILL'));
  const line = await waitFor(
    async () => RUNNING_LINE.exec(run.stdout()) ?? undefined,
    () => `the running line\n${run.stdout()}\n${run.stderr()}`,
    180_000,
  );
  const { origin, token } = await redeemBrowserCode(line[1] as string);
  const call = async <T>(method: string): Promise<T> => {
    const response = await fetch(`${origin}/bridge/invoke/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [browserBridgePaths.tokenHeader]: token },
      body: '{}',
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { result: T }).result;
  };

  const session = await waitFor(
    async () => {
      const s = await call<SessionInfo>('session.get');
      return s.user ? s : undefined;
    },
    () => 'signed in as the demo member',
  );
  assert.equal(session.embeddedServer, true);
  assert.equal(session.user?.username, 'member');
  const meetings = await waitFor(
    async () => {
      const list = await call<MeetingSummary[]>('meetings.list');
      return list.length > 0 ? list : undefined;
    },
    () => 'the demo meeting mirrored',
  );
  assert.ok(meetings.every((summary) => summary.itemCount > 0));
  await waitFor(
    async () => ((await call<SyncStatus>('sync.status')).connection === 'online' ? true : undefined),
    () => 'online with the embedded server',
  );

  run.child.kill('SIGTERM');
  assert.equal(await run.exited, 0, run.stderr());
});
