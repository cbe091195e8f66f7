/**
 * The crash scenario of the voting tests: the server is killed with SIGKILL
 * and restarted during an open vote, round after round, while simulated
 * members (real accounts and sessions, loopback) keep voting and resending.
 * After each round every acknowledged ballot is counted exactly once; a ballot
 * sent once whose answer was lost may or may not be counted, but never twice
 * and never with another choice; members who never voted are not counted.
 * Four test files run it (recorded and secret votes, 5 kills each) so each
 * stays well inside the per-file time limit on a loaded machine.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BallotReceipt, MeetingSessionState, type SessionCommand, type VoteChoice, type VoteKind, apiPaths } from '../../common/wire.ts';
import { type ServerProcess, makeTempDataDir, startServerProcess } from './server-process.ts';
import { type SeededCommittee, seedLargeCommittee } from './voting-council.ts';

const MEMBERS = 12;
/** Members who send their ballot once and never resend, whatever happens. */
const SEND_ONCE = 2;
/** Members who never vote. */
const SILENT = 1;
const CHOICES: VoteChoice[] = ['for', 'against', 'abstain'];

let dataDir: string;
let seeded: SeededCommittee;
let server: ServerProcess;

async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: await response.json() };
}

async function chairCommand(body: SessionCommand): Promise<MeetingSessionState> {
  const answer = await call(seeded.chair.token, 'POST', apiPaths.sessionCommands(seeded.meetingId), body);
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return MeetingSessionState.parse(answer.json);
}

interface MemberRun {
  userId: string;
  choice: VoteChoice;
  ballotId: string;
  /** The receipt, once an answer arrived. */
  receipt: BallotReceipt | null;
  /** True when a request went out whose answer never came back. */
  lostAnswer: boolean;
  sends: number;
}

/** One member voting: send, and on a lost answer resend the same ballot until acknowledged (unless `once`). Then replay it once more. */
async function vote(token: string, run: MemberRun, voteId: string, once: boolean, stop: AbortSignal): Promise<void> {
  await sleep(randomInt(0, 300));
  while (!stop.aborted) {
    run.sends += 1;
    try {
      const answer = await call(token, 'POST', apiPaths.ballots(voteId), { ballotId: run.ballotId, choice: run.choice });
      assert.ok(answer.status === 200 || answer.status === 201, `ballot refused: ${JSON.stringify(answer.json)}`);
      const receipt = BallotReceipt.parse(answer.json);
      if (run.receipt) assert.deepEqual(receipt, run.receipt, 'a resend returns the same receipt');
      run.receipt = receipt;
      if (run.sends < 3 && !once) continue; // some replays on purpose
      return;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      run.lostAnswer = true; // connection refused or reset: the server died
      if (once) return;
      await sleep(randomInt(50, 150));
    }
  }
}

/** Runs `kills` rounds, one vote of `kind` each, killing the server once per round while members vote. */
export async function killDuringVotes(kind: VoteKind, kills: number): Promise<void> {
  dataDir = makeTempDataDir('chamber-voting-crash-');
  seeded = await seedLargeCommittee(dataDir, MEMBERS);
  server = await startServerProcess({ dataDir });
  try {
    await runRounds(kind, kills);
  } finally {
    await server.stop();
  }
}

async function runRounds(kind: VoteKind, kills: number): Promise<void> {
  await chairCommand({ type: 'open-session' });
  for (const member of [seeded.chair, ...seeded.members]) {
    await chairCommand({ type: 'set-attendance', userId: member.userId, attendance: 'present' });
  }
  await chairCommand({ type: 'set-current-item', itemId: seeded.itemId });

  for (let round = 1; round <= kills; round += 1) {
    const proposed = await chairCommand({ type: 'propose-motion', text: `Motion ${round}`, proposerUserId: null, seconderUserId: null, kind });
    const voteId = proposed.vote!.id;
    await chairCommand({ type: 'open-vote', voteId });

    const voters = seeded.members.slice(0, MEMBERS - SILENT);
    const runs: MemberRun[] = voters.map((m) => ({ userId: m.userId, choice: CHOICES[randomInt(0, 3)]!, ballotId: randomUUID(), receipt: null, lostAnswer: false, sends: 0 }));
    const stop = new AbortController();
    const voting = Promise.all(voters.map((m, i) => vote(m.token, runs[i]!, voteId, i < SEND_ONCE, stop.signal)));

    await sleep(randomInt(20, 250));
    await server.stop('SIGKILL');
    server = await startServerProcess({ dataDir });
    const deadline = setTimeout(() => stop.abort(), 60_000);
    await voting;
    clearTimeout(deadline);
    assert.ok(!stop.signal.aborted, 'every resending member got an answer after the restart');

    const closed = await chairCommand({ type: 'close-vote', voteId, castingVote: 'for' });
    const result = closed.results.find((r) => r.id === voteId)!;
    const acknowledged = runs.filter((r) => r.receipt);
    const maybe = runs.filter((r) => !r.receipt && r.lostAnswer);
    for (const run of runs.slice(SEND_ONCE)) assert.ok(run.receipt, 'a member who resends is always acknowledged in the end');
    const total = result.counts.for + result.counts.against + result.counts.abstain;
    assert.ok(total >= acknowledged.length && total <= acknowledged.length + maybe.length, `round ${round}: ${total} counted, ${acknowledged.length} acknowledged, ${maybe.length} unknown`);
    for (const choice of CHOICES) {
      const sure = acknowledged.filter((r) => r.choice === choice).length;
      const possible = maybe.filter((r) => r.choice === choice).length;
      assert.ok(result.counts[choice] >= sure && result.counts[choice] <= sure + possible, `round ${round}: ${choice} counted ${result.counts[choice]}, acknowledged ${sure}`);
    }
    if (kind === 'recorded') {
      // Named: each acknowledged member exactly once under their own choice; the silent member nowhere.
      const named = result.named!;
      for (const run of runs) {
        const listed = CHOICES.filter((choice) => named[choice].some((p) => p.userId === run.userId));
        if (run.receipt) assert.deepEqual(listed, [run.choice]);
        else assert.ok(listed.length === 0 || (listed.length === 1 && listed[0] === run.choice));
      }
      const silent = seeded.members.slice(MEMBERS - SILENT).map((m) => m.userId);
      for (const choice of CHOICES) assert.ok(!named[choice].some((p) => silent.includes(p.userId)));
    }
  }
}
