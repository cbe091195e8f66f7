/**
 * Ballot integrity over the real API on the demo council: resends return the
 * same receipt and count once; ballots before opening and after closing, from
 * outsiders, observers, the clerk, absent or departed members and members
 * excluded by a declaration are refused with their reason; two devices of one
 * member get one ballot. Then a secret ballot, whose stored rows (every table
 * of the database file) do not link a member to a choice.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { BallotReceipt, apiPaths } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, runCli, serverCliArgs, startServerProcess } from '../support/server-process.ts';
import { type VotingCouncil, cast, command, openMotion, sessionState, signInDemoCouncil } from '../support/voting-council.ts';

let server: ServerProcess;
let council: VotingCouncil;
let meetingId: string;
let observer: ApiClient;

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  council = await signInDemoCouncil(server);
  meetingId = council.meeting.id;
  const { clients, userIds, meeting } = council;
  const created = await clients.admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: 'observer', displayName: 'Press Observer', password: 'observer-password-1',
  });
  await clients.admin.put(apiPaths.adminMembership(meeting.committeeId, created.id), { role: 'observer' });
  observer = await ApiClient.login(server.url, 'observer', 'observer-password-1');

  await command(clients.chair, meetingId, { type: 'open-session' });
  for (const who of ['chair', 'member', 'member2'] as const) {
    await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds[who], attendance: 'present' });
  }
  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: council.itemId('3') });
});

after(async () => {
  await server?.stop();
});

/** POSTs a ballot and returns the HTTP status with the body. */
async function post(client: ApiClient, voteId: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(apiPaths.ballots(voteId), server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const refusedWith = (code: string) => (error: ApiRequestError) => {
  assert.equal(error.code, code);
  return true;
};

test('resends return the same receipt and count once; early and late ballots are refused', async () => {
  const { clients, userIds } = council;
  const proposed = await command(clients.chair, meetingId, {
    type: 'propose-motion', text: 'That the application be refused', proposerUserId: userIds.member, seconderUserId: userIds.member2, kind: 'recorded',
  });
  const voteId = proposed.vote!.id;
  assert.equal(proposed.vote?.status, 'pending');
  await assert.rejects(cast(clients.member, voteId, 'for'), refusedWith('vote-not-open'));
  await assert.rejects(cast(clients.member, randomUUID(), 'for'), refusedWith('not-found'));
  await command(clients.chair, meetingId, { type: 'open-vote', voteId });

  const ballotId = randomUUID();
  const first = await post(clients.member, voteId, { ballotId, choice: 'against' });
  assert.equal(first.status, 201);
  for (let i = 0; i < 3; i += 1) {
    const again = await post(clients.member, voteId, { ballotId, choice: 'against' });
    assert.equal(again.status, 200, 'a resend is not a new ballot');
    assert.deepEqual(BallotReceipt.parse(again.body), BallotReceipt.parse(first.body));
  }
  // The same ballotId with another choice is still the first ballot: a ballot is final.
  assert.deepEqual((await post(clients.member, voteId, { ballotId, choice: 'for' })).body, first.body);
  // Someone else cannot use a ballotId that is taken.
  await assert.rejects(cast(clients.member2, voteId, 'for', ballotId), refusedWith('ballot-id-taken'));
  assert.equal((await sessionState(clients.chair, meetingId)).vote?.votedCount, 1);
  await assert.rejects(cast(clients.member, voteId, 'abstain', 'not-a-uuid'), refusedWith('invalid-request'));
  await assert.rejects(cast(clients.member, voteId, 'maybe' as 'for'), refusedWith('invalid-request'));

  const closed = await command(clients.chair, meetingId, { type: 'close-vote', voteId });
  assert.deepEqual(closed.results[0]?.counts, { for: 0, against: 1, abstain: 0 });
  await assert.rejects(cast(clients.member2, voteId, 'for'), refusedWith('vote-closed'));
  // An acknowledged ballot resent after the close still gets its receipt.
  assert.equal((await post(clients.member, voteId, { ballotId, choice: 'against' })).status, 200);
  await assert.rejects(command(clients.chair, meetingId, { type: 'close-vote', voteId }), refusedWith('vote-closed'));
});

test('ineligible voters are refused with their reason', async () => {
  const { clients, userIds } = council;
  await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member2, attendance: 'absent' });
  // A disclosable pecuniary interest takes the member out of the item whatever they say.
  const declared = await clients.member.put<{ leavesRoom: boolean }>(apiPaths.itemDeclarations(council.itemId('3')), {
    kind: 'disclosable-pecuniary', description: 'I own land adjoining the site', leavesRoom: false,
  });
  assert.equal(declared.leavesRoom, true);
  const voteId = await openMotion(clients.chair, meetingId, { text: 'That the item be deferred', proposerUserId: userIds.chair, seconderUserId: null, kind: 'recorded' });
  const state = await sessionState(clients.chair, meetingId);
  assert.deepEqual(state.excludedFromCurrentItem.map((p) => p.userId), [userIds.member]);
  assert.equal(state.vote?.eligibleCount, 1, 'only the chair: member2 absent, member excluded');

  await assert.rejects(cast(clients.member3, voteId, 'for'), refusedWith('not-a-voting-member'));
  await assert.rejects(cast(observer, voteId, 'for'), refusedWith('not-a-voting-member'));
  await assert.rejects(cast(clients.clerk, voteId, 'for'), refusedWith('not-a-voting-member'));
  await assert.rejects(cast(clients.member2, voteId, 'for'), refusedWith('not-present'));
  await assert.rejects(cast(clients.member, voteId, 'for'), refusedWith('excluded-by-declaration'));
  await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.chair, attendance: 'departed' });
  await assert.rejects(cast(clients.chair, voteId, 'for'), refusedWith('not-present'));
  await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.chair, attendance: 'present' });
  await cast(clients.chair, voteId, 'for');

  const closed = await command(clients.chair, meetingId, { type: 'close-vote', voteId });
  assert.deepEqual(closed.results[0]?.counts, { for: 1, against: 0, abstain: 0 });
  await clients.member.delete(apiPaths.itemDeclarations(council.itemId('3')));
  await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds.member2, attendance: 'present' });
});

test('a member voting from two devices at once gets one ballot', async () => {
  const { clients, userIds } = council;
  const secondDevice = await ApiClient.login(server.url, 'member2', demoPassword(server.dataDir, 'member2'));
  const voteId = await openMotion(clients.chair, meetingId, { text: 'That the minutes be approved', proposerUserId: null, seconderUserId: null, kind: 'recorded' });
  const answers = await Promise.all([
    post(clients.member2, voteId, { ballotId: randomUUID(), choice: 'for' }),
    post(secondDevice, voteId, { ballotId: randomUUID(), choice: 'against' }),
    post(clients.member2, voteId, { ballotId: randomUUID(), choice: 'abstain' }),
  ]);
  assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409]);
  for (const refused of answers.filter((a) => a.status === 409)) assert.equal((refused.body as { code: string }).code, 'already-voted');
  const accepted = BallotReceipt.parse(answers.find((a) => a.status === 201)!.body);
  const state = await sessionState(secondDevice, meetingId);
  assert.equal(state.vote?.votedCount, 1);
  assert.deepEqual(state.myBallot, accepted, 'the other device learns which ballot counted');
  const closed = await command(clients.chair, meetingId, { type: 'close-vote', voteId });
  const counts = closed.results[0]!.counts;
  assert.equal(counts.for + counts.against + counts.abstain, 1);
  assert.deepEqual(closed.results[0]!.named!.didNotVote.map((p) => p.userId).sort(), [userIds.chair, userIds.member].sort());
});

test('a secret ballot: nobody can link a member to a choice through the API or the database', async () => {
  const { clients, userIds } = council;
  const voteId = await openMotion(clients.chair, meetingId, { text: 'That Cllr Evans be appointed vice-chair', proposerUserId: userIds.chair, seconderUserId: null, kind: 'secret' });
  const choices = { chair: 'for', member: 'against', member2: 'for' } as const;
  const receipts = new Map<string, BallotReceipt>();
  for (const [who, choice] of Object.entries(choices)) receipts.set(who, await cast(clients[who as keyof typeof choices], voteId, choice));
  for (const receipt of receipts.values()) assert.equal(receipt.choice, null, 'the receipt does not carry the choice');
  const open = await sessionState(clients.clerk, meetingId);
  assert.equal(open.vote?.votedCount, 3);
  assert.equal(open.vote?.notYetVoted, null, 'no named lists on a secret ballot');
  const closed = await command(clients.chair, meetingId, { type: 'close-vote', voteId });
  const result = closed.results.find((r) => r.id === voteId)!;
  assert.deepEqual(result.counts, { for: 2, against: 1, abstain: 0 });
  assert.equal(result.named, null);
  assert.equal(result.outcome, 'carried');

  await server.stop();
  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'), { readonly: true });
  try {
    const voters = Object.keys(choices).map((who) => userIds[who as keyof typeof choices]);
    const ballotTokens = [...receipts.values()].flatMap((r) => [r.ballotId, r.receiptId]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    let rowsMentioningVoters = 0;
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        const cells = Object.values(row).map((value) => (value instanceof Buffer ? value.toString('latin1') : String(value)));
        const text = cells.join('\u0000');
        const mentionsBallot = ballotTokens.some((token) => text.includes(token)) || (text.includes(voteId) && voters.some((id) => text.includes(id)));
        if (!mentionsBallot) continue;
        rowsMentioningVoters += 1;
        // A row that names a voter of this vote (or their ballot) must carry no choice: no column holding one, no JSON "choice".
        const choiceCell = cells.some((cell) => ['for', 'against', 'abstain'].includes(cell));
        assert.ok(!choiceCell && !/"choice"|:"(for|against|abstain)"/.test(text), `${table} links a voter to a choice: ${text.replaceAll('\u0000', ' | ')}`);
      }
    }
    assert.ok(rowsMentioningVoters >= 6, 'the participation rows and the audit entries were inspected');
    const participation = db.prepare('SELECT choice FROM vote_participation WHERE vote_id = ?').pluck().all(voteId);
    assert.deepEqual(participation, [null, null, null]);
  } finally {
    db.close();
  }
  const verified = await runCli(serverCliArgs('audit', 'verify', '--data', server.dataDir));
  assert.equal(verified.code, 0, verified.stderr);
});
