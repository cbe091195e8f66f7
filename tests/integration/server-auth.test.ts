/**
 * Sign-in over real HTTP: failed logins are throttled per account (429 with
 * Retry-After, even for the right password) without locking out other
 * accounts; sessions end at their idle and absolute expiry and on logout.
 * Expiry is driven by moving the stored session times back, not by waiting.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { LoginResponse, type UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { type ServerProcess, startServerWithAdmin } from '../support/server-process.ts';

let server: ServerProcess;
let admin: ApiClient;

before(async () => {
  const started = await startServerWithAdmin();
  server = started.server;
  admin = await ApiClient.login(server.url, 'admin', started.adminPassword);
  for (const username of ['victim', 'bystander', 'sleeper']) {
    await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: username, password: `${username}-password-long` });
  }
});

after(async () => {
  await server?.stop();
});

async function login(username: string, password: string): Promise<Response> {
  return fetch(new URL(apiPaths.login, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

test('wrong passwords get 401 and, after five, the account gets 429 even with the right password', async () => {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const response = await login('victim', `guess-${attempt}`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { status: 401, code: 'invalid-credentials', message: 'Wrong username or password' });
  }
  const throttled = await login('victim', 'victim-password-long');
  assert.equal(throttled.status, 429);
  assert.ok(Number(throttled.headers.get('retry-after')) > 0);
  assert.equal(((await throttled.json()) as { code: string }).code, 'too-many-attempts');
  // Other accounts from the same address still sign in.
  assert.equal((await login('bystander', 'bystander-password-long')).status, 200);
  // An unknown user is told the same as a wrong password.
  const unknown = await login('nobody-here', 'whatever-password');
  assert.equal(unknown.status, 401);
  assert.equal(((await unknown.json()) as { code: string }).code, 'invalid-credentials');
});

test('malformed login bodies are a clear 400', async () => {
  const response = await fetch(new URL(apiPaths.login, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { code: string }).code, 'invalid-json');
  const missing = await fetch(new URL(apiPaths.login, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"a"}' });
  assert.equal(missing.status, 400);
  const body = (await missing.json()) as { code: string; message: string };
  assert.equal(body.code, 'invalid-request');
  assert.match(body.message, /password/);
});

test('sessions end after idle expiry, after absolute expiry, and on logout', async () => {
  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'));
  try {
    const signIn = async () => LoginResponse.parse(await (await login('sleeper', 'sleeper-password-long')).json());
    const first = await signIn();
    assert.ok(Date.parse(first.expiresAt) > Date.now());
    const client = new ApiClient(server.url, first.token);
    assert.equal((await client.get<UserProfile>(apiPaths.me)).username, 'sleeper');

    // Idle: last used 13 hours ago (idle limit 12 h).
    const thirteenHoursAgo = new Date(Date.now() - 13 * 3600 * 1000).toISOString();
    db.prepare("UPDATE sessions SET last_used_at = ? WHERE user_id = (SELECT id FROM users WHERE username = 'sleeper')").run(thirteenHoursAgo);
    await assert.rejects(client.get(apiPaths.me), (e: ApiRequestError) => e.status === 401 && e.code === 'unauthenticated');

    // Absolute: in active use, but logged in more than 7 days ago.
    const second = await signIn();
    db.prepare("UPDATE sessions SET absolute_expires_at = ? WHERE user_id = (SELECT id FROM users WHERE username = 'sleeper')").run(new Date(Date.now() - 1000).toISOString());
    await assert.rejects(new ApiClient(server.url, second.token).get(apiPaths.me), (e: ApiRequestError) => e.status === 401);

    // Logout ends the session at once; the token is stored only as a hash.
    const third = await signIn();
    const stored = db.prepare('SELECT token_sha256 FROM sessions').all() as { token_sha256: string }[];
    assert.ok(stored.every((row) => row.token_sha256 !== third.token && /^[0-9a-f]{64}$/.test(row.token_sha256)));
    const thirdClient = new ApiClient(server.url, third.token);
    await thirdClient.post(apiPaths.logout);
    await assert.rejects(thirdClient.get(apiPaths.me), (e: ApiRequestError) => e.status === 401);
  } finally {
    db.close();
  }
});

test('non-admins cannot use the admin routes', async () => {
  const bystander = await ApiClient.login(server.url, 'bystander', 'bystander-password-long');
  await assert.rejects(bystander.post(apiPaths.adminCommittees, { name: 'Shadow' }), (e: ApiRequestError) => e.status === 403);
  await assert.rejects(bystander.get(apiPaths.adminUsers), (e: ApiRequestError) => e.status === 403);
  await assert.rejects(admin.post(apiPaths.adminUsers, { username: 'weak', displayName: 'Weak', password: 'short' }), (e: ApiRequestError) => e.status === 400);
});
