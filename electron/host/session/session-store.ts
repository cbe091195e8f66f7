/**
 * Meeting sessions in the account's mirror: the last state the server sent per
 * meeting (read offline and shown at once), and this member's ballots from the
 * moment they are cast until the server's receipt (or refusal) is stored.
 */
import type { Database } from 'better-sqlite3';
import { BallotReceipt, MeetingSessionState, type VoteChoice } from '../../../common/wire.ts';

export interface StoredSessionState {
  state: MeetingSessionState;
  receivedAt: string;
}

/** Why the server turned a ballot down, as it said it. */
export interface BallotRefusal {
  code: string;
  message: string;
}

export interface StoredBallot {
  voteId: string;
  meetingId: string;
  ballotId: string;
  /** Null once a secret ballot's receipt is in: the choice is not kept with the member. */
  choice: VoteChoice | null;
  createdAt: string;
  receipt: BallotReceipt | null;
  refusal: BallotRefusal | null;
}

interface BallotRow {
  vote_id: string;
  meeting_id: string;
  ballot_id: string;
  choice: VoteChoice | null;
  created_at: string;
  receipt_json: string | null;
  refusal_json: string | null;
}

export class SessionStore {
  constructor(private readonly db: Database) {}

  lastState(meetingId: string): StoredSessionState | null {
    const row = this.db.prepare('SELECT state_json, received_at FROM session_states WHERE meeting_id = ?').get(meetingId) as
      | { state_json: string; received_at: string }
      | undefined;
    if (!row) return null;
    // A row this version cannot read (written by another version) counts as no state: the server sends a fresh one.
    const parsed = MeetingSessionState.safeParse(safeJson(row.state_json));
    return parsed.success ? { state: parsed.data, receivedAt: row.received_at } : null;
  }

  saveState(meetingId: string, state: MeetingSessionState, receivedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO session_states (meeting_id, state_json, received_at) VALUES (?, ?, ?)
         ON CONFLICT (meeting_id) DO UPDATE SET state_json = excluded.state_json, received_at = excluded.received_at`,
      )
      .run(meetingId, JSON.stringify(state), receivedAt);
  }

  ballot(voteId: string): StoredBallot | null {
    const row = this.db.prepare('SELECT * FROM pending_ballots WHERE vote_id = ?').get(voteId) as BallotRow | undefined;
    return row ? ballotFromRow(row) : null;
  }

  ballotsOf(meetingId: string): StoredBallot[] {
    const rows = this.db.prepare('SELECT * FROM pending_ballots WHERE meeting_id = ? ORDER BY created_at').all(meetingId) as BallotRow[];
    return rows.map(ballotFromRow);
  }

  /** Ballots sent (or about to be) whose outcome we do not know yet: they must be sent again with the same id. */
  unsettledBallots(): StoredBallot[] {
    const rows = this.db
      .prepare('SELECT * FROM pending_ballots WHERE receipt_json IS NULL AND refusal_json IS NULL ORDER BY created_at')
      .all() as BallotRow[];
    return rows.map(ballotFromRow);
  }

  /**
   * The ballot to send for this vote: the stored one while its outcome is open or
   * known (its id and choice never change), or — after a refusal — the same id
   * with the new choice, since a refused ballot was never counted.
   */
  prepareBallot(input: { voteId: string; meetingId: string; choice: VoteChoice; newBallotId: string; at: string }): StoredBallot {
    return this.db.transaction(() => {
      const existing = this.ballot(input.voteId);
      if (!existing) {
        this.db
          .prepare('INSERT INTO pending_ballots (vote_id, meeting_id, ballot_id, choice, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(input.voteId, input.meetingId, input.newBallotId, input.choice, input.at);
      } else if (existing.refusal) {
        this.db
          .prepare('UPDATE pending_ballots SET choice = ?, refusal_json = NULL, created_at = ? WHERE vote_id = ?')
          .run(input.choice, input.at, input.voteId);
      }
      return this.ballot(input.voteId) as StoredBallot;
    })();
  }

  /** Stores the receipt; for a secret ballot (the receipt carries no choice) the choice is erased here too. */
  recordReceipt(voteId: string, receipt: BallotReceipt): void {
    this.db
      .prepare(
        `UPDATE pending_ballots SET receipt_json = ?, refusal_json = NULL, choice = CASE WHEN ? THEN choice ELSE NULL END
         WHERE vote_id = ?`,
      )
      .run(JSON.stringify(receipt), receipt.choice === null ? 0 : 1, voteId);
  }

  recordRefusal(voteId: string, refusal: BallotRefusal): void {
    this.db.prepare('UPDATE pending_ballots SET refusal_json = ? WHERE vote_id = ? AND receipt_json IS NULL').run(JSON.stringify(refusal), voteId);
  }
}

function ballotFromRow(row: BallotRow): StoredBallot {
  const receipt = row.receipt_json ? BallotReceipt.safeParse(safeJson(row.receipt_json)) : null;
  const refusal = row.refusal_json ? (safeJson(row.refusal_json) as BallotRefusal | null) : null;
  return {
    voteId: row.vote_id,
    meetingId: row.meeting_id,
    ballotId: row.ballot_id,
    choice: row.choice,
    createdAt: row.created_at,
    receipt: receipt?.success ? receipt.data : null,
    refusal,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
