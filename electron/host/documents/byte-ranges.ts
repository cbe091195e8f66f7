/**
 * The host's answer to pdf.js asking for a cached document by URL and then for
 * the pieces it needs. Plain Node, shared by browser mode (Fastify) and
 * Electron's `app://` handler; the headers are parsed by common/node/byte-ranges.ts.
 *
 * Anything we cannot satisfy exactly gets 416 or, for a stale `If-Range`, the whole file.
 */
import { parseByteRange, rangeToHonour, type ByteRangeRequest } from '../../../common/node/byte-ranges.ts';

export interface ServedFile {
  size: number;
  /** Strong ETag, quoted (the file's SHA-256: the content never changes under one name). */
  etag: string;
}

/** What to answer: the status, the headers, and which bytes (end inclusive; none for 416). */
export interface RangeAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: { start: number; end: number } | null;
}

export function answerByteRange(file: ServedFile, request: ByteRangeRequest): RangeAnswer {
  const headers: Record<string, string> = {
    'content-type': 'application/pdf',
    'accept-ranges': 'bytes',
    etag: file.etag,
    // The bytes sit on this machine already; a browser cache copy would only double them.
    'cache-control': 'no-store',
  };
  const whole = (): RangeAnswer => ({
    status: 200,
    headers: { ...headers, 'content-length': String(file.size) },
    body: file.size === 0 ? null : { start: 0, end: file.size - 1 },
  });
  const range = rangeToHonour(request, file.etag);
  if (range === undefined) return whole();
  const span = parseByteRange(range, file.size);
  if (span === null) return whole();
  if (span === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}`, 'content-length': '0' }, body: null };
  }
  return {
    status: 206,
    headers: {
      ...headers,
      'content-length': String(span.end - span.start + 1),
      'content-range': `bytes ${span.start}-${span.end}/${file.size}`,
    },
    body: span,
  };
}
