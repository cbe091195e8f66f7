/** Turns the flat, agenda-ordered item list into a tree of items and their sub-items. */
import type { AgendaItemWithDocuments, MeetingDetail, MirroredDocument } from '../../../common/bridge.ts';

export interface AgendaNode {
  item: AgendaItemWithDocuments;
  children: AgendaNode[];
}

export function buildAgendaTree(items: AgendaItemWithDocuments[]): AgendaNode[] {
  const nodes = new Map(items.map((item) => [item.id, { item, children: [] as AgendaNode[] }]));
  const roots: AgendaNode[] = [];
  for (const item of items) {
    const node = nodes.get(item.id);
    if (!node) continue;
    const parent = item.parentItemId ? nodes.get(item.parentItemId) : undefined;
    // An orphaned sub-item (parent not visible to this user) still shows, at top level.
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A document of the meeting by id: an item's paper with its item, or one of the whole meeting (an agenda pack, the minutes) with none. */
export function findDocument(
  detail: Pick<MeetingDetail, 'items' | 'documents'>,
  documentId: string,
): { item: AgendaItemWithDocuments | null; document: MirroredDocument } | null {
  for (const item of detail.items) {
    const document = item.documents.find((candidate) => candidate.id === documentId);
    if (document) return { item, document };
  }
  const document = detail.documents.find((candidate) => candidate.id === documentId);
  return document ? { item: null, document } : null;
}
