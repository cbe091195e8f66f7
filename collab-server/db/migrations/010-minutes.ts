import { randomUUID } from 'node:crypto';
import type { Migration } from '../../../common/node/migration.ts';

/**
 * Minutes (issue #17):
 * - `minutes`: where each meeting's minutes are in their workflow (draft → circulated → approved →
 *   published; no row means draft), who moved them on and when, and at approval the approved text's
 *   SHA-256 with the Yjs state it was taken from (exports of approved minutes read that state, not the
 *   live document);
 * - `minutes_amendments`: corrections after approval (who, when, why, the wording before and after);
 * - `stock_phrases`: the council's standard wordings for the minute-taker's picker, in order;
 * - meeting-level documents: `documents.meeting_id` on every document (an item's papers carry their
 *   item's meeting) and `item_id` may be NULL for a document of the whole meeting — its published
 *   minutes — whose `committee_only` says whether only the committee's members receive it.
 *   SQLite cannot drop a NOT NULL, so the table is rebuilt (rowids kept: upload order sorts by them).
 */
export const migration010: Migration = {
  version: 10,
  name: 'minutes',
  up(db) {
    db.exec(`
      CREATE TABLE minutes (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
        state TEXT NOT NULL CHECK (state IN ('draft','circulated','approved','published')),
        circulated_at TEXT,
        circulated_by TEXT REFERENCES users(id),
        approved_at TEXT,
        approved_by TEXT REFERENCES users(id),
        approval_method TEXT CHECK (approval_method IN ('vote','chair-signature')),
        approval_vote_id TEXT REFERENCES votes(id),
        approved_text_sha256 TEXT,
        -- Y.encodeStateAsUpdate of the document as approved: what every later export reads.
        approved_state BLOB,
        published_at TEXT,
        published_by TEXT REFERENCES users(id),
        CHECK (state IN ('draft','circulated') OR (approved_at IS NOT NULL AND approved_text_sha256 IS NOT NULL AND approved_state IS NOT NULL)),
        CHECK (approval_method IS NOT 'vote' OR approval_vote_id IS NOT NULL)
      );

      CREATE TABLE minutes_amendments (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        by_user_id TEXT NOT NULL REFERENCES users(id),
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        before_text TEXT NOT NULL,
        after_text TEXT NOT NULL
      );
      CREATE INDEX minutes_amendments_by_meeting ON minutes_amendments(meeting_id, at);
      CREATE TRIGGER minutes_amendments_no_update BEFORE UPDATE ON minutes_amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are part of the record: add another one instead'); END;
      CREATE TRIGGER minutes_amendments_no_delete BEFORE DELETE ON minutes_amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are part of the record: add another one instead'); END;

      CREATE TABLE stock_phrases (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL UNIQUE,
        label TEXT NOT NULL,
        text TEXT NOT NULL
      );

      CREATE TABLE documents_with_meeting (
        id TEXT PRIMARY KEY,
        item_id TEXT REFERENCES items(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        committee_only INTEGER NOT NULL DEFAULT 0 CHECK (committee_only IN (0, 1)),
        lineage_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        has_text INTEGER NOT NULL,
        uploaded_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (lineage_id, version),
        -- An item's papers follow their item's confidentiality; only meeting-level documents say their own.
        CHECK (item_id IS NOT NULL OR kind IN ('minutes', 'pack')),
        CHECK (item_id IS NULL OR committee_only = 0)
      );
      INSERT INTO documents_with_meeting (rowid, id, item_id, meeting_id, committee_only, lineage_id, version, kind, name, sha256, size,
                                          page_count, has_text, uploaded_by, created_at)
        SELECT d.rowid, d.id, d.item_id, i.meeting_id, 0, d.lineage_id, d.version, d.kind, d.name, d.sha256, d.size,
               d.page_count, d.has_text, d.uploaded_by, d.created_at
        FROM documents d JOIN items i ON i.id = d.item_id ORDER BY d.rowid;
      DROP TABLE documents;
      ALTER TABLE documents_with_meeting RENAME TO documents;
      CREATE INDEX documents_by_item ON documents(item_id);
      CREATE INDEX documents_by_meeting ON documents(meeting_id);
      CREATE INDEX documents_by_sha256 ON documents(sha256);
    `);
    const insertPhrase = db.prepare('INSERT INTO stock_phrases (id, position, label, text) VALUES (?, ?, ?, ?)');
    defaultStockPhrases.forEach(([label, text], position) => insertPhrase.run(randomUUID(), position, label, text));
  },
};

/** Standard wordings of English council minutes; an administrator replaces them with the council's own. */
const defaultStockPhrases: ReadonlyArray<readonly [label: string, text: string]> = [
  ['Resolved', 'RESOLVED that '],
  ['Resolved (recommendations agreed)', 'RESOLVED that the recommendations set out in the report be agreed.'],
  ['Noted', 'The Committee noted '],
  ['Agreed', 'The Committee agreed '],
  ['Apologies received', 'Apologies for absence were received from '],
  ['No apologies', 'There were no apologies for absence.'],
  ['No declarations', 'There were no declarations of interest.'],
  ['Previous minutes approved', 'The minutes of the meeting held on … were approved as a correct record and signed by the Chair.'],
  ['Report considered', 'The Committee considered a report of the '],
  ['Moved and seconded', 'It was moved by Councillor … and seconded by Councillor … that '],
  ['Motion carried', 'On being put to the vote the motion was carried.'],
  ['Motion lost', 'On being put to the vote the motion was lost.'],
  ['Exclusion of the press and public', 'RESOLVED that the press and public be excluded from the meeting for the following item of business on the grounds that it involves the likely disclosure of exempt information as defined in Schedule 12A to the Local Government Act 1972.'],
  ['Left the room', 'Councillor … left the room for the consideration of this item.'],
  ['Meeting closed', 'The meeting closed at '],
];
