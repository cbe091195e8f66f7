/**
 * The mirror store on a real SQLite file: pages of feed changes, tombstones,
 * purge, resync, and the reads the bridge serves.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Change, ChangePage, Committee } from '../../common/wire.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { Backoff } from '../../electron/host/sync/backoff.ts';
import { FileTokenStore } from '../../electron/host/token-store.ts';
import { accountPaths } from '../../electron/host/account-paths.ts';
import { document, item, meeting, sha } from '../support/mirror-fixtures.ts';

const committee: Committee = { id: 'c1', bodyId: 'b1', name: 'Planning Committee' };
function page(changes: Change[], hasMore = false): ChangePage {
  return { changes, nextSince: changes.at(-1)?.seq ?? 0, hasMore };
}

function withMirror(run: (store: MirrorStore, dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-mirror-'));
  const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
  try {
    run(store, dir);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A committee with one meeting: items 1 (public, with sub-item 1a) and 2 (confidential), each with a paper. */
function basePage(): ChangePage {
  return page([
    { seq: 1, kind: 'committee', op: 'upsert', data: committee },
    { seq: 2, kind: 'membership', op: 'upsert', data: { committeeId: 'c1', role: 'member' } },
    { seq: 3, kind: 'meeting', op: 'upsert', data: meeting('m1', '2026-12-04T18:30:00.000Z') },
    { seq: 4, kind: 'item', op: 'upsert', data: item('i2', 'm1', 1, { confidential: true, confidentialReason: 'Paragraph 3' }) },
    { seq: 5, kind: 'item', op: 'upsert', data: item('i1', 'm1', 0) },
    { seq: 6, kind: 'item', op: 'upsert', data: item('i1a', 'm1', 0, { parentItemId: 'i1', number: '1a' }) },
    { seq: 7, kind: 'document', op: 'upsert', data: document('d1', 'i1', 1) },
    { seq: 8, kind: 'document', op: 'upsert', data: document('d2', 'i2', 2) },
  ]);
}

test('a page is applied with its position, and re-applying it changes nothing', () => {
  withMirror((store) => {
    const result = store.applyPage(basePage());
    assert.deepEqual([...result.meetingIds], ['m1']);
    assert.equal(store.syncState().lastSeq, 8);
    store.applyPage(basePage());
    const detail = store.getMeeting('m1');
    assert.ok(detail);
    assert.deepEqual(
      detail.items.map((i) => i.number),
      ['1', '1a', '2'],
      'agenda order: parents before their sub-items',
    );
    assert.deepEqual(store.listMeetings().map((s) => [s.meeting.id, s.itemCount, s.documentCount]), [['m1', 3, 2]]);
  });
});

test('only the newest version of a document lineage is current', () => {
  withMirror((store) => {
    store.applyPage(basePage());
    store.applyPage(page([{ seq: 9, kind: 'document', op: 'upsert', data: document('d1v2', 'i1', 3, { lineageId: 'd1', version: 2 }) }]));
    const documents = store.getMeeting('m1')?.items.find((i) => i.id === 'i1')?.documents ?? [];
    assert.deepEqual(documents.map((d) => d.id), ['d1v2']);
  });
});

test('tombstones remove an item with its sub-items and papers', () => {
  withMirror((store) => {
    store.applyPage(basePage());
    store.markCached(sha(1), 1000, '2026-11-27T06:00:00.000Z');
    const result = store.applyPage(page([{ seq: 9, kind: 'item', op: 'delete', id: 'i1' }]));
    assert.deepEqual([...result.meetingIds], ['m1']);
    assert.deepEqual(store.getMeeting('m1')?.items.map((i) => i.id), ['i2']);
    assert.equal(store.findDocument('d1'), null);
    assert.deepEqual(store.unreferencedCachedFiles(), [sha(1)], 'its cached file is now unreferenced');
  });
});

test('purge drops the committee’s confidential items and papers, and the membership', () => {
  withMirror((store) => {
    store.applyPage(basePage());
    store.markCached(sha(2), 2000, '2026-11-27T06:00:00.000Z');
    store.applyPage(page([{ seq: 9, kind: 'committee', op: 'purge', id: 'c1' }]));
    assert.deepEqual(store.getMeeting('m1')?.items.map((i) => i.id), ['i1', 'i1a']);
    assert.equal(store.findDocument('d2'), null);
    assert.notEqual(store.findDocument('d1'), null);
    assert.deepEqual(store.unreferencedCachedFiles(), [sha(2)]);
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM memberships').pluck().get(), 0);
  });
});

test('documents of the whole meeting (its minutes) are the meeting’s; a purge drops the committee-only one', () => {
  withMirror((store) => {
    store.applyPage(basePage());
    store.applyPage(
      page([
        { seq: 9, kind: 'document', op: 'upsert', data: document('full', 'unused', 3, { itemId: null, meetingId: 'm1', kind: 'minutes', committeeOnly: true }) },
        { seq: 10, kind: 'document', op: 'upsert', data: document('public', 'unused', 4, { itemId: null, meetingId: 'm1', kind: 'minutes', committeeOnly: false }) },
      ]),
    );
    const detail = store.getMeeting('m1')!;
    assert.deepEqual(detail.documents.map((d) => [d.id, d.itemId, d.meetingId, d.committeeOnly]), [
      ['full', null, 'm1', true],
      ['public', null, 'm1', false],
    ]);
    assert.ok(detail.items.every((i) => i.documents.every((d) => d.itemId === i.id)), 'no item holds them');
    assert.deepEqual(store.listMeetings().map((s) => s.documentCount), [4]);
    assert.deepEqual(store.meetingsUsingFile(sha(3)), ['m1']);
    store.applyPage(page([{ seq: 11, kind: 'committee', op: 'purge', id: 'c1' }]));
    assert.deepEqual(store.getMeeting('m1')?.documents.map((d) => d.id), ['public']);
    store.applyPage(page([{ seq: 12, kind: 'meeting', op: 'delete', id: 'm1' }]));
    assert.equal(store.findDocument('public'), null, 'they go with their meeting');
  });
});

test('resync catches up from 0 and removes what was not sent again, without looping', () => {
  withMirror((store) => {
    store.applyPage(basePage());
    const resync = store.applyPage(page([{ seq: 9, kind: 'mirror', op: 'resync' }]));
    assert.equal(resync.restartFromZero, true);
    assert.equal(store.syncState().lastSeq, 0);
    // The server re-sends what is visible now: the meeting without item 2, and the resync entry itself.
    const again = store.applyPage(
      page([
        { seq: 1, kind: 'committee', op: 'upsert', data: committee },
        { seq: 3, kind: 'meeting', op: 'upsert', data: meeting('m1', '2026-12-04T18:30:00.000Z') },
        { seq: 5, kind: 'item', op: 'upsert', data: item('i1', 'm1', 0) },
        { seq: 7, kind: 'document', op: 'upsert', data: document('d1', 'i1', 1) },
        { seq: 9, kind: 'mirror', op: 'resync' },
        { seq: 10, kind: 'meeting', op: 'upsert', data: meeting('m2', '2026-12-11T18:30:00.000Z') },
      ]),
    );
    assert.equal(again.restartFromZero, false, 'an already handled resync is not acted on twice');
    assert.equal(store.syncState().lastSeq, 10);
    const removed = store.finishResync();
    assert.ok(removed.has('m1'));
    assert.deepEqual(store.getMeeting('m1')?.items.map((i) => i.id), ['i1'], 'item 2 and sub-item 1a were not re-sent');
    assert.equal(store.findDocument('d2'), null);
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM memberships').pluck().get(), 0, 'membership not re-sent');
    assert.deepEqual(store.listMeetings().map((s) => s.meeting.id), ['m1', 'm2']);
    assert.equal(store.syncState().resyncInProgress, false);
  });
});

test('downloads are ordered upcoming meetings first, soonest first', () => {
  withMirror((store) => {
    store.applyPage(
      page([
        { seq: 1, kind: 'committee', op: 'upsert', data: committee },
        { seq: 2, kind: 'meeting', op: 'upsert', data: meeting('past', '2026-10-01T18:00:00.000Z') },
        { seq: 3, kind: 'meeting', op: 'upsert', data: meeting('later', '2027-01-10T18:00:00.000Z') },
        { seq: 4, kind: 'meeting', op: 'upsert', data: meeting('soon', '2026-12-01T18:00:00.000Z') },
        { seq: 5, kind: 'item', op: 'upsert', data: item('ip', 'past', 0) },
        { seq: 6, kind: 'item', op: 'upsert', data: item('il', 'later', 0) },
        { seq: 7, kind: 'item', op: 'upsert', data: item('is', 'soon', 0) },
        { seq: 8, kind: 'document', op: 'upsert', data: document('dp', 'ip', 1) },
        { seq: 9, kind: 'document', op: 'upsert', data: document('dl', 'il', 2) },
        { seq: 10, kind: 'document', op: 'upsert', data: document('ds', 'is', 3) },
      ]),
    );
    const order = store.wantedFiles('2026-11-27T00:00:00.000Z').map((f) => f.sha256);
    assert.deepEqual(order, [sha(3), sha(2), sha(1)]);
    store.markCached(sha(3), 3000, '2026-11-27T06:00:00.000Z');
    assert.deepEqual(store.wantedFiles('2026-11-27T00:00:00.000Z').map((f) => f.sha256), [sha(2), sha(1)]);
    assert.equal(store.cachedBytes(), 3000);
  });
});

test('the mirror keeps its data across reopening, in WAL mode', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-mirror-'));
  try {
    const file = path.join(dir, 'mirror.sqlite');
    const first = new MirrorStore(file);
    first.applyPage(basePage());
    first.close();
    const second = new MirrorStore(file);
    assert.equal(second.syncState().lastSeq, 8);
    assert.equal(second.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(second.db.pragma('integrity_check', { simple: true }), 'ok');
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backoff grows with jitter up to its cap and resets', () => {
  const backoff = new Backoff(500, 30_000, () => 1);
  const delays = Array.from({ length: 10 }, () => backoff.next());
  assert.deepEqual(delays.slice(0, 4), [500, 1000, 2000, 4000]);
  assert.equal(Math.max(...delays), 30_000);
  backoff.reset();
  assert.equal(backoff.next(), 500);
  const jittered = new Backoff(500, 30_000, () => 0);
  assert.equal(jittered.next(), 250, 'at least half the ceiling');
});

test('the token file is readable by the user only', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-token-'));
  try {
    const paths = accountPaths(dir, 'http://127.0.0.1:1234', 'member');
    assert.match(path.relative(dir, paths.mirrorPath), /^accounts\/[0-9a-f]{16}\/mirror\.sqlite$/);
    const store = new FileTokenStore(paths.tokenPath);
    assert.equal(await store.get(), null);
    await store.set('secret-token');
    assert.equal(await store.get(), 'secret-token');
    assert.equal(statSync(paths.tokenPath).mode & 0o777, 0o600);
    await store.clear();
    assert.equal(await store.get(), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
