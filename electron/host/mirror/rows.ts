/** Mirror rows share their layout and wire mapping with the server (common/rows.ts); agenda order is the mirror's own. */
import type { AgendaItem } from '../../../common/wire.ts';

export { toDocument as documentFromRow, toItem as itemFromRow, toMeeting as meetingFromRow } from '../../../common/rows.ts';
export type { DocumentRow, ItemRow, MeetingRow } from '../../../common/rows.ts';

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
