/**
 * The clerk's workspace in the database: committee defaults, meetings made
 * from them (standing items first), the exemption reasons, and who sits on a
 * committee. The routes check roles; this file only reads and writes.
 */
import { z } from 'zod';
import {
  type CommitteeDefaults, type CommitteeMember, type CreateMeetingFromDefaultsRequest, type ExemptionReason, CommitteeRole,
  defaultCommitteeDefaults,
} from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { createItem, createMeeting, requireCommittee } from './council.ts';
import type { MeetingRow } from './rows.ts';

interface DefaultsRow {
  venue: string | null;
  start_time: string | null;
  standing_items: string;
}

const StandingItems = z.array(z.string());

export function committeeDefaults(db: Db, committeeId: string): CommitteeDefaults {
  const row = db.prepare('SELECT venue, start_time, standing_items FROM committee_defaults WHERE committee_id = ?').get(committeeId) as DefaultsRow | undefined;
  if (!row) return defaultCommitteeDefaults;
  return { venue: row.venue, startTime: row.start_time, standingItems: StandingItems.parse(JSON.parse(row.standing_items)) };
}

export function setCommitteeDefaults(db: Db, committeeId: string, defaults: CommitteeDefaults): CommitteeDefaults {
  db.prepare(
    `INSERT INTO committee_defaults (committee_id, venue, start_time, standing_items, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (committee_id) DO UPDATE SET venue = excluded.venue, start_time = excluded.start_time,
       standing_items = excluded.standing_items, updated_at = excluded.updated_at`,
  ).run(committeeId, defaults.venue || null, defaults.startTime, JSON.stringify(defaults.standingItems), new Date().toISOString());
  return committeeDefaults(db, committeeId);
}

/** A draft meeting with the committee's venue and name unless given, and its standing items on the agenda. */
export function createMeetingFromDefaults(db: Db, committeeId: string, request: CreateMeetingFromDefaultsRequest): MeetingRow {
  return db.transaction(() => {
    const committee = requireCommittee(db, committeeId);
    const defaults = committeeDefaults(db, committeeId);
    const meeting = createMeeting(db, {
      committeeId,
      title: request.title ?? committee.name,
      startsAt: request.startsAt,
      endsAt: request.endsAt ?? null,
      venue: request.venue !== undefined ? request.venue : defaults.venue,
    });
    for (const title of defaults.standingItems) createItem(db, meeting.id, { title, confidential: false, titlePublic: false });
    return meeting;
  })();
}

export function committeeMembers(db: Db, committeeId: string): CommitteeMember[] {
  const rows = db
    .prepare(
      `SELECT u.id AS user_id, u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.committee_id = ? ORDER BY u.display_name`,
    )
    .all(committeeId) as { user_id: string; display_name: string; role: string }[];
  return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name, role: CommitteeRole.parse(row.role) }));
}

export function exemptionReasons(db: Db): ExemptionReason[] {
  return db.prepare('SELECT label, description FROM exemption_reasons ORDER BY position').all() as ExemptionReason[];
}

export function setExemptionReasons(db: Db, reasons: ExemptionReason[]): ExemptionReason[] {
  const labels = reasons.map((reason) => reason.label);
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated !== undefined) throw new HttpError(400, 'duplicate-reason', `"${repeated}" is in the list twice; each reason needs its own label`);
  return db.transaction(() => {
    db.prepare('DELETE FROM exemption_reasons').run();
    const insert = db.prepare('INSERT INTO exemption_reasons (position, label, description) VALUES (?, ?, ?)');
    reasons.forEach((reason, index) => insert.run(index, reason.label, reason.description));
    return exemptionReasons(db);
  })();
}
