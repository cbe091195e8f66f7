/**
 * 100 simulated members (real accounts, real sessions, real live sockets, one
 * server process on loopback) vote within one second, for ROUNDS recorded votes.
 *
 * Prints:
 *   voting.cast_p50 / voting.cast_p99 = N ms      (POST ballot → receipt, every ballot of every round)
 *   voting.result_p50 / voting.result_p99 = N ms  (chair's close-vote sent → the result in a `session` message on each member's socket)
 *   voting.lost_ballots = N count                 (acknowledged but not counted)
 *   voting.double_ballots = N count               (counted more often than acknowledged)
 *
 * Setup (accounts with one shared password hash, sessions, the roll) is not measured.
 *
 * The peer (bench/_voting-peer.ts, same run, same machine) is the bare floor: node:http + ws, one
 * SQLite insert per ballot (synchronous=FULL), no checks, audit or per-viewer state, a small result
 * message. It prints voting.peer_cast_p50/p99, voting.peer_result_p50/p99 and the ours/peer ratios.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { browserBridgePaths } from '../common/bridge.ts';
import { BallotReceipt, LiveFeedMessage, MeetingSessionState, type SessionCommand, type VoteChoice, apiPaths } from '../common/wire.ts';
import { makeTempDataDir, startServerProcess } from '../tests/support/server-process.ts';
import { seedLargeCommittee } from '../tests/support/voting-council.ts';

const MEMBERS = 100;
const ROUNDS = 3;
const CHOICES: VoteChoice[] = ['for', 'against', 'abstain'];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

const dataDir = makeTempDataDir('chamber-bench-voting-');
const seeded = await seedLargeCommittee(dataDir, MEMBERS);
const server = await startServerProcess({ dataDir, logLevel: 'warn' });

async function call(token: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function chair(body: SessionCommand): Promise<MeetingSessionState> {
  const answer = await call(seeded.chair.token, apiPaths.sessionCommands(seeded.meetingId), body);
  if (answer.status !== 200) throw new Error(`${body.type}: ${JSON.stringify(answer.json)}`);
  return MeetingSessionState.parse(answer.json);
}

/**
 * One member's live socket, following the meeting. Its first message is
 * validated in full; after that only messages that mention `watchFor()` are
 * parsed and handed to `onState` — a hundred members share this process, and
 * parsing every progress push for all of them would measure the bench's own
 * JSON time (each real member parses only its own).
 */
function follow(token: string, watchFor: () => string | null, onState: (state: Pick<MeetingSessionState, 'results'>) => void): Promise<WebSocket> {
  const url = new URL(apiPaths.changesLive, server.url.replace(/^http/, 'ws'));
  const socket = new WebSocket(url, [`${browserBridgePaths.tokenProtocolPrefix}${token}`]);
  let validated = false;
  socket.on('message', (data: Buffer) => {
    if (!validated) {
      LiveFeedMessage.parse(JSON.parse(data.toString('utf8')));
      validated = true;
      return;
    }
    const watched = watchFor();
    if (!watched || !data.includes(watched)) return;
    const message = JSON.parse(data.toString('utf8')) as LiveFeedMessage;
    if (message.type === 'session') onState(message.state);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'follow-session', meetingId: seeded.meetingId }));
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

try {
  await chair({ type: 'open-session' });
  for (const member of [seeded.chair, ...seeded.members]) await chair({ type: 'set-attendance', userId: member.userId, attendance: 'present' });
  await chair({ type: 'set-current-item', itemId: seeded.itemId });

  let awaitedVoteId: string | null = null;
  let closeSentAt = 0;
  const resultLatencies: number[] = [];
  const seenResult = new Set<string>();
  const sockets = await Promise.all(
    seeded.members.map((member) =>
      follow(member.token, () => awaitedVoteId, (state) => {
        const key = `${member.userId}:${awaitedVoteId}`;
        if (awaitedVoteId && !seenResult.has(key) && state.results.some((r) => r.id === awaitedVoteId)) {
          seenResult.add(key);
          resultLatencies.push(performance.now() - closeSentAt);
        }
      }),
    ),
  );

  const castLatencies: number[] = [];
  let lost = 0;
  let double = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const proposed = await chair({ type: 'propose-motion', text: `Bench motion ${round}`, proposerUserId: null, seconderUserId: null, kind: 'recorded' });
    const voteId = proposed.vote!.id;
    await chair({ type: 'open-vote', voteId });
    // Each member's app loads the session when the vote opens (as the desktop does on the push).
    await Promise.all(seeded.members.map((member) => fetch(new URL(apiPaths.session(seeded.meetingId), server.url), { headers: { authorization: `Bearer ${member.token}` } }).then((r) => r.arrayBuffer())));
    const acknowledged = new Map<string, VoteChoice>();
    // Every member votes at a random moment within one second.
    await Promise.all(
      seeded.members.map(async (member, index) => {
        await sleep(Math.random() * 1000);
        const choice = CHOICES[index % 3]!;
        const sentAt = performance.now();
        const answer = await call(member.token, apiPaths.ballots(voteId), { ballotId: randomUUID(), choice });
        castLatencies.push(performance.now() - sentAt);
        if (answer.status !== 201 || BallotReceipt.parse(answer.json).voteId !== voteId) throw new Error(`ballot refused: ${JSON.stringify(answer.json)}`);
        acknowledged.set(member.userId, choice);
      }),
    );
    await sleep(300); // let the coalesced progress pushes settle, so the close is measured on its own
    awaitedVoteId = voteId;
    closeSentAt = performance.now();
    const closed = await chair({ type: 'close-vote', voteId, castingVote: 'for' });
    const deadline = performance.now() + 10_000;
    while (seenResult.size < round * MEMBERS && performance.now() < deadline) await sleep(5);
    if (seenResult.size < round * MEMBERS) throw new Error(`only ${seenResult.size - (round - 1) * MEMBERS} of ${MEMBERS} sockets saw result ${round}`);

    const result = closed.results.find((r) => r.id === voteId)!;
    for (const choice of CHOICES) {
      const listed = result.named![choice].map((p) => p.userId);
      const expected = [...acknowledged].filter(([, c]) => c === choice).map(([userId]) => userId);
      lost += expected.filter((userId) => !listed.includes(userId)).length;
      double += listed.length - new Set(listed).size + listed.filter((userId) => acknowledged.get(userId) !== choice).length;
      const counted = result.counts[choice];
      if (counted !== listed.length) double += Math.max(0, counted - listed.length);
    }
  }
  for (const socket of sockets) socket.close();
  const peer = await measurePeer();

  process.stderr.write(`# ${ROUNDS} rounds × ${MEMBERS} members; ${castLatencies.length} ballots, ${resultLatencies.length} result deliveries\n`);
  console.log(`voting.cast_p50 = ${percentile(castLatencies, 50).toFixed(1)} ms`);
  console.log(`voting.cast_p99 = ${percentile(castLatencies, 99).toFixed(1)} ms`);
  console.log(`voting.result_p50 = ${percentile(resultLatencies, 50).toFixed(1)} ms`);
  console.log(`voting.result_p99 = ${percentile(resultLatencies, 99).toFixed(1)} ms`);
  console.log(`voting.lost_ballots = ${lost} count`);
  console.log(`voting.double_ballots = ${double} count`);
  const ours = { cast_p50: percentile(castLatencies, 50), cast_p99: percentile(castLatencies, 99), result_p50: percentile(resultLatencies, 50), result_p99: percentile(resultLatencies, 99) };
  for (const [figure, value] of Object.entries(peer)) console.log(`voting.peer_${figure} = ${value.toFixed(1)} ms`);
  for (const figure of ['cast_p99', 'result_p99'] as const) console.log(`voting.${figure}_ratio = ${(ours[figure] / peer[figure]).toFixed(2)} ours/peer`);
} finally {
  await server.stop();
}

/** The same rounds against the peer: 100 sockets, 100 ballots within a second, then the result to every socket. */
async function measurePeer(): Promise<Record<'cast_p50' | 'cast_p99' | 'result_p50' | 'result_p99', number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), '_voting-peer.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        const match = /listening (\d+)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the peer exited (${code})`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const post = async (route: string, body: unknown) => (await fetch(`${base}${route}`, { method: 'POST', body: JSON.stringify(body) })).json();
    let closeSentAt = 0;
    const resultLatencies: number[] = [];
    const sockets = await Promise.all(
      seeded.members.map(
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`ws://127.0.0.1:${port}`);
            socket.on('message', () => resultLatencies.push(performance.now() - closeSentAt));
            socket.once('open', () => resolve(socket)).once('error', reject);
          }),
      ),
    );
    const castLatencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const voteId = randomUUID();
      await Promise.all(
        seeded.members.map(async (member, index) => {
          await sleep(Math.random() * 1000);
          const sentAt = performance.now();
          await post('/ballot', { voteId, userId: member.userId, ballotId: randomUUID(), choice: CHOICES[index % 3] });
          castLatencies.push(performance.now() - sentAt);
        }),
      );
      await sleep(300);
      closeSentAt = performance.now();
      await post('/close', { voteId });
      const deadline = performance.now() + 10_000;
      while (resultLatencies.length < round * MEMBERS && performance.now() < deadline) await sleep(5);
    }
    for (const socket of sockets) socket.close();
    return { cast_p50: percentile(castLatencies, 50), cast_p99: percentile(castLatencies, 99), result_p50: percentile(resultLatencies, 50), result_p99: percentile(resultLatencies, 99) };
  } finally {
    child.kill();
  }
}
