/**
 * Public papers' (and public minutes') bytes, no sign-in (publicPaths.fileView / fileDownload; OParl
 * File.accessUrl / downloadUrl): `view` shows the PDF in the browser (inline),
 * `download` saves it under the paper's name (attachment, with an RFC 5987
 * `filename*` for names beyond ASCII). Both answer byte ranges (pdf.js asks for
 * the pieces it needs), ETag (the SHA-256) / Last-Modified / 304, and:
 * - 410 Gone for a document the public could once see and no longer can
 *   (withdrawn, superseded by a new version, or made confidential);
 * - 404 for anything never public — the same answer for a confidential paper
 *   and an id that does not exist, so no confidential id can be confirmed.
 */
import { stat } from 'node:fs/promises';
import contentDisposition from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '../../common/wire.ts';
import type { ServerContext, ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { sendFileBytes } from '../http/send-file.ts';
import { answerIfNotModified, publicCacheControl } from './http-caching.ts';
import { publicPaths } from './public-paths.ts';
import { type PublicFile, findPublicFile, findPublicTombstone } from './public-record.ts';

/** The name a paper is saved under: its name with `.pdf`, without characters file systems refuse. */
export function publicFileName(document: Pick<PublicFile, 'name'>): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = document.name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-').replace(/^[\s.-]+|[\s-]+$/g, '') || 'paper';
  return /\.pdf$/i.test(cleaned) ? cleaned : `${cleaned}.pdf`;
}

const FileParams = z.object({ documentId: Id });

/** The route of a publicPaths file URL: its shape with `:documentId` where the (encoded) id goes. */
const routeOf = (path: (documentId: string) => string) => path('\0').replace(encodeURIComponent('\0'), ':documentId');

export function registerPublicFileRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(routeOf(publicPaths.fileView), { schema: { params: FileParams, hide: true } }, (request, reply) =>
    sendPublicFile(ctx, request, reply, request.params.documentId, 'inline'),
  );
  app.get(routeOf(publicPaths.fileDownload), { schema: { params: FileParams, hide: true } }, (request, reply) =>
    sendPublicFile(ctx, request, reply, request.params.documentId, 'attachment'),
  );
}

async function sendPublicFile(
  ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, documentId: string, disposition: 'inline' | 'attachment',
): Promise<FastifyReply> {
  // Public and the same for everyone: open-data clients in a browser may fetch it from anywhere.
  reply.header('access-control-allow-origin', '*');
  const document = findPublicFile(ctx.db, documentId);
  if (!document) {
    if (findPublicTombstone(ctx.db, 'document', documentId)) throw new HttpError(410, 'gone', 'This paper was published and has since been withdrawn or replaced');
    throw new HttpError(404, 'not-found', 'No public paper has this address');
  }
  const file = ctx.files.pathOf(document.sha256);
  const { size } = await stat(file);
  const etag = `"${document.sha256}"`;
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(publicFileName(document), { type: disposition }))
    .header('x-content-type-options', 'nosniff');
  // A version's bytes never change; its publication is when they became public.
  if (answerIfNotModified(request, reply, { etag, lastModified: document.publishedAt, cacheControl: publicCacheControl.file })) return reply;

  return sendFileBytes(request, reply, { path: file, size, etag });
}
