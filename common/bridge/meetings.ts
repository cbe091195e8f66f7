/**
 * Bridge part: meetings and their documents as the active account's mirror
 * holds them, opening a cached document for pdf.js, and where the user left
 * each document.
 */
import { z } from 'zod';
import { Id, type AgendaDocument, type AgendaItem, type Committee, type Meeting } from '../wire.ts';
import { NoArgs, defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

export interface MeetingSummary {
  meeting: Meeting;
  committee: Committee;
  itemCount: number;
  documentCount: number;
  /** For a meeting of one of the member's committees: arrived and not opened yet, or published again since they last looked. */
  notice: MeetingNotice | null;
  /** Items and papers added or replaced since the member first received it, not opened yet. */
  unopenedChanges: number;
}

/** `new`: the member has not opened the meeting since it arrived; `changed`: it was published again since they last looked. */
export type MeetingNotice = 'new' | 'changed';

/** An item or paper added or replaced after the member first received the meeting, marked until they open it. */
export interface MeetingChange {
  kind: 'item' | 'document';
  id: string;
  change: 'added' | 'replaced';
  /** A paper's name, or an item's title. */
  name: string;
  /** The paper's item or the item itself (null for a document of the whole meeting, e.g. a supplement pack). */
  itemId: string | null;
  itemNumber: string | null;
  /** The change note of the publication that brought it. */
  changeNote: string | null;
  publishedVersion: number;
}

export interface MirroredDocument extends AgendaDocument {
  /** True once the file is in the local cache and its SHA-256 verified. */
  cached: boolean;
}

export interface AgendaItemWithDocuments extends AgendaItem {
  documents: MirroredDocument[];
}

export interface MeetingDetail {
  meeting: Meeting;
  committee: Committee;
  /** In agenda order: parents before their sub-items. */
  items: AgendaItemWithDocuments[];
  /** Documents of the whole meeting rather than of an item: its agenda packs, its published minutes. */
  documents: MirroredDocument[];
  notice: MeetingNotice | null;
  /** What changed since the member last looked: added and replaced items and papers not opened yet, newest publication first. */
  changes: MeetingChange[];
}

/** A verified cached document served to the renderer by URL (GET with `Range`), so pdf.js can stream it. */
export interface OpenedDocumentSource {
  /** Same-origin path, `/bridge/documents/<handle>`; the handle is random and lapses when the host restarts. */
  path: string;
  size: number;
}

/** Where the host serves opened documents, in both shells (`app://chamber/…` in Electron, the loopback origin in browser mode). */
export const openedDocumentPathPrefix = '/bridge/documents/';

/** An earlier version of a document (same lineage), as the mirror saw it in the feed. */
export interface DocumentVersion {
  documentId: string;
  version: number;
  name: string;
}

/** How a document is zoomed: a fixed scale, or fitted to the view's width or whole page. */
export const ViewerZoom = z.union([z.number().min(0.1).max(10), z.enum(['fit-width', 'fit-page'])]);
export type ViewerZoom = z.infer<typeof ViewerZoom>;

/** Where the user left a document (per account, kept in the mirror). */
export interface ViewerPosition {
  page: number;
  zoom: ViewerZoom;
}

const DocumentRef = z.object({ documentId: Id }).strict();

export const meetingsMethods = defineMethods({
  'meetings.list': method(NoArgs).returns<MeetingSummary[]>(),
  'meeting.get': method(z.object({ meetingId: Id }).strict()).returns<MeetingDetail>(),
  /** The member has looked at the meeting: its new/changed notice goes (its changes stay marked until opened). */
  'meeting.markSeen': method(z.object({ meetingId: Id }).strict()).returns<null>(),
  /** The member opened these items or papers of the meeting: their change marks go. */
  'meeting.markOpened': method(z.object({ meetingId: Id, ids: z.array(Id).min(1).max(100) }).strict()).returns<null>(),
  /** The document's verified bytes from the local cache; fails if not cached yet. */
  'document.read': method(DocumentRef).returns<Uint8Array>(),
  /** Older versions of the document's lineage the mirror has seen, newest first (to carry annotations forward). */
  'document.previousVersions': method(DocumentRef).returns<DocumentVersion[]>(),
  /** Verifies a cached document and answers a same-origin URL path serving it with byte ranges (for pdf.js). */
  'document.open': method(DocumentRef).returns<OpenedDocumentSource>(),
  /** The page and zoom this user last had in a document, or null the first time. */
  'viewer.position.get': method(DocumentRef).returns<ViewerPosition | null>(),
  'viewer.position.set': method(
    z.object({ documentId: Id, page: z.number().int().min(1).max(1_000_000), zoom: ViewerZoom }).strict(),
  ).returns<null>(),
});
export type MeetingsHandlers = HandlersOf<typeof meetingsMethods>;

export const meetingsEvents = defineEvents({
  /** The mirror applied changes; `meetingIds` lists meetings whose rows changed. */
  'mirror.changed': event<{ meetingIds: string[] }>(),
});
