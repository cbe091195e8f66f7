/**
 * Builds `MeetingSessionState` for viewers. The shared part (roll, quorum,
 * speakers, the current vote, results) is read once per meeting; each viewer
 * then gets their own copy: while a confidential item is current, which item
 * it is, who left the room for it and its speakers only for committee members
 * (that someone left over a declared interest says a lot); confidential items'
 * votes and results only for them too; and their own ballot receipt.
 */
import type { CurrentVote, MeetingSessionState, RollEntry, SpeakerEntry, VoteResult } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { committeeRules } from '../store/committee-rules.ts';
import { findMeeting } from '../store/council.ts';
import type { MeetingRow } from '../store/rows.ts';
import type { Viewer } from '../store/accounts.ts';
import { excludedFromItem, findSession, isVotingRole, rollOf, speakersOf } from '../store/session.ts';
import { requiredQuorum } from './outcome.ts';
import { activeVote, eligibleVoters, motionOf, participationOf, toReceipt } from './votes.ts';

/** How many of the latest results the state carries (each names up to every member): pushes stay small in a long meeting. */
export const RESULTS_IN_STATE = 3;

export interface SessionView {
  meeting: MeetingRow;
  /** The state as this user may see it, or null when the meeting is not theirs to see. */
  forUser(userId: string): MeetingSessionState | null;
  /**
   * The live-socket message `{type:'session', meetingId, state}` for this user, as JSON, or null.
   * Viewers differ only in what they may see (committee member or not) and their own receipt,
   * so the rest is serialised once per kind of viewer: a push to a hundred followers stays cheap.
   */
  messageFor(userId: string): string | null;
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
    const excludedFromCurrentItem = rollRows.filter((r) => excludedNow.has(r.user_id)).map((r) => ({ userId: r.user_id, displayName: r.display_name }));
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
    const resultRows = db
      .prepare('SELECT confidential, payload FROM vote_results WHERE meeting_id = ? ORDER BY recorded_at DESC, rowid DESC LIMIT ?')
      .all(meetingId, RESULTS_IN_STATE * 20) as { confidential: number; payload: string }[];
    const parsed = new Map<string, VoteResult>();
    /** The newest results this kind of viewer may see; the whole record is `GET meetingVoteResults`. */
    const latestResults = (seesConfidential: boolean): VoteResult[] =>
      resultRows
        .filter((row) => row.confidential === 0 || seesConfidential)
        .slice(0, RESULTS_IN_STATE)
        .map((row) => parsed.get(row.payload) ?? parsed.set(row.payload, JSON.parse(row.payload) as VoteResult).get(row.payload)!);

    const base = {
      meetingId,
      committeeId: meeting.committee_id,
      status: session?.status ?? ('not-started' as const),
      openedAt: opened,
      closedAt: session?.closed_at ?? null,
      rules,
      roll,
      quorum: { required, present, met: present >= required },
    };
    const serverTime = new Date().toISOString();
    const roles = new Map(rollRows.map((r) => [r.user_id, r.role]));
    /** Everything but the viewer's own receipt, for members of the committee or for everyone else; null if not visible. */
    const sharedFor = (userId: string): Omit<MeetingSessionState, 'myBallot'> | null => {
      const role = roles.get(userId);
      // Unpublished meetings are the clerk's alone.
      if (meeting.published_version === 0 && role !== 'clerk') return null;
      const seesConfidential = role !== undefined;
      const hidden = (itemId: string | null) => itemId !== null && confidentialItems.has(itemId) && !seesConfidential;
      const currentHidden = hidden(currentItemId);
      return {
        ...base,
        currentItemId: currentHidden ? null : currentItemId,
        excludedFromCurrentItem: currentHidden ? [] : excludedFromCurrentItem,
        speakers: currentHidden ? [] : speakers,
        vote: vote && !hidden(vote.itemId) ? vote : null,
        results: latestResults(seesConfidential),
        serverTime,
      };
    };
    const myBallot = (userId: string) => (vote ? (receipts.get(userId) ?? null) : null);
    const serialized = new Map<boolean, string | null>();
    return {
      meeting,
      forUser(userId) {
        const shared = sharedFor(userId);
        return shared && { ...shared, myBallot: myBallot(userId) };
      },
      messageFor(userId) {
        const member = roles.has(userId);
        if (!serialized.has(member)) {
          const shared = sharedFor(userId);
          // Drop the closing "}}" so the viewer's receipt can be appended to the state object.
          serialized.set(member, shared && JSON.stringify({ type: 'session', meetingId, state: shared }).slice(0, -2));
        }
        const prefix = serialized.get(member);
        return prefix ? `${prefix},"myBallot":${JSON.stringify(myBallot(userId))}}}` : null;
      },
    };
  })();
}

/** Every closed vote of the meeting the viewer may see, oldest first: the record the minutes read. */
export function meetingVoteResults(db: Db, viewer: Viewer, meetingId: string): VoteResult[] | null {
  const meeting = findMeeting(db, meetingId);
  if (!meeting) return null;
  const role = viewer.roles.get(meeting.committee_id);
  if (meeting.published_version === 0 && role !== 'clerk') return null;
  const rows = db
    .prepare('SELECT payload FROM vote_results WHERE meeting_id = ? AND (confidential = 0 OR ?) ORDER BY recorded_at, rowid')
    .pluck()
    .all(meetingId, role === undefined ? 0 : 1) as string[];
  return rows.map((payload) => JSON.parse(payload) as VoteResult);
}
