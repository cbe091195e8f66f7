import type { CommitteeRole } from '../../common/wire.ts';
import { parseYjsDocName } from '../../common/yjs-names.ts';
import type { Db } from '../db/database.ts';
import type { Viewer } from '../store/accounts.ts';
import { findMeeting } from '../store/council.ts';

export type DocAccess = 'none' | 'read' | 'write';

export function isValidDocName(name: string): boolean {
  return parseYjsDocName(name) !== null;
}

/**
 * What a viewer may do with a Yjs document, decided from the name and the
 * viewer's current roles (re-checked on every message, so a membership that
 * ends mid-session stops access at once).
 */
export function docAccess(db: Db, viewer: Viewer, docName: string): DocAccess {
  const name = parseYjsDocName(docName);
  if (!name) return 'none';
  switch (name.kind) {
    case 'sharedAnnotations': {
      const role = viewer.roles.get(name.committeeId);
      if (!role || !documentBelongsToCommittee(db, name.documentId, name.committeeId)) return 'none';
      return role === 'observer' ? 'read' : 'write';
    }
    case 'privateAnnotations':
      return name.userId === viewer.userId ? 'write' : 'none';
    case 'minutes': {
      const role = meetingRole(db, viewer, name.meetingId);
      if (!role) return 'none';
      return role === 'clerk' || role === 'minute-taker' ? 'write' : 'read';
    }
    case 'presentation': {
      // Only those who run the meeting choose what everyone is shown.
      const role = meetingRole(db, viewer, name.meetingId);
      if (!role) return 'none';
      return role === 'chair' || role === 'clerk' ? 'write' : 'read';
    }
  }
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
