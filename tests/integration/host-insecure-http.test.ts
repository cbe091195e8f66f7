/**
 * Plain HTTP sends passwords and session tokens readable by anyone on the
 * network, so the host refuses an `http:` server address unless it is this
 * computer (loopback), or the user has said so explicitly. The "remote" server
 * here is a relay on this machine's own non-loopback address in front of a
 * real authority server: nothing leaves the machine, and the relay shows
 * whether the host connected at all (the refusal must come before any
 * connection).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { SessionInfo } from '../../common/bridge.ts';
import { demoPassword, waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, makeHostDataDir, startHostProcess } from '../support/host-process.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { spawnUntilReady } from '../support/spawn-until-ready.ts';
import { ownNonLoopbackAddress, startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';
import { repoRoot } from '../support/corpus.ts';

/** The demo server, and a relay to it on this machine's non-loopback address (skips the test without one). */
async function serverBehindNonLoopbackAddress(t: TestContext): Promise<{ server: ServerProcess; relay: TcpRelay } | null> {
  const address = ownNonLoopbackAddress();
  if (address === undefined) {
    t.skip('this machine has no non-loopback IPv4 address');
    return null;
  }
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const relay = await startTcpRelay(Number(new URL(server.url).port), Infinity, 0, address);
  t.after(() => relay.close());
  return { server, relay };
}

test('accounts.signIn refuses plain HTTP to a non-loopback address before connecting, unless allowed', async (t) => {
  const setup = await serverBehindNonLoopbackAddress(t);
  if (!setup) return;
  const { server, relay } = setup;
  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());
  const chair = { username: 'chair', password: demoPassword(server.dataDir, 'chair') };

  const refused = await invokeBridge(host, 'accounts.signIn', { serverUrl: relay.url, ...chair });
  const body = (await refused.json()) as { error?: { code?: string; message?: string } };
  assert.equal(refused.status, 400, JSON.stringify(body));
  assert.equal(body.error?.code, 'insecure-http');
  assert.match(body.error?.message ?? '', /https/);
  assert.equal(relay.traffic().firstConnectionAt, null, 'the host did not connect to the refused address');

  // Said explicitly: the host connects and signs in.
  await callBridge(host, 'accounts.signIn', { serverUrl: relay.url, ...chair, allowInsecure: true });
  assert.notEqual(relay.traffic().firstConnectionAt, null);
  const session = await waitFor(
    async () => {
      const info = await callBridge<SessionInfo>(host, 'session.get');
      return info.user?.username === 'chair' ? info : undefined;
    },
    () => 'signed in as the chair through the allowed plain-HTTP address',
  );
  assert.equal(session.serverUrl, relay.url);
});

test('npm start --server refuses plain HTTP to a non-loopback address unless --allow-insecure-http', async (t) => {
  const setup = await serverBehindNonLoopbackAddress(t);
  if (!setup) return;
  const { server, relay } = setup;
  const startScript = path.join(repoRoot, 'electron', 'start.ts');
  const args = ['--import', 'tsx', startScript, '--browser', '--no-open', '--port', '0', '--server', relay.url, '--user', 'member', '--data', makeHostDataDir()];
  const env = { ...process.env, CHAMBER_PASSWORD: demoPassword(server.dataDir, 'member'), CHAMBER_LOG_LEVEL: 'warn', CHAMBER_ALLOW_INSECURE_HTTP: '' };

  const refused = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  refused.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  refused.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  t.after(() => refused.kill('SIGKILL'));
  const exitCode = await new Promise<number | null>((resolve) => {
    refused.once('exit', (code) => resolve(code));
    // The old behaviour: it starts and says it is running; stop waiting for an exit then.
    refused.stdout.on('data', () => {
      if (/Chamber is running at/.test(output)) resolve(null);
    });
  });
  assert.equal(exitCode, 2, output);
  assert.match(output, /--allow-insecure-http/);
  assert.equal(relay.traffic().firstConnectionAt, null, 'npm start did not connect to the refused address');

  const allowed = await spawnUntilReady([...args, '--allow-insecure-http'], /^Chamber is running at /m, 'npm start --allow-insecure-http', env);
  t.after(() => allowed.stop());
  await waitFor(
    async () => (relay.traffic().firstConnectionAt !== null ? true : undefined),
    () => `the host connecting through the allowed plain-HTTP address\n${allowed.output()}`,
  );
});
