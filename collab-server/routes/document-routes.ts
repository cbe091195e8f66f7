import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AgendaDocument, DocumentKind, Id, Sha256 } from '../../common/wire.ts';
import { UPLOAD_DRAIN_BYTES } from '../files/document-files.ts';
import { ingestDocument } from '../files/ingest-document.ts';
import { type ServerContext, type ZodApp, authenticate } from '../http/context.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import { sendFileBytes } from '../http/send-file.ts';
import { findItem, findMeeting } from '../store/council.ts';
import { isClerkOf, mayReadContent } from '../store/published.ts';
import { toDocument } from '../store/rows.ts';

const UploadQuery = z.object({
  name: z.string().trim().min(1).max(300),
  kind: DocumentKind.optional(),
  replaces: Id.optional(),
});

export function registerDocumentRoutes(app: ZodApp, ctx: ServerContext): void {
  // PDFs arrive as a raw stream; the route streams it to disk with its own size limit.
  app.addContentTypeParser('application/pdf', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/v1/items/:itemId/documents',
    { schema: { params: z.object({ itemId: Id }), querystring: UploadQuery, response: { 201: AgendaDocument } } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const item = findItem(ctx.db, request.params.itemId);
      if (!item) throw notFound('Agenda item');
      const meeting = findMeeting(ctx.db, item.meeting_id)!;
      if (!isClerkOf(viewer, meeting.committee_id)) throw forbidden("Only the committee's clerk may upload documents");
      if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/pdf') {
        throw new HttpError(415, 'unsupported-media-type', 'Upload the raw PDF bytes with Content-Type: application/pdf');
      }
      const declared = Number(request.headers['content-length']);
      // Far too large by its own account: refuse without reading it (the connection closes).
      if (Number.isFinite(declared) && declared > ctx.maxUploadBytes + UPLOAD_DRAIN_BYTES) {
        throw new HttpError(413, 'too-large', `The upload is larger than the limit of ${ctx.maxUploadBytes} bytes`);
      }
      const document = await ingestDocument(ctx.db, ctx.files, ctx.maxUploadBytes, {
        itemId: item.id,
        name: request.query.name,
        kind: request.query.kind,
        replaces: request.query.replaces,
        uploadedBy: viewer.userId,
        body: request.body as Readable,
      });
      request.log.info({ documentId: document.id, sha256: document.sha256, size: document.size, pages: document.page_count }, 'document stored');
      return reply.status(201).send(toDocument(document));
    },
  );

  app.get(
    '/api/v1/documents/:sha256/content',
    { schema: { params: z.object({ sha256: Sha256 }) } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const { sha256 } = request.params;
      // Same answer for "no such file" and "not yours", so hashes of confidential papers cannot be probed.
      if (!mayReadContent(ctx.db, viewer, sha256)) throw notFound('Document');
      const file = ctx.files.pathOf(sha256);
      const { size } = await stat(file);
      const etag = `"${sha256}"`;
      reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable');
      reply.header('content-type', 'application/pdf');

      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))) {
        return reply.status(304).send();
      }
      return sendFileBytes(request, reply, { path: file, size, etag });
    },
  );
}
