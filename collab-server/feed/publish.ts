import type { Meeting } from '../../common/wire.ts';
import { auditHead } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { currentDocumentsOfMeeting, findMeeting, itemsOfMeeting } from '../store/council.ts';
import { toDocument, toItem, toMeeting } from '../store/rows.ts';
import { appendChange } from './change-log.ts';

type EntityKind = 'meeting' | 'item' | 'document';

interface SnapshotEntity {
  kind: EntityKind;
  id: string;
  confidential: boolean;
  sha256: string | null;
  payload: string;
}

interface PublishedRow {
  kind: EntityKind;
  entity_id: string;
  confidential: number;
  payload: string;
  created_at: string | null;
}

export interface PublishResult {
  meeting: Meeting;
  /** How many feed entries this publication appended. */
  changeCount: number;
}

/**
 * Publishes a meeting: diffs its current state (meeting, live items, current
 * document versions) against what was last published and appends feed entries
 * for the difference — upserts for new or changed rows, tombstones for removed
 * ones — in one transaction with the snapshot update and the version bump.
 */
export function publishMeeting(db: Db, meetingId: string, changeNote: string | null): PublishResult {
  return db.transaction((): PublishResult => {
    const before = findMeeting(db, meetingId);
    if (!before) throw notFound('Meeting');
    if (before.state === 'cancelled' && before.published_version === 0) {
      throw new HttpError(409, 'meeting-cancelled', 'A cancelled meeting that was never published cannot be published');
    }
    db.prepare('UPDATE meetings SET published_version = published_version + 1, change_note = ?, state = CASE state WHEN \'draft\' THEN \'published\' ELSE state END WHERE id = ?')
      .run(changeNote, meetingId);
    const meetingRow = findMeeting(db, meetingId)!;
    const committeeId = meetingRow.committee_id;
    // The audit chain's head goes out with the published record: every member's Chamber receives a copy outside this database.
    const auditCheckpoint = auditHead(db);
    const meeting: Meeting = { ...toMeeting(meetingRow), ...(auditCheckpoint ? { auditCheckpoint } : {}) };

    const items = itemsOfMeeting(db, meetingId);
    const confidentialItems = new Set(items.filter((item) => item.confidential === 1).map((item) => item.id));
    const current: SnapshotEntity[] = [
      { kind: 'meeting', id: meetingRow.id, confidential: false, sha256: null, payload: JSON.stringify(meeting) },
      ...items.map((item) => ({ kind: 'item' as const, id: item.id, confidential: item.confidential === 1, sha256: null, payload: JSON.stringify(toItem(item)) })),
      ...currentDocumentsOfMeeting(db, meetingId).map((doc) => ({
        kind: 'document' as const,
        id: doc.id,
        // A paper is as confidential as the item it belongs to; a document of the whole meeting says its own audience.
        confidential: doc.item_id === null ? doc.committee_only === 1 : confidentialItems.has(doc.item_id),
        sha256: doc.sha256,
        payload: JSON.stringify(toDocument(doc)),
      })),
    ];

    const published = new Map(
      (db.prepare('SELECT kind, entity_id, confidential, payload, created_at FROM published_entities WHERE meeting_id = ?').all(meetingId) as PublishedRow[]).map(
        (row) => [`${row.kind}:${row.entity_id}`, row],
      ),
    );
    const now = new Date().toISOString();
    const upsertSnapshot = db.prepare(
      `INSERT INTO published_entities (kind, entity_id, meeting_id, committee_id, confidential, sha256, payload, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, entity_id) DO UPDATE SET confidential = excluded.confidential, sha256 = excluded.sha256, payload = excluded.payload,
         modified_at = excluded.modified_at`,
    );
    // Open data lists what the public could see and no longer can as deleted (OParl 1.1 "Gelöschte Objekte").
    const publicTombstone = (kind: EntityKind, id: string, createdAt: string | null) =>
      db.prepare(
        `INSERT OR REPLACE INTO public_tombstones (kind, entity_id, meeting_id, committee_id, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(kind, id, meetingId, committeeId, createdAt ?? now, now);
    const clearPublicTombstone = db.prepare('DELETE FROM public_tombstones WHERE kind = ? AND entity_id = ?');
    let changeCount = 0;
    const append = (kind: EntityKind, op: 'upsert' | 'delete', id: string, confidential: boolean, payload: string | null) => {
      appendChange(db, { kind, op, entityId: id, committeeId, confidential, userId: null, data: payload === null ? null : JSON.parse(payload) });
      changeCount += 1;
    };

    // Removals first, documents before their items, so a mirror never holds an orphan.
    const currentKeys = new Set(current.map((entity) => `${entity.kind}:${entity.id}`));
    const removed = [...published.values()]
      .filter((row) => !currentKeys.has(`${row.kind}:${row.entity_id}`))
      .sort((a, b) => removalOrder(a.kind) - removalOrder(b.kind));
    for (const row of removed) {
      append(row.kind, 'delete', row.entity_id, row.confidential === 1, null);
      if (row.confidential === 0) publicTombstone(row.kind, row.entity_id, row.created_at);
      db.prepare('DELETE FROM published_entities WHERE kind = ? AND entity_id = ?').run(row.kind, row.entity_id);
    }

    for (const entity of current) {
      const previous = published.get(`${entity.kind}:${entity.id}`);
      const unchanged = previous && previous.payload === entity.payload && (previous.confidential === 1) === entity.confidential;
      if (unchanged) continue;
      // Made confidential after being public: everyone who saw it must drop it before members get the new state.
      if (previous && previous.confidential === 0 && entity.confidential) {
        append(entity.kind, 'delete', entity.id, false, null);
        publicTombstone(entity.kind, entity.id, previous.created_at);
      }
      if (!entity.confidential) clearPublicTombstone.run(entity.kind, entity.id);
      append(entity.kind, 'upsert', entity.id, entity.confidential, entity.payload);
      upsertSnapshot.run(entity.kind, entity.id, meetingId, committeeId, entity.confidential ? 1 : 0, entity.sha256, entity.payload, now, now);
    }
    return { meeting, changeCount };
  })();
}

function removalOrder(kind: EntityKind): number {
  return kind === 'document' ? 0 : kind === 'item' ? 1 : 2;
}
