/**
 * The Yjs update log in a real SQLite file, written by the real log writer
 * thread: every update is stored, a long log is folded into one snapshot row,
 * a document loaded before the writer confirms still gets every update, and
 * documents reload to the same state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { openDatabase } from '../../collab-server/db/database.ts';
import { YjsPersistence } from '../../collab-server/yjs/yjs-persistence.ts';

function setUp(): { persistence: YjsPersistence; close(): Promise<void> } {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-yjs-')), 'chamber.sqlite'));
  const errors: unknown[] = [];
  const persistence = new YjsPersistence(db, (error) => errors.push(error));
  return {
    persistence,
    async close() {
      await persistence.close();
      db.close();
      assert.deepEqual(errors, []);
    },
  };
}

test('updates are logged, compacted when the log grows long, and reload to the same state', async () => {
  const { persistence, close } = setUp();
  const name = 'minutes.meeting-1';
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => persistence.enqueue(name, update));
  const text = doc.getText('minutes');
  for (let i = 0; i < 150; i += 1) text.insert(text.length, `Line ${i}. `);
  assert.equal(await persistence.updateCount(name), 150);
  // In later turns, so the log grows past the limit over several batches.
  for (let i = 150; i < 450; i += 1) {
    text.insert(text.length, `Line ${i}. `);
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const rows = await persistence.updateCount(name);
  assert.ok(rows < 200 && rows >= 1, `log compacted (${rows} rows)`);

  const reloaded = new Y.Doc();
  persistence.load(name, reloaded);
  assert.equal(reloaded.getText('minutes').toString(), text.toString());

  persistence.compact(name);
  assert.equal(await persistence.updateCount(name), 1);
  const again = new Y.Doc();
  persistence.load(name, again);
  assert.equal(again.getText('minutes').toString(), text.toString());
  assert.equal(await persistence.updateCount('minutes.other'), 0);
  await close();
});

test('a document loaded before the writer confirms still gets every update', async () => {
  const { persistence, close } = setUp();
  const name = 'annotations.shared.c-1.d-1';
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => persistence.enqueue(name, update));
  for (let i = 0; i < 5; i += 1) doc.getMap('annotations').set(`a${i}`, { page: i + 1 });
  const early = new Y.Doc();
  persistence.load(name, early);
  assert.deepEqual(early.getMap('annotations').toJSON(), doc.getMap('annotations').toJSON(), 'queued updates are applied on load');
  assert.equal(await persistence.updateCount(name), 5);
  const late = new Y.Doc();
  persistence.load(name, late);
  assert.deepEqual(late.getMap('annotations').toJSON(), doc.getMap('annotations').toJSON());
  await close();
});
