/**
 * The Yjs update log in a real SQLite file: every update is stored, a long log
 * is folded into one snapshot row, and a document reloads to the same state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { openDatabase } from '../../collab-server/db/database.ts';
import { YjsPersistence } from '../../collab-server/yjs/yjs-persistence.ts';

test('updates are logged, compacted when the log grows long, and reload to the same state', () => {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-yjs-')), 'chamber.sqlite'));
  const persistence = new YjsPersistence(db);
  const name = 'minutes.meeting-1';
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => {
    persistence.append(name, update);
    persistence.compactIfLong(name, doc);
  });
  const text = doc.getText('minutes');
  for (let i = 0; i < 450; i += 1) text.insert(text.length, `Line ${i}. `);
  const rows = persistence.updateCount(name);
  assert.ok(rows < 200, `log compacted (${rows} rows)`);
  assert.ok(rows >= 1);

  const reloaded = new Y.Doc();
  persistence.load(name, reloaded);
  assert.equal(reloaded.getText('minutes').toString(), text.toString());

  persistence.compactIfLong(name, doc, true);
  assert.equal(persistence.updateCount(name), 1);
  const again = new Y.Doc();
  persistence.load(name, again);
  assert.equal(again.getText('minutes').toString(), text.toString());
  assert.equal(persistence.updateCount('minutes.other'), 0);
  db.close();
});

test('updates queued in one turn are written together right after it, and reload to the same state', async () => {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-yjs-')), 'chamber.sqlite'));
  const persistence = new YjsPersistence(db);
  const name = 'annotations.shared.c-1.d-1';
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => persistence.enqueue(name, update, doc));
  for (let i = 0; i < 5; i += 1) doc.getMap('annotations').set(`a${i}`, { page: i + 1 });
  assert.equal(persistence.updateCount(name), 0, 'nothing written within the turn');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(persistence.updateCount(name), 5);
  const reloaded = new Y.Doc();
  persistence.load(name, reloaded);
  assert.deepEqual(reloaded.getMap('annotations').toJSON(), doc.getMap('annotations').toJSON());

  doc.getMap('annotations').set('late', { page: 9 });
  persistence.flush();
  assert.equal(persistence.updateCount(name), 6, 'flush writes at once (as the hub does before unloading)');
  db.close();
});
