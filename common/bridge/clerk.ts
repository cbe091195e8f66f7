/**
 * Bridge part: the clerk's workspace. Unlike the rest of the bridge these calls
 * go to the server through the host (the clerk edits the server's working copy,
 * which no mirror holds): unreachable → `offline` and nothing changed; a
 * refusal is an answer, `{ok:false, refusal}`, shown in the clerk's language.
 * Papers are uploaded in chunks the host streams on to the server, reporting
 * the bytes sent per file (`clerk.upload.progress`).
 */
import { z } from 'zod';
import {
  CommitteeDefaults,
  CreateItemRequest,
  CreateMeetingFromDefaultsRequest,
  DocumentKind,
  Id,
  UpdateCommitteeRulesRequest,
  UpdateItemRequest,
  UpdateMeetingRequest,
  type AgendaDocument,
  type AgendaItem,
  type ClerkCommittee,
  type ClerkMeetingResponse,
  type CommitteeRules,
  type ExemptionReason,
  type Meeting,
  type MeetingPacksResponse,
} from '../wire.ts';
import type { ServerRefusal } from './meeting-session.ts';
import { NoArgs, defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

/** A change the server made (with what it answered), or its refusal. */
export type ClerkOutcome<T> = { ok: true; value: T } | { ok: false; refusal: ServerRefusal };

/** One chunk of an upload: at most 512 KiB (browser mode carries it as base64 in a 1 MiB body). */
export const uploadChunkBytes = 256 * 1024;
const UploadChunk = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= 512 * 1024, 'a chunk of 1 byte to 512 KiB');

/**
 * One file on its way to the server. `sending` while chunks go out; then
 * `stored` (with the server's document), `refused` (the server's reason: not a
 * PDF, password-protected, too large…) or `failed` (the connection broke).
 */
export interface UploadProgress {
  uploadId: string;
  itemId: string;
  name: string;
  totalBytes: number;
  sentBytes: number;
  status: 'sending' | 'stored' | 'refused' | 'failed';
  document: AgendaDocument | null;
  refusal: ServerRefusal | null;
}

const MeetingRef = z.object({ meetingId: Id }).strict();
const ItemRef = z.object({ itemId: Id }).strict();
const UploadRef = z.object({ uploadId: z.string().uuid() }).strict();

export const clerkMethods = defineMethods({
  /** The committees this user clerks, with defaults, rules, members and meetings (fails with `unauthorised` for anyone else). */
  'clerk.committees': method(NoArgs).returns<ClerkCommittee[]>(),
  /** The reasons an item may be exempt from publication, in the council's order. */
  'clerk.exemptionReasons': method(NoArgs).returns<ExemptionReason[]>(),
  'clerk.setDefaults': method(z.object({ committeeId: Id, defaults: CommitteeDefaults }).strict()).returns<ClerkOutcome<CommitteeDefaults>>(),
  /** The committee's rules (quorum, majority…); only the fields given change. */
  'clerk.setRules': method(z.object({ committeeId: Id, rules: UpdateCommitteeRulesRequest }).strict()).returns<ClerkOutcome<CommitteeRules>>(),
  /** A draft meeting from the committee's defaults, its standing items on the agenda. */
  'clerk.createMeeting': method(z.object({ committeeId: Id, meeting: CreateMeetingFromDefaultsRequest }).strict()).returns<ClerkOutcome<Meeting>>(),
  /** The working copy: meeting, items (in agenda order), current documents, the upload limit. */
  'clerk.meeting': method(MeetingRef).returns<ClerkMeetingResponse>(),
  'clerk.updateMeeting': method(z.object({ meetingId: Id, change: UpdateMeetingRequest }).strict()).returns<ClerkOutcome<Meeting>>(),
  /** Cancels or postpones with a reason; members of a published meeting are told. */
  'clerk.callOff': method(
    z.object({ meetingId: Id, state: z.enum(['cancelled', 'postponed']), reason: z.string().trim().min(1).max(2000) }).strict(),
  ).returns<ClerkOutcome<Meeting>>(),
  /** The meeting's agenda packs, how many papers no pack holds yet, and what generating would make now. */
  'clerk.packs': method(MeetingRef).returns<MeetingPacksResponse>(),
  /**
   * Generates the agenda packs on the server, stored as documents of the meeting: before publication the main
   * packs (public, and confidential when there are confidential items; again as new versions each time), after it
   * a numbered supplement pack of the papers added or replaced since. Publishing then sends them to members.
   */
  'clerk.generatePacks': method(MeetingRef).returns<ClerkOutcome<MeetingPacksResponse>>(),
  /** Publishes the working copy (the first time, or as a supplement with its change note). */
  'clerk.publish': method(z.object({ meetingId: Id, changeNote: z.string().trim().max(2000).nullable() }).strict()).returns<ClerkOutcome<Meeting>>(),
  'clerk.addItem': method(z.object({ meetingId: Id, item: CreateItemRequest }).strict()).returns<ClerkOutcome<AgendaItem>>(),
  /** Edits, moves (`position`), nests (`parentItemId`) or renumbers an item. */
  'clerk.updateItem': method(z.object({ itemId: Id, change: UpdateItemRequest }).strict()).returns<ClerkOutcome<AgendaItem>>(),
  'clerk.deleteItem': method(ItemRef).returns<ClerkOutcome<null>>(),
  /** Opens an upload of `size` bytes to an item; send its bytes with `clerk.upload.chunk`, in order, then `clerk.upload.finish`. */
  'clerk.upload.start': method(
    z
      .object({
        itemId: Id,
        name: z.string().trim().min(1).max(300),
        size: z.number().int().positive(),
        kind: DocumentKind.optional(),
        replaces: Id.optional(),
      })
      .strict(),
  ).returns<UploadProgress>(),
  /** The next bytes; answers once the host has passed them on. A `refused` or `failed` answer means: stop sending. */
  'clerk.upload.chunk': method(z.object({ uploadId: z.string().uuid(), bytes: UploadChunk }).strict()).returns<UploadProgress>(),
  /** All bytes sent: waits for the server's answer (`stored` or `refused`). */
  'clerk.upload.finish': method(UploadRef).returns<UploadProgress>(),
  'clerk.upload.cancel': method(UploadRef).returns<null>(),
});
export type ClerkHandlers = HandlersOf<typeof clerkMethods>;

export const clerkEvents = defineEvents({
  /** An upload moved on: bytes sent, or its outcome. */
  'clerk.upload.progress': event<UploadProgress>(),
});
