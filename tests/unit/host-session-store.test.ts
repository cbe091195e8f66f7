/**
 * The mirror's meeting-session tables (migration 006) and the session store:
 * from empty and from the previous version; the last state kept per meeting;
 * a ballot keeps its id until the receipt, a refused one is retried with the
 * same id, and a secret ballot's choice is erased once its receipt is in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { defaultCommitteeRules, type BallotReceipt, type MeetingSessionState } from '../../common/wire.ts';
import { migrate } from '../../electron/host/mirror/migrate.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { mirrorMigrations } from '../../electron/host/mirror/migrations/index.ts';
import { SessionStore } from '../../electron/host/session/session-store.ts';

const [B1, B2, B3, B4] = ['1', '2', '3', '4'].map((n) => `00000000-0000-4000-8000-00000000000${n}`) as [string, string, string, string];

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-session-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function state(meetingId: string, serverTime: string, status: MeetingSessionState['status'] = 'in-session'): MeetingSessionState {
  return {
    meetingId,
    committeeId: 'c1',
    status,
    openedAt: status === 'not-started' ? null : '2026-11-27T18:00:00.000Z',
    closedAt: null,
    rules: defaultCommitteeRules,
    roll: [],
    quorum: { required: 2, present: 0, met: false },
    currentItemId: null,
    excludedFromCurrentItem: [],
    speakers: [],
    vote: null,
    myBallot: null,
    results: [],
    serverTime,
  };
}

function receipt(voteId: string, ballotId: string, choice: BallotReceipt['choice']): BallotReceipt {
  return { voteId, ballotId, receiptId: 'r-1', recordedAt: '2026-11-27T18:03:12.000Z', choice };
}

test('migration 006 from empty and from the previous version keeps the mirror and adds the session tables', (t) => {
  const dir = tempDir(t);
  const newest = mirrorMigrations.at(-1)?.version;
  const previous = mirrorMigrations.filter((migration) => migration.version < 6);

  const fromEmpty = new MirrorStore(path.join(dir, 'empty.sqlite'));
  assert.equal(fromEmpty.db.pragma('user_version', { simple: true }), newest);
  fromEmpty.close();

  const file = path.join(dir, 'previous.sqlite');
  const old = new Database(file);
  migrate(old, previous);
  const oldVersion = old.pragma('user_version', { simple: true }) as number;
  assert.ok(oldVersion < 6);
  old.prepare("INSERT INTO viewer_positions (document_id, page, zoom, updated_at) VALUES ('d1', 7, 'fit-width', '2026-11-27T00:00:00.000Z')").run();
  assert.throws(() => old.prepare('SELECT * FROM pending_ballots').all(), /no such table/);
  old.close();

  const upgraded = new MirrorStore(file);
  t.after(() => upgraded.close());
  assert.equal(upgraded.db.pragma('user_version', { simple: true }), newest);
  assert.deepEqual(upgraded.db.prepare('SELECT page FROM viewer_positions').pluck().all(), [7], 'existing rows survive');
  const sessions = new SessionStore(upgraded.db);
  sessions.saveState('m1', state('m1', '2026-11-27T18:00:01.000Z'), '2026-11-27T18:00:01.100Z');
  assert.equal(sessions.lastState('m1')?.state.status, 'in-session');
});

test('the last state per meeting, and ballots from cast to receipt', (t) => {
  const mirror = new MirrorStore(path.join(tempDir(t), 'mirror.sqlite'));
  t.after(() => mirror.close());
  const store = new SessionStore(mirror.db);

  assert.equal(store.lastState('m1'), null);
  store.saveState('m1', state('m1', '2026-11-27T18:00:01.000Z', 'not-started'), '2026-11-27T18:00:01.100Z');
  store.saveState('m1', state('m1', '2026-11-27T18:00:02.000Z'), '2026-11-27T18:00:02.100Z');
  store.saveState('m2', state('m2', '2026-11-27T18:00:02.000Z', 'closed'), '2026-11-27T18:00:02.100Z');
  assert.equal(store.lastState('m1')?.state.status, 'in-session');
  assert.equal(store.lastState('m1')?.receivedAt, '2026-11-27T18:00:02.100Z');
  assert.equal(store.lastState('m2')?.state.status, 'closed');
  // A row this version cannot read counts as no state.
  mirror.db.prepare("UPDATE session_states SET state_json = '{\"meetingId\":1}' WHERE meeting_id = 'm2'").run();
  assert.equal(store.lastState('m2'), null);

  // The first cast fixes the ballot's id and choice; casting again while it is unanswered changes neither.
  const cast = store.prepareBallot({ voteId: 'v1', meetingId: 'm1', choice: 'for', newBallotId: B1, at: '2026-11-27T18:03:00.000Z' });
  assert.equal(cast.ballotId, B1);
  const again = store.prepareBallot({ voteId: 'v1', meetingId: 'm1', choice: 'against', newBallotId: B2, at: '2026-11-27T18:03:01.000Z' });
  assert.deepEqual([again.ballotId, again.choice], [B1, 'for']);
  assert.deepEqual(store.unsettledBallots().map((b) => b.ballotId), [B1]);

  // Refused: never counted, so a new choice may go out, under the same id.
  store.recordRefusal('v1', { code: 'not-present', message: 'Only members present may vote' });
  assert.equal(store.ballot('v1')?.refusal?.code, 'not-present');
  assert.deepEqual(store.unsettledBallots(), []);
  const retried = store.prepareBallot({ voteId: 'v1', meetingId: 'm1', choice: 'against', newBallotId: B3, at: '2026-11-27T18:04:00.000Z' });
  assert.deepEqual([retried.ballotId, retried.choice, retried.refusal], [B1, 'against', null]);

  store.recordReceipt('v1', receipt('v1', B1, 'against'));
  assert.equal(store.ballot('v1')?.receipt?.receiptId, 'r-1');
  assert.equal(store.ballot('v1')?.choice, 'against');
  // A receipt is final: a late refusal does not overwrite it.
  store.recordRefusal('v1', { code: 'vote-closed', message: 'closed' });
  assert.equal(store.ballot('v1')?.refusal, null);

  // A secret ballot: once the receipt (without a choice) is in, the mirror forgets the choice too.
  store.prepareBallot({ voteId: 'v2', meetingId: 'm1', choice: 'abstain', newBallotId: B4, at: '2026-11-27T18:05:00.000Z' });
  store.recordReceipt('v2', receipt('v2', B4, null));
  assert.equal(store.ballot('v2')?.choice, null);
  assert.equal(mirror.db.prepare("SELECT choice FROM pending_ballots WHERE vote_id = 'v2'").pluck().get(), null);
  assert.deepEqual(store.ballotsOf('m1').map((b) => b.voteId), ['v1', 'v2']);
});
