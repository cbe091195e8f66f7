/**
 * Everything the exports need, gathered once: the council, committee and
 * meeting, the agenda, the meeting record as the viewer may see it, the
 * workflow status and the minutes (their approved state once locked), built
 * into the model the PDF, the HTML, the action list and publishing share.
 */
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { Viewer } from '../store/accounts.ts';
import { findMeeting, requireCommittee } from '../store/council.ts';
import { meetingRecordFor } from './meeting-record.ts';
import { type Audience, type MinutesContent, buildMinutesContent } from './minutes-content.ts';
import type { MinutesDocuments } from './minutes-documents.ts';
import { minutesStatus } from './minutes-store.ts';

export function minutesContentFor(db: Db, minutes: MinutesDocuments, viewer: Viewer, meetingId: string, audience: Audience, timeZone: string): MinutesContent {
  const meeting = findMeeting(db, meetingId);
  const record = meetingRecordFor(db, viewer, meetingId);
  if (!meeting || !record) throw notFound('Meeting');
  const committee = requireCommittee(db, meeting.committee_id);
  const council = (db.prepare('SELECT name FROM bodies WHERE id = ?').pluck().get(committee.body_id) as string | undefined) ?? 'Council';
  const doc = minutes.readMinutes(meetingId);
  try {
    return buildMinutesContent(
      {
        council,
        committee: committee.name,
        meeting: { title: meeting.title, startsAt: meeting.starts_at, venue: meeting.venue },
        agenda: minutes.agendaOf(meetingId),
        record,
        status: minutesStatus(db, meetingId),
        doc,
        timeZone,
      },
      audience,
    );
  } finally {
    doc.destroy();
  }
}
