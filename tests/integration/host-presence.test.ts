/**
 * Presence and the presentation document through real desktop hosts and a
 * real server: the chair's presentation reaches a member's replica; awareness
 * states travel as `yjs.awareness` bridge events; states another client sends
 * that are invalid, or that claim to be someone else, never reach the member;
 * clearing presence removes it; bad bridge calls are refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import type { PresencePeer, PresenceState } from '../../common/bridge.ts';
import { type PresentationChange, presentationMapName, readPresentation, writePresentation } from '../../common/presentation.ts';
import { type Meeting, type UserProfile, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { demoPassword, waitFor } from '../support/host-council.ts';
import { invokeBridge, startHostProcess } from '../support/host-process.ts';
import { collectEvents, directClient, waitForStatus, yjsCall } from '../support/host-yjs.ts';
import { startServerProcess } from '../support/server-process.ts';

/** A renderer-side change to the presentation: the replica's state in a doc, one write, the whole state encoded. */
function presentationEdit(state: Uint8Array, change: PresentationChange): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  doc.transact(() => writePresentation(doc.getMap(presentationMapName), change));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function presentationOf(update: Uint8Array): ReturnType<typeof readPresentation> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const presentation = readPresentation(doc.getMap(presentationMapName));
  doc.destroy();
  return presentation;
}

test('presence and the presentation through two hosts', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const password = (username: string): string => demoPassword(server.dataDir, username);
  const chairApi = await ApiClient.login(server.url, 'chair', password('chair'));
  const chair = await chairApi.get<UserProfile>(apiPaths.me);
  const member2Api = await ApiClient.login(server.url, 'member2', password('member2'));
  const member2 = await member2Api.get<UserProfile>(apiPaths.me);
  const [meeting] = await chairApi.get<Meeting[]>(apiPaths.meetings);
  const docName = yjsDocName.presentation(meeting!.id);

  const chairHost = await startHostProcess({ serverUrl: server.url, username: 'chair', password: password('chair') });
  t.after(() => chairHost.stop());
  const memberHost = await startHostProcess({ serverUrl: server.url, username: 'member', password: password('member') });
  t.after(() => memberHost.stop());
  const feed = collectEvents(memberHost);
  t.after(() => feed.close());
  await feed.opened;

  /** The member's presence lists for the presentation document, oldest first. */
  const peerLists = (): PresencePeer[][] =>
    feed.events
      .filter((e) => e.event === 'yjs.awareness' && (e.payload as { docName: string }).docName === docName)
      .map((e) => (e.payload as { peers: PresencePeer[] }).peers);
  const waitForPeers = (what: string, check: (peers: PresencePeer[]) => boolean): Promise<PresencePeer[]> =>
    waitFor(
      async () => {
        const latest = peerLists().at(-1);
        return latest && check(latest) ? latest : undefined;
      },
      () => `${what}; lists seen: ${JSON.stringify(peerLists())}`,
    );

  await t.test('the chair presents: the presentation reaches the member and the chair is listed', async () => {
    await yjsCall(memberHost, 'yjs.open', { docName });
    await waitForPeers('one (empty) list right after opening', (peers) => peers.length === 0);
    await waitForStatus(memberHost, docName, 'online');

    const opened = await yjsCall<{ update: Uint8Array }>(chairHost, 'yjs.open', { docName });
    const presenting: PresentationChange = { meetingId: meeting!.id, presenterId: chair.id, presenterName: chair.displayName, documentId: 'doc-1', page: 4 };
    await yjsCall(chairHost, 'yjs.update', { docName, update: presentationEdit(opened.update, presenting) });
    const chairState: PresenceState = { userId: chair.id, name: chair.displayName, documentId: 'doc-1', page: 4, color: '#2255aa' };
    assert.equal(await yjsCall(chairHost, 'yjs.awareness.set', { docName, state: chairState }), null);

    const peers = await waitForPeers('the chair in the member list', (list) => list.some((p) => p.state.userId === chair.id));
    assert.deepEqual(peers.map((p) => p.state), [chairState]);
    const replica = await waitFor(
      async () => {
        const state = await yjsCall<{ update: Uint8Array }>(memberHost, 'yjs.open', { docName });
        const presentation = presentationOf(state.update);
        return presentation?.page === 4 ? presentation : undefined;
      },
      () => 'the presentation in the member replica',
    );
    assert.equal(replica.presenterId, chair.id);
    assert.equal(replica.documentId, 'doc-1');
  });

  await t.test("invalid states and states claiming to be someone else never reach the member", async () => {
    const other = directClient(server.url, member2Api.token!, docName);
    try {
      other.provider.awareness.setLocalState({ userId: chair.id, name: 'Not really the chair', page: 9 });
      other.provider.awareness.setLocalState({ userId: member2.id, name: 'x'.repeat(5000) });
      other.provider.awareness.setLocalState({ userId: member2.id, name: member2.displayName, script: '<img onerror=alert(1)>' });
      other.provider.awareness.setLocalState({ userId: member2.id, name: member2.displayName, page: 2 });
      await waitForPeers('member2 listed with a valid state', (list) => list.some((p) => p.state.userId === member2.id));
      const everything = JSON.stringify(peerLists());
      assert.doesNotMatch(everything, /Not really the chair|xxxxxxxxxx|onerror/);
      for (const list of peerLists()) {
        assert.ok(list.filter((p) => p.state.userId === chair.id).length <= 1, 'only the chair speaks as the chair');
      }
    } finally {
      other.close();
    }
    await waitForPeers('member2 gone when its client closes', (list) => !list.some((p) => p.state.userId === member2.id));
  });

  await t.test('clearing presence removes the chair from the list; the presentation stays', async () => {
    assert.equal(await yjsCall(chairHost, 'yjs.awareness.set', { docName, state: null }), null);
    await waitForPeers('the chair gone', (list) => !list.some((p) => p.state.userId === chair.id));
    const state = await yjsCall<{ update: Uint8Array }>(memberHost, 'yjs.open', { docName });
    assert.equal(presentationOf(state.update)?.presenterId, chair.id);
  });

  await t.test('bad awareness calls are refused', async () => {
    const bad: unknown[] = [
      { docName, state: { userId: chair.id, name: 'A', extra: true } },
      { docName, state: { userId: chair.id, name: 'A', page: 0 } },
      { docName, state: { userId: chair.id, name: 'A', color: 'red; background: url(x)' } },
      { docName, state: { userId: chair.id, name: '' } },
      { docName: 'presentation.../x', state: null },
    ];
    for (const args of bad) {
      const response = await invokeBridge(chairHost, 'yjs.awareness.set', args);
      assert.equal(response.status, 400, JSON.stringify(args));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid-arguments');
    }
    const notOpen = await invokeBridge(chairHost, 'yjs.awareness.set', { docName: yjsDocName.presentation('never-opened'), state: null });
    assert.equal(notOpen.status, 404);
  });
});
