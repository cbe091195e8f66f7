/**
 * Running a meeting through the desktop host, with a real server process, a
 * real host process behind a TCP relay, and the clerk on the real API:
 *
 * - the session reaches the member's host live and is kept in the mirror;
 * - a command while the server is unreachable fails with `offline` and changes nothing;
 * - a ballot cast while unreachable is stored with its ballotId and reported as sending;
 *   the server then receives it (the answer never reaches the host), the host is killed
 *   (SIGKILL) and restarted, resends with the same ballotId, and gets the same receipt:
 *   the server counts the ballot exactly once;
 * - a declaration made through the host takes the member out of the item, and the next
 *   ballot is refused with that reason;
 * - with the server gone, the last state (and its results) still reads from the mirror.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { LocalBallot, MeetingSessionView, SessionCommandOutcome, DeclarationOutcome } from '../../common/bridge.ts';
import { BallotReceipt, apiPaths } from '../../common/wire.ts';
import { waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { collectEvents } from '../support/host-yjs.ts';
import { demoPassword, startServerProcess } from '../support/server-process.ts';
import { startTcpRelay } from '../support/tcp-relay.ts';
import { command, openMotion, sessionState, signInDemoCouncil } from '../support/voting-council.ts';

/** A loopback port with nothing listening: connections to it are refused, as to a server that is down. */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function view(host: HostProcess, meetingId: string): Promise<MeetingSessionView> {
  return callBridge<MeetingSessionView>(host, 'meetingSession.get', { meetingId });
}

function waitForView(host: HostProcess, meetingId: string, check: (view: MeetingSessionView) => boolean, what: string): Promise<MeetingSessionView> {
  let last: MeetingSessionView | undefined;
  return waitFor(
    async () => {
      last = await view(host, meetingId);
      return check(last) ? last : undefined;
    },
    () => `${what}; last view ${JSON.stringify(last)?.slice(0, 1500)}\n${host.output().slice(-1500)}`,
  );
}

test('meeting session through the host: live state, offline commands, ballots resent once, declarations, offline reading', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const serverPort = Number(new URL(server.url).port);
  const relay = await startTcpRelay(serverPort, Infinity);
  t.after(() => relay.close());
  const council = await signInDemoCouncil(server);
  const { clients, userIds, meeting } = council;
  const meetingId = meeting.id;

  const password = demoPassword(server.dataDir, 'member');
  let host = await startHostProcess({ serverUrl: relay.url, username: 'member', password });
  t.after(() => host.stop());
  await waitUntilSynced(host, await latestSeq(server.url));

  // Before anything happens: the host answers at once (no state stored yet, or the not-started one).
  const first = await view(host, meetingId);
  assert.equal(first.meetingId, meetingId);
  assert.deepEqual(first.ballots, []);

  // --- The clerk opens the session and takes the roll; the state reaches the member's host live.
  const events = collectEvents(host);
  t.after(() => events.close());
  await events.opened;
  await view(host, meetingId); // follows the meeting on the live socket
  await command(clients.clerk, meetingId, { type: 'open-session' });
  for (const who of ['chair', 'member', 'member2'] as const) {
    await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds[who], attendance: 'present' });
  }
  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: council.itemId('3') });
  await waitFor(
    async () =>
      events.events.some(
        (e) => e.event === 'meetingSession.state' && (e.payload as MeetingSessionView).state?.currentItemId === council.itemId('3'),
      ) || undefined,
    () => `a meetingSession.state event with the current item; saw ${events.events.map((e) => e.event).join(', ')}`,
  );
  const live = await waitForView(host, meetingId, (v) => v.state?.quorum.met === true, 'quorum met in the mirror');
  assert.equal(live.state?.status, 'in-session');
  assert.equal(live.state?.quorum.present, 3);

  // --- Commands need the server: unreachable → `offline`, and the server's state does not change.
  relay.retarget(await deadPort());
  relay.dropConnections();
  const refused = await invokeBridge(host, 'meetingSession.command', { meetingId, command: { type: 'request-to-speak' } });
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'offline');
  assert.deepEqual((await sessionState(clients.clerk, meetingId)).speakers, []);

  // --- A ballot cast while unreachable: stored with its id, reported as sending.
  const voteId = await openMotion(clients.chair, meetingId, {
    text: 'That the application be approved.',
    proposerUserId: userIds.chair,
    seconderUserId: userIds.member2,
    kind: 'recorded',
  });
  const sending = await callBridge<LocalBallot>(host, 'meetingSession.cast', { meetingId, voteId, choice: 'for' });
  assert.equal(sending.status, 'sending');
  assert.equal(sending.receipt, null);
  const stored = storedBallot(host, voteId);
  assert.equal(stored?.ballot_id, sending.ballotId);

  // The server receives that very ballot (as if the request got through and only the answer was lost)...
  const serverReceipt = BallotReceipt.parse(
    await clients.member.post(apiPaths.ballots(voteId), { ballotId: sending.ballotId, choice: 'for' }),
  );
  // ...and the host dies before it heard anything. It restarts with the server reachable again.
  await host.stop('SIGKILL');
  relay.retarget(serverPort);
  host = await startHostProcess({ serverUrl: relay.url, username: 'member', password, dataDir: host.dataDir });
  const recorded = await waitForView(
    host,
    meetingId,
    (v) => v.ballots.some((b) => b.voteId === voteId && b.status === 'recorded'),
    'the resent ballot recorded',
  );
  const ballot = recorded.ballots.find((b) => b.voteId === voteId);
  assert.equal(ballot?.ballotId, sending.ballotId);
  assert.equal(ballot?.receipt?.receiptId, serverReceipt.receiptId, 'the resend got the same receipt');
  // Casting again answers the stored ballot; nothing new is sent.
  const again = await callBridge<LocalBallot>(host, 'meetingSession.cast', { meetingId, voteId, choice: 'against' });
  assert.equal(again.ballotId, sending.ballotId);
  assert.equal(again.receipt?.receiptId, serverReceipt.receiptId);

  const closed = await command(clients.chair, meetingId, { type: 'close-vote', voteId });
  const result = closed.results.find((r) => r.id === voteId);
  assert.deepEqual(result?.counts, { for: 1, against: 0, abstain: 0 }, 'counted exactly once');
  assert.deepEqual(result?.named?.for.map((p) => p.userId), [userIds.member]);

  // --- A declaration through the host takes the member out of the item; the next ballot is refused for it.
  const declared = await callBridge<DeclarationOutcome>(host, 'declarations.declare', {
    itemId: council.itemId('3'),
    kind: 'non-registrable',
    description: 'I live on Mill Lane.',
    leavesRoom: true,
  });
  assert.equal(declared.ok, true);
  assert.ok(declared.ok && declared.declarations.some((d) => d.userId === userIds.member && d.leavesRoom));
  const second = await openMotion(clients.chair, meetingId, { text: 'That a site visit be held.', proposerUserId: null, seconderUserId: null, kind: 'recorded' });
  await waitForView(host, meetingId, (v) => v.state?.vote?.id === second, 'the second vote open in the mirror');
  const excluded = await view(host, meetingId);
  assert.ok(excluded.state?.excludedFromCurrentItem.some((p) => p.userId === userIds.member));
  const refusedBallot = await callBridge<LocalBallot>(host, 'meetingSession.cast', { meetingId, voteId: second, choice: 'for' });
  assert.equal(refusedBallot.status, 'refused');
  assert.equal(refusedBallot.refusal?.code, 'excluded-by-declaration');
  // A refusal is an answer, not an error: chair-only commands come back refused too.
  const notChair = await callBridge<SessionCommandOutcome>(host, 'meetingSession.command', { meetingId, command: { type: 'close-vote', voteId: second } });
  assert.equal(notChair.ok, false);
  // Nobody voted: a 0–0 tie, which this committee's chair decides.
  await command(clients.chair, meetingId, { type: 'close-vote', voteId: second, castingVote: 'against' });
  // The member withdraws the declaration: back in the room for the item.
  const withdrawn = await callBridge<DeclarationOutcome>(host, 'declarations.withdraw', { itemId: council.itemId('3') });
  assert.ok(withdrawn.ok && !withdrawn.declarations.some((d) => d.userId === userIds.member));
  await waitForView(host, meetingId, (v) => v.state?.excludedFromCurrentItem.length === 0, 'the member back in the room');

  // --- The server goes away: the session, with its results, still reads from the mirror.
  await waitForView(host, meetingId, (v) => v.state?.vote === null && v.state.results.length === 2, 'both results in the mirror');
  await server.stop();
  const offline = await view(host, meetingId);
  assert.equal(offline.state?.status, 'in-session');
  assert.ok(offline.state?.results.some((r) => r.id === voteId && r.outcome === 'carried'));
  assert.ok(offline.ballots.some((b) => b.voteId === voteId && b.status === 'recorded'));
});

function storedBallot(host: HostProcess, voteId: string): { ballot_id: string; receipt_json: string | null } | undefined {
  const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT ballot_id, receipt_json FROM pending_ballots WHERE vote_id = ?').get(voteId) as
      | { ballot_id: string; receipt_json: string | null }
      | undefined;
  } finally {
    db.close();
  }
}
