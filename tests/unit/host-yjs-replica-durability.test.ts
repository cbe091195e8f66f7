/**
 * A renderer edit is in the mirror before `yjs.update` answers, even when it
 * arrives before an earlier edit it builds on (browser mode sends each edit
 * as its own HTTP request, and those may overtake each other): Yjs holds such
 * an update aside in memory until the earlier one comes, so the replica must
 * store it as it arrives, or a crash right after the answer loses it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { ReplicaStore } from '../../electron/host/yjs/replica-store.ts';
import { ReplicaSync } from '../../electron/host/yjs/replica-sync.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

test('an edit that overtook the one before it is stored before the answer, and the replica is whole once both are in', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-replica-durability-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'mirror.sqlite');
  const docName = 'minutes.m1';

  // Three edits in the renderer, each building on the one before.
  const renderer = new Y.Doc();
  const edits: Uint8Array[] = [];
  renderer.on('update', (update: Uint8Array) => edits.push(update));
  const text = renderer.getText('t');
  for (const words of ['RESOLVED that ', 'the application ', 'be approved.']) text.insert(text.length, words);
  assert.equal(edits.length, 3);

  let mirror = new MirrorStore(file);
  // No server answers here: the replica stays offline, as on a train.
  const replicas = new ReplicaSync({
    store: new ReplicaStore(mirror.db),
    serverUrl: 'http://127.0.0.1:9',
    token: async () => null,
    logger: silent,
    onRemoteUpdate: () => undefined,
    onStatus: () => undefined,
    onPresence: () => undefined,
  });
  replicas.open(docName);
  replicas.applyLocal(docName, edits[0]!);
  // The third edit overtakes the second: Yjs cannot place it yet.
  replicas.applyLocal(docName, edits[2]!);
  // The host dies here, both edits acknowledged; the second is still on its way.
  replicas.closeAll();
  mirror.close();

  mirror = new MirrorStore(file);
  const restarted = new Y.Doc();
  Y.applyUpdate(restarted, new ReplicaStore(mirror.db).load(docName));
  assert.equal(restarted.getText('t').toString(), 'RESOLVED that ');
  // The second edit arrives after the restart: the third was kept, so the text is whole.
  Y.applyUpdate(restarted, edits[1]!);
  assert.equal(restarted.getText('t').toString(), 'RESOLVED that the application be approved.');
  mirror.close();
  renderer.destroy();
  restarted.destroy();
});
