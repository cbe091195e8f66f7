/**
 * The Yjs endpoint with real y-websocket clients (WebsocketProvider over ws)
 * against the real server process: members sync, an observer's writes are
 * dropped, outsiders and anonymous callers are refused at the upgrade,
 * malformed and oversized frames close only their own connection while other
 * clients keep working, a writer's update goes to the others but is not sent
 * back to it, and the document survives a restart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName, yjsPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
const tokens: Record<string, string> = {};
let docName: string;
let minutesDoc: string;
let presentationDoc: string;
const providers: WebsocketProvider[] = [];

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  const committees = await admin.get<Committee[]>(apiPaths.committees);
  const planning = committees.find((c) => c.name === 'Planning Committee')!;
  const observer = await admin.post<UserProfile>(apiPaths.adminUsers, { username: 'observer', displayName: 'Observer', password: 'observer-password-long' });
  await admin.put(apiPaths.adminMembership(planning.id, observer.id), { role: 'observer' });
  for (const username of ['member', 'member2', 'member3', 'clerk', 'chair']) {
    tokens[username] = (await ApiClient.login(server.url, username, demoPassword(server.dataDir, username))).token!;
  }
  tokens.observer = (await ApiClient.login(server.url, 'observer', 'observer-password-long')).token!;
  const member = new ApiClient(server.url, tokens.member!);
  const [meeting] = await member.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting!.id)));
  docName = yjsDocName.sharedAnnotations(planning.id, detail.documents[2]!.id);
  minutesDoc = yjsDocName.minutes(meeting!.id);
  presentationDoc = yjsDocName.presentation(meeting!.id);
});

/** Providers and their docs (a doc's awareness keeps a timer until the doc is destroyed). */
function disconnectAll(): void {
  for (const provider of providers.splice(0)) {
    provider.destroy();
    provider.doc.destroy();
  }
}

after(async () => {
  disconnectAll();
  await server?.stop();
  assert.equal(server.process.exitCode, 0, server.output());
});

function connect(username: string, name = docName): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url.replace('http', 'ws') + yjsPaths.base, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    protocols: [`chamber-token.${tokens[username]}`],
    disableBc: true,
  });
  providers.push(provider);
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return { doc, provider, synced };
}

function waitFor(doc: Y.Doc, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const check = () => {
      if (predicate()) {
        doc.off('update', check);
        resolve();
      }
    };
    doc.on('update', check);
  });
}

/** Status code of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(name: string, token: string | null): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + yjsPaths.doc(name), token ? [`chamber-token.${token}`] : []);
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => resolve(-1));
  });
}

test('members sync through the server; an observer reads but its writes are dropped', async () => {
  const a = connect('member');
  const b = connect('member2');
  const watcher = connect('observer');
  await Promise.all([a.synced, b.synced, watcher.synced]);

  a.doc.getMap('notes').set('page-1', 'Check the drainage condition');
  await waitFor(b.doc, () => b.doc.getMap('notes').get('page-1') === 'Check the drainage condition');
  await waitFor(watcher.doc, () => watcher.doc.getMap('notes').get('page-1') !== undefined);

  watcher.doc.getMap('notes').set('observer-note', 'I should not be able to write');
  // A later write by a member reaches everyone; by then the observer's write would have arrived had it been accepted.
  a.doc.getMap('notes').set('page-2', 'Second note');
  await waitFor(b.doc, () => b.doc.getMap('notes').get('page-2') === 'Second note');
  await waitFor(watcher.doc, () => watcher.doc.getMap('notes').get('page-2') === 'Second note');
  assert.equal(b.doc.getMap('notes').get('observer-note'), undefined);
  assert.equal(a.doc.getMap('notes').get('observer-note'), undefined);
});

/** A Yjs connection spoken by hand, keeping every sync update the server sends it (decoded, in order). */
async function rawYjsClient(username: string, name: string) {
  const socket = new WebSocket(server.url.replace('http', 'ws') + yjsPaths.doc(name), [`chamber-token.${tokens[username]}`]);
  const updates: Uint8Array[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== syncProtocol.messageYjsUpdate) return;
    updates.push(decoding.readVarUint8Array(decoder));
    for (const listener of listeners) listener();
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    updates,
    send(update: Uint8Array): void {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      socket.send(encoding.toUint8Array(encoder));
    },
    /** Resolves once `count` updates have arrived; fails after 5 s. */
    received(count: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${username} got ${updates.length} of ${count} updates in 5 s`)), 5000);
        const check = () => {
          if (updates.length < count) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}

test("a writer's update reaches the others and is not sent back to it, unless it completes one the server had parked", async () => {
  const a = await rawYjsClient('member', docName);
  const b = await rawYjsClient('member2', docName);
  // Each writer's own document, so each update stands on its own.
  const updateOf = (change: (doc: Y.Doc) => void): Uint8Array[] => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    change(doc);
    return updates;
  };

  a.send(updateOf((doc) => doc.getMap('echo').set('from-a', 1))[0]!);
  await b.received(1);
  b.send(updateOf((doc) => doc.getMap('echo').set('from-b', 2))[0]!);
  // The server relays in order on each connection: an echo of A's update would arrive before B's.
  await a.received(1);
  const seenByA = new Y.Doc();
  Y.applyUpdate(seenByA, a.updates[0]!);
  assert.deepEqual(seenByA.getMap('echo').toJSON(), { 'from-b': 2 }, 'A got only B\'s update, not its own back');
  assert.equal(b.updates.length, 1, 'B did not get its own update back');

  // An update whose predecessor is missing is parked by the server; the predecessor completes it,
  // and that transaction carries both, so it goes to everyone, the sender too.
  const [first, second] = updateOf((doc) => {
    doc.getText('parked').insert(0, 'first ');
    doc.getText('parked').insert(6, 'second');
  });
  a.send(second!);
  a.send(first!);
  await Promise.all([a.received(2), b.received(2)]);
  const seenByB = new Y.Doc();
  for (const update of b.updates) Y.applyUpdate(seenByB, update);
  assert.equal(seenByB.getText('parked').toString(), 'first second');
  const completed = new Y.Doc();
  Y.applyUpdate(completed, a.updates[1]!);
  assert.equal(completed.getText('parked').toString(), 'first second', 'the completing transaction went to the sender as well');
  a.close();
  b.close();
});

test('outsiders, anonymous callers and unknown documents are refused at the upgrade', async () => {
  assert.equal(await upgradeStatus(docName, null), 401);
  assert.equal(await upgradeStatus(docName, 'x'.repeat(43)), 401);
  assert.equal(await upgradeStatus(docName, tokens.member3!), 403, 'a member of another committee');
  assert.equal(await upgradeStatus('anything.else', tokens.member!), 404);
  assert.equal(await upgradeStatus(yjsDocName.privateAnnotations('someone-else', 'doc-1'), tokens.member!), 403);
  assert.equal(await upgradeStatus(minutesDoc, tokens.member3!), 403);
  assert.equal(await upgradeStatus(minutesDoc, tokens.member!), 403, 'draft minutes are not circulated to members yet');
  assert.equal(await upgradeStatus(minutesDoc, tokens.chair!), 101, 'the chair reads the draft');
});

test('the presentation: the chair and clerk write, members and observers read, outsiders are refused', async () => {
  assert.equal(await upgradeStatus(presentationDoc, tokens.member3!), 403);
  assert.equal(await upgradeStatus(yjsDocName.presentation('no-such-meeting'), tokens.chair!), 403);
  const chair = connect('chair', presentationDoc);
  const clerk = connect('clerk', presentationDoc);
  const member = connect('member', presentationDoc);
  const watcher = connect('observer', presentationDoc);
  await Promise.all([chair.synced, clerk.synced, member.synced, watcher.synced]);
  const presenting = (doc: Y.Doc) => doc.getMap('presenting');

  member.doc.transact(() => presenting(member.doc).set('page', 99));
  watcher.doc.transact(() => presenting(watcher.doc).set('documentId', 'observer-choice'));
  chair.doc.transact(() => presenting(chair.doc).set('page', 3));
  await waitFor(clerk.doc, () => presenting(clerk.doc).get('page') === 3);
  clerk.doc.transact(() => presenting(clerk.doc).set('itemId', 'item-2'));
  await waitFor(chair.doc, () => presenting(chair.doc).get('itemId') === 'item-2');
  // By now the member's and observer's earlier writes would have arrived, had they been accepted.
  assert.equal(presenting(chair.doc).get('documentId'), undefined);
  assert.equal(presenting(clerk.doc).get('page'), 3);
  await waitFor(member.doc, () => presenting(member.doc).get('itemId') === 'item-2');
});

test('malformed and oversized frames close only their own connection', async () => {
  const a = connect('member');
  const b = connect('member2');
  await Promise.all([a.synced, b.synced]);

  const raw = async (payload: Uint8Array | string): Promise<number> => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + yjsPaths.doc(docName), [`chamber-token.${tokens.member}`]);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(payload);
    return closed;
  };
  // A sync update whose length prefix claims far more bytes than follow.
  assert.equal(await raw(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])), 1007);
  // A well-framed update whose content is garbage (Yjs cannot decode it).
  assert.equal(await raw(new Uint8Array([0, 2, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), 1007);
  // Unknown message type, and text instead of binary.
  assert.equal(await raw(new Uint8Array([42, 0])), 1007);
  assert.equal(await raw('hello'), 1003);
  // Over the 1 MiB frame limit.
  assert.equal(await raw(new Uint8Array(2 * 1024 * 1024)), 1009);

  a.doc.getMap('notes').set('after-attack', 'still working');
  await waitFor(b.doc, () => b.doc.getMap('notes').get('after-attack') === 'still working');
  const health = await fetch(new URL(apiPaths.health, server.url));
  assert.equal(health.status, 200);
});

test('documents persist across a restart', async () => {
  disconnectAll();
  const dataDir = server.dataDir;
  await server.stop();
  server = await startServerProcess({ seed: 'demo', dataDir });
  const fresh = connect('member');
  await fresh.synced;
  await waitFor(fresh.doc, () => fresh.doc.getMap('notes').get('after-attack') === 'still working');
  assert.equal(fresh.doc.getMap('notes').get('page-1'), 'Check the drainage condition');
  assert.equal(fresh.doc.getMap('notes').get('observer-note'), undefined);
});
