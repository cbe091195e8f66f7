/**
 * The minutes' bridge part through the desktop host, with a real server
 * process and a real host process (a minute-taker of the demo council):
 *
 * - status and record come from the server (`fresh`); with the server gone the
 *   host answers the copies it last received (`fresh: false`) rather than
 *   failing, and a change fails `offline` with nothing changed;
 * - a refusal is an answer (a minute-taker may not circulate), not an error;
 * - arguments the contract does not allow are refused by the host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MinutesOutcome, ServerCopy } from '../../common/bridge.ts';
import type { MeetingRecord, MinutesStatus } from '../../common/minutes.ts';
import { Meeting, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced } from '../support/host-process.ts';
import { demoPassword, startServerProcess } from '../support/server-process.ts';

async function bridgeError(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code ?? '' };
}

test('status and record from the server, the last copies when it is gone; a refusal is an answer; offline changes nothing', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  let serverStopped = false;
  t.after(() => (serverStopped ? undefined : server.stop()));
  const minuteTaker = await startHostProcess({ serverUrl: server.url, username: 'minutetaker', password: demoPassword(server.dataDir, 'minutetaker') });
  t.after(() => minuteTaker.stop());
  await waitUntilSynced(minuteTaker, await latestSeq(server.url));
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const [meeting] = await clerk.get<Meeting[]>(apiPaths.meetings);
  const meetingId = meeting!.id;

  const status = await callBridge<ServerCopy<MinutesStatus>>(minuteTaker, 'minutes.status', { meetingId });
  assert.equal(status.fresh, true);
  assert.equal(status.value.state, 'draft');
  const record = await callBridge<ServerCopy<MeetingRecord>>(minuteTaker, 'minutes.record', { meetingId });
  assert.equal(record.fresh, true);
  assert.ok(record.value.roll.some((entry) => entry.displayName === 'Cllr Priya Shah'), 'the roll names the committee');

  // Only the clerk circulates: the server's refusal comes back as an answer.
  const refused = await callBridge<MinutesOutcome>(minuteTaker, 'minutes.transition', { meetingId, transition: { to: 'circulated' } });
  assert.equal(refused.ok, false);
  if (!refused.ok) assert.equal(refused.refusal.code, 'forbidden');
  // Bad input is refused where it enters, with a clear error.
  const invalid = await bridgeError(await invokeBridge(minuteTaker, 'minutes.transition', { meetingId, transition: { to: 'approved' } }));
  assert.equal(invalid.code, 'invalid-arguments');

  await server.stop();
  serverStopped = true;
  const heldStatus = await callBridge<ServerCopy<MinutesStatus>>(minuteTaker, 'minutes.status', { meetingId });
  assert.equal(heldStatus.fresh, false);
  assert.deepEqual(heldStatus.value, status.value);
  assert.equal(heldStatus.receivedAt, status.receivedAt);
  const heldRecord = await callBridge<ServerCopy<MeetingRecord>>(minuteTaker, 'minutes.record', { meetingId });
  assert.equal(heldRecord.fresh, false);
  assert.deepEqual(heldRecord.value, record.value);
  // Never asked before: nothing to answer with.
  const phrases = await bridgeError(await invokeBridge(minuteTaker, 'minutes.stockPhrases', {}));
  assert.equal(phrases.code, 'offline');
  const offline = await bridgeError(await invokeBridge(minuteTaker, 'minutes.transition', { meetingId, transition: { to: 'circulated' } }));
  assert.equal(offline.code, 'offline');
  const exportOffline = await bridgeError(await invokeBridge(minuteTaker, 'minutes.export', { meetingId, format: 'pdf' }));
  assert.equal(exportOffline.code, 'offline');
});
