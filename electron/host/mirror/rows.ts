/** Mapping between mirror rows (snake_case, integers for booleans) and the wire types. */
import type { AgendaDocument, AgendaItem, Meeting } from '../../../common/wire.ts';

export interface MeetingRow {
  id: string;
  committee_id: string;
  title: string;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
  state: Meeting['state'];
  published_version: number;
  change_note: string | null;
}

export interface ItemRow {
  id: string;
  meeting_id: string;
  parent_item_id: string | null;
  position: number;
  number: string;
  title: string;
  confidential: number;
  confidential_reason: string | null;
}

export interface DocumentRow {
  id: string;
  item_id: string;
  lineage_id: string;
  version: number;
  kind: AgendaDocument['kind'];
  name: string;
  sha256: string;
  size: number;
  page_count: number;
  has_text: number;
  created_at: string;
}

export function meetingFromRow(row: MeetingRow): Meeting {
  return {
    id: row.id,
    committeeId: row.committee_id,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: row.venue,
    state: row.state,
    publishedVersion: row.published_version,
    changeNote: row.change_note,
  };
}

export function itemFromRow(row: ItemRow): AgendaItem {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    parentItemId: row.parent_item_id,
    position: row.position,
    number: row.number,
    title: row.title,
    confidential: row.confidential === 1,
    confidentialReason: row.confidential_reason,
  };
}

export function documentFromRow(row: DocumentRow): AgendaDocument {
  return {
    id: row.id,
    itemId: row.item_id,
    lineageId: row.lineage_id,
    version: row.version,
    kind: row.kind,
    name: row.name,
    sha256: row.sha256,
    size: row.size,
    pageCount: row.page_count,
    hasText: row.has_text === 1,
    createdAt: row.created_at,
  };
}

/**
 * Agenda order: siblings by position, each parent directly followed by its
 * sub-items. Items whose parent is not visible (e.g. purged) follow at the top level.
 */
export function agendaOrder<T extends AgendaItem>(items: T[]): T[] {
  const ids = new Set(items.map((item) => item.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentItemId !== null && ids.has(item.parentItemId) ? item.parentItemId : null;
    const list = children.get(parent) ?? [];
    list.push(item);
    children.set(parent, list);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null): void => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.position - b.position || a.number.localeCompare(b.number));
    for (const item of list) {
      ordered.push(item);
      visit(item.id);
    }
  };
  visit(null);
  return ordered;
}
