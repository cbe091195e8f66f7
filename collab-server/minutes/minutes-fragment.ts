/**
 * The server's writes into a meeting's minutes fragment (common/minutes.ts has
 * its shape): the structure it starts with, sections for items added later,
 * and a vote block when a vote closes. Plain Yjs (Y.XmlElement), no
 * ProseMirror: the nodes are the leaves the editor's schema declares, with
 * null attributes left out as y-prosemirror does. Nothing here deletes.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT, type RecordBlockKind, minutesNodes } from '../../common/minutes.ts';

/** What a section needs of an agenda item. */
export interface SectionItem {
  id: string;
  number: string;
  title: string;
  confidential: boolean;
}

export const minutesFragmentOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(MINUTES_FRAGMENT);

function element(nodeName: string, attributes: Record<string, string | boolean | null>): Y.XmlElement {
  const node = new Y.XmlElement(nodeName);
  for (const [key, value] of Object.entries(attributes)) if (value !== null) node.setAttribute(key, value as string);
  return node;
}

const recordBlock = (kind: RecordBlockKind, itemId: string | null, voteId: string | null = null) =>
  element(minutesNodes.recordBlock, { kind, itemId, voteId, frozen: false });

/** An item's heading, its declarations block and an empty paragraph to write in. */
function section(item: SectionItem): Y.XmlElement[] {
  return [
    element(minutesNodes.itemSection, { itemId: item.id, number: item.number, title: item.title, confidential: item.confidential }),
    recordBlock('declarations', item.id),
    new Y.XmlElement('paragraph'),
  ];
}

const attribute = (node: unknown, name: string): unknown => (node instanceof Y.XmlElement ? node.getAttribute(name) : undefined);
const isSectionOf = (node: unknown, itemId?: string) =>
  node instanceof Y.XmlElement && node.nodeName === minutesNodes.itemSection && (itemId === undefined || node.getAttribute('itemId') === itemId);

/** True while the fragment holds nothing at all: the server seeds it then, and only then. */
export const isEmptyMinutes = (fragment: Y.XmlFragment) => fragment.length === 0;

/** The structure the minutes start with: attendance at the top, then a section per item in agenda order. */
export function seedMinutes(fragment: Y.XmlFragment, items: SectionItem[]): void {
  fragment.insert(0, [recordBlock('attendance', null), ...items.flatMap(section)]);
}

/** Index just past the section of `itemId` (where its next content goes), or -1 when it has none. */
function endOfSection(fragment: Y.XmlFragment, itemId: string): number {
  const nodes = fragment.toArray();
  const start = nodes.findIndex((node) => isSectionOf(node, itemId));
  if (start < 0) return -1;
  const next = nodes.findIndex((node, index) => index > start && isSectionOf(node));
  return next < 0 ? nodes.length : next;
}

/**
 * Sections for agenda items the minutes do not have yet (added to the agenda after the minutes
 * began), each placed after the section of the item before it in the agenda; returns how many.
 */
export function appendMissingSections(fragment: Y.XmlFragment, items: SectionItem[]): number {
  let added = 0;
  items.forEach((item, index) => {
    if (endOfSection(fragment, item.id) >= 0) return;
    const previous = items.slice(0, index).reverse().find((candidate) => endOfSection(fragment, candidate.id) >= 0);
    // No earlier item has a section: it goes before the first section (after the attendance block).
    const firstSection = fragment.toArray().findIndex((node) => isSectionOf(node));
    const at = previous ? endOfSection(fragment, previous.id) : firstSection < 0 ? fragment.length : firstSection;
    fragment.insert(at, section(item));
    added += 1;
  });
  return added;
}

/** Adds the vote's block at the end of its item's section, once (a block for this vote already anywhere is enough). */
export function addVoteBlock(fragment: Y.XmlFragment, item: SectionItem, voteId: string): boolean {
  const present = fragment
    .toArray()
    .some((node) => attribute(node, 'voteId') === voteId && attribute(node, 'kind') === 'vote');
  if (present) return false;
  if (endOfSection(fragment, item.id) < 0) appendMissingSections(fragment, [item]);
  fragment.insert(endOfSection(fragment, item.id), [recordBlock('vote', item.id, voteId)]);
  return true;
}

/** The SHA-256 of the text as approved: the fragment serialised canonically (Y.XmlFragment#toString). */
export function minutesTextSha256(fragment: Y.XmlFragment): string {
  return createHash('sha256').update(fragment.toString()).digest('hex');
}
