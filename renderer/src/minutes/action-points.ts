/**
 * Action points as the meeting's action list: gathered from the minutes in
 * document order, each with the agenda item whose section holds it.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { minutesNodes } from '../../../common/minutes.ts';

export interface ActionPointEntry {
  what: string;
  owner: string;
  due: string | null;
  /** "5 Land north of Mill Lane": the item whose section holds it, or null before the first item. */
  item: string | null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function actionPointsOf(doc: ProseMirrorNode): ActionPointEntry[] {
  const entries: ActionPointEntry[] = [];
  let item: string | null = null;
  doc.forEach((node) => {
    if (node.type.name === minutesNodes.itemSection) item = `${text(node.attrs.number)} ${text(node.attrs.title)}`.trim();
    if (node.type.name === minutesNodes.actionPoint) {
      entries.push({ what: text(node.attrs.what), owner: text(node.attrs.owner), due: typeof node.attrs.due === 'string' ? node.attrs.due : null, item });
    }
  });
  return entries;
}

/** The item id of the section holding position `pos` (the last item heading before it), or null. */
export function sectionItemIdAt(doc: ProseMirrorNode, pos: number): string | null {
  let itemId: string | null = null;
  doc.forEach((node, offset) => {
    if (offset <= pos && node.type.name === minutesNodes.itemSection) itemId = typeof node.attrs.itemId === 'string' ? node.attrs.itemId : null;
  });
  return itemId;
}

const dueFormat = new Intl.DateTimeFormat(typeof navigator !== 'undefined' ? navigator.language : 'en', { dateStyle: 'medium', timeZone: 'UTC' });

/** A due date (yyyy-mm-dd) in the reader's way of writing dates. */
export function formatDueDate(due: string): string {
  const date = new Date(`${due}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? due : dueFormat.format(date);
}
