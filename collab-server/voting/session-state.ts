/**
 * Builds `MeetingSessionState` for viewers. The shared part (roll, quorum,
 * speakers, the current vote, results) is read once per meeting; each viewer
 * then gets their own copy: confidential items' votes and speakers only for
 * committee members, and their own ballot receipt.
 */
import type { CurrentVote, MeetingSessionState, RollEntry, SpeakerEntry, VoteResult } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { committeeRules } from '../store/committee-rules.ts';
import { findMeeting } from '../store/council.ts';
import type { MeetingRow } from '../store/rows.ts';
import { excludedFromItem, findSession, isVotingRole, rollOf, speakersOf } from '../store/session.ts';
import { requiredQuorum } from './outcome.ts';
import { activeVote, eligibleVoters, motionOf, participationOf, toReceipt } from './votes.ts';

export interface SessionView {
  meeting: MeetingRow;
  /** The state as this user may see it, or null when the meeting is not theirs to see. */
  forUser(userId: string, isAdmin?: boolean): MeetingSessionState | null;
}

export function sessionView(db: Db, meetingId: string): SessionView | null {
  const meeting = findMeeting(db, meetingId);
  if (!meeting) return null;
  return db.transaction((): SessionView => {
    const session = findSession(db, meetingId);
    const rules = committeeRules(db, meeting.committee_id);
    const rollRows = rollOf(db, meetingId, meeting.committee_id);
    const opened = session?.opened_at ?? null;
    const roll: RollEntry[] = rollRows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      role: r.role,
      votingMember: isVotingRole(r.role),
      attendance: r.attendance ?? 'unmarked',
      arrivedAt: r.arrived_at,
      late: opened !== null && r.arrived_at !== null && r.arrived_at > opened,
      departedAt: r.departed_at,
    }));
    const votingMembers = roll.filter((r) => r.votingMember);
    const present = votingMembers.filter((r) => r.attendance === 'present').length;
    const required = requiredQuorum(rules.quorum, votingMembers.length);

    const currentItemId = session?.current_item_id ?? null;
    const confidentialItems = new Set(
      db.prepare('SELECT id FROM items WHERE meeting_id = ? AND confidential = 1').pluck().all(meetingId) as string[],
    );
    const excludedNow = currentItemId ? excludedFromItem(db, currentItemId) : new Set<string>();
    const speakers: SpeakerEntry[] = currentItemId
      ? speakersOf(db, currentItemId).map((s) => ({
          userId: s.user_id, displayName: s.display_name, status: s.status, requestedAt: s.requested_at, startedAt: s.started_at, endedAt: s.ended_at,
        }))
      : [];

    const voteRow = activeVote(db, meetingId);
    let vote: CurrentVote | null = null;
    const receipts = new Map<string, ReturnType<typeof toReceipt>>();
    if (voteRow) {
      const ballots = participationOf(db, voteRow.id);
      for (const ballot of ballots) receipts.set(ballot.user_id, toReceipt(ballot));
      const eligible = eligibleVoters(rollRows, excludedFromItem(db, voteRow.item_id));
      vote = {
        id: voteRow.id,
        itemId: voteRow.item_id,
        motion: motionOf(voteRow, rollRows),
        kind: voteRow.kind,
        status: voteRow.status === 'open' ? 'open' : 'pending',
        openedAt: voteRow.opened_at,
        eligibleCount: eligible.length,
        votedCount: ballots.length,
        notYetVoted:
          voteRow.kind === 'recorded'
            ? eligible.filter((r) => !receipts.has(r.user_id)).map((r) => ({ userId: r.user_id, displayName: r.display_name }))
            : null,
      };
    }
    const results = (
      db.prepare('SELECT confidential, payload FROM vote_results WHERE meeting_id = ? ORDER BY recorded_at DESC').all(meetingId) as {
        confidential: number;
        payload: string;
      }[]
    ).map((row) => ({ confidential: row.confidential === 1, result: JSON.parse(row.payload) as VoteResult }));

    const base = {
      meetingId,
      committeeId: meeting.committee_id,
      status: session?.status ?? ('not-started' as const),
      openedAt: opened,
      closedAt: session?.closed_at ?? null,
      rules,
      roll,
      quorum: { required, present, met: present >= required },
      currentItemId,
      excludedFromCurrentItem: rollRows.filter((r) => excludedNow.has(r.user_id)).map((r) => ({ userId: r.user_id, displayName: r.display_name })),
    };
    const serverTime = new Date().toISOString();
    return {
      meeting,
      forUser(userId) {
        const role = rollRows.find((r) => r.user_id === userId)?.role;
        // Unpublished meetings are the clerk's alone.
        if (meeting.published_version === 0 && role !== 'clerk') return null;
        const seesConfidential = role !== undefined;
        const hidden = (itemId: string | null) => itemId !== null && confidentialItems.has(itemId) && !seesConfidential;
        return {
          ...base,
          speakers: hidden(currentItemId) ? [] : speakers,
          vote: vote && !hidden(vote.itemId) ? vote : null,
          myBallot: vote ? (receipts.get(userId) ?? null) : null,
          results: results.filter((r) => !r.confidential || seesConfidential).map((r) => r.result),
          serverTime,
        };
      },
    };
  })();
}
