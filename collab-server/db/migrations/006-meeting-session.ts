import type { Migration } from '../../../common/node/migration.ts';

/**
 * Running a meeting: committee rules, the session and roll, speakers lists,
 * votes and the meeting record of their results; declarations learn whether
 * they take the member out of the item.
 *
 * Secret ballots: `vote_participation` says WHO voted (choice NULL, enforced by
 * a trigger) and the vote's counters say HOW MANY voted each way; there is no
 * per-ballot choice row. The participation table is WITHOUT ROWID, keyed by
 * (vote, user), so its physical order is by user id, not arrival.
 */
export const migration006: Migration = {
  version: 6,
  name: 'meeting-session-and-voting',
  up(db) {
    db.exec(`
      ALTER TABLE declarations ADD COLUMN leaves_room INTEGER NOT NULL DEFAULT 0;
      UPDATE declarations SET leaves_room = 1 WHERE kind = 'disclosable-pecuniary';

      CREATE TABLE committee_rules (
        committee_id TEXT PRIMARY KEY REFERENCES committees(id),
        quorum_kind TEXT NOT NULL CHECK (quorum_kind IN ('count','fraction')),
        quorum_value REAL NOT NULL CHECK (quorum_value > 0),
        majority TEXT NOT NULL CHECK (majority IN ('simple-of-cast','simple-of-present','two-thirds-of-cast')),
        tie TEXT NOT NULL CHECK (tie IN ('chair-casting-vote','motion-falls')),
        secret_ballot_allowed INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE meeting_sessions (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
        status TEXT NOT NULL CHECK (status IN ('in-session','adjourned','closed')),
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        current_item_id TEXT REFERENCES items(id)
      );

      CREATE TABLE attendance (
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        attendance TEXT NOT NULL CHECK (attendance IN ('present','apologies','absent','departed')),
        arrived_at TEXT,
        departed_at TEXT,
        PRIMARY KEY (meeting_id, user_id)
      );

      CREATE TABLE speakers (
        item_id TEXT NOT NULL REFERENCES items(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        position INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting','speaking','done')),
        requested_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        PRIMARY KEY (item_id, user_id)
      );

      CREATE TABLE votes (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        item_id TEXT NOT NULL REFERENCES items(id),
        committee_id TEXT NOT NULL REFERENCES committees(id),
        motion_text TEXT NOT NULL,
        proposer_user_id TEXT REFERENCES users(id),
        seconder_user_id TEXT REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('recorded','show-of-hands','secret')),
        status TEXT NOT NULL CHECK (status IN ('pending','open','closed','withdrawn')),
        created_at TEXT NOT NULL,
        opened_at TEXT,
        closed_at TEXT,
        for_count INTEGER NOT NULL DEFAULT 0,
        against_count INTEGER NOT NULL DEFAULT 0,
        abstain_count INTEGER NOT NULL DEFAULT 0
      );
      -- At most one motion per meeting is before the meeting at a time.
      CREATE UNIQUE INDEX votes_one_active_per_meeting ON votes(meeting_id) WHERE status IN ('pending','open');

      CREATE TABLE vote_participation (
        vote_id TEXT NOT NULL REFERENCES votes(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        ballot_id TEXT NOT NULL UNIQUE,
        receipt_id TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        choice TEXT CHECK (choice IN ('for','against','abstain')),
        PRIMARY KEY (vote_id, user_id)
      ) WITHOUT ROWID;
      CREATE TRIGGER vote_participation_only_while_open BEFORE INSERT ON vote_participation
        WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) IS NOT 'open'
        BEGIN SELECT RAISE(ABORT, 'the vote is not open'); END;
      CREATE TRIGGER vote_participation_secret_keeps_no_choice BEFORE INSERT ON vote_participation
        WHEN NEW.choice IS NOT NULL AND (SELECT kind FROM votes WHERE id = NEW.vote_id) = 'secret'
        BEGIN SELECT RAISE(ABORT, 'a secret ballot keeps no choice with the voter'); END;
      CREATE TRIGGER vote_participation_no_update BEFORE UPDATE ON vote_participation
        BEGIN SELECT RAISE(ABORT, 'ballots are final'); END;
      CREATE TRIGGER vote_participation_no_delete BEFORE DELETE ON vote_participation
        BEGIN SELECT RAISE(ABORT, 'ballots are final'); END;

      -- The meeting record: one row per closed vote, read by the minutes.
      CREATE TABLE vote_results (
        vote_id TEXT PRIMARY KEY REFERENCES votes(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        committee_id TEXT NOT NULL,
        confidential INTEGER NOT NULL,
        payload TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX vote_results_by_meeting ON vote_results(meeting_id, recorded_at);
    `);
  },
};
