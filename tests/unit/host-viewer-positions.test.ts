/**
 * Viewer positions in the mirror file: saved, overwritten, read back after the
 * file is reopened, and bad arguments refused at the bridge.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BridgeError, parseBridgeCall } from '../../common/bridge.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { ViewerPositions } from '../../electron/host/mirror/viewer-positions.ts';

test('a document position is saved, overwritten and survives reopening the mirror', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-positions-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'mirror.sqlite');

  let store = new MirrorStore(file);
  let positions = new ViewerPositions(store.db);
  assert.equal(positions.get('doc-1'), null);
  positions.set('doc-1', { page: 12, zoom: 'fit-width' }, '2026-01-01T00:00:00.000Z');
  positions.set('doc-2', { page: 3, zoom: 1.5625 }, '2026-01-01T00:00:00.000Z');
  positions.set('doc-1', { page: 300, zoom: 'fit-page' }, '2026-01-02T00:00:00.000Z');
  store.close();

  store = new MirrorStore(file);
  positions = new ViewerPositions(store.db);
  assert.deepEqual(positions.get('doc-1'), { page: 300, zoom: 'fit-page' });
  assert.deepEqual(positions.get('doc-2'), { page: 3, zoom: 1.5625 });
  // A row this version cannot read counts as no position rather than breaking the viewer.
  store.db.prepare("UPDATE viewer_positions SET zoom = 'sideways' WHERE document_id = 'doc-2'").run();
  assert.equal(positions.get('doc-2'), null);
  store.close();
});

test('the bridge refuses malformed viewer positions', () => {
  const refused = (args: unknown) =>
    assert.throws(() => parseBridgeCall('viewer.position.set', args), (error: unknown) => {
      return error instanceof BridgeError && error.code === 'invalid-arguments';
    });
  refused({ documentId: 'doc-1', page: 0, zoom: 1 });
  refused({ documentId: 'doc-1', page: 2.5, zoom: 1 });
  refused({ documentId: 'doc-1', page: 2, zoom: 'sideways' });
  refused({ documentId: 'doc-1', page: 2, zoom: 1000 });
  refused({ documentId: '', page: 2, zoom: 1 });
  refused({ documentId: 'doc-1', page: 2, zoom: 1, extra: true });
  assert.deepEqual(parseBridgeCall('viewer.position.set', { documentId: 'doc-1', page: 2, zoom: 'fit-width' }).args, {
    documentId: 'doc-1',
    page: 2,
    zoom: 'fit-width',
  });
});
