/**
 * Accounts in the desktop host, against two real authority servers: clear
 * errors for a bad address, an unreachable server, something that is not
 * Chamber, a wrong password and throttling; signing in to a second server
 * (its own mirror file); switching back and forth; a session the server ends
 * (sign in again, the mirror stays readable); signing out and removing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { AccountList, MeetingSummary, SessionInfo, SyncStatus } from '../../common/bridge.ts';
import { UserProfile, apiPaths } from '../../common/wire.ts';
import { accountPaths } from '../../electron/host/account-paths.ts';
import { demoPassword, waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function signInError(host: HostProcess, args: object): Promise<{ status: number; code: string; message: string }> {
  const response = await invokeBridge(host, 'accounts.signIn', args);
  const body = (await response.json()) as { error?: { code: string; message: string } };
  assert.ok(body.error, `expected an error, got ${response.status}`);
  return { status: response.status, ...body.error };
}

function mirrorUser(mirrorPath: string): string {
  const db = new Database(mirrorPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT user_profile FROM sync_state WHERE id = 1').get() as { user_profile: string };
    return UserProfile.parse(JSON.parse(row.user_profile)).username;
  } finally {
    db.close();
  }
}

test('accounts: sign in to two servers, switch, session ended, sign out, remove', async (t) => {
  const [serverA, serverB] = await Promise.all([startServerProcess({ seed: 'demo' }), startServerProcess({ seed: 'demo' })]);
  t.after(() => serverA.stop());
  t.after(() => serverB.stop());
  const host = await startHostProcess({ serverUrl: serverA.url, username: 'member', password: demoPassword(serverA.dataDir, 'member') });
  t.after(() => host.stop());
  await waitUntilSynced(host, await latestSeq(serverA.url));
  const pathsA = accountPaths(host.dataDir, serverA.url, 'member');
  const pathsB = accountPaths(host.dataDir, serverB.url, 'chair');

  await t.test('the account npm start named is the one listed and open', async () => {
    const list = await callBridge<AccountList>(host, 'accounts.list');
    assert.equal(list.accounts.length, 1);
    assert.equal(list.accounts[0]?.active, true);
    assert.equal(list.accounts[0]?.signedIn, true);
    assert.equal(list.accounts[0]?.serverUrl, serverA.url);
    assert.equal(list.activeAccountId, list.accounts[0]?.id);
    assert.equal(list.tokenStorage, 'file', 'browser mode keeps tokens in a private file, and the accounts screen says so');
    const stored = JSON.parse(readFileSync(`${host.dataDir}/accounts.json`, 'utf8')) as object;
    assert.doesNotMatch(JSON.stringify(stored), /password|token/i, 'the account list holds no secret');
    assert.equal(statSync(`${host.dataDir}/accounts.json`).mode & 0o777, 0o600);
  });

  await t.test('sign-in failures are told apart and change nothing', async () => {
    const badUrl = await signInError(host, { serverUrl: 'chamber dot council', username: 'chair', password: 'x' });
    assert.deepEqual([badUrl.status, badUrl.code], [400, 'invalid-arguments']);
    const unreachable = await signInError(host, { serverUrl: `http://127.0.0.1:${await closedPort()}`, username: 'chair', password: 'x' });
    assert.deepEqual([unreachable.status, unreachable.code], [503, 'offline']);
    // The host's own browser-mode server answers HTTP, but not as Chamber's API.
    const notChamber = await signInError(host, { serverUrl: host.origin, username: 'chair', password: 'x' });
    assert.deepEqual([notChamber.status, notChamber.code], [502, 'not-chamber-server']);
    const wrong = await signInError(host, { serverUrl: serverB.url, username: 'chair', password: 'not the password' });
    assert.deepEqual([wrong.status, wrong.code], [401, 'unauthorised']);
    let throttled: { status: number; code: string } | null = null;
    for (let attempt = 0; attempt < 10 && !throttled; attempt += 1) {
      const failure = await signInError(host, { serverUrl: serverB.url, username: 'member2', password: 'guess' });
      if (failure.code === 'throttled') throttled = failure;
      else assert.equal(failure.code, 'unauthorised');
    }
    assert.deepEqual([throttled?.status, throttled?.code], [429, 'throttled']);
    const list = await callBridge<AccountList>(host, 'accounts.list');
    assert.equal(list.accounts.length, 1, 'failed sign-ins add no account');
    assert.equal(list.accounts[0]?.active, true);
  });

  await t.test('signing in to a second server opens its own mirror', async () => {
    const list = await callBridge<AccountList>(host, 'accounts.signIn', {
      serverUrl: `${serverB.url}/`,
      username: 'chair',
      password: demoPassword(serverB.dataDir, 'chair'),
    });
    assert.equal(list.accounts.length, 2);
    const active = list.accounts.find((account) => account.active);
    assert.equal(active?.username, 'chair');
    assert.equal(active?.serverUrl, serverB.url, 'the address is kept in one spelling');
    const session = await callBridge<SessionInfo>(host, 'session.get');
    assert.equal(session.serverUrl, serverB.url);
    await waitUntilSynced(host, await latestSeq(serverB.url));
    assert.equal((await callBridge<SessionInfo>(host, 'session.get')).user?.username, 'chair');
    assert.notEqual(pathsA.mirrorPath, pathsB.mirrorPath);
    assert.equal(mirrorUser(pathsB.mirrorPath), 'chair');
    assert.equal(mirrorUser(pathsA.mirrorPath), 'member');
    assert.ok(existsSync(pathsB.tokenPath), 'the session token is kept');
    assert.ok(!readFileSync(pathsB.tokenPath, 'utf8').includes(demoPassword(serverB.dataDir, 'chair')));
    assert.equal(statSync(pathsB.tokenPath).mode & 0o777, 0o600);
  });

  await t.test('switching closes one account and opens the other', async () => {
    const list = await callBridge<AccountList>(host, 'accounts.list');
    const accountA = list.accounts.find((account) => account.serverUrl === serverA.url);
    assert.ok(accountA);
    const switched = await callBridge<AccountList>(host, 'accounts.switch', { accountId: accountA.id });
    assert.equal(switched.activeAccountId, accountA.id);
    const session = await callBridge<SessionInfo>(host, 'session.get');
    assert.equal(session.user?.username, 'member');
    assert.equal(session.serverUrl, serverA.url);
    await waitUntilSynced(host, await latestSeq(serverA.url));
    const meetings = await callBridge<MeetingSummary[]>(host, 'meetings.list');
    assert.ok(meetings.length > 0);
    const back = await callBridge<AccountList>(host, 'accounts.switch', { accountId: list.accounts.find((a) => a.username === 'chair')!.id });
    assert.equal(back.accounts.find((account) => account.active)?.username, 'chair');
    await waitUntilSynced(host, await latestSeq(serverB.url));
  });

  await t.test('when the server ends the session, sign-in is asked for and the mirror stays readable', async () => {
    const meetingsBefore = await callBridge<MeetingSummary[]>(host, 'meetings.list');
    const token = readFileSync(pathsB.tokenPath, 'utf8').trim();
    const logout = await fetch(new URL(apiPaths.logout, serverB.url), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(logout.status, 204);
    const status = await waitFor(
      async () => {
        const s = await callBridge<SyncStatus>(host, 'sync.status');
        return s.sessionExpired ? s : undefined;
      },
      () => `sessionExpired after the server ended the session\n${host.output().slice(-1500)}`,
    );
    assert.equal(status.connection, 'offline');
    assert.deepEqual(await callBridge<MeetingSummary[]>(host, 'meetings.list'), meetingsBefore);
    const list = await callBridge<AccountList>(host, 'accounts.list');
    assert.equal(list.accounts.find((account) => account.active)?.signedIn, false);
    // Signing in again resumes syncing the same mirror.
    await callBridge<AccountList>(host, 'accounts.signIn', { serverUrl: serverB.url, username: 'chair', password: demoPassword(serverB.dataDir, 'chair') });
    const synced = await waitUntilSynced(host, await latestSeq(serverB.url));
    assert.equal(synced.sessionExpired, false);
  });

  await t.test('signing out ends the server session and closes the account; the local copy stays', async () => {
    const list = await callBridge<AccountList>(host, 'accounts.list');
    const chair = list.accounts.find((account) => account.username === 'chair')!;
    const token = readFileSync(pathsB.tokenPath, 'utf8').trim();
    const after = await callBridge<AccountList>(host, 'accounts.signOut', { accountId: chair.id });
    assert.equal(after.activeAccountId, null);
    assert.equal(after.accounts.find((account) => account.id === chair.id)?.signedIn, false);
    assert.equal(existsSync(pathsB.tokenPath), false, 'the token is forgotten');
    const me = await fetch(new URL(apiPaths.me, serverB.url), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 401, 'the server session is ended');
    assert.ok(existsSync(pathsB.mirrorPath), 'the mirror stays on disk');
    const session = await callBridge<SessionInfo>(host, 'session.get');
    assert.equal(session.account, null);
    const meetings = await invokeBridge(host, 'meetings.list');
    assert.equal(meetings.status, 409);
    assert.equal(((await meetings.json()) as { error: { code: string } }).error.code, 'no-account');
    const refused = await invokeBridge(host, 'accounts.switch', { accountId: chair.id });
    assert.equal(refused.status, 401, 'a signed-out account opens only after signing in again');
  });

  await t.test('removing an account deletes its local data', async () => {
    const list = await callBridge<AccountList>(host, 'accounts.list');
    const chair = list.accounts.find((account) => account.username === 'chair')!;
    const after = await callBridge<AccountList>(host, 'accounts.remove', { accountId: chair.id });
    assert.equal(after.accounts.length, 1);
    assert.equal(existsSync(pathsB.accountDir), false);
    assert.ok(existsSync(pathsA.mirrorPath), 'the other account is untouched');
  });

  await t.test('the account list survives a restart', async () => {
    await host.stop();
    const again = await startHostProcess({ serverUrl: serverA.url, username: 'member', password: demoPassword(serverA.dataDir, 'member'), dataDir: host.dataDir });
    t.after(() => again.stop());
    const list = await callBridge<AccountList>(again, 'accounts.list');
    assert.deepEqual(
      list.accounts.map((account) => [account.username, account.active]),
      [['member', true]],
    );
  });
});
