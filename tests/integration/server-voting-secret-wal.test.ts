/**
 * A closed secret vote leaves nothing on disk that links a voter to a choice,
 * read byte by byte from the .sqlite and -wal files of a real server.
 *
 * What "links" means here: the participation rows say who voted and when
 * (recorded_at), and the vote's row holds its counters. The final counters
 * are public; any OTHER counter state of the vote, anywhere in the files,
 * says how the first k voters (in recorded_at order) voted together, and two
 * successive states give one voter's choice. So the test decodes every copy
 * of the vote's row it can find in the raw bytes (live cells, stale cells in
 * a page's free space, page images in WAL frames) and fails on any counter
 * state other than zero and the final one. It also requires the WAL to be
 * truncated (size 0) after the close.
 *
 * Two votes: one during which another meeting's motion is proposed (its row
 * lands after the vote's row in the page, so each time a counter grows a byte
 * the vote's old cell is left behind in the page's free space unless
 * secure_delete zeroes it), and one where another connection holds a read
 * snapshot taken before the first ballot while the vote closes (the checkpoint
 * is blocked, must be retried, and every intermediate page image sits in the
 * WAL until it succeeds).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { type AgendaItem, type Meeting, type VoteChoice, type VoteCounts, apiPaths } from '../../common/wire.ts';
import { databaseFile } from '../../collab-server/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, makeTempDataDir, startServerProcess } from '../support/server-process.ts';
import { type SeededCommittee, cast, command, openMotion, seedLargeCommittee } from '../support/voting-council.ts';

const CHOICES: VoteChoice[] = ['for', 'against', 'abstain', 'for', 'for', 'against', 'abstain', 'for'];

let server: ServerProcess;
let seeded: SeededCommittee;
let chair: ApiClient;
/** A second meeting of the committee, in session at the same time. */
let otherMeetingId: string;

before(async () => {
  const dataDir = makeTempDataDir('chamber-secret-wal-');
  seeded = await seedLargeCommittee(dataDir, CHOICES.length);
  server = await startServerProcess({ dataDir });
  chair = new ApiClient(server.url, seeded.chair.token);
  await command(chair, seeded.meetingId, { type: 'open-session' });
  for (const member of seeded.members) await command(chair, seeded.meetingId, { type: 'set-attendance', userId: member.userId, attendance: 'present' });
  await command(chair, seeded.meetingId, { type: 'set-current-item', itemId: seeded.itemId });

  const clerk = new ApiClient(server.url, seeded.clerk.token);
  const other = await clerk.post<Meeting>(apiPaths.meetings, { committeeId: seeded.committeeId, title: 'Licensing Sub-Committee', startsAt: new Date().toISOString() });
  const otherItem = await clerk.post<AgendaItem>(apiPaths.meetingItems(other.id), { number: '1', title: 'Premises licence' });
  await clerk.post(apiPaths.publish(other.id), { changeNote: null });
  await command(chair, other.id, { type: 'open-session' });
  await command(chair, other.id, { type: 'set-current-item', itemId: otherItem.id });
  otherMeetingId = other.id;
});

after(async () => {
  await server?.stop();
});

// ------------------------------------------------------------ reading SQLite records out of raw bytes

function readVarint(bytes: Buffer, at: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 9; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) return { value: -1, length: 0 };
    if (i === 8) return { value: value * 256 + byte, length: 9 };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  return { value: -1, length: 0 };
}

const INTEGER_SIZES: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8 };

function columnSize(serialType: number): number {
  if (serialType === 0 || serialType === 8 || serialType === 9) return 0;
  if (serialType in INTEGER_SIZES) return INTEGER_SIZES[serialType]!;
  if (serialType === 7) return 8;
  if (serialType >= 12) return Math.floor((serialType - 12) / 2);
  return -1;
}

function columnValue(bytes: Buffer, at: number, serialType: number): string | number | null {
  if (serialType === 0) return null;
  if (serialType === 8) return 0;
  if (serialType === 9) return 1;
  if (serialType in INTEGER_SIZES) return Number(bytes.readIntBE(at, Math.min(INTEGER_SIZES[serialType]!, 6)));
  if (serialType >= 13 && serialType % 2 === 1) return bytes.toString('utf8', at, at + columnSize(serialType));
  return '?';
}

/** The votes table's columns, in order (migration 006). */
const VOTE_COLUMNS = 15;
const STATUS = 8;
const FOR = 12;

/**
 * Every copy of the vote's row in `bytes`: a record whose body starts with the
 * vote id, found by trying the serial types that could end just before it.
 */
function voteRecordsIn(bytes: Buffer, voteId: string): { status: string; counts: VoteCounts }[] {
  const idBytes = Buffer.from(voteId, 'utf8');
  const found: { status: string; counts: VoteCounts }[] = [];
  for (let bodyStart = bytes.indexOf(idBytes); bodyStart !== -1; bodyStart = bytes.indexOf(idBytes, bodyStart + 1)) {
    // The serial types alone, not the header's size: freeing a cell overwrites its first 4 bytes, the rest stays readable.
    for (let typesStart = Math.max(0, bodyStart - 40); typesStart < bodyStart; typesStart += 1) {
      const serialTypes: number[] = [];
      let at = typesStart;
      while (at < bodyStart) {
        const serialType = readVarint(bytes, at);
        if (serialType.length === 0) break;
        serialTypes.push(serialType.value);
        at += serialType.length;
      }
      if (at !== bodyStart || serialTypes.length !== VOTE_COLUMNS || serialTypes[0] !== 13 + 2 * idBytes.length || serialTypes.some((t) => columnSize(t) < 0)) continue;
      const values: (string | number | null)[] = [];
      at = bodyStart;
      for (const serialType of serialTypes) {
        values.push(columnValue(bytes, at, serialType));
        at += columnSize(serialType);
      }
      const [forCount, againstCount, abstainCount] = values.slice(FOR, FOR + 3);
      if (typeof forCount !== 'number' || typeof againstCount !== 'number' || typeof abstainCount !== 'number') continue;
      found.push({ status: String(values[STATUS]), counts: { for: forCount, against: againstCount, abstain: abstainCount } });
    }
  }
  return found;
}

function linkingStates(file: string, voteId: string, final: VoteCounts): { status: string; counts: VoteCounts }[] {
  if (!existsSync(file)) return [];
  const zero = { for: 0, against: 0, abstain: 0 };
  const sameCounts = (a: VoteCounts, b: VoteCounts) => a.for === b.for && a.against === b.against && a.abstain === b.abstain;
  return voteRecordsIn(readFileSync(file), voteId).filter((record) => !sameCounts(record.counts, zero) && !sameCounts(record.counts, final));
}

async function walTruncated(walFile: string, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!existsSync(walFile) || statSync(walFile).size === 0) return true;
    await sleep(100);
  }
  return false;
}

/** Runs one secret vote: every member casts over HTTP, one commit each, then the chair closes it. */
async function secretVote(text: string, beforeBallots: () => Promise<void>): Promise<{ voteId: string; final: VoteCounts }> {
  const voteId = await openMotion(chair, seeded.meetingId, { text, proposerUserId: null, seconderUserId: null, kind: 'secret' });
  await beforeBallots();
  for (const [index, member] of seeded.members.entries()) {
    await cast(new ApiClient(server.url, member.token), voteId, CHOICES[index]!, randomUUID());
  }
  const closed = await command(chair, seeded.meetingId, { type: 'close-vote', voteId });
  const final = closed.results.find((result) => result.id === voteId)!.counts;
  assert.deepEqual(final, { for: 4, against: 2, abstain: 2 });
  return { voteId, final };
}

function assertNothingLinks(voteId: string, final: VoteCounts): void {
  const file = databaseFile(server.dataDir);
  for (const onDisk of [file, `${file}-wal`]) {
    const states = linkingStates(onDisk, voteId, final);
    assert.deepEqual(states, [], `${onDisk} holds intermediate counters of the secret vote, which link voters (in recorded_at order) to choices`);
  }
  // The decoder does find the vote's row: the test is looking at the right bytes.
  assert.ok(voteRecordsIn(readFileSync(file), voteId).some((record) => record.status === 'closed'), 'the closed vote is found in the database file');
}

test('after a secret vote closes, neither the database file nor the WAL holds a counter state that links a voter to a choice', async () => {
  const { voteId, final } = await secretVote('That the chief executive be appointed', async () => {
    await command(chair, otherMeetingId, { type: 'propose-motion', text: 'That the licence be granted', proposerUserId: null, seconderUserId: null, kind: 'recorded' });
  });
  const walFile = `${databaseFile(server.dataDir)}-wal`;
  assert.ok(await walTruncated(walFile, 15_000), `the WAL was not truncated after the close (${statSync(walFile).size} bytes)`);
  assertNothingLinks(voteId, final);
});

test('a reader holding a snapshot while the vote closes delays the truncation, but the server retries until the WAL is empty', async () => {
  const reader = new Database(databaseFile(server.dataDir), { readonly: true });
  try {
    const { voteId, final } = await secretVote('That the budget be approved', async () => {
      // A backup tool or a long report: its snapshot predates every ballot, so no checkpoint can pass it.
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM votes').get();
    });
    reader.prepare('COMMIT').run();
    const walFile = `${databaseFile(server.dataDir)}-wal`;
    assert.ok(await walTruncated(walFile, 15_000), `the WAL was not truncated once the reader let go (${statSync(walFile).size} bytes)`);
    assertNothingLinks(voteId, final);
  } finally {
    reader.close();
  }
  assert.equal((await chair.get<{ status: string }>(apiPaths.health)).status, 'ok');
});
