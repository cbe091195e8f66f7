/**
 * HTTP byte ranges (`Range: bytes=a-b`), as pdf.js asks for the pieces of a
 * paper it needs: the server's document downloads and the host's serving of
 * its cached copies read the headers the same way.
 *
 * One range per request (pdf.js never asks for more); several ranges or
 * another unit are ignored and the whole file is sent, as RFC 9110 allows.
 */

export interface ByteRangeRequest {
  /** The `Range` header, if any. */
  range?: string | undefined;
  /** The `If-Range` header, if any: only honour `range` when it names this file. */
  ifRange?: string | undefined;
}

/** The `Range` header to honour, or undefined when there is none or `If-Range` names another version of the file. */
export function rangeToHonour(request: ByteRangeRequest, etag: string): string | undefined {
  if (request.ifRange !== undefined && request.ifRange.trim() !== etag) return undefined;
  return request.range;
}

const singleRange = /^bytes=(\d*)-(\d*)$/;

/** The inclusive byte span a `Range` header asks for, 'unsatisfiable', or null when it is not one we honour. */
export function parseByteRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = singleRange.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix range: the last N bytes (an empty file has none).
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
