/**
 * The Yjs update log in a real SQLite file, written by the real log writer
 * thread: every update is stored, a long log is folded into one snapshot row,
 * a document loaded before the writer confirms still gets every update,
 * documents reload to the same state, and the writer runs at background
 * priority.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { BACKGROUND_NICE } from '../../common/node/background-priority.ts';
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

test('updates are logged, a batch as one row, compacted when the log grows long, and reload to the same state', async () => {
  const { persistence, close } = setUp();
  const name = 'minutes.meeting-1';
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => persistence.enqueue(name, update));
  const text = doc.getText('minutes');
  // Updates arriving together reach the writer as one batch, stored merged in one row.
  for (let i = 0; i < 150; i += 1) text.insert(text.length, `Line ${i}. `);
  assert.equal(await persistence.updateCount(name), 1);
  const merged = new Y.Doc();
  persistence.load(name, merged);
  assert.equal(merged.getText('minutes').toString(), text.toString());
  // One batch each (drained), so the log grows past the limit row by row.
  for (let i = 150; i < 450; i += 1) {
    text.insert(text.length, `Line ${i}. `);
    await persistence.drain();
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
  assert.equal(await persistence.updateCount(name), 1);
  const late = new Y.Doc();
  persistence.load(name, late);
  assert.deepEqual(late.getMap('annotations').toJSON(), doc.getMap('annotations').toJSON());
  await close();
});

test('the log writer thread runs at background priority, the main thread at normal priority', { skip: process.platform !== 'linux' && 'thread priorities are read from /proc (Linux)' }, async () => {
  const niceOf = (taskStat: string): number => Number(taskStat.slice(taskStat.lastIndexOf(')') + 2).split(' ')[16]);
  const threadNices = (): number[] => readdirSync('/proc/self/task').map((tid) => niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
  const before = threadNices().filter((nice) => nice === BACKGROUND_NICE).length;
  const { persistence, close } = setUp();
  await persistence.drain();
  assert.equal(threadNices().filter((nice) => nice === BACKGROUND_NICE).length, before + 1, 'one more thread at background priority: the writer');
  assert.equal(niceOf(readFileSync('/proc/self/stat', 'utf8')), 0, 'the main thread keeps its priority');
  await close();
});
