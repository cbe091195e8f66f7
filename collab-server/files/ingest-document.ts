import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DocumentKind } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { inspectPdf } from '../pdf/inspect.ts';
import { findDocument, findItem, findMeeting, insertDocument, nextVersionInLineage } from '../store/council.ts';
import type { DocumentRow } from '../store/rows.ts';
import type { DocumentFiles } from './document-files.ts';

export interface IngestRequest {
  /** The item whose paper this is; or null with `meeting` for a document of the whole meeting (its minutes). */
  itemId: string | null;
  meeting?: { meetingId: string; committeeOnly: boolean };
  name: string;
  /** Defaults to `report`, or `supplement` once the meeting has been published. */
  kind?: DocumentKind | undefined;
  /** A document of the same item this upload supersedes (same lineage, next version). */
  replaces?: string | undefined;
  uploadedBy: string;
  body: Readable;
}

/**
 * Receives one PDF: streams it to disk while hashing, refuses anything that is
 * not a PDF pdf.js can open (nothing is kept then), extracts page count and
 * per-page text, and records the document. The caller checks the clerk's role.
 */
export async function ingestDocument(db: Db, files: DocumentFiles, maxBytes: number, request: IngestRequest): Promise<DocumentRow> {
  const item = request.itemId === null ? null : findItem(db, request.itemId);
  const meeting = findMeeting(db, item?.meeting_id ?? request.meeting?.meetingId ?? '');
  if (request.itemId !== null && !item) throw notFound('Agenda item');
  if (!meeting) throw notFound('Meeting');
  const superseded = request.replaces ? findDocument(db, request.replaces) : undefined;
  if (request.replaces && (!superseded || superseded.item_id !== (item?.id ?? null) || superseded.meeting_id !== meeting.id)) {
    throw new HttpError(400, 'invalid-replaces', '`replaces` must name a document of the same agenda item (or of the same meeting)');
  }

  const upload = await files.receive(request.body, maxBytes);
  try {
    if (upload.size === 0) throw new HttpError(400, 'empty-upload', 'The upload is empty');
    if (!upload.head.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      throw new HttpError(422, 'not-a-pdf', `"${request.name}" is not a PDF: the file does not start with %PDF-`);
    }
    const inspected = await inspectPdf(upload.tempFile);
    if (!inspected.ok) {
      // Password-protected files are refused too: mirrors could neither show nor search them.
      throw inspected.reason === 'encrypted'
        ? new HttpError(422, 'encrypted-pdf', `"${request.name}" is password-protected; upload an unprotected copy`)
        : new HttpError(422, 'unreadable-pdf', `"${request.name}" could not be read as a PDF (${inspected.message})`);
    }
    await files.commit(upload.tempFile, upload.sha256);
    const kind = request.kind ?? (superseded ? (superseded.kind as DocumentKind) : meeting.published_version > 0 ? 'supplement' : 'report');
    const lineageId = superseded?.lineage_id ?? randomUUID();
    return insertDocument(db, {
      id: randomUUID(),
      item_id: item?.id ?? null,
      meeting_id: meeting.id,
      committee_only: item === null && request.meeting?.committeeOnly ? 1 : 0,
      lineage_id: lineageId,
      version: nextVersionInLineage(db, lineageId),
      kind,
      name: request.name,
      sha256: upload.sha256,
      size: upload.size,
      page_count: inspected.pageCount,
      has_text: inspected.pages.some((text) => text.trim().length > 0) ? 1 : 0,
      uploadedBy: request.uploadedBy,
      pages: inspected.pages,
    });
  } catch (error) {
    await files.discard(upload.tempFile);
    throw error;
  }
}
