/**
 * The minutes' own nodes for Tiptap (see common/minutes.ts for the shapes the
 * server seeds and exports): the item heading, the blocks filled from the
 * meeting record, and action points. All three are leaves (atoms) whose
 * attributes are the whole of their content; React node views draw them.
 *
 * A guard keeps the structure: an edit of ours that would remove an item's
 * heading or a record block is not applied (the server never deletes them
 * either), so the document stays one section per agenda item.
 */
import { Extension, Node, mergeAttributes, type Attribute } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react';
import type { ComponentType } from 'react';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { minutesNodes } from '../../../common/minutes.ts';
import { ActionPointView } from './ActionPointView.tsx';
import { MinutesItemView } from './MinutesItemView.tsx';
import { RecordBlockView } from './RecordBlockView.tsx';

/** An attribute kept in the Yjs element and in pasted HTML as `data-<name>` (JSON, so booleans stay booleans). */
function dataAttribute(name: string, fallback: string | boolean | null): Attribute {
  return {
    default: fallback,
    parseHTML: (element) => {
      const raw = element.getAttribute(`data-${name}`);
      if (raw === null) return fallback;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return fallback;
      }
    },
    renderHTML: (attributes) => {
      const value = attributes[name] as unknown;
      return value === null || value === undefined ? {} : { [`data-${name}`]: JSON.stringify(value) };
    },
  };
}

/** A leaf block of the minutes: its attributes, the `data-<marker>` element it is in HTML, and its React node view. */
function leafBlock(name: string, marker: string, attributes: Record<string, Attribute>, view: ComponentType<ReactNodeViewProps>) {
  return Node.create({
    name,
    group: 'block',
    atom: true,
    selectable: true,
    draggable: false,
    addAttributes: () => attributes,
    parseHTML: () => [{ tag: `div[data-${marker}]` }],
    renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { [`data-${marker}`]: '' })],
    addNodeView: () => ReactNodeViewRenderer(view),
  });
}

export const MinutesItemNode = leafBlock(
  minutesNodes.itemSection,
  'minutes-item',
  {
    itemId: dataAttribute('item-id', null),
    number: dataAttribute('number', ''),
    title: dataAttribute('title', ''),
    confidential: dataAttribute('confidential', false),
  },
  MinutesItemView,
);

export const RecordBlockNode = leafBlock(
  minutesNodes.recordBlock,
  'record-block',
  {
    kind: dataAttribute('kind', 'attendance'),
    itemId: dataAttribute('item-id', null),
    voteId: dataAttribute('vote-id', null),
    frozen: dataAttribute('frozen', false),
    frozenText: dataAttribute('frozen-text', null),
  },
  RecordBlockView,
);

export const ActionPointNode = leafBlock(
  minutesNodes.actionPoint,
  'action-point',
  {
    what: dataAttribute('what', ''),
    owner: dataAttribute('owner', ''),
    due: dataAttribute('due', null),
    itemId: dataAttribute('item-id', null),
  },
  ActionPointView,
);

/** Item headings and record blocks by kind and ids: what an edit of ours may not take away. */
function structureOf(doc: ProseMirrorNode): Map<string, number> {
  const counts = new Map<string, number>();
  doc.forEach((node) => {
    let key: string | null = null;
    if (node.type.name === minutesNodes.itemSection) key = `item:${String(node.attrs.itemId)}`;
    else if (node.type.name === minutesNodes.recordBlock) key = `record:${String(node.attrs.kind)}:${String(node.attrs.itemId)}:${String(node.attrs.voteId)}`;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return counts;
}

/** Refuses local edits that would delete an item heading or a record block (remote changes always apply). */
export const KeepMinutesStructure = Extension.create({
  name: 'keepMinutesStructure',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepMinutesStructure'),
        filterTransaction: (transaction, state) => {
          if (!transaction.docChanged || transaction.getMeta(ySyncPluginKey)) return true;
          const after = structureOf(transaction.doc);
          for (const [key, count] of structureOf(state.doc)) {
            if ((after.get(key) ?? 0) < count) return false;
          }
          return true;
        },
      }),
    ];
  },
});
