/**
 * Yjs replicas in the mirror: updates are appended, survive reopening the
 * file, and compaction folds the log into a snapshot without changing content.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { ReplicaStore } from '../../electron/host/yjs/replica-store.ts';

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const text = doc.getText('t').toString();
  doc.destroy();
  return text;
}

test('updates are logged, survive reopening, and compaction keeps the content identical', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-replicas-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'mirror.sqlite');

  let mirror = new MirrorStore(file);
  let replicas = new ReplicaStore(mirror.db, { compactAfter: 5 });
  assert.equal(textOf(replicas.load('minutes.m1')), '');

  const editor = new Y.Doc();
  editor.on('update', (update: Uint8Array) => replicas.append('minutes.m1', update));
  const text = editor.getText('t');
  for (const word of ['The ', 'committee ', 'resolved ']) text.insert(text.length, word);
  text.delete(0, 4);
  assert.equal(replicas.logLength('minutes.m1'), 4);
  // Another document's log is separate.
  replicas.append('minutes.m2', Y.encodeStateAsUpdate(new Y.Doc()));
  assert.equal(replicas.logLength('minutes.m2'), 1);
  mirror.close();

  mirror = new MirrorStore(file);
  replicas = new ReplicaStore(mirror.db, { compactAfter: 5 });
  assert.equal(textOf(replicas.load('minutes.m1')), 'committee resolved ');

  // The sixth update crosses the threshold: the log is folded into the snapshot.
  text.insert(text.length, 'to ');
  text.insert(text.length, 'approve.');
  assert.equal(replicas.logLength('minutes.m1'), 0);
  assert.equal(textOf(replicas.load('minutes.m1')), 'committee resolved to approve.');
  assert.equal(textOf(replicas.load('minutes.m1')), text.toString());

  // After compaction, further updates go to the log on top of the snapshot.
  text.insert(0, 'Item 4: ');
  assert.equal(replicas.logLength('minutes.m1'), 1);
  assert.equal(textOf(replicas.load('minutes.m1')), 'Item 4: committee resolved to approve.');
  replicas.compact('minutes.m1');
  assert.equal(textOf(replicas.load('minutes.m1')), 'Item 4: committee resolved to approve.');
  assert.equal(mirror.db.pragma('integrity_check', { simple: true }), 'ok');
  editor.destroy();
  mirror.close();
});
