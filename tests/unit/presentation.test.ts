/** The presentation map helpers (common/presentation.ts) on a real Y.Map. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { presentationMapName, readPresentation, stopPresenting, writePresentation } from '../../common/presentation.ts';

test('writes merge key by key, stamp the time and read back validated', () => {
  const doc = new Y.Doc();
  const map = doc.getMap(presentationMapName);
  assert.equal(readPresentation(map), null, 'never written');
  writePresentation(map, { meetingId: 'm-1', itemId: 'item-1' }, new Date('2026-11-27T10:00:00Z'));
  writePresentation(map, { meetingId: 'm-1', presenterId: 'u-1', presenterName: 'Cllr Shah', documentId: 'd-1', page: 3 }, new Date('2026-11-27T10:00:01Z'));
  assert.deepEqual(readPresentation(map), {
    presenterId: 'u-1',
    presenterName: 'Cllr Shah',
    meetingId: 'm-1',
    itemId: 'item-1',
    documentId: 'd-1',
    page: 3,
    updatedAt: '2026-11-27T10:00:01.000Z',
  });
  stopPresenting(map, 'm-1');
  const stopped = readPresentation(map);
  assert.equal(stopped?.presenterId, null);
  assert.equal(stopped?.page, null);
  assert.equal(stopped?.itemId, 'item-1', 'the current item outlives the presenter');
});

test('invalid writes throw and change nothing; a broken map reads as null', () => {
  const doc = new Y.Doc();
  const map = doc.getMap(presentationMapName);
  writePresentation(map, { meetingId: 'm-1', page: 2 });
  assert.throws(() => writePresentation(map, { meetingId: 'm-1', page: 0 }));
  assert.throws(() => writePresentation(map, { meetingId: '' }));
  assert.equal(readPresentation(map)?.page, 2);
  map.set('page', 'two');
  assert.equal(readPresentation(map), null);
});
