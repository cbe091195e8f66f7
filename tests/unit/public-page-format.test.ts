/** How the public pages write times (in the council's zone, whatever the server's), sizes and paper descriptions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentDescription, documentTitle, formatDateTime, formatFileSize, yearOf } from '../../collab-server/public/pages/format.ts';

test('times are shown in the council’s zone, summer time included', () => {
  assert.equal(formatDateTime('2026-07-01T17:30:00.000Z', 'Europe/London'), 'Wednesday, 1 July 2026 at 6:30 pm');
  assert.equal(formatDateTime('2026-12-02T18:30:00.000Z', 'Europe/London'), 'Wednesday, 2 December 2026 at 6:30 pm');
  assert.equal(formatDateTime('2026-07-01T17:30:00.000Z', 'Europe/Oslo'), 'Wednesday, 1 July 2026 at 7:30 pm');
  assert.equal(yearOf('2025-12-31T23:30:00.000Z', 'Europe/Oslo'), '2026', 'the year where the council is');
});

test('sizes and descriptions say what a link leads to', () => {
  assert.equal(formatFileSize(1), '1 byte');
  assert.equal(formatFileSize(850), '850 bytes');
  assert.equal(formatFileSize(14 * 1024), '14 KB');
  assert.equal(formatFileSize(1.25 * 1024 * 1024), '1.3 MB');
  assert.equal(documentDescription({ kind: 'report', size: 1_258_291, pageCount: 14 }), 'Report, PDF, 1.2 MB, 14 pages');
  assert.equal(documentDescription({ kind: 'minutes', size: 2048, pageCount: 1 }), 'Minutes, PDF, 2 KB, 1 page');
  assert.equal(documentTitle('Officer report.PDF'), 'Officer report');
  assert.equal(documentTitle('.pdf'), '.pdf');
});
