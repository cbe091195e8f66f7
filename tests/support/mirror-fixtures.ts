/** Feed rows for mirror unit tests: a meeting, an agenda item and a document with test defaults. */
import type { AgendaDocument, AgendaItem, Meeting } from '../../common/wire.ts';

/** A fake file hash made from a number (files of document `n` are `1000 * n` bytes). */
export const sha = (n: number): string => n.toString(16).padStart(64, '0');

export const meeting = (id: string, startsAt: string): Meeting => ({
  id,
  committeeId: 'c1',
  title: `Meeting ${id}`,
  startsAt,
  endsAt: null,
  venue: null,
  state: 'published',
  publishedVersion: 1,
  changeNote: null,
});

export const item = (id: string, meetingId: string, position: number, extra: Partial<AgendaItem> = {}): AgendaItem => ({
  id,
  meetingId,
  parentItemId: null,
  position,
  number: String(position + 1),
  title: `Item ${id}`,
  confidential: false,
  confidentialReason: null,
  ...extra,
});

export const document = (id: string, itemId: string, n: number, extra: Partial<AgendaDocument> = {}): AgendaDocument => ({
  id,
  itemId,
  lineageId: id,
  version: 1,
  kind: 'report',
  name: `Paper ${id}`,
  sha256: sha(n),
  size: 1000 * n,
  pageCount: 3,
  hasText: true,
  createdAt: '2026-11-01T10:00:00.000Z',
  ...extra,
});
