/**
 * The meeting session over the real API on the demo council: the chair opens
 * it, the clerk takes the roll (quorum live, late arrival, early departure),
 * moves the current item, members ask to speak and the chair gives the floor;
 * a recorded vote is opened, cast, closed, and its result reaches the record
 * and the change feed; everything is in the audit chain.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { browserBridgePaths } from '../../common/bridge.ts';
import { ChangePage, CommitteeRules, LiveFeedMessage, type MeetingSessionState, apiPaths } from '../../common/wire.ts';
import { ApiRequestError } from '../support/api-client.ts';
import { type ServerProcess, runCli, serverCliArgs, startServerProcess } from '../support/server-process.ts';
import { type VotingCouncil, cast, command, openMotion, sessionState, signInDemoCouncil } from '../support/voting-council.ts';

let server: ServerProcess;
let council: VotingCouncil;
let meetingId: string;

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  council = await signInDemoCouncil(server);
  meetingId = council.meeting.id;
});

after(async () => {
  await server?.stop();
});

const rollOf = (state: MeetingSessionState, userId: string) => state.roll.find((r) => r.userId === userId)!;

test('committee rules: anyone reads them, only the clerk or an administrator changes them', async () => {
  const { clients, meeting } = council;
  const rules = CommitteeRules.parse(await clients.member.get(apiPaths.committeeRules(meeting.committeeId)));
  assert.deepEqual(rules.quorum, { kind: 'fraction', value: 0.5 });
  await assert.rejects(clients.chair.put(apiPaths.committeeRules(meeting.committeeId), { tie: 'motion-falls' }), (e: ApiRequestError) => e.code === 'forbidden');
  await assert.rejects(
    clients.clerk.put(apiPaths.committeeRules(meeting.committeeId), { quorum: { kind: 'fraction', value: 1.5 } }),
    (e: ApiRequestError) => e.code === 'invalid-request',
  );
  const changed = CommitteeRules.parse(await clients.clerk.put(apiPaths.committeeRules(meeting.committeeId), { tie: 'motion-falls' }));
  assert.equal(changed.tie, 'motion-falls');
  assert.equal(changed.majority, rules.majority, 'fields not given are kept');
  await clients.admin.put(apiPaths.committeeRules(meeting.committeeId), { tie: 'chair-casting-vote' });
});

test('the chair opens the session, the clerk takes the roll and quorum follows it live', async () => {
  const { clients, userIds } = council;
  const before = await sessionState(clients.member, meetingId);
  assert.equal(before.status, 'not-started');
  await assert.rejects(command(clients.member, meetingId, { type: 'open-session' }), (e: ApiRequestError) => e.code === 'forbidden');
  await assert.rejects(command(clients.member3, meetingId, { type: 'open-session' }), (e: ApiRequestError) => e.status === 403 || e.status === 404);

  let state = await command(clients.chair, meetingId, { type: 'open-session' });
  assert.equal(state.status, 'in-session');
  assert.equal((await clients.member.get<{ meeting: { state: string } }>(apiPaths.meeting(meetingId))).meeting.state, 'in-session');
  // Chair, member, member2 vote: half of three, rounded up.
  assert.deepEqual(state.quorum, { required: 2, present: 0, met: false });
  assert.equal(rollOf(state, userIds.clerk).votingMember, false);

  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.chair, attendance: 'present' });
  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member2, attendance: 'apologies' });
  assert.deepEqual(state.quorum, { required: 2, present: 1, met: false });
  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member, attendance: 'present' });
  assert.deepEqual(state.quorum, { required: 2, present: 2, met: true });
  assert.equal(rollOf(state, userIds.member).late, true, 'marked present after the session opened');
  assert.equal(rollOf(state, userIds.member2).attendance, 'apologies');
  // The clerk being present does not count towards quorum.
  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.clerk, attendance: 'present' });
  assert.equal(state.quorum.present, 2);

  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member, attendance: 'departed' });
  assert.equal(rollOf(state, userIds.member).attendance, 'departed');
  assert.ok(rollOf(state, userIds.member).departedAt);
  assert.equal(state.quorum.met, false);
  state = await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member, attendance: 'present' });
  assert.equal(state.quorum.met, true);
  assert.equal(rollOf(state, userIds.member).departedAt, null, 'came back');
  await assert.rejects(
    command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member3, attendance: 'present' }),
    (e: ApiRequestError) => e.code === 'not-on-roll',
  );
});

test('the current item and its speakers list', async () => {
  const { clients, userIds } = council;
  const itemId = council.itemId('3');
  await assert.rejects(command(clients.member, meetingId, { type: 'request-to-speak' }), (e: ApiRequestError) => e.code === 'no-current-item');
  await assert.rejects(command(clients.member, meetingId, { type: 'set-current-item', itemId }), (e: ApiRequestError) => e.code === 'forbidden');
  let state = await command(clients.clerk, meetingId, { type: 'set-current-item', itemId });
  assert.equal(state.currentItemId, itemId);

  await command(clients.member, meetingId, { type: 'request-to-speak' });
  state = await command(clients.chair, meetingId, { type: 'request-to-speak' });
  assert.deepEqual(state.speakers.map((s) => s.userId), [userIds.member, userIds.chair]);
  await assert.rejects(command(clients.clerk, meetingId, { type: 'request-to-speak' }), (e: ApiRequestError) => e.code === 'forbidden');

  state = await command(clients.chair, meetingId, { type: 'reorder-speakers', userIds: [userIds.chair, userIds.member] });
  assert.deepEqual(state.speakers.map((s) => s.userId), [userIds.chair, userIds.member]);
  state = await command(clients.chair, meetingId, { type: 'give-floor', userId: userIds.member });
  assert.equal(state.speakers[0]!.status, 'speaking');
  assert.ok(state.speakers[0]!.startedAt && state.speakers[0]!.startedAt <= state.serverTime);
  state = await command(clients.chair, meetingId, { type: 'withdraw-request' });
  assert.deepEqual(state.speakers.map((s) => [s.displayName, s.status]), [['Cllr Tom Evans', 'speaking']]);
  state = await command(clients.chair, meetingId, { type: 'end-floor' });
  assert.equal(state.speakers[0]!.status, 'done');
  // Everyone sees the list.
  assert.equal((await sessionState(clients.member2, meetingId)).speakers.length, 1);
});

/** A live-feed socket that follows the meeting and collects its session messages. */
async function followSession(token: string) {
  const socket = new WebSocket(new URL(apiPaths.changesLive, server.url.replace(/^http/, 'ws')), [`${browserBridgePaths.tokenProtocolPrefix}${token}`]);
  const states: MeetingSessionState[] = [];
  let waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    const message = LiveFeedMessage.parse(JSON.parse(String(data)));
    if (message.type !== 'session') return;
    assert.equal(message.meetingId, meetingId);
    states.push(message.state);
    for (const wake of waiters) wake();
    waiters = [];
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'follow-session', meetingId }));
  return {
    socket,
    /** Resolves with the first session state (received so far or later) that satisfies `check`. */
    async until(check: (state: MeetingSessionState) => boolean): Promise<MeetingSessionState> {
      for (;;) {
        const found = states.find(check);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

test('the live socket pushes each follower its own session state', async () => {
  const { clients } = council;
  const member = await followSession(clients.member.token!);
  const first = await member.until(() => true);
  assert.equal(first.status, 'in-session', 'the current state arrives as soon as one follows');
  await command(clients.chair, meetingId, { type: 'request-to-speak' });
  const pushed = await member.until((state) => state.speakers.some((s) => s.userId === council.userIds.chair && s.status === 'waiting'));
  assert.equal(pushed.meetingId, meetingId);
  // Anything but ping / follow / unfollow ends the connection.
  const closed = new Promise<number>((resolve) => member.socket.once('close', resolve));
  member.socket.send(JSON.stringify({ type: 'cast-ballot', voteId: 'x' }));
  assert.equal(await closed, 1008);
});

test('while a confidential item is current, outsiders see neither it nor who left the room for it, over HTTP and the live feed', async () => {
  const { clients, userIds } = council;
  const confidential = council.detail.items.find((i) => i.confidential)!;
  // member2 declares a pecuniary interest (which always takes them out of the item); the chair asks to speak on it.
  await clients.member2.put(apiPaths.itemDeclarations(confidential.id), { kind: 'disclosable-pecuniary', description: 'Director of the applicant company' });
  const member = await followSession(clients.member.token!);
  // The outsider's meeting is published, so they follow it too.
  const outsider = await followSession(clients.member3.token!);
  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: confidential.id });
  await command(clients.chair, meetingId, { type: 'request-to-speak' });

  const seenByMember = await member.until((state) => state.currentItemId === confidential.id && state.speakers.length > 0);
  assert.deepEqual(seenByMember.excludedFromCurrentItem.map((p) => p.userId), [userIds.member2]);
  // One push reaches every follower with the same server time: the outsider's copy of the member's state.
  const seenByOutsider = await outsider.until((state) => state.serverTime === seenByMember.serverTime);
  const overHttp = await sessionState(clients.member3, meetingId);
  for (const state of [seenByOutsider, overHttp]) {
    assert.equal(state.currentItemId, null, 'the outsider is not told which confidential item is current');
    assert.deepEqual(state.excludedFromCurrentItem, [], 'nor who left the room over an interest in it');
    assert.deepEqual(state.speakers, []);
  }
  assert.equal(overHttp.status, 'in-session', 'the rest of the state is still theirs to see');
  const memberOverHttp = await sessionState(clients.member, meetingId);
  assert.equal(memberOverHttp.currentItemId, confidential.id);
  assert.deepEqual(memberOverHttp.excludedFromCurrentItem.map((p) => p.userId), [userIds.member2]);

  // Back to an open item: the outsider sees it again.
  await command(clients.chair, meetingId, { type: 'withdraw-request' });
  await clients.member2.delete(apiPaths.itemDeclarations(confidential.id));
  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: council.itemId('3') });
  await outsider.until((state) => state.currentItemId === council.itemId('3'));
  member.socket.close();
  outsider.socket.close();
});

test('a recorded vote: counts while open, named result for the record and the feed', async () => {
  const { clients, userIds } = council;
  const feedBefore = ChangePage.parse(await clients.member.get(`${apiPaths.changes}?since=0&limit=1000`)).nextSince;
  const voteId = await openMotion(clients.chair, meetingId, {
    text: 'That planning permission be granted subject to the conditions in the report', proposerUserId: userIds.chair, seconderUserId: userIds.member, kind: 'recorded',
  });
  let state = await sessionState(clients.member2, meetingId);
  assert.equal(state.vote?.status, 'open');
  assert.equal(state.vote?.eligibleCount, 2);
  assert.deepEqual(state.vote?.notYetVoted?.map((p) => p.userId).sort(), [userIds.chair, userIds.member].sort());

  const receipt = await cast(clients.member, voteId, 'for');
  assert.equal(receipt.choice, 'for');
  state = await sessionState(clients.member, meetingId);
  assert.equal(state.vote?.votedCount, 1);
  assert.deepEqual(state.vote?.notYetVoted?.map((p) => p.userId), [userIds.chair]);
  assert.deepEqual(state.myBallot, receipt);
  await cast(clients.chair, voteId, 'against');

  await assert.rejects(command(clients.member, meetingId, { type: 'close-vote', voteId }), (e: ApiRequestError) => e.code === 'forbidden');
  // One each way: the chair's casting vote decides.
  await assert.rejects(command(clients.chair, meetingId, { type: 'close-vote', voteId }), (e: ApiRequestError) => e.code === 'casting-vote-required');
  state = await command(clients.chair, meetingId, { type: 'close-vote', voteId, castingVote: 'for' });
  assert.equal(state.vote, null);
  const [result] = state.results;
  assert.equal(result?.id, voteId);
  assert.deepEqual(result?.counts, { for: 1, against: 1, abstain: 0 });
  assert.equal(result?.outcome, 'carried');
  assert.equal(result?.decidedBy, 'casting-vote');
  assert.deepEqual(result?.named?.for.map((p) => p.userId), [userIds.member]);
  assert.deepEqual(result?.named?.against.map((p) => p.userId), [userIds.chair]);

  assert.deepEqual(await clients.member2.get(apiPaths.meetingVoteResults(meetingId)), state.results);
  const feed = ChangePage.parse(await clients.member2.get(`${apiPaths.changes}?since=${feedBefore}&limit=1000`));
  assert.ok(feed.changes.some((c) => c.kind === 'vote-result' && c.op === 'upsert' && c.data.id === voteId), 'the result is in the feed');
});

test('secret ballots only where the rules allow them; show of hands is counted by the clerk', async () => {
  const { clients, userIds, meeting } = council;
  await clients.clerk.put(apiPaths.committeeRules(meeting.committeeId), { secretBallotAllowed: false });
  await assert.rejects(
    command(clients.chair, meetingId, { type: 'propose-motion', text: 'x', proposerUserId: null, seconderUserId: null, kind: 'secret' }),
    (e: ApiRequestError) => e.code === 'secret-ballot-not-allowed',
  );
  await clients.clerk.put(apiPaths.committeeRules(meeting.committeeId), { secretBallotAllowed: true });

  const voteId = await openMotion(clients.chair, meetingId, { text: 'That the item be deferred', proposerUserId: userIds.member, seconderUserId: null, kind: 'show-of-hands' });
  await assert.rejects(cast(clients.member, voteId, 'for'), (e: ApiRequestError) => e.code === 'show-of-hands');
  await assert.rejects(command(clients.clerk, meetingId, { type: 'close-vote', voteId }), (e: ApiRequestError) => e.code === 'counts-required');
  const state = await command(clients.clerk, meetingId, { type: 'close-vote', voteId, counts: { for: 0, against: 2, abstain: 0 } });
  assert.equal(state.results[0]?.outcome, 'lost');
  assert.equal(state.results[0]?.named, null);
});

test('closing the session; every step is in a valid audit chain', async () => {
  const { clients } = council;
  await command(clients.chair, meetingId, { type: 'adjourn-session' });
  await assert.rejects(command(clients.clerk, meetingId, { type: 'set-current-item', itemId: null }), (e: ApiRequestError) => e.code === 'session-not-open');
  await command(clients.chair, meetingId, { type: 'resume-session' });
  const state = await command(clients.clerk, meetingId, { type: 'close-session' });
  assert.equal(state.status, 'closed');
  await assert.rejects(command(clients.chair, meetingId, { type: 'open-session' }), (e: ApiRequestError) => e.code === 'session-state');
  await server.stop();
  const verified = await runCli(serverCliArgs('audit', 'verify', '--data', server.dataDir));
  assert.equal(verified.code, 0, verified.stderr);
});
