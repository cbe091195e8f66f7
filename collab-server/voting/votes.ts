/**
 * Motions, ballots and results. The integrity rules live here: a ballot is
 * accepted only inside one IMMEDIATE transaction that checks the vote is open
 * (by the server's clock), that the voter is an eligible, present, not
 * excluded voting member, and inserts into `vote_participation`, whose
 * primary key (vote, user) makes a second ballot impossible. A resend with
 * the same ballotId returns the stored receipt. Secret ballots store no choice
 * with the voter: only the vote's counters move.
 */
import { randomUUID } from 'node:crypto';
import type { BallotReceipt, CastBallotRequest, CommitteeRules, Motion, PersonRef, VoteChoice, VoteCounts, VoteKind, VoteResult } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { appendChange } from '../feed/change-log.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { type RollRow, excludedFromItem, isVotingRole, rollOf } from '../store/session.ts';
import { decideOutcome } from './outcome.ts';

export interface VoteRow {
  id: string;
  meeting_id: string;
  item_id: string;
  committee_id: string;
  motion_text: string;
  proposer_user_id: string | null;
  seconder_user_id: string | null;
  kind: VoteKind;
  status: 'pending' | 'open' | 'closed' | 'withdrawn';
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  for_count: number;
  against_count: number;
  abstain_count: number;
}

export interface ParticipationRow {
  vote_id: string;
  user_id: string;
  ballot_id: string;
  receipt_id: string;
  recorded_at: string;
  choice: VoteChoice | null;
}

export function findVote(db: Db, voteId: string): VoteRow | undefined {
  return db.prepare('SELECT * FROM votes WHERE id = ?').get(voteId) as VoteRow | undefined;
}

/** The meeting's pending or open vote, if any. */
export function activeVote(db: Db, meetingId: string): VoteRow | undefined {
  return db.prepare("SELECT * FROM votes WHERE meeting_id = ? AND status IN ('pending','open')").get(meetingId) as VoteRow | undefined;
}

export function participationOf(db: Db, voteId: string): ParticipationRow[] {
  return db.prepare('SELECT * FROM vote_participation WHERE vote_id = ?').all(voteId) as ParticipationRow[];
}

export const toReceipt = (row: ParticipationRow): BallotReceipt => ({
  voteId: row.vote_id,
  ballotId: row.ballot_id,
  receiptId: row.receipt_id,
  recordedAt: row.recorded_at,
  choice: row.choice,
});

const person = (roll: RollRow[], userId: string | null): PersonRef | null => {
  if (!userId) return null;
  const entry = roll.find((r) => r.user_id === userId);
  return { userId, displayName: entry?.display_name ?? 'Former member' };
};

export function motionOf(vote: VoteRow, roll: RollRow[]): Motion {
  return { text: vote.motion_text, proposer: person(roll, vote.proposer_user_id), seconder: person(roll, vote.seconder_user_id) };
}

/** Voting members present now and not excluded from the item: those who may cast a ballot. */
export function eligibleVoters(roll: RollRow[], excluded: Set<string>): RollRow[] {
  return roll.filter((r) => isVotingRole(r.role) && r.attendance === 'present' && !excluded.has(r.user_id));
}

// ------------------------------------------------------------ chair and clerk

export interface ProposeMotion {
  meetingId: string;
  itemId: string;
  committeeId: string;
  text: string;
  proposerUserId: string | null;
  seconderUserId: string | null;
  kind: VoteKind;
}

export function proposeMotion(db: Db, motion: ProposeMotion, rules: CommitteeRules, actorUserId: string, now: string): VoteRow {
  if (motion.kind === 'secret' && !rules.secretBallotAllowed) {
    throw new HttpError(409, 'secret-ballot-not-allowed', "This committee's rules do not allow secret ballots");
  }
  const roll = rollOf(db, motion.meetingId, motion.committeeId);
  for (const userId of [motion.proposerUserId, motion.seconderUserId]) {
    if (userId && !isVotingRole(roll.find((r) => r.user_id === userId)?.role)) {
      throw new HttpError(400, 'not-on-roll', 'The proposer and seconder must be voting members of the committee');
    }
  }
  if (activeVote(db, motion.meetingId)) throw new HttpError(409, 'vote-in-progress', 'Another motion is before the meeting; close or withdraw it first');
  const id = randomUUID();
  db.prepare(
    `INSERT INTO votes (id, meeting_id, item_id, committee_id, motion_text, proposer_user_id, seconder_user_id, kind, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
  ).run(id, motion.meetingId, motion.itemId, motion.committeeId, motion.text, motion.proposerUserId, motion.seconderUserId, motion.kind, now);
  appendAudit(db, 'vote-proposed', actorUserId, { voteId: id, meetingId: motion.meetingId, itemId: motion.itemId, kind: motion.kind, text: motion.text });
  return findVote(db, id)!;
}

function requireVoteOfMeeting(db: Db, meetingId: string, voteId: string): VoteRow {
  const vote = findVote(db, voteId);
  if (!vote || vote.meeting_id !== meetingId) throw notFound('Vote');
  return vote;
}

export function withdrawMotion(db: Db, meetingId: string, voteId: string, actorUserId: string): void {
  const vote = requireVoteOfMeeting(db, meetingId, voteId);
  if (vote.status !== 'pending') throw new HttpError(409, 'vote-not-pending', `Only a motion not yet put to the vote can be withdrawn (it is ${vote.status})`);
  db.prepare("UPDATE votes SET status = 'withdrawn' WHERE id = ?").run(voteId);
  appendAudit(db, 'vote-withdrawn', actorUserId, { voteId });
}

export function openVote(db: Db, meetingId: string, voteId: string, actorUserId: string, now: string): void {
  const vote = requireVoteOfMeeting(db, meetingId, voteId);
  if (vote.status !== 'pending') throw new HttpError(409, 'vote-not-pending', `The vote is ${vote.status}`);
  db.prepare("UPDATE votes SET status = 'open', opened_at = ? WHERE id = ?").run(now, voteId);
  appendAudit(db, 'vote-opened', actorUserId, { voteId, meetingId, itemId: vote.item_id, kind: vote.kind, openedAt: now });
}

export interface CloseVote {
  meetingId: string;
  voteId: string;
  counts?: VoteCounts;
  castingVote?: 'for' | 'against';
}

/** Closes an open vote, computes its result, records it for the minutes and the feed. */
export function closeVote(db: Db, close: CloseVote, rules: CommitteeRules, actorUserId: string, now: string): VoteResult {
  const vote = requireVoteOfMeeting(db, close.meetingId, close.voteId);
  if (vote.status !== 'open') throw new HttpError(409, vote.status === 'closed' ? 'vote-closed' : 'vote-not-open', `The vote is ${vote.status}`);
  if (vote.kind === 'show-of-hands' && !close.counts) throw new HttpError(400, 'counts-required', 'A show of hands is closed with the counts the clerk took');
  if (vote.kind !== 'show-of-hands' && close.counts) throw new HttpError(400, 'counts-required', 'Counts are entered only for a show of hands; ballots count themselves');
  const counts: VoteCounts = close.counts ?? { for: vote.for_count, against: vote.against_count, abstain: vote.abstain_count };
  const roll = rollOf(db, vote.meeting_id, vote.committee_id);
  const presentCount = roll.filter((r) => isVotingRole(r.role) && r.attendance === 'present').length;
  const outcome = decideOutcome(counts, presentCount, rules, close.castingVote);

  db.prepare(
    "UPDATE votes SET status = 'closed', closed_at = ?, for_count = ?, against_count = ?, abstain_count = ? WHERE id = ? AND status = 'open'",
  ).run(now, counts.for, counts.against, counts.abstain, vote.id);

  let named: VoteResult['named'] = null;
  if (vote.kind === 'recorded') {
    const ballots = participationOf(db, vote.id);
    const byChoice = (choice: VoteChoice) => ballots.filter((b) => b.choice === choice).map((b) => person(roll, b.user_id)!).sort(byName);
    const voted = new Set(ballots.map((b) => b.user_id));
    const excluded = excludedFromItem(db, vote.item_id);
    const didNotVote = eligibleVoters(roll, excluded).filter((r) => !voted.has(r.user_id)).map((r) => person(roll, r.user_id)!);
    named = { for: byChoice('for'), against: byChoice('against'), abstain: byChoice('abstain'), didNotVote };
  }
  const result: VoteResult = {
    id: vote.id,
    meetingId: vote.meeting_id,
    itemId: vote.item_id,
    committeeId: vote.committee_id,
    motion: motionOf(vote, roll),
    kind: vote.kind,
    openedAt: vote.opened_at!,
    closedAt: now,
    counts,
    presentCount,
    majority: rules.majority,
    tie: rules.tie,
    ...outcome,
    named,
  };
  const confidential = (db.prepare('SELECT confidential FROM items WHERE id = ?').pluck().get(vote.item_id) as number | undefined) === 1;
  db.prepare('INSERT INTO vote_results (vote_id, meeting_id, committee_id, confidential, payload, recorded_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    vote.id, vote.meeting_id, vote.committee_id, confidential ? 1 : 0, JSON.stringify(result), now,
  );
  appendChange(db, { kind: 'vote-result', op: 'upsert', entityId: vote.id, committeeId: vote.committee_id, confidential, userId: null, data: result });
  appendAudit(db, 'vote-closed', actorUserId, { voteId: vote.id, counts, outcome: outcome.outcome, decidedBy: outcome.decidedBy, castingVote: outcome.castingVote });
  return result;
}

const byName = (a: PersonRef, b: PersonRef) => a.displayName.localeCompare(b.displayName);

// ------------------------------------------------------------ ballots

export interface BallotOutcome {
  receipt: BallotReceipt;
  /** True when this was a resend of a ballot already recorded (same ballotId). */
  replayed: boolean;
  meetingId: string;
}

/** Casts one ballot; runs inside a transaction (see BallotCommitter). */
export function castBallotNow(db: Db, voteId: string, userId: string, ballot: CastBallotRequest): BallotOutcome {
  const previous = db.prepare('SELECT * FROM vote_participation WHERE ballot_id = ?').get(ballot.ballotId) as ParticipationRow | undefined;
  if (previous) {
    if (previous.user_id !== userId || previous.vote_id !== voteId) throw new HttpError(409, 'ballot-id-taken', 'This ballotId belongs to another ballot; pick a new uuid');
    return { receipt: toReceipt(previous), replayed: true, meetingId: findVote(db, voteId)!.meeting_id };
  }
  const vote = findVote(db, voteId);
  const role = vote
    ? (db.prepare('SELECT role FROM memberships WHERE committee_id = ? AND user_id = ?').pluck().get(vote.committee_id, userId) as RollRow['role'] | undefined)
    : undefined;
  if (!vote) throw notFound('Vote');
  if (!role) throw new HttpError(403, 'not-a-voting-member', 'You are not a member of this committee');
  if (vote.status === 'closed') throw new HttpError(409, 'vote-closed', 'The vote has closed; your ballot was not counted');
  if (vote.status !== 'open') throw new HttpError(409, 'vote-not-open', 'The vote is not open');
  if (vote.kind === 'show-of-hands') throw new HttpError(409, 'show-of-hands', 'This vote is a show of hands: the clerk counts it');
  if (!isVotingRole(role)) throw new HttpError(403, 'not-a-voting-member', `A committee ${role} does not vote`);
  const attendance = db.prepare('SELECT attendance FROM attendance WHERE meeting_id = ? AND user_id = ?').pluck().get(vote.meeting_id, userId);
  if (attendance !== 'present') throw new HttpError(403, 'not-present', 'Only members present at the meeting may vote; ask the clerk to mark you present');
  if (excludedFromItem(db, vote.item_id).has(userId)) {
    throw new HttpError(403, 'excluded-by-declaration', 'You declared an interest that excludes you from this item');
  }
  if (db.prepare('SELECT 1 FROM vote_participation WHERE vote_id = ? AND user_id = ?').get(voteId, userId)) {
    throw new HttpError(409, 'already-voted', 'You have already voted on this motion (from another device?); one ballot per member');
  }
  const row: ParticipationRow = {
    vote_id: voteId,
    user_id: userId,
    ballot_id: ballot.ballotId,
    receipt_id: randomUUID(),
    recorded_at: new Date().toISOString(),
    // A secret ballot keeps only that the member voted; the choice goes into the counters below.
    choice: vote.kind === 'secret' ? null : ballot.choice,
  };
  db.prepare('INSERT INTO vote_participation (vote_id, user_id, ballot_id, receipt_id, recorded_at, choice) VALUES (?, ?, ?, ?, ?, ?)').run(
    row.vote_id, row.user_id, row.ballot_id, row.receipt_id, row.recorded_at, row.choice,
  );
  const counter = { for: 'for_count', against: 'against_count', abstain: 'abstain_count' }[ballot.choice];
  db.prepare(`UPDATE votes SET ${counter} = ${counter} + 1 WHERE id = ?`).run(voteId);
  appendAudit(db, 'ballot-cast', userId, { voteId, ballotId: row.ballot_id, receiptId: row.receipt_id, ...(row.choice ? { choice: row.choice } : {}) });
  return { receipt: toReceipt(row), replayed: false, meetingId: vote.meeting_id };
}
