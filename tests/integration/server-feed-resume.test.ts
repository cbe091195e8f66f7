/**
 * A mirror pages through the change feed, the server restarts (SIGTERM, same
 * data folder), and the mirror resumes from its last seq and gets exactly the
 * later changes; the demo seed survives the restart without duplicating.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { type Change, ChangePage, type Meeting, type AgendaItem, HealthResponse, MeetingDetailResponse, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess | undefined;
after(async () => {
  await server?.stop();
});

async function page(client: ApiClient, since: number, limit: number): Promise<ChangePage> {
  return ChangePage.parse(await client.get(`${apiPaths.changes}?since=${since}&limit=${limit}`));
}

test('paging, restart and resume from a sequence number', async () => {
  server = await startServerProcess({ seed: 'demo' });
  const dataDir = server.dataDir;
  const credentials = statSync(path.join(dataDir, 'demo-credentials.json'));
  assert.equal(credentials.mode & 0o777, 0o600, 'demo passwords are readable by the owner only');

  const member = await ApiClient.login(server.url, 'member', demoPassword(dataDir, 'member'));
  // Page through everything two at a time.
  const seen: Change[] = [];
  let since = 0;
  let pages = 0;
  for (;;) {
    const next = await page(member, since, 2);
    assert.ok(next.changes.length <= 2);
    seen.push(...next.changes);
    pages += 1;
    assert.ok(next.nextSince >= since);
    since = next.nextSince;
    if (!next.hasMore) break;
  }
  assert.ok(pages > 3);
  const oneShot = await page(member, 0, 1000);
  assert.deepEqual(seen, oneShot.changes, 'paging yields the same changes as one big page');
  assert.equal(since, oneShot.nextSince);
  const demoMeeting = seen.find((c): c is Extract<Change, { kind: 'meeting'; op: 'upsert' }> => c.kind === 'meeting' && c.op === 'upsert')!;
  const documents = seen.filter((c) => c.kind === 'document' && c.op === 'upsert');
  assert.equal(documents.length, 7, 'the demo meeting has a paper for each of its 7 items');

  await server.stop('SIGTERM');
  assert.equal(server.process.exitCode, 0, `clean exit on SIGTERM:\n${server.output()}`);

  server = await startServerProcess({ seed: 'demo', dataDir });
  const health = HealthResponse.parse(await (await fetch(new URL(apiPaths.health, server.url))).json());
  assert.equal(health.status, 'ok');
  assert.equal(health.latestSeq, oneShot.nextSince, 're-seeding an existing demo council adds nothing');
  // Sessions live in the database: the old token still works after a restart.
  const sameSession = new ApiClient(server.url, member.token);
  assert.deepEqual((await page(sameSession, since, 100)).changes, []);

  // The clerk republishes with a new item; the member resumes from where it stopped.
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(dataDir, 'clerk'));
  const meeting = demoMeeting.data as Meeting;
  const added = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '7', title: 'Urgent business' });
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Urgent item added' });
  const resumed = await page(sameSession, since, 100);
  assert.deepEqual(resumed.changes.map((c) => c.kind).sort(), ['item', 'meeting']);
  assert.ok(resumed.changes.every((c) => c.seq > since));
  assert.ok(resumed.changes.some((c) => c.kind === 'item' && c.op === 'upsert' && c.data.id === added.id));
  const detail = MeetingDetailResponse.parse(await sameSession.get(apiPaths.meeting(meeting.id)));
  assert.equal(detail.meeting.changeNote, 'Urgent item added');
  assert.ok(detail.items.some((i) => i.confidentialReason === 'Paragraph 3, Schedule 12A'));
});

test('bad feed parameters get a clear 400', async () => {
  assert.ok(server);
  const member = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  for (const query of ['since=-1', 'since=abc', 'limit=0', 'limit=100000']) {
    await assert.rejects(member.get(`${apiPaths.changes}?${query}`), (e: { status: number; code: string }) => e.status === 400 && e.code === 'invalid-request');
  }
});
