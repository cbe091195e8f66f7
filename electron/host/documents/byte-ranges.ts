/**
 * HTTP byte ranges for serving a cached document to pdf.js, which asks for
 * the file by URL and then for the pieces it needs (`Range: bytes=a-b`).
 * Plain Node, shared by browser mode (Fastify) and Electron's `app://` handler.
 *
 * One range per request (pdf.js never asks for more); anything we cannot
 * satisfy exactly gets 416 or, for a stale `If-Range`, the whole file.
 */

export interface ByteRangeRequest {
  /** The `Range` header, if any. */
  range?: string | undefined;
  /** The `If-Range` header, if any: only honour `range` when it names this file. */
  ifRange?: string | undefined;
}

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

const singleRange = /^bytes=(\d*)-(\d*)$/;

/** The inclusive byte span a `Range` header asks for, 'unsatisfiable', or null when it is not one we honour. */
export function parseByteRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = singleRange.exec(header.trim());
  if (!match) return null; // Multiple ranges or another unit: answer with the whole file, as RFC 9110 allows.
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return 'unsatisfiable';
  return { start, end };
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
  if (request.range === undefined) return whole();
  if (request.ifRange !== undefined && request.ifRange.trim() !== file.etag) return whole();
  const span = parseByteRange(request.range, file.size);
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
