/**
 * The server's part in each meeting's minutes document (`minutes.<meetingId>`),
 * always through the Yjs hub so connected editors receive it like any update
 * and the log (with its compaction) stays the one store:
 * - seeding: the first time the document is loaded while empty, a section per
 *   agenda item (never twice: loading happens once, before any client syncs);
 * - the record: a vote block when a vote closes, sections for items added to
 *   the agenda when the meeting is republished;
 * - approval: hashing the text and keeping the state it was approved in.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import type { AgendaItem } from '../../common/wire.ts';
import { parseYjsDocName, yjsDocName } from '../../common/yjs-names.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { findMeeting, itemsOfMeeting } from '../store/council.ts';
import { publishedMeetingDetail } from '../store/published.ts';
import { toItem } from '../store/rows.ts';
import type { RecordEvent, SessionHub } from '../voting/session-hub.ts';
import { findVote } from '../voting/votes.ts';
import type { YjsHub } from '../yjs/yjs-hub.ts';
import { type SectionItem, addVoteBlock, appendMissingSections, isEmptyMinutes, minutesFragmentOf, minutesTextSha256, seedMinutes } from './minutes-fragment.ts';
import { type Approval, approveMinutes, approvedState, isLocked, minutesStateOf } from './minutes-store.ts';

export class MinutesDocuments {
  constructor(
    private readonly db: Db,
    private readonly hub: YjsHub,
    private readonly log: FastifyBaseLogger,
    sessionHub: SessionHub,
  ) {
    hub.onDocumentLoaded((docName, doc) => this.seedIfEmpty(docName, doc));
    sessionHub.onRecordEvent((event) => this.recordChanged(event));
  }

  /** The meeting's agenda as its committee knows it: the published one, or the clerk's working copy before publication. */
  agendaOf(meetingId: string): AgendaItem[] {
    return publishedMeetingDetail(this.db, meetingId)?.items ?? itemsOfMeeting(this.db, meetingId).map(toItem);
  }

  /**
   * A copy of the minutes to read (export, action points): the state they were approved in once
   * approved, otherwise the live document. The caller destroys it.
   */
  readMinutes(meetingId: string): Y.Doc {
    const copy = new Y.Doc();
    const approved = isLocked(minutesStateOf(this.db, meetingId)) ? approvedState(this.db, meetingId) : null;
    Y.applyUpdate(copy, approved ?? this.hub.withDocument(yjsDocName.minutes(meetingId), (doc) => Y.encodeStateAsUpdate(doc)));
    return copy;
  }

  /**
   * Approves the minutes as they stand now: hashes the text, keeps the state and records both in the
   * audit log, in one transaction. Synchronous from reading the document to the commit, so no
   * update can slip in between; from then on the hub refuses writes (doc-access.ts).
   */
  approve(approval: Omit<Approval, 'textSha256' | 'state'>): void {
    this.hub.withDocument(yjsDocName.minutes(approval.meetingId), (doc) => {
      const textSha256 = minutesTextSha256(minutesFragmentOf(doc));
      this.db.transaction(() => {
        approveMinutes(this.db, { ...approval, textSha256, state: Y.encodeStateAsUpdate(doc) });
        appendAudit(this.db, 'minutes-approved', approval.byUserId, {
          meetingId: approval.meetingId, method: approval.method, voteId: approval.voteId, textSha256,
        });
      }).immediate();
    });
  }

  private sectionItems(meetingId: string): SectionItem[] {
    return this.agendaOf(meetingId).map((item) => ({ id: item.id, number: item.number, title: item.title, confidential: item.confidential }));
  }

  /** Writable minutes only: the server does not touch approved ones either. */
  private writable(meetingId: string): boolean {
    return findMeeting(this.db, meetingId) !== undefined && !isLocked(minutesStateOf(this.db, meetingId));
  }

  private seedIfEmpty(docName: string, doc: Y.Doc): void {
    const name = parseYjsDocName(docName);
    if (name?.kind !== 'minutes' || !this.writable(name.meetingId)) return;
    const fragment = minutesFragmentOf(doc);
    if (isEmptyMinutes(fragment)) seedMinutes(fragment, this.sectionItems(name.meetingId));
  }

  private recordChanged(event: RecordEvent): void {
    try {
      if (!this.writable(event.meetingId)) return;
      const docName = yjsDocName.minutes(event.meetingId);
      if (event.type === 'vote-closed') {
        const vote = findVote(this.db, event.voteId);
        const item = this.sectionItems(event.meetingId).find((candidate) => candidate.id === vote?.item_id);
        if (vote && item) this.hub.withDocument(docName, (doc) => addVoteBlock(minutesFragmentOf(doc), item, vote.id));
      } else if (this.hub.isKnown(docName)) {
        // Only minutes someone began: publishing an agenda does not create its minutes.
        this.hub.withDocument(docName, (doc) => appendMissingSections(minutesFragmentOf(doc), this.sectionItems(event.meetingId)));
      }
    } catch (error) {
      this.log.error({ err: error, event }, 'could not bring the minutes up to date with the record');
    }
  }
}
