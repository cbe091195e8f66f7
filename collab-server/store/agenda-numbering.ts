/**
 * Agenda numbers follow the order: top-level items 1, 2, 3…, sub-items their
 * parent's number and a letter (3a, 3b…). An item whose number the clerk gave
 * keeps it, but still takes its place in the count, so the items after it keep
 * theirs too.
 */
import type { Db } from '../db/database.ts';
import type { ItemRow } from './rows.ts';

/** a, b, … z, aa, ab, … */
export function subItemLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
  return letters;
}

type NumberedRow = Pick<ItemRow, 'id' | 'parent_item_id' | 'position' | 'number' | 'number_overridden'>;

/** The number each item should carry, by id, for items listed in agenda order (parents before their sub-items). */
export function agendaNumbers(items: NumberedRow[]): Map<string, string> {
  const numbers = new Map<string, string>();
  const childCount = new Map<string | null, number>();
  const known = new Set(items.map((item) => item.id));
  for (const item of items) {
    const parent = item.parent_item_id && known.has(item.parent_item_id) ? item.parent_item_id : null;
    const index = childCount.get(parent) ?? 0;
    childCount.set(parent, index + 1);
    const automatic = parent === null ? String(index + 1) : `${numbers.get(parent) ?? ''}${subItemLetter(index)}`;
    numbers.set(item.id, item.number_overridden === 1 ? item.number : automatic);
  }
  return numbers;
}

/** Writes the automatic numbers of a meeting's live items after any change to its order. */
export function renumberAgenda(db: Db, meetingId: string, itemsInAgendaOrder: NumberedRow[]): void {
  const update = db.prepare('UPDATE items SET number = ? WHERE id = ? AND meeting_id = ?');
  const numbers = agendaNumbers(itemsInAgendaOrder);
  for (const item of itemsInAgendaOrder) {
    const number = numbers.get(item.id);
    if (number !== undefined && item.number !== number) update.run(number, item.id, meetingId);
  }
}
