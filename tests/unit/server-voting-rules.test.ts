/**
 * The meeting arithmetic (quorum, majorities, ties) and migration 006 from an
 * empty database and from version 5 with existing declarations.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { appliedMigrationVersions, openDatabase, runMigrations } from '../../collab-server/db/database.ts';
import { allMigrations } from '../../collab-server/db/migrations/index.ts';
import { HttpError } from '../../collab-server/http/errors.ts';
import { decideOutcome, requiredQuorum } from '../../collab-server/voting/outcome.ts';

test('quorum: a number, or a fraction of the voting members rounded up', () => {
  assert.equal(requiredQuorum({ kind: 'count', value: 3 }, 10), 3);
  assert.equal(requiredQuorum({ kind: 'fraction', value: 0.5 }, 3), 2);
  assert.equal(requiredQuorum({ kind: 'fraction', value: 0.5 }, 6), 3);
  assert.equal(requiredQuorum({ kind: 'fraction', value: 0.1 }, 30), 3, 'no float noise: 0.1 × 30 is 3');
  assert.equal(requiredQuorum({ kind: 'fraction', value: 0.25 }, 0), 1, 'never zero');
});

test('majorities: of votes cast, of members present, two thirds', () => {
  const cast = { majority: 'simple-of-cast', tie: 'motion-falls' } as const;
  assert.equal(decideOutcome({ for: 3, against: 2, abstain: 5 }, 10, cast, undefined).outcome, 'carried');
  assert.equal(decideOutcome({ for: 0, against: 0, abstain: 4 }, 4, cast, undefined).outcome, 'lost');
  const present = { majority: 'simple-of-present', tie: 'motion-falls' } as const;
  assert.equal(decideOutcome({ for: 3, against: 2, abstain: 5 }, 10, present, undefined).outcome, 'lost');
  assert.equal(decideOutcome({ for: 6, against: 2, abstain: 2 }, 10, present, undefined).outcome, 'carried');
  const twoThirds = { majority: 'two-thirds-of-cast', tie: 'chair-casting-vote' } as const;
  assert.equal(decideOutcome({ for: 6, against: 3, abstain: 0 }, 9, twoThirds, undefined).outcome, 'carried');
  assert.equal(decideOutcome({ for: 5, against: 3, abstain: 0 }, 8, twoThirds, undefined).outcome, 'lost');
  assert.equal(decideOutcome({ for: 2, against: 2, abstain: 0 }, 4, twoThirds, undefined).decidedBy, 'majority', 'no casting vote under two thirds');
});

test('ties: the motion falls, or the chair must give a casting vote', () => {
  assert.deepEqual(decideOutcome({ for: 2, against: 2, abstain: 1 }, 5, { majority: 'simple-of-cast', tie: 'motion-falls' }, 'for'), {
    outcome: 'lost', decidedBy: 'tie-falls', castingVote: null,
  });
  const casting = { majority: 'simple-of-cast', tie: 'chair-casting-vote' } as const;
  assert.throws(() => decideOutcome({ for: 2, against: 2, abstain: 0 }, 4, casting, undefined), (e: HttpError) => e.code === 'casting-vote-required');
  assert.deepEqual(decideOutcome({ for: 2, against: 2, abstain: 0 }, 4, casting, 'against'), { outcome: 'lost', decidedBy: 'casting-vote', castingVote: 'against' });
  assert.equal(decideOutcome({ for: 2, against: 2, abstain: 0 }, 4, casting, 'for').outcome, 'carried');
});

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-voting-migration-')), 'chamber.sqlite');
const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];

test('migration 006 from empty creates the session and voting tables', () => {
  const db = openDatabase(tempFile());
  for (const table of ['committee_rules', 'meeting_sessions', 'attendance', 'speakers', 'votes', 'vote_participation', 'vote_results']) {
    assert.ok(tables(db).includes(table), table);
  }
  db.close();
});

test('migration 006 from version 5: a disclosable pecuniary declaration now takes the member out of the item', () => {
  const file = tempFile();
  const old = new Database(file);
  runMigrations(old, allMigrations.filter((m) => m.version <= 5));
  old.exec(`
    INSERT INTO bodies VALUES ('b', 'Council');
    INSERT INTO committees (id, body_id, name, created_at) VALUES ('c', 'b', 'Planning', '2026-01-01T00:00:00Z');
    INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ('u1', 'a', 'A', 'x', '2026-01-01T00:00:00Z'), ('u2', 'b', 'B', 'x', '2026-01-01T00:00:00Z');
    INSERT INTO meetings (id, committee_id, title, starts_at, created_at) VALUES ('m', 'c', 'M', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    INSERT INTO items (id, meeting_id, position, number, title) VALUES ('i', 'm', 0, '1', 'Item');
    INSERT INTO declarations VALUES ('i', 'u1', 'disclosable-pecuniary', 'Owns the site', '2026-01-01T00:00:00Z');
    INSERT INTO declarations VALUES ('i', 'u2', 'non-registrable', 'Lives nearby', '2026-01-01T00:00:00Z');
  `);
  old.close();
  const db = openDatabase(file);
  assert.deepEqual(appliedMigrationVersions(db), allMigrations.map((m) => m.version));
  assert.deepEqual(db.prepare('SELECT user_id, leaves_room FROM declarations ORDER BY user_id').all(), [
    { user_id: 'u1', leaves_room: 1 },
    { user_id: 'u2', leaves_room: 0 },
  ]);
  db.close();
});

test('the database refuses a choice on a secret ballot and any ballot on a vote that is not open', () => {
  const db = openDatabase(tempFile());
  db.exec(`
    INSERT INTO bodies VALUES ('b', 'Council');
    INSERT INTO committees (id, body_id, name, created_at) VALUES ('c', 'b', 'Planning', '2026-01-01T00:00:00Z');
    INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ('u1', 'a', 'A', 'x', '2026-01-01T00:00:00Z');
    INSERT INTO meetings (id, committee_id, title, starts_at, created_at) VALUES ('m', 'c', 'M', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    INSERT INTO items (id, meeting_id, position, number, title) VALUES ('i', 'm', 0, '1', 'Item');
    INSERT INTO votes (id, meeting_id, item_id, committee_id, motion_text, kind, status, created_at) VALUES ('v', 'm', 'i', 'c', 'x', 'secret', 'open', 'now');
    INSERT INTO votes (id, meeting_id, item_id, committee_id, motion_text, kind, status, created_at) VALUES ('w', 'm', 'i', 'c', 'x', 'recorded', 'closed', 'now');
  `);
  const insert = db.prepare("INSERT INTO vote_participation VALUES (?, 'u1', ?, 'r', 'now', ?)");
  assert.throws(() => insert.run('v', 'b1', 'for'), /keeps no choice/);
  assert.throws(() => insert.run('w', 'b2', 'for'), /not open/);
  insert.run('v', 'b3', null);
  assert.throws(() => insert.run('v', 'b4', null), /UNIQUE|PRIMARY KEY/, 'one ballot per member');
  assert.throws(() => db.prepare('DELETE FROM vote_participation').run(), /final/);
  db.close();
});
