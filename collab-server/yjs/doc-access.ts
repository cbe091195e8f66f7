import type { MinutesState } from '../../common/minutes.ts';
import type { CommitteeRole } from '../../common/wire.ts';
import { parseYjsDocName } from '../../common/yjs-names.ts';
import type { Db } from '../db/database.ts';
import { minutesStateOf } from '../minutes/minutes-store.ts';
import type { Viewer } from '../store/accounts.ts';
import { findMeeting } from '../store/council.ts';

export type DocAccess = 'none' | 'read' | 'write';

/** What a viewer may do with a document and, when nothing, why (the close reason of an open connection says it). */
export type DocAccessDecision = { access: 'read' | 'write' } | { access: 'none'; denial: 'not-a-member' | 'not-shared' };

const notAMember: DocAccessDecision = { access: 'none', denial: 'not-a-member' };
const notShared: DocAccessDecision = { access: 'none', denial: 'not-shared' };

export function isValidDocName(name: string): boolean {
  return parseYjsDocName(name) !== null;
}

/**
 * What a viewer may do with a Yjs document, decided from the name and the
 * viewer's current roles. The hub asks at the upgrade, on a connection's
 * messages and before relaying to it (cached for a moment), and at once
 * whenever the viewer's session or memberships or the minutes' state change.
 */
export function docAccess(db: Db, viewer: Viewer, docName: string): DocAccessDecision {
  const name = parseYjsDocName(docName);
  if (!name) return notShared;
  switch (name.kind) {
    case 'sharedAnnotations': {
      const role = viewer.roles.get(name.committeeId);
      if (!role) return notAMember;
      if (!documentBelongsToCommittee(db, name.documentId, name.committeeId)) return notShared;
      return { access: role === 'observer' ? 'read' : 'write' };
    }
    case 'privateAnnotations':
      // Only for papers the user may read, so nobody can store layers for ids that do not exist.
      if (name.userId !== viewer.userId) return notShared;
      return documentReadableBy(db, viewer, name.documentId) ?? { access: 'write' };
    case 'minutes':
    case 'minutesComments': {
      const role = meetingRole(db, viewer, name.meetingId);
      if (!role) return role === null ? notShared : notAMember;
      return minutesAccess(name.kind, role, minutesStateOf(db, name.meetingId));
    }
    case 'presentation': {
      // Only those who run the meeting choose what everyone is shown.
      const role = meetingRole(db, viewer, name.meetingId);
      if (!role) return role === null ? notShared : notAMember;
      return { access: role === 'chair' || role === 'clerk' ? 'write' : 'read' };
    }
  }
}

/**
 * The minutes by workflow state: a draft is the clerk's and minute-taker's (the chair reads it);
 * once circulated the committee reads it and comments on it (observers only read); once approved
 * nobody writes either document — the text is locked and corrections are recorded amendments.
 */
function minutesAccess(kind: 'minutes' | 'minutesComments', role: CommitteeRole, state: MinutesState): DocAccessDecision {
  const writesText = role === 'clerk' || role === 'minute-taker';
  if (state === 'draft') return writesText ? { access: kind === 'minutes' ? 'write' : 'read' } : role === 'chair' ? { access: 'read' } : notShared;
  if (state === 'circulated') {
    if (kind === 'minutes') return { access: writesText ? 'write' : 'read' };
    return { access: role === 'observer' ? 'read' : 'write' };
  }
  return { access: 'read' };
}

/** The viewer's role in the committee holding the meeting; undefined when not a member, null when there is no such meeting. */
function meetingRole(db: Db, viewer: Viewer, meetingId: string): CommitteeRole | undefined | null {
  const meeting = findMeeting(db, meetingId);
  return meeting ? viewer.roles.get(meeting.committee_id) : null;
}

function documentBelongsToCommittee(db: Db, documentId: string, committeeId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM documents d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ? AND m.committee_id = ?')
      .get(documentId, committeeId) !== undefined
  );
}

/**
 * Null when the viewer may read the document (any version of it: a member carries notes forward
 * from an older one), else why not. The committee's clerk reads its working copy; everyone else
 * only papers of published meetings, and confidential ones only as a member of the committee.
 */
function documentReadableBy(db: Db, viewer: Viewer, documentId: string): DocAccessDecision | null {
  const paper = db
    .prepare(
      `SELECT m.committee_id, m.published_version, COALESCE(i.confidential, d.committee_only) AS confidential FROM documents d
       LEFT JOIN items i ON i.id = d.item_id JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?`,
    )
    .get(documentId) as { committee_id: string; published_version: number; confidential: number } | undefined;
  if (!paper) return notShared;
  const role = viewer.roles.get(paper.committee_id);
  if (role === 'clerk') return null;
  if (paper.published_version === 0) return notShared;
  if (paper.confidential === 1 && !role) return notAMember;
  return null;
}
