import type { CommitteeRole } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import type { Viewer } from '../store/accounts.ts';
import { findMeeting } from '../store/council.ts';

export type DocAccess = 'none' | 'read' | 'write';

const ID = '[A-Za-z0-9-]{1,64}';
const SHARED = new RegExp(`^annotations\\.shared\\.(${ID})\\.(${ID})$`);
const PRIVATE = new RegExp(`^annotations\\.private\\.(${ID})\\.(${ID})$`);
const MINUTES = new RegExp(`^minutes\\.(${ID})$`);
const PRESENTATION = new RegExp(`^presentation\\.(${ID})$`);

export function isValidDocName(name: string): boolean {
  return SHARED.test(name) || PRIVATE.test(name) || MINUTES.test(name) || PRESENTATION.test(name);
}

/**
 * What a viewer may do with a Yjs document, decided from the name and the
 * viewer's current roles (re-checked on every message, so a membership that
 * ends mid-session stops access at once).
 */
export function docAccess(db: Db, viewer: Viewer, docName: string): DocAccess {
  const shared = SHARED.exec(docName);
  if (shared) {
    const committeeId = shared[1]!;
    const documentId = shared[2]!;
    const role = viewer.roles.get(committeeId);
    if (!role || !documentBelongsToCommittee(db, documentId, committeeId)) return 'none';
    return role === 'observer' ? 'read' : 'write';
  }
  const personal = PRIVATE.exec(docName);
  if (personal) return personal[1] === viewer.userId ? 'write' : 'none';
  const minutes = MINUTES.exec(docName);
  if (minutes) {
    const role = meetingRole(db, viewer, minutes[1]!);
    if (!role) return 'none';
    return role === 'clerk' || role === 'minute-taker' ? 'write' : 'read';
  }
  const presentation = PRESENTATION.exec(docName);
  if (presentation) {
    // Only those who run the meeting choose what everyone is shown.
    const role = meetingRole(db, viewer, presentation[1]!);
    if (!role) return 'none';
    return role === 'chair' || role === 'clerk' ? 'write' : 'read';
  }
  return 'none';
}

/** The viewer's role in the committee holding the meeting, if any. */
function meetingRole(db: Db, viewer: Viewer, meetingId: string): CommitteeRole | undefined {
  const meeting = findMeeting(db, meetingId);
  return meeting ? viewer.roles.get(meeting.committee_id) : undefined;
}

function documentBelongsToCommittee(db: Db, documentId: string, committeeId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM documents d JOIN items i ON i.id = d.item_id JOIN meetings m ON m.id = i.meeting_id WHERE d.id = ? AND m.committee_id = ?')
      .get(documentId, committeeId) !== undefined
  );
}
