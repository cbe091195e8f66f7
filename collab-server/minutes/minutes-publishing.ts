/**
 * Publishing approved minutes: two PDFs become documents of the meeting (kind
 * 'minutes', no item) — the committee's full minutes (committee only) and the
 * public version, in which an exempt item is only "Exempt item" with its
 * reason — and the meeting is republished, so the change feed carries them to
 * every mirror it may reach (the full one to committee members only) and the
 * public record lists the public one. Published again after an amendment:
 * each PDF as the next version of its lineage.
 */
import { Readable } from 'node:stream';
import { appendAudit } from '../audit/audit-log.ts';
import { publishMeeting } from '../feed/publish.ts';
import { ingestDocument } from '../files/ingest-document.ts';
import type { ServerContext } from '../http/context.ts';
import type { Viewer } from '../store/accounts.ts';
import type { DocumentRow } from '../store/rows.ts';
import type { Audience } from './minutes-content.ts';
import type { MinutesDocuments } from './minutes-documents.ts';
import { minutesContentFor } from './minutes-export.ts';
import { renderMinutesPdf } from './minutes-pdf.ts';
import { markMinutesPublished } from './minutes-store.ts';

const documentNames: Record<Audience, string> = {
  committee: 'Minutes (full, for the committee)',
  public: 'Minutes (public version)',
};

/** The current version of the meeting's minutes PDF for an audience, if there is one. */
function currentMinutesDocument(ctx: ServerContext, meetingId: string, audience: Audience): DocumentRow | undefined {
  return ctx.db
    .prepare(
      `SELECT * FROM documents d WHERE d.meeting_id = ? AND d.item_id IS NULL AND d.kind = 'minutes' AND d.committee_only = ?
         AND d.version = (SELECT MAX(version) FROM documents WHERE lineage_id = d.lineage_id)
       ORDER BY d.created_at DESC LIMIT 1`,
    )
    .get(meetingId, audience === 'committee' ? 1 : 0) as DocumentRow | undefined;
}

/** Renders and stores both PDFs (new versions when they exist), then republishes the meeting; `firstTime` moves the minutes to published. */
export async function publishMinutesDocuments(ctx: ServerContext, minutes: MinutesDocuments, viewer: Viewer, meetingId: string, firstTime: boolean): Promise<void> {
  const stored: Record<Audience, DocumentRow | null> = { committee: null, public: null };
  for (const audience of ['committee', 'public'] as const) {
    const content = minutesContentFor(ctx.db, minutes, viewer, meetingId, audience, ctx.publicSettings.timeZone);
    const bytes = await renderMinutesPdf(content);
    stored[audience] = await ingestDocument(ctx.db, ctx.files, Number.MAX_SAFE_INTEGER, {
      itemId: null,
      meeting: { meetingId, committeeOnly: audience === 'committee' },
      name: documentNames[audience],
      kind: 'minutes',
      replaces: currentMinutesDocument(ctx, meetingId, audience)?.id,
      uploadedBy: viewer.userId,
      body: Readable.from([Buffer.from(bytes)]),
    });
  }
  const now = new Date().toISOString();
  const published = ctx.db.transaction(() => {
    if (firstTime) markMinutesPublished(ctx.db, meetingId, viewer.userId, now);
    const result = publishMeeting(ctx.db, meetingId, firstTime ? 'Minutes published' : 'Minutes republished with an amendment');
    appendAudit(ctx.db, 'minutes-published', viewer.userId, {
      meetingId, version: result.meeting.publishedVersion, documents: { committee: stored.committee?.sha256, public: stored.public?.sha256 },
    });
    return result;
  }).immediate();
  ctx.feedHub.changed();
  ctx.sessionHub.recordEvent({ type: 'published', meetingId: published.meeting.id });
}
