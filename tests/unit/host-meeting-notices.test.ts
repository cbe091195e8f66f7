/**
 * What the member has seen of each meeting, kept by the mirror as it applies
 * real feed pages to a real SQLite file: a meeting arriving after the first
 * sync is new until opened; published again it is changed; items and papers a
 * later publication added or replaced are listed with its change note and
 * stay marked until opened; the first sync and a resync are not news; the
 * committee's clerk and people outside the committee get no notices.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Change, ChangePage, CommitteeRole, Meeting } from '../../common/wire.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { document, item, meeting } from '../support/mirror-fixtures.ts';

let seq = 0;
/** A feed change before the server numbers it. */
type Unnumbered = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;
function page(changes: Unnumbered[]): ChangePage {
  const numbered = changes.map((change) => ({ ...change, seq: ++seq }) as Change);
  return { changes: numbered, nextSince: seq, hasMore: false };
}

function withMirror(run: (store: MirrorStore) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-notices-'));
  const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
  try {
    run(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const published = (id: string, version: number, changeNote: string | null): Meeting => ({
  ...meeting(id, '2027-03-04T18:30:00.000Z'),
  publishedVersion: version,
  changeNote,
});

/** The first sync: the committee, a membership and one meeting with an item and its paper. */
function firstSync(store: MirrorStore, role: CommitteeRole = 'member'): void {
  store.applyPage(
    page([
      { kind: 'committee', op: 'upsert', data: { id: 'c1', bodyId: 'b1', name: 'Planning Committee' } },
      { kind: 'membership', op: 'upsert', data: { committeeId: 'c1', role } },
      { kind: 'meeting', op: 'upsert', data: published('old', 1, null) },
      { kind: 'item', op: 'upsert', data: item('old-1', 'old', 0) },
    ]),
  );
  store.markSynced('2027-01-01T00:00:00.000Z');
}

/** Each meeting's notice and unopened changes, by meeting id. */
const notices = (store: MirrorStore) =>
  store
    .listMeetings()
    .map((summary) => [summary.meeting.id, summary.notice, summary.unopenedChanges])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

test('the first sync is not news; a meeting published later is new until opened', () => {
  withMirror((store) => {
    firstSync(store);
    assert.deepEqual(notices(store), [['old', null, 0]]);
    store.applyPage(
      page([
        { kind: 'meeting', op: 'upsert', data: published('m1', 1, null) },
        { kind: 'item', op: 'upsert', data: item('i1', 'm1', 0) },
        { kind: 'document', op: 'upsert', data: document('d1', 'i1', 1) },
        { kind: 'document', op: 'upsert', data: { ...document('pack', 'i1', 2), itemId: null, meetingId: 'm1', kind: 'pack', name: 'Agenda pack' } },
      ]),
    );
    assert.deepEqual(notices(store), [['m1', 'new', 0], ['old', null, 0]], 'everything of a new meeting is new: no change list');
    assert.equal(store.getMeeting('m1')!.notice, 'new');
    assert.deepEqual(store.getMeeting('m1')!.changes, []);
    assert.equal(store.notices.markSeen('m1'), true);
    assert.equal(store.notices.markSeen('m1'), false, 'seen once: nothing more to mark');
    assert.deepEqual(notices(store), [['m1', null, 0], ['old', null, 0]]);
  });
});

test('a later publication marks the meeting changed and lists added and replaced papers and items with its change note until opened', () => {
  withMirror((store) => {
    firstSync(store);
    store.applyPage(
      page([
        { kind: 'meeting', op: 'upsert', data: published('m1', 1, null) },
        { kind: 'item', op: 'upsert', data: item('i1', 'm1', 0) },
        { kind: 'document', op: 'upsert', data: document('d1', 'i1', 1) },
      ]),
    );
    store.notices.markSeen('m1');
    // Version 2, as the server sends it: the replaced version's tombstone first, then the meeting, its items, its papers.
    store.applyPage(
      page([
        { kind: 'document', op: 'delete', id: 'd1' },
        { kind: 'meeting', op: 'upsert', data: published('m1', 2, 'Revised report; late item') },
        { kind: 'item', op: 'upsert', data: item('i1', 'm1', 0, { title: 'Item i1 (renamed)' }) },
        { kind: 'item', op: 'upsert', data: item('i2', 'm1', 1, { title: 'Late item' }) },
        { kind: 'document', op: 'upsert', data: document('d1v2', 'i1', 3, { lineageId: 'd1', version: 2, name: 'Report (revised)' }) },
        { kind: 'document', op: 'upsert', data: { ...document('s1', 'i2', 4), itemId: null, meetingId: 'm1', kind: 'pack', name: 'Supplement 1 to the agenda pack' } },
      ]),
    );
    assert.deepEqual(notices(store), [['m1', 'changed', 3], ['old', null, 0]]);
    const detail = store.getMeeting('m1')!;
    assert.equal(detail.notice, 'changed');
    assert.deepEqual(
      detail.changes.map((change) => [change.kind, change.change, change.name, change.itemNumber, change.changeNote, change.publishedVersion]),
      [
        ['item', 'added', 'Late item', '2', 'Revised report; late item', 2],
        ['document', 'replaced', 'Report (revised)', '1', 'Revised report; late item', 2],
        ['document', 'added', 'Supplement 1 to the agenda pack', null, 'Revised report; late item', 2],
      ],
      'a renamed item is not news; a new version of a paper is "replaced"',
    );

    // Looking at the meeting clears its notice; each change stays marked until opened.
    store.notices.markSeen('m1');
    assert.deepEqual(notices(store), [['m1', null, 3], ['old', null, 0]]);
    assert.equal(store.notices.markOpened('m1', ['d1v2', 'i1']), true);
    assert.equal(store.notices.markOpened('m1', ['d1v2']), false);
    assert.deepEqual(store.getMeeting('m1')!.changes.map((change) => change.id), ['i2', 's1']);

    // A paper replaced again: its earlier change goes with the version it was about.
    store.applyPage(
      page([
        { kind: 'document', op: 'delete', id: 's1' },
        { kind: 'meeting', op: 'upsert', data: published('m1', 3, 'Supplement corrected') },
        { kind: 'document', op: 'upsert', data: { ...document('s1v2', 'i2', 5, { lineageId: 's1', version: 2 }), itemId: null, meetingId: 'm1', kind: 'pack', name: 'Supplement 1 to the agenda pack' } },
      ]),
    );
    assert.deepEqual(store.getMeeting('m1')!.changes.map((change) => [change.id, change.change, change.changeNote]), [
      ['s1v2', 'replaced', 'Supplement corrected'],
      ['i2', 'added', 'Revised report; late item'],
    ]);

    // A withdrawn item takes its change with it.
    store.applyPage(page([{ kind: 'item', op: 'delete', id: 'i2' }]));
    assert.deepEqual(store.getMeeting('m1')!.changes.map((change) => change.id), ['s1v2']);
  });
});

test('a resync replays the feed without news; the clerk and people outside the committee get no notices', () => {
  withMirror((store) => {
    firstSync(store, 'clerk');
    store.applyPage(page([{ kind: 'meeting', op: 'upsert', data: published('m1', 1, null) }]));
    store.applyPage(page([{ kind: 'meeting', op: 'upsert', data: published('m1', 2, 'Changed') }, { kind: 'item', op: 'upsert', data: item('i9', 'm1', 0) }]));
    assert.deepEqual(notices(store), [['m1', null, 0], ['old', null, 0]], 'the clerk made the changes');
    assert.deepEqual(store.getMeeting('m1')!.changes, []);
  });
  withMirror((store) => {
    firstSync(store);
    store.applyPage(page([{ kind: 'membership', op: 'delete', id: 'c1' }]));
    store.applyPage(page([{ kind: 'meeting', op: 'upsert', data: published('m2', 1, null) }]));
    assert.deepEqual(notices(store), [['m2', null, 0], ['old', null, 0]], 'not a member: the meeting is listed, without a notice');
  });
  withMirror((store) => {
    firstSync(store);
    store.applyPage(page([{ kind: 'mirror', op: 'resync' }]));
    // Replayed from 0: the meeting the mirror lacked arrives during the resync.
    store.applyPage(
      page([
        { kind: 'committee', op: 'upsert', data: { id: 'c1', bodyId: 'b1', name: 'Planning Committee' } },
        { kind: 'membership', op: 'upsert', data: { committeeId: 'c1', role: 'member' } },
        { kind: 'meeting', op: 'upsert', data: published('old', 1, null) },
        { kind: 'item', op: 'upsert', data: item('old-1', 'old', 0) },
        { kind: 'meeting', op: 'upsert', data: published('m3', 2, 'Confidential item added') },
        { kind: 'item', op: 'upsert', data: item('m3-1', 'm3', 0) },
      ]),
    );
    store.finishResync();
    assert.deepEqual(notices(store), [['m3', null, 0], ['old', null, 0]]);
  });
});
