import type { Migration } from '../migrate.ts';

/**
 * Meeting sessions in the mirror:
 * - `session_states`: the last session state the server sent for each meeting
 *   (roll, current item, speakers, open vote, results), so a member can read it
 *   offline and the screen shows something the moment it opens.
 * - `pending_ballots`: a ballot is stored here with its `ballot_id` before it is
 *   sent, and keeps that id until the server's receipt arrives. A resend after a
 *   dropped connection or a crash reuses the id, so the server counts it once.
 */
export const meetingSessions: Migration = {
  version: 6,
  name: 'meeting-sessions',
  up(db) {
    db.exec(`
      CREATE TABLE session_states (
        meeting_id TEXT PRIMARY KEY,
        state_json TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE pending_ballots (
        vote_id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        ballot_id TEXT NOT NULL UNIQUE,
        choice TEXT,
        created_at TEXT NOT NULL,
        receipt_json TEXT,
        refusal_json TEXT
      ) WITHOUT ROWID;
    `);
  },
};
