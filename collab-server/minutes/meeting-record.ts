/**
 * The meeting record the minutes fill themselves from, filtered for one
 * viewer exactly as the session state is: the roll as the session shows it,
 * every closed vote the viewer may see, and the declarations of interest on
 * the meeting's items — a confidential item's only for the committee.
 */
import type { MeetingRecord } from '../../common/minutes.ts';
import type { Db } from '../db/database.ts';
import { declarationsOn } from '../routes/declaration-routes.ts';
import type { Viewer } from '../store/accounts.ts';
import { meetingVoteResults, sessionView } from '../voting/session-state.ts';

/** The record as `viewer` may see it, or null when the meeting is not theirs to see. */
export function meetingRecordFor(db: Db, viewer: Viewer, meetingId: string): MeetingRecord | null {
  const view = sessionView(db, meetingId);
  const state = view?.forUser(viewer.userId);
  const votes = meetingVoteResults(db, viewer, meetingId);
  if (!view || !state || !votes) return null;
  const seesConfidential = viewer.roles.has(view.meeting.committee_id);
  const itemIds = db
    .prepare('SELECT id FROM items WHERE meeting_id = ? AND deleted_at IS NULL AND (confidential = 0 OR ?)')
    .pluck()
    .all(meetingId, seesConfidential ? 1 : 0) as string[];
  return { meetingId, roll: state.roll, declarations: declarationsOn(db, itemIds, null), votes, serverTime: state.serverTime };
}
