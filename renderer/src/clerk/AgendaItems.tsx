/**
 * The agenda builder's list: items and their sub-items, reordered by dragging
 * (dnd-kit, pointer or its keyboard mode: Space, arrows, Space) and by
 * keyboard (Alt+Arrow Up/Down on the handle, or the Move up / Move down
 * buttons), nested and un-nested, edited, deleted; each with its papers and a
 * drop zone. Every move is announced in a live region.
 */
import {
  DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { AgendaDocument, ClerkAgendaItem, ExemptionReason } from '../../../common/wire.ts';
import { LockIcon } from '../components/LockIcon.tsx';
import { formatNumber, t, tp } from '../i18n/index.ts';
import { CommandError } from '../session/CommandError.tsx';
import { useClerkChange } from './clerk-call.ts';
import { ItemFields, itemChange, type ItemDraft } from './ItemFields.tsx';
import { PaperDropZone } from './PaperDropZone.tsx';
import { FilePicker } from './FilePicker.tsx';
import { usePaperUploads } from './paper-uploads.ts';

interface AgendaItemsProps {
  items: ClerkAgendaItem[];
  documents: AgendaDocument[];
  reasons: ExemptionReason[];
  maxUploadBytes: number;
  /** Re-read the working copy. */
  onChanged: () => void;
}

/** Items grouped by parent (null: top level), in agenda order. */
function siblingsOf(items: ClerkAgendaItem[], parentId: string | null): ClerkAgendaItem[] {
  return items.filter((item) => item.parentItemId === parentId);
}

/** The list with `itemId` moved to `index` among its siblings (what the server will answer). */
function reordered(items: ClerkAgendaItem[], itemId: string, index: number): ClerkAgendaItem[] {
  const item = items.find((candidate) => candidate.id === itemId);
  if (!item) return items;
  const siblings = siblingsOf(items, item.parentItemId).filter((candidate) => candidate.id !== itemId);
  siblings.splice(index, 0, item);
  const others = items.filter((candidate) => candidate.parentItemId !== item.parentItemId);
  return [...siblings.map((sibling, position) => ({ ...sibling, position })), ...others];
}

const label = (item: ClerkAgendaItem) => `${item.number} ${item.title}`;

export function AgendaItems({ items: serverItems, documents, reasons, maxUploadBytes, onChanged }: AgendaItemsProps) {
  const change = useClerkChange();
  // A move shows at once; the server's answer (re-read) replaces it.
  const [moved, setMoved] = useState<ClerkAgendaItem[] | null>(null);
  useEffect(() => setMoved(null), [serverItems]);
  const items = moved ?? serverItems;
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  useEffect(() => {
    if (!focusAfterMove) return;
    document.querySelector<HTMLElement>(`[data-focus-key="${window.CSS.escape(focusAfterMove)}"]`)?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove, items]);

  const titleOf = (id: unknown) => items.find((item) => item.id === id)?.title ?? '';
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('clerk.agenda.dragStart', { title: titleOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('clerk.agenda.dragOver', { title: titleOf(active.id), other: titleOf(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('clerk.agenda.dragEnd', { title: titleOf(active.id), other: titleOf(over.id) }) : undefined),
    onDragCancel: ({ active }) => t('clerk.agenda.dragCancel', { title: titleOf(active.id) }),
  };

  const move = async (item: ClerkAgendaItem, index: number, focusKey: string) => {
    const siblings = siblingsOf(items, item.parentItemId);
    if (index < 0 || index >= siblings.length || siblings[index]?.id === item.id) return;
    setMoved(reordered(items, item.id, index));
    setFocusAfterMove(focusKey);
    const done = await change.run('clerk.updateItem', { itemId: item.id, change: { position: index } });
    if (done) setAnnouncement(t('clerk.agenda.moved', { title: item.title, position: index + 1, count: siblings.length }));
    else setMoved(null);
    onChanged();
  };
  const nest = async (item: ClerkAgendaItem, parentItemId: string | null, position?: number) => {
    setFocusAfterMove(`handle:${item.id}`);
    const done = await change.run('clerk.updateItem', { itemId: item.id, change: position === undefined ? { parentItemId } : { parentItemId, position } });
    if (done) setAnnouncement(parentItemId ? t('clerk.agenda.nested', { title: item.title, parent: titleOf(parentItemId) }) : t('clerk.agenda.unnested', { title: item.title }));
    onChanged();
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = items.find((candidate) => candidate.id === active.id);
    const target = items.find((candidate) => candidate.id === over?.id);
    // Dragging reorders within one list; nesting has its own buttons.
    if (!item || !target || target.parentItemId !== item.parentItemId) return;
    void move(item, siblingsOf(items, item.parentItemId).indexOf(target), `handle:${item.id}`);
  };

  const rowProps = { items, documents, reasons, maxUploadBytes, onChanged, move, nest };
  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <CommandError message={change.error} />
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('clerk.agenda.dragInstructions') } }}
      >
        <ItemList parentId={null} {...rowProps} />
      </DndContext>
    </>
  );
}

interface RowContext {
  items: ClerkAgendaItem[];
  documents: AgendaDocument[];
  reasons: ExemptionReason[];
  maxUploadBytes: number;
  onChanged: () => void;
  move(item: ClerkAgendaItem, index: number, focusKey: string): Promise<void>;
  nest(item: ClerkAgendaItem, parentItemId: string | null, position?: number): Promise<void>;
}

function ItemList({ parentId, ...context }: RowContext & { parentId: string | null }) {
  const siblings = siblingsOf(context.items, parentId);
  if (siblings.length === 0) return null;
  return (
    <SortableContext items={siblings.map((item) => item.id)} strategy={verticalListSortingStrategy}>
      <ol className={parentId ? 'builder-items builder-items--sub' : 'builder-items'} aria-label={parentId ? t('clerk.agenda.subItemsOf', { title: context.items.find((i) => i.id === parentId)?.title ?? '' }) : t('meeting.agenda')}>
        {siblings.map((item, index) => (
          <ItemRow key={item.id} item={item} index={index} siblings={siblings} {...context} />
        ))}
      </ol>
    </SortableContext>
  );
}

function ItemRow({ item, index, siblings, ...context }: RowContext & { item: ClerkAgendaItem; index: number; siblings: ClerkAgendaItem[] }) {
  const { items, documents, move, nest } = context;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: item.id });
  const [editing, setEditing] = useState(false);
  const remove = useClerkChange();
  const children = siblingsOf(items, item.id);
  const papers = documents.filter((document) => document.itemId === item.id);
  const uploads = usePaperUploads(item.id, context.maxUploadBytes, context.onChanged);
  const previous = siblings[index - 1];
  const parentIndex = item.parentItemId ? siblingsOf(items, null).findIndex((candidate) => candidate.id === item.parentItemId) : -1;

  const onHandleKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      void move(item, index + (event.key === 'ArrowUp' ? -1 : 1), `handle:${item.id}`);
      return;
    }
    listeners?.onKeyDown?.(event);
  };

  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`builder-item${isDragging ? ' builder-item--dragging' : ''}${item.confidential ? ' builder-item--confidential' : ''}`}
    >
      <div className="builder-item__row">
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="builder-item__handle"
          {...attributes}
          {...listeners}
          onKeyDown={onHandleKeyDown}
          aria-label={t('clerk.agenda.handle', { item: label(item) })}
          data-focus-key={`handle:${item.id}`}
        >
          <span aria-hidden="true">⠿</span>
        </button>
        <span className="builder-item__number">
          {item.number}
          {item.numberOverridden && <span className="visually-hidden"> {t('clerk.agenda.numberOverridden')}</span>}
        </span>
        <span className="builder-item__title">{item.title}</span>
        {item.confidential && (
          <span className="builder-item__confidential">
            <LockIcon />
            {t('meeting.confidentialReason', { reason: item.confidentialReason ?? '' })}
          </span>
        )}
      </div>
      <div className="builder-item__actions">
        <button type="button" className="button button--small" disabled={index === 0} aria-label={t('clerk.agenda.moveUp', { item: label(item) })}
          data-focus-key={`up:${item.id}`} onClick={() => void move(item, index - 1, index - 1 === 0 ? `down:${item.id}` : `up:${item.id}`)}>
          {t('clerk.agenda.moveUpShort')}
        </button>
        <button type="button" className="button button--small" disabled={index === siblings.length - 1} aria-label={t('clerk.agenda.moveDown', { item: label(item) })}
          data-focus-key={`down:${item.id}`} onClick={() => void move(item, index + 1, index + 1 === siblings.length - 1 ? `up:${item.id}` : `down:${item.id}`)}>
          {t('clerk.agenda.moveDownShort')}
        </button>
        {item.parentItemId === null ? (
          <button type="button" className="button button--small" disabled={!previous || children.length > 0}
            aria-label={t('clerk.agenda.nest', { item: label(item) })} onClick={() => previous && void nest(item, previous.id)}>
            {t('clerk.agenda.nestShort')}
          </button>
        ) : (
          <button type="button" className="button button--small" aria-label={t('clerk.agenda.unnest', { item: label(item) })}
            onClick={() => void nest(item, null, parentIndex + 1)}>
            {t('clerk.agenda.unnestShort')}
          </button>
        )}
        <button type="button" className="button button--small" aria-expanded={editing} aria-label={t('clerk.agenda.edit', { item: label(item) })}
          onClick={() => setEditing((open) => !open)}>
          {t('clerk.agenda.editShort')}
        </button>
        <button type="button" className="button button--small button--danger" disabled={remove.busy} aria-label={t('clerk.agenda.delete', { item: label(item) })}
          onClick={() => {
            if (!window.confirm(t('clerk.agenda.deleteConfirm', { item: label(item) }))) return;
            void remove.run('clerk.deleteItem', { itemId: item.id }).then(context.onChanged);
          }}>
          {t('clerk.agenda.deleteShort')}
        </button>
      </div>
      <CommandError message={remove.error} />
      {editing && <ItemEditor item={item} reasons={context.reasons} onDone={() => { setEditing(false); context.onChanged(); }} />}
      {papers.length > 0 && (
        <ul className="builder-papers" aria-label={t('meeting.itemDocuments', { number: item.number })}>
          {papers.map((paper) => (
            <li key={paper.id} className="builder-paper">
              <span className="builder-paper__name">{paper.name}</span>
              <span className="builder-paper__meta">
                {t(`kind.${paper.kind}`)} · {tp('meeting.pages', paper.pageCount)} · {t('clerk.papers.bytes', { size: formatNumber(paper.size) })}
                {paper.version > 1 && ` · ${t('clerk.papers.version', { version: paper.version })}`}
              </span>
              <FilePicker
                text={t('clerk.papers.replace')}
                label={t('clerk.papers.replaceOf', { name: paper.name })}
                multiple={false}
                onFiles={(files) => uploads.upload(files.slice(0, 1), paper.id)}
              />
            </li>
          ))}
        </ul>
      )}
      <PaperDropZone itemLabel={label(item)} papers={uploads} />
      {children.length > 0 && <ItemList parentId={item.id} {...context} />}
    </li>
  );
}

function ItemEditor({ item, reasons, onDone }: { item: ClerkAgendaItem; reasons: ExemptionReason[]; onDone: () => void }) {
  const save = useClerkChange();
  const [draft, setDraft] = useState<ItemDraft>({
    title: item.title,
    number: item.numberOverridden ? item.number : '',
    confidential: item.confidential,
    reason: item.confidentialReason ?? '',
    titlePublic: item.titlePublic ?? false,
  });
  return (
    <form
      className="builder-item__editor"
      aria-label={t('clerk.agenda.edit', { item: label(item) })}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run('clerk.updateItem', { itemId: item.id, change: itemChange(draft) }).then((saved) => saved && onDone());
      }}
    >
      <ItemFields draft={draft} onDraft={setDraft} reasons={reasons} automaticNumber={item.numberOverridden ? null : item.number} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.busy}>
          {t('clerk.item.save')}
        </button>
      </div>
      <CommandError message={save.error} />
    </form>
  );
}
