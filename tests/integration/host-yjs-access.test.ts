/**
 * How the desktop host takes the server ending a Yjs connection, with a real
 * server process and a real host process: a session that expires is closed,
 * reported as refused with the reason, and the replica connects again once
 * the host has signed in anew (it has the password); a membership that ends is
 * reported as refused with the reason and not retried.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { YjsReplicaStatus } from '../../common/bridge.ts';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { demoPassword, waitFor } from '../support/host-council.ts';
import { callBridge, latestSeq, startHostProcess, waitUntilSynced } from '../support/host-process.ts';
import { collectEvents, directClient, waitForStatus, yjsCall } from '../support/host-yjs.ts';
import { startServerProcess } from '../support/server-process.ts';

test('the host reports the server ending a Yjs connection as refused with the reason', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  const planning = (await admin.get<Committee[]>(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  const password = 'leaver-password-long';
  const leaver = await admin.post<UserProfile>(apiPaths.adminUsers, { username: 'leaver', displayName: 'Leaver', password });
  await admin.put(apiPaths.adminMembership(planning.id, leaver.id), { role: 'member' });
  const member = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  const [meeting] = await member.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting!.id)));
  const docName = yjsDocName.sharedAnnotations(planning.id, detail.documents[0]!.id);

  const host = await startHostProcess({ serverUrl: server.url, username: 'leaver', password });
  t.after(() => host.stop());
  const events = collectEvents(host);
  t.after(() => events.close());
  await events.opened;
  await yjsCall(host, 'yjs.open', { docName });
  await waitForStatus(host, docName, 'online');
  const statuses = (): YjsReplicaStatus[] =>
    events.events.filter((e) => e.event === 'yjs.status').map((e) => e.payload as YjsReplicaStatus).filter((status) => status.docName === docName);

  await t.test('an expired session: refused with the reason, then online again on the new session', async () => {
    const db = new Database(path.join(server.dataDir, 'chamber.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('UPDATE sessions SET absolute_expires_at = ? WHERE user_id = ?').run(new Date().toISOString(), leaver.id);
    } finally {
      db.close();
    }
    const refused = await waitFor(
      async () => statuses().find((status) => status.connection === 'refused'),
      () => `a refused status; saw ${JSON.stringify(statuses())}`,
    );
    assert.match(refused.message ?? '', /session ended/);
    await waitFor(
      async () => (statuses().at(-1)?.connection === 'online' ? true : undefined),
      () => `online again after signing in anew; saw ${JSON.stringify(statuses())}`,
    );
    // The new session reads the document: another member's note arrives.
    const other = directClient(server.url, member.token!, docName);
    try {
      other.doc.getArray<string>('notes').push(['after the new sign-in']);
      await waitFor(
        async () => (events.events.some((e) => e.event === 'yjs.update' && (e.payload as { docName: string }).docName === docName) ? true : undefined),
        () => 'the note as a yjs.update event',
      );
    } finally {
      other.close();
    }
  });

  await t.test('a membership that ends: refused with the reason, and not retried', async () => {
    const seen = statuses().length;
    await admin.delete(apiPaths.adminMembership(planning.id, leaver.id));
    const refused = await waitForStatus(host, docName, 'refused');
    assert.match(refused.message ?? '', /access ended: no longer a member of the committee/);
    // By the time the host has applied the membership's end from the feed, it has not knocked again.
    await waitUntilSynced(host, await latestSeq(server.url));
    assert.deepEqual(
      statuses().slice(seen).map((status) => status.connection),
      ['offline', 'refused'],
      'the connection closed and was refused, without a reconnect in between or after',
    );
    assert.equal((await callBridge<YjsReplicaStatus>(host, 'yjs.status', { docName })).connection, 'refused');
  });
});
