/**
 * Yjs replicas in the desktop host, with a real server process, a real host
 * process and an independent y-websocket client: a renderer edit reaches
 * another member; remote edits arrive as bridge events; edits made offline are
 * kept and merge on reconnect; the replica survives a host restart and
 * compaction; another user's private layer is refused and nothing leaks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { YjsReplicaStatus } from '../../common/bridge.ts';
import { toBridgeJson } from '../../common/bridge-json.ts';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ReplicaStore } from '../../electron/host/yjs/replica-store.ts';
import { ApiClient } from '../support/api-client.ts';
import { demoPassword, waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, startHostProcess } from '../support/host-process.ts';
import { collectEvents, directClient, waitForStatus, yjsCall } from '../support/host-yjs.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { startTcpRelay } from '../support/tcp-relay.ts';

function notes(doc: Y.Doc): string[] {
  return doc.getArray<string>('notes').toArray();
}

/** What a replica holds, read the way the renderer would: apply the state to a fresh doc. */
function notesOf(update: Uint8Array): string[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const result = notes(doc);
  doc.destroy();
  return result;
}

/** A renderer-side edit: a doc seeded with the replica's state, one note appended, the whole state encoded. */
function rendererEdit(state: Uint8Array, note: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  doc.getArray<string>('notes').push([note]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function waitForNotes(doc: Y.Doc, expected: string[], what: string): Promise<true> {
  return waitFor(
    async () => (expected.every((note) => notes(doc).includes(note)) ? true : undefined),
    () => `${what}: ${JSON.stringify(expected)}, saw ${JSON.stringify(notes(doc))}`,
  );
}

test('Yjs replicas: sync, offline edits, restart, compaction and refusal', async (t) => {
  let server: ServerProcess = await startServerProcess({ seed: 'demo' });
  const serverDataDir = server.dataDir;
  t.after(() => server.stop());
  const relay = await startTcpRelay(Number(new URL(server.url).port), 50_000_000);
  t.after(() => relay.close());

  const admin = await ApiClient.login(server.url, 'admin', demoPassword(serverDataDir, 'admin'));
  const planning = (await admin.get<Committee[]>(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  let member2 = await ApiClient.login(server.url, 'member2', demoPassword(serverDataDir, 'member2'));
  const member2Profile = await member2.get<UserProfile>(apiPaths.me);
  const [meeting] = await member2.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await member2.get(apiPaths.meeting(meeting!.id)));
  const documentId = detail.documents[0]!.id;
  const docName = yjsDocName.sharedAnnotations(planning.id, documentId);

  let host = await startHostProcess({ serverUrl: relay.url, username: 'member', password: demoPassword(serverDataDir, 'member') });
  const hostDataDir = host.dataDir;
  t.after(() => host.stop());

  await t.test('a renderer edit reaches another member; their edit comes back as a bridge event', async () => {
    const feed = collectEvents(host);
    const opened = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName });
    assert.ok(opened.update instanceof Uint8Array);
    assert.deepEqual(notesOf(opened.update), []);
    const firstEdit = rendererEdit(opened.update, 'from member');
    assert.equal(await yjsCall(host, 'yjs.update', { docName, update: firstEdit }), null);
    await waitForStatus(host, docName, 'online');

    const other = directClient(server.url, member2.token!, docName);
    try {
      await waitForNotes(other.doc, ['from member'], 'member2 sees the host edit');
      other.doc.getArray<string>('notes').push(['from member2']);
      // The renderer keeps its doc current by applying each event's (incremental) update to it.
      const rendererDoc = toDoc(firstEdit);
      let applied = 0;
      await waitFor(
        async () => {
          for (const { event, payload } of feed.events.slice(applied)) {
            applied++;
            if (event !== 'yjs.update') continue;
            const { docName: name, update } = payload as { docName: string; update: Uint8Array };
            assert.equal(name, docName);
            assert.ok(update instanceof Uint8Array);
            Y.applyUpdate(rendererDoc, update);
          }
          return notes(rendererDoc).includes('from member2') ? true : undefined;
        },
        () => `a yjs.update event with member2's note; events: ${JSON.stringify(feed.events.map((e) => e.event))}`,
      );
      rendererDoc.destroy();
    } finally {
      other.close();
      feed.close();
    }
    const reopened = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName });
    assert.deepEqual(notesOf(reopened.update).sort(), ['from member', 'from member2']);
  });

  await t.test('bad doc names and malformed updates are refused and lose nothing', async () => {
    for (const args of [{ docName: 'annotations.secret.a.b' }, { docName: '../etc' }, { docName, extra: 1 }]) {
      const response = await invokeBridge(host, 'yjs.open', args);
      assert.equal(response.status, 400, JSON.stringify(args));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid-arguments');
    }
    for (const update of [new Uint8Array([255, 255, 255, 1, 2]), new Uint8Array(0), 'not bytes']) {
      const response = await invokeBridge(host, 'yjs.update', toBridgeJson({ docName, update }));
      assert.equal(response.status, 400);
    }
    const state = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName });
    assert.deepEqual(notesOf(state.update).sort(), ['from member', 'from member2']);
  });

  await t.test('edits made offline are kept and merge on reconnect', async () => {
    await server.stop();
    relay.dropConnections();
    await waitForStatus(host, docName, 'offline');
    const before = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName });
    assert.equal(await yjsCall(host, 'yjs.update', { docName, update: rendererEdit(before.update, 'written offline') }), null);

    server = await startServerProcess({ dataDir: serverDataDir });
    relay.retarget(Number(new URL(server.url).port));
    member2 = await ApiClient.login(server.url, 'member2', demoPassword(serverDataDir, 'member2'));
    await waitForStatus(host, docName, 'online');
    const other = directClient(server.url, member2.token!, docName);
    try {
      await waitForNotes(other.doc, ['from member', 'from member2', 'written offline'], 'the offline edit reaches the server');
    } finally {
      other.close();
    }
  });

  await t.test('the replica survives a host restart, and compaction keeps the content identical', async () => {
    await host.stop();
    const db = new Database(host.mirrorPath, { fileMustExist: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const store = new ReplicaStore(db);
      assert.ok(store.logLength(docName) > 0, 'updates are in the log');
      const beforeCompaction = store.load(docName);
      assert.deepEqual(notesOf(beforeCompaction).sort(), ['from member', 'from member2', 'written offline']);
      store.compact(docName);
      assert.equal(store.logLength(docName), 0);
      const afterCompaction = store.load(docName);
      assert.deepEqual(notesOf(afterCompaction), notesOf(beforeCompaction));
      assert.deepEqual(Y.encodeStateVector(toDoc(afterCompaction)), Y.encodeStateVector(toDoc(beforeCompaction)));
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }

    // Restarted with the server unreachable: the replica is served from the mirror alone.
    relay.retarget(1);
    host = await startHostProcess({ serverUrl: relay.url, username: 'member', password: demoPassword(serverDataDir, 'member'), dataDir: hostDataDir });
    const opened = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName });
    assert.deepEqual(notesOf(opened.update).sort(), ['from member', 'from member2', 'written offline']);
    relay.retarget(Number(new URL(server.url).port));
    await waitForStatus(host, docName, 'online');
  });

  await t.test("another user's private layer is refused and nothing leaks", async () => {
    const privateName = yjsDocName.privateAnnotations(member2Profile.id, documentId);
    const owner = directClient(server.url, member2.token!, privateName);
    try {
      owner.doc.getArray<string>('notes').push(['member2 private note']);
      await waitFor(
        async () => {
          const check = directClient(server.url, member2.token!, privateName);
          try {
            return await waitForNotes(check.doc, ['member2 private note'], 'stored on the server').catch(() => undefined);
          } finally {
            check.close();
          }
        },
        () => 'the private note stored on the server',
      );
    } finally {
      owner.close();
    }
    const opened = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName: privateName });
    assert.deepEqual(notesOf(opened.update), []);
    const refused = await waitForStatus(host, privateName, 'refused');
    assert.match(refused.message ?? '', /does not share/);
    const after = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName: privateName });
    assert.deepEqual(notesOf(after.update), [], 'nothing of the private layer reached the host');
    const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
    try {
      assert.deepEqual(notesOf(new ReplicaStore(db).load(privateName)), []);
    } finally {
      db.close();
    }
    // Refusal is final for this session: the host does not keep knocking.
    assert.equal((await callBridge<YjsReplicaStatus>(host, 'yjs.status', { docName: privateName })).connection, 'refused');
    assert.equal(await callBridge(host, 'yjs.close', { docName: privateName }), null);
    assert.equal((await callBridge<YjsReplicaStatus>(host, 'yjs.status', { docName: privateName })).connection, 'closed');
  });
});

function toDoc(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
