/**
 * Sends a stored PDF's bytes, whole or one byte range (`Range`, honoured only
 * when `If-Range` names this version): members' document downloads and the
 * public file URLs answer ranges the same way, for pdf.js and resumed downloads.
 * The caller has set its own headers (type, caching) and answered 304s.
 */
import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseByteRange, rangeToHonour } from '../../common/node/byte-ranges.ts';
import { HttpError } from './errors.ts';

export function sendFileBytes(request: FastifyRequest, reply: FastifyReply, file: { path: string; size: number; etag: string }): FastifyReply {
  const { path, size, etag } = file;
  reply.header('accept-ranges', 'bytes');
  const rangeHeader = rangeToHonour({ range: request.headers.range, ifRange: request.headers['if-range']?.toString() }, etag);
  const range = rangeHeader === undefined ? null : parseByteRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new HttpError(416, 'range-not-satisfiable', `The range ${rangeHeader} is outside the document's ${size} bytes`);
  }
  if (range) {
    reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
    return reply.send(createReadStream(path, { start: range.start, end: range.end }));
  }
  reply.header('content-length', size);
  return reply.send(createReadStream(path));
}
