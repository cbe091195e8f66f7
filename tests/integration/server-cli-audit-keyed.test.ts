/**
 * The keyed audit chain on real data folders: the key file is private (0600)
 * and the server refuses one others may read; `audit verify` reports a cut
 * end (the chain stops before a checkpoint kept outside the database) and a
 * recomputed chain (with another key, or as plain SHA-256 without one), each
 * with a non-zero exit; `audit rotate-key` works while the server runs and
 * both parts verify; a chain from before keying still verifies.
 *
 * The tampering below is what someone who can write the database file but
 * not read the key would do: drop the triggers, delete or rewrite rows,
 * recompute every hash.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { type AgendaItem, type Committee, type Meeting, type UserProfile, apiPaths } from '../../common/wire.ts';
import type { AuditRow as Row } from '../../collab-server/audit/audit-log.ts';
import { openDatabase } from '../../collab-server/db/database.ts';
import { allMigrations } from '../../collab-server/db/migrations/index.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, createUser, makeTempDataDir, runCli, serverCliArgs, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess | undefined;
after(async () => {
  await server?.stop();
});

const ADMIN_PASSWORD = 'admin-password-long';
const keyFile = (dataDir: string) => path.join(dataDir, 'audit-key.json');
const databasePath = (dataDir: string) => path.join(dataDir, 'chamber.sqlite');
const verify = (dataDir: string, ...extra: string[]) => runCli(serverCliArgs('audit', 'verify', '--data', dataDir, ...extra));

/** A data folder whose chain has some history: logins, a committee, a publication, a failed login. Returns the published meeting. */
async function folderWithHistory(): Promise<{ dataDir: string; published: Meeting }> {
  const dataDir = makeTempDataDir('chamber-audit-');
  await createUser(dataDir, { username: 'admin', displayName: 'Admin', password: ADMIN_PASSWORD, admin: true });
  server = await startServerProcess({ dataDir });
  const admin = await ApiClient.login(server.url, 'admin', ADMIN_PASSWORD);
  const committee = await admin.post<Committee>(apiPaths.adminCommittees, { name: 'Cabinet' });
  await admin.put(apiPaths.adminMembership(committee.id, (await admin.get<UserProfile>(apiPaths.me)).id), { role: 'clerk' });
  const meeting = await admin.post<Meeting>(apiPaths.meetings, { committeeId: committee.id, title: 'Cabinet', startsAt: '2026-12-01T10:00:00Z' });
  await admin.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Budget' });
  const published = await admin.post<Meeting>(apiPaths.publish(meeting.id), { changeNote: 'First publication' });
  await assert.rejects(ApiClient.login(server.url, 'admin', 'wrong-password'));
  await ApiClient.login(server.url, 'admin', ADMIN_PASSWORD);
  await server.stop();
  server = undefined;
  return { dataDir, published };
}

/** Opens the database as the tamperer does: triggers dropped, rows free to rewrite. */
function tamper(dataDir: string, change: (db: Database.Database) => void): void {
  const db = new Database(databasePath(dataDir));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_stays_keyed');
    change(db);
  } finally {
    db.close();
  }
}

/** Rewrites every entry from the first and re-chains them with `hashOf`, as a tamperer recomputing the chain would. */
function recompute(db: Database.Database, hashOf: (row: Omit<Row, 'hash'>) => string, edit: (row: Row) => Row): void {
  const hasKeyIds = db.prepare("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'key_id'").get() !== undefined;
  let previous = '0'.repeat(64);
  for (const original of db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[]) {
    const row = { ...edit({ ...original, key_id: original.key_id ?? null }), prev_hash: previous };
    row.hash = hashOf(row);
    db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(row.details, row.prev_hash, row.hash, row.seq);
    if (hasKeyIds) db.prepare('UPDATE audit_log SET key_id = ? WHERE seq = ?').run(row.key_id, row.seq);
    previous = row.hash;
  }
}

const withoutFailedLogins = (row: Row): Row => (row.event === 'login-failed' ? { ...row, details: '{"username":"nobody","address":"127.0.0.1"}' } : row);

test('the audit key file is created with mode 0600, and the server refuses to start when others may read it', async () => {
  const dataDir = makeTempDataDir('chamber-audit-');
  server = await startServerProcess({ dataDir });
  await server.stop();
  server = undefined;
  assert.equal(statSync(keyFile(dataDir)).mode & 0o777, 0o600);
  const keys = JSON.parse(readFileSync(keyFile(dataDir), 'utf8')) as { keys: { id: string; secret: string }[] };
  assert.equal(keys.keys.length, 1);
  assert.equal(Buffer.from(keys.keys[0]!.secret, 'base64').length, 32);

  chmodSync(keyFile(dataDir), 0o644);
  const refused = await runCli(serverCliArgs('--data', dataDir, '--port', '0'));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /The audit key file .*audit-key\.json may be read or changed by other users \(mode 0644\).*chmod 600/);
});

test('audit verify reports a cut end: the chain stops before a checkpoint recorded outside the database', async () => {
  const { dataDir, published } = await folderWithHistory();
  const intact = await verify(dataDir);
  assert.equal(intact.code, 0, intact.stdout + intact.stderr);
  const reader = new Database(databasePath(dataDir), { readonly: true });
  const head = reader.prepare('SELECT MAX(seq) FROM audit_log').pluck().get() as number;
  reader.close();

  // The last two entries (the failed login and the login after it) are deleted: what remains still chains perfectly.
  tamper(dataDir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(head - 2));
  const cut = await verify(dataDir);
  assert.equal(cut.code, 1, cut.stdout);
  assert.match(cut.stdout, new RegExp(`Audit chain CUT: checkpoint at entry ${head}: the chain ends at entry ${head - 2}, but the checkpoint of \\S+ \\(audit-checkpoints\\.log line \\d+\\) records entry ${head}: its end was cut`));
  assert.doesNotMatch(cut.stdout, /BROKEN/);

  // Cut further back, past the publication, and the checkpoint file gone too: the copy a member received with the meeting still shows it.
  const memberCopy = published.auditCheckpoint!;
  assert.ok(memberCopy.seq > 1 && /^[0-9a-f]{64}$/.test(memberCopy.hmac));
  tamper(dataDir, (db) => db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(memberCopy.seq));
  rmSync(path.join(dataDir, 'audit-checkpoints.log'));
  const cutFurther = await verify(dataDir, '--checkpoint', `${memberCopy.seq}:${memberCopy.hmac}`);
  assert.equal(cutFurther.code, 1, cutFurther.stdout);
  assert.match(cutFurther.stdout, new RegExp(`Audit chain CUT: checkpoint at entry ${memberCopy.seq}: .*the checkpoint given on the command line`));
});

test('audit verify reports a chain recomputed with another key', async () => {
  const { dataDir: otherKeyDir } = await folderWithHistory();
  // Every entry re-chained with HMAC-SHA-256 under a key of the tamperer's own (same key ids).
  const tamperersKey = randomBytes(32);
  tamper(otherKeyDir, (db) =>
    recompute(db, (row) => createHmac('sha256', tamperersKey).update(JSON.stringify([row.seq, row.at, row.actor_user_id, row.event, row.details, row.prev_hash, row.key_id])).digest('hex'), withoutFailedLogins),
  );
  const otherKey = await verify(otherKeyDir);
  assert.equal(otherKey.code, 1, otherKey.stdout);
  assert.match(otherKey.stdout, /Audit chain BROKEN at entry 1: its HMAC does not verify under audit key [0-9a-f]{16}: the entry was edited, or the chain recomputed without the key/);
  assert.match(otherKey.stdout, /Audit chain RECOMPUTED at entry \d+: entry \d+'s HMAC differs from the one the checkpoint of \S+ \(audit-checkpoints\.log line \d+\) records/);
  assert.match(otherKey.stdout, /Audit chain RECOMPUTED at entry \d+: entry \d+'s HMAC differs from the one meeting \S+ as published \(version 1, feed entry \d+\) records/);
});

test('audit verify reports a chain rebuilt as plain SHA-256 without the key', async () => {
  const { dataDir } = await folderWithHistory();
  // The whole chain rebuilt as an old-style unkeyed SHA-256 chain, which the unkeyed verify accepted.
  tamper(dataDir, (db) =>
    recompute(db, (row) => createHash('sha256').update(JSON.stringify([row.seq, row.at, row.actor_user_id, row.event, row.details, row.prev_hash])).digest('hex'), (row) => ({ ...withoutFailedLogins(row), key_id: null })),
  );
  const plain = await verify(dataDir);
  assert.equal(plain.code, 1, plain.stdout);
  assert.match(plain.stdout, /Audit chain RECOMPUTED at entry \d+: the chain has no keyed entries although this data folder has an audit key: it was rebuilt without the key/);
  assert.match(plain.stdout, /Audit chain RECOMPUTED at entry \d+: entry \d+'s HMAC differs from the one the checkpoint of/);
});

test('audit rotate-key while the server runs: a rotation entry under the old key, entries after it under the new one, both parts verify', async () => {
  const dataDir = makeTempDataDir('chamber-audit-');
  await createUser(dataDir, { username: 'admin', displayName: 'Admin', password: ADMIN_PASSWORD, admin: true });
  server = await startServerProcess({ dataDir });
  await ApiClient.login(server.url, 'admin', ADMIN_PASSWORD);

  const rotated = await runCli(serverCliArgs('audit', 'rotate-key', '--data', dataDir));
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.match(rotated.stdout, /Audit key rotated: entry 3 hands over from key ([0-9a-f]{16}) to key ([0-9a-f]{16})/);
  assert.equal(statSync(keyFile(dataDir)).mode & 0o777, 0o600);
  const keys = (JSON.parse(readFileSync(keyFile(dataDir), 'utf8')) as { keys: { id: string }[] }).keys.map((key) => key.id);
  assert.equal(keys.length, 2, 'the old key stays in the file');

  // The running server picks the new key up for the entries after the rotation.
  await ApiClient.login(server.url, 'admin', ADMIN_PASSWORD);
  await assert.rejects(ApiClient.login(server.url, 'admin', 'wrong-password'));
  await server.stop();
  server = undefined;

  const db = new Database(databasePath(dataDir), { readonly: true });
  const chain = db.prepare('SELECT event, key_id FROM audit_log ORDER BY seq').all() as { event: string; key_id: string }[];
  db.close();
  assert.deepEqual(chain, [
    { event: 'audit-chain-keyed', key_id: keys[0] },
    { event: 'login', key_id: keys[0] },
    { event: 'audit-key-rotated', key_id: keys[0] },
    { event: 'login', key_id: keys[1] },
    { event: 'login-failed', key_id: keys[1] },
  ]);
  const verified = await verify(dataDir);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /Audit chain intact: 5 entries verified, keyed from entry 1 under 2 key\(s\), \d+ checkpoint\(s\) match/);

  // An entry of the new key's part edited: caught under the new key.
  tamper(dataDir, (tampered) => tampered.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 5").run());
  const broken = await verify(dataDir);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, new RegExp(`Audit chain BROKEN at entry 5: its HMAC does not verify under audit key ${keys[1]}`));
});

test('a chain from before keying still verifies: its old part as SHA-256, the keyed part from the marker on', async () => {
  const dataDir = makeTempDataDir('chamber-audit-legacy-');
  // A database as the previous release left it: schema up to 006 and an unkeyed SHA-256 chain.
  const legacy = openDatabase(databasePath(dataDir), allMigrations.filter((migration) => migration.version <= 6));
  let previous = '0'.repeat(64);
  for (let seq = 1; seq <= 3; seq += 1) {
    const entry = [seq, `2026-11-0${seq}T10:00:00.000Z`, null, 'login-failed', JSON.stringify({ username: `user${seq}` }), previous] as const;
    const hash = createHash('sha256').update(JSON.stringify(entry)).digest('hex');
    legacy.prepare('INSERT INTO audit_log (seq, at, actor_user_id, event, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...entry, hash);
    previous = hash;
  }
  legacy.close();
  const before = await verify(dataDir);
  assert.equal(before.code, 0, before.stdout + before.stderr);
  assert.match(before.stdout, /Audit chain intact: 3 entries verified, not keyed/);

  await createUser(dataDir, { username: 'admin', displayName: 'Admin', password: ADMIN_PASSWORD, admin: true });
  server = await startServerProcess({ dataDir });
  await ApiClient.login(server.url, 'admin', ADMIN_PASSWORD);
  await server.stop();
  server = undefined;
  const after = await verify(dataDir);
  assert.equal(after.code, 0, after.stdout + after.stderr);
  assert.match(after.stdout, /Audit chain intact: 5 entries verified, keyed from entry 4 under 1 key\(s\)/);

  // The old part is checked as before.
  tamper(dataDir, (db) => db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 2").run());
  const edited = await verify(dataDir);
  assert.equal(edited.code, 1);
  assert.match(edited.stdout, /Audit chain BROKEN at entry 2: its content does not match its hash \(edited\)/);
});
