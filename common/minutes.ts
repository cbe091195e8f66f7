/**
 * Minutes: the shapes the server, the host and the renderer share.
 *
 * The text lives in the Yjs document `minutes.<meetingId>` (common/yjs-names.ts),
 * in the XML fragment MINUTES_FRAGMENT, as a ProseMirror (Tiptap) document whose
 * node names are listed in minutesNodes — the server reads the same fragment to
 * hash the approved text and to export PDF/HTML, so both sides must agree on them.
 *
 * The workflow (draft → circulated → approved → published) is the server's:
 * once approved, the server refuses Yjs writes to the document; corrections are
 * recorded amendments.
 */
import { z } from 'zod';
import { Id, InterestDeclaration, PersonRef, RollEntry, Timestamp, VoteResult } from './wire.ts';

/** The Y.XmlFragment of `minutes.<meetingId>` that holds the text (Tiptap Collaboration's `field`). */
export const MINUTES_FRAGMENT = 'minutes';

/**
 * Node types of the minutes document beyond Tiptap's StarterKit (paragraph, heading,
 * bulletList, orderedList, listItem, bold, italic, …) and tables (table, tableRow,
 * tableHeader, tableCell). Attributes are what the server's export reads.
 *
 * The fragment is flat at the top: block nodes one after another. All three custom
 * nodes are leaves (atoms: no children; in Yjs a Y.XmlElement with attributes only),
 * so nobody's typing can end up inside them. y-prosemirror leaves out attributes
 * whose value is null, so a reader treats a missing attribute as null. As the server
 * seeds it (first open while empty):
 *
 *   recordBlock {kind:'attendance', frozen:false}
 *   minutesItem {itemId, number, title, confidential}      ← one per agenda item, agenda order
 *   recordBlock {kind:'declarations', itemId, frozen:false}
 *   paragraph                                              ← empty, for the minute-taker
 *   minutesItem …
 *
 * When a vote closes the server inserts `recordBlock {kind:'vote', itemId, voteId}` at
 * the end of that item's section (before the next minutesItem); items added to the
 * agenda later get their minutesItem (and declarations block) appended after the
 * section of the item before them, when the meeting is republished. The server never
 * deletes anything.
 */
export const minutesNodes = {
  /** One per agenda item, in agenda order; attrs: itemId, number, title, confidential (boolean). Content follows until the next. */
  itemSection: 'minutesItem',
  /**
   * A block filled from the meeting record; attrs: kind (RecordBlockKind), itemId (null for
   * attendance), voteId (for motion/vote), frozen (boolean), frozenText (string|null: the
   * wording when frozen). Live blocks render from the record; frozen ones keep their text.
   */
  recordBlock: 'recordBlock',
  /** An action point; attrs: what, owner, due (yyyy-mm-dd or null), itemId. */
  actionPoint: 'actionPoint',
} as const;

export const RecordBlockKind = z.enum(['attendance', 'declarations', 'motion', 'vote']);
export type RecordBlockKind = z.infer<typeof RecordBlockKind>;

export const MinutesState = z.enum(['draft', 'circulated', 'approved', 'published']);
export type MinutesState = z.infer<typeof MinutesState>;

export const MinutesAmendment = z.object({
  id: Id,
  by: PersonRef,
  at: Timestamp,
  reason: z.string(),
  /** The approved wording and its correction. */
  before: z.string(),
  after: z.string(),
});
export type MinutesAmendment = z.infer<typeof MinutesAmendment>;

/** `GET apiPaths.minutes(meetingId)`: where the minutes are in their workflow. */
export const MinutesStatus = z.object({
  meetingId: Id,
  state: MinutesState,
  circulatedAt: Timestamp.nullable(),
  approval: z
    .object({
      at: Timestamp,
      by: PersonRef,
      /** Approved by a motion voted on in a (later) meeting's session, or signed by the chair. */
      method: z.enum(['vote', 'chair-signature']),
      voteId: Id.nullable(),
      /** sha256 of the approved text (the fragment serialised canonically); also in the audit log. */
      textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .nullable(),
  publishedAt: Timestamp.nullable(),
  amendments: z.array(MinutesAmendment),
});
export type MinutesStatus = z.infer<typeof MinutesStatus>;

// A plain union: two variants share `to: 'approved'`, which zod 4's discriminatedUnion refuses.
export const MinutesTransition = z.union([
  z.object({ to: z.literal('circulated') }),
  z.object({ to: z.literal('approved'), method: z.literal('vote'), voteId: Id }),
  z.object({ to: z.literal('approved'), method: z.literal('chair-signature') }),
  z.object({ to: z.literal('published') }),
]);
export type MinutesTransition = z.infer<typeof MinutesTransition>;

export const AmendMinutesRequest = z.object({
  reason: z.string().trim().min(1).max(2000),
  before: z.string().trim().min(1).max(20000),
  after: z.string().trim().max(20000),
});
export type AmendMinutesRequest = z.infer<typeof AmendMinutesRequest>;

/** `GET apiPaths.meetingRecord(meetingId)`: the facts the minutes fill themselves from, as the viewer may see them. */
export const MeetingRecord = z.object({
  meetingId: Id,
  roll: z.array(RollEntry),
  declarations: z.array(InterestDeclaration),
  votes: z.array(VoteResult),
  serverTime: Timestamp,
});
export type MeetingRecord = z.infer<typeof MeetingRecord>;

/** Per-council stock phrases for the picker. */
export const StockPhrase = z.object({ id: Id, label: z.string(), text: z.string() });
export type StockPhrase = z.infer<typeof StockPhrase>;

/** `PUT minutesPaths.stockPhrases` (administrator): the council's list, replaced whole, in picker order. A phrase sent with its id keeps it. */
export const SetStockPhrasesRequest = z.object({
  phrases: z
    .array(z.object({ id: Id.optional(), label: z.string().trim().min(1).max(200), text: z.string().min(1).max(4000) }).strict())
    .max(200),
});
export type SetStockPhrasesRequest = z.infer<typeof SetStockPhrasesRequest>;

/**
 * `?audience=` of the PDF and HTML exports: `committee` (default) is the full minutes for the
 * committee; `public` is what publishing gives the public, exempt items shown only as "Exempt item"
 * with their reason.
 */
export const MinutesExportQuery = z.object({ audience: z.enum(['committee', 'public']).default('committee') }).strict();
export type MinutesExportQuery = z.infer<typeof MinutesExportQuery>;

const segment = encodeURIComponent;
export const minutesPaths = {
  /**
   * GET MinutesStatus (the committee); POST MinutesTransition, answering the new MinutesStatus:
   * circulate and publish: the clerk; approve by a carried vote (of any meeting of the committee):
   * the chair or clerk; approve by signature: the chair.
   */
  minutes: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/minutes`,
  /** POST AmendMinutesRequest (clerk) once approved. */
  amendments: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/minutes/amendments`,
  /** GET the minutes as PDF (tagged, PDFKit) or HTML (MinutesExportQuery), for those who may read them. */
  pdf: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/minutes.pdf`,
  html: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/minutes.html`,
  /** GET the action points as CSV (item, action, owner, due), for those who may read the minutes. */
  actionsCsv: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/minutes/actions.csv`,
  /** GET MeetingRecord, as the viewer may see it (confidential items' declarations and votes: committee members only). */
  meetingRecord: (meetingId: string) => `/api/v1/meetings/${segment(meetingId)}/record`,
  /** GET StockPhrase[] (everyone on a committee, and administrators); PUT SetStockPhrasesRequest (administrator). */
  stockPhrases: '/api/v1/minutes/stock-phrases',
} as const;
