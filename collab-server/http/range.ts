/**
 * Parses a single-range `Range: bytes=…` header against a resource size.
 * Returns null when the header should be ignored (malformed, or several ranges:
 * the whole file is sent instead, as RFC 9110 allows), or 'unsatisfiable'.
 */
export function parseRange(header: string, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return null;
  if (startText === '') {
    // Suffix range: the last N bytes.
    const length = Number(endText);
    if (length === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(startText);
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (start >= size || (endText !== '' && Number(endText) < start)) return 'unsatisfiable';
  return { start, end };
}
