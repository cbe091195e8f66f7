/**
 * The server's command line: clear errors for bad flags, `user add` with the
 * password from stdin or CHAMBER_PASSWORD, and `audit verify` on a real data
 * folder — intact after logins, a publication and role changes, and broken at
 * exactly the entry someone edited.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { type AgendaItem, type Committee, type Meeting, type UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, createUser, makeTempDataDir, runCli, serverCliArgs, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess | undefined;
after(async () => {
  await server?.stop();
});

test('bad flags and commands fail with a clear message and exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--port', '99999', '--data', '/tmp/x'], /--port must be at most 65535/],
    [['--port', 'abc', '--data', '/tmp/x'], /--port must be a non-negative integer/],
    [['--port', '0'], /--data is required/],
    [['--data', '/tmp/x', '--seed', 'everything'], /--seed accepts only "demo"/],
    [['--data', '/tmp/x', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['user', 'remove'], /did you mean "user add"/],
    [['audit', 'fix'], /did you mean "audit verify" or "audit rotate-key"/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(serverCliArgs(...args));
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.match(result.stderr, /Usage:/);
  }
});

test('user add reads the password from stdin, refuses duplicates and short passwords', async () => {
  const dataDir = makeTempDataDir();
  const added = await runCli(serverCliArgs('user', 'add', '--data', dataDir, '--username', 'firstclerk', '--display-name', 'First Clerk', '--admin'), {}, 'a-long-enough-password\n');
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Created user firstclerk/);
  const again = await runCli(serverCliArgs('user', 'add', '--data', dataDir, '--username', 'FirstClerk', '--display-name', 'Dup'), { CHAMBER_PASSWORD: 'another-long-password' });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  const short = await runCli(serverCliArgs('user', 'add', '--data', dataDir, '--username', 'x', '--display-name', 'X'), { CHAMBER_PASSWORD: 'short' });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /password/);

  server = await startServerProcess({ dataDir });
  const admin = await ApiClient.login(server.url, 'firstclerk', 'a-long-enough-password');
  const me = await admin.get<UserProfile>(apiPaths.me);
  assert.equal(me.displayName, 'First Clerk');
  await server.stop();
  server = undefined;
});

test('audit verify passes on an intact chain and reports the first edited entry', async () => {
  const dataDir = makeTempDataDir();
  await createUser(dataDir, { username: 'admin', displayName: 'Admin', password: 'admin-password-long', admin: true });
  server = await startServerProcess({ dataDir });
  const admin = await ApiClient.login(server.url, 'admin', 'admin-password-long');
  const committee = await admin.post<Committee>(apiPaths.adminCommittees, { name: 'Cabinet' });
  const clerkUser = await admin.post<UserProfile>(apiPaths.adminUsers, { username: 'clerk', displayName: 'Clerk', password: 'clerk-password-long' });
  await admin.put(apiPaths.adminMembership(committee.id, clerkUser.id), { role: 'clerk' });
  const clerk = await ApiClient.login(server.url, 'clerk', 'clerk-password-long');
  const meeting = await clerk.post<Meeting>(apiPaths.meetings, { committeeId: committee.id, title: 'Cabinet', startsAt: '2026-12-01T10:00:00Z' });
  await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Budget' });
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'First publication' });
  await assert.rejects(ApiClient.login(server.url, 'clerk', 'wrong-password'));

  const intact = await runCli(serverCliArgs('audit', 'verify', '--data', dataDir));
  assert.equal(intact.code, 0, intact.stderr);
  assert.match(intact.stdout, /Audit chain intact: 8 entries verified, keyed from entry 1 under 1 key\(s\)/);

  const db = new Database(path.join(dataDir, 'chamber.sqlite'));
  const events = (db.prepare('SELECT event FROM audit_log ORDER BY seq').all() as { event: string }[]).map((r) => r.event);
  assert.deepEqual(events, ['audit-chain-keyed', 'login', 'committee-created', 'user-created', 'role-changed', 'login', 'meeting-published', 'login-failed']);
  assert.throws(() => db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 7").run(), /append-only/);
  // Someone with file access goes around the trigger and rewrites the publication's change note.
  db.exec('DROP TRIGGER audit_log_no_update');
  const published = db.prepare('SELECT details FROM audit_log WHERE seq = 7').get() as { details: string };
  db.prepare('UPDATE audit_log SET details = ? WHERE seq = 7').run(published.details.replace('First publication', 'Nothing to see'));
  db.close();

  const broken = await runCli(serverCliArgs('audit', 'verify', '--data', dataDir));
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /Audit chain BROKEN at entry 7: .*edited/);
});
