/**
 * The minutes editor's toolbar: one tab stop (a roving tabindex, as the WAI-ARIA
 * toolbar pattern has it): arrow keys, Home and End move between its buttons,
 * Escape goes back to the text, Alt+F10 in the text comes here. Every button
 * is labelled with words and names its keyboard shortcut.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageId } from '../i18n/en.ts';
import { t } from '../i18n/index.ts';

export interface MinutesToolbarHandle {
  /** Moves the keyboard to the toolbar (its current button). */
  focus(): void;
}

interface MinutesToolbarProps {
  editor: Editor;
  onStockPhrase(): void;
  onActionPoint(): void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** `Mod-Shift-8` as ARIA names it (`Control+Shift+8`; `Meta` on a Mac) and as people read it. */
function shortcut(keys: string): { aria: string; shown: string } {
  const parts = keys.split('-').map((part) => (part === 'Mod' ? (isMac ? 'Meta' : 'Control') : part));
  const shownNames: Record<string, string> = { Meta: '⌘', Control: 'Ctrl', Shift: 'Shift', Alt: isMac ? '⌥' : 'Alt' };
  return { aria: parts.join('+'), shown: parts.map((part) => shownNames[part] ?? part.toUpperCase()).join('+') };
}

interface ToolbarAction {
  id: string;
  label: MessageId;
  keys: string | null;
  /** Shown as pressed (a mark or block type that applies at the selection). */
  pressed?: boolean;
  /** Cannot apply here (e.g. a table command outside a table); stays focusable, as the pattern asks. */
  unavailable?: boolean;
  run(): void;
  /** Starts a group (a separator before it). */
  group?: boolean;
}

export const MinutesToolbar = forwardRef<MinutesToolbarHandle, MinutesToolbarProps>(function MinutesToolbar({ editor, onStockPhrase, onActionPoint }, ref) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading: current.isActive('heading', { level: 3 }),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      inTable: current.isActive('table'),
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const actions: ToolbarAction[] = [
    { id: 'bold', label: 'minutes.toolbar.bold', keys: 'Mod-b', pressed: active.bold, run: () => chain().toggleBold().run() },
    { id: 'italic', label: 'minutes.toolbar.italic', keys: 'Mod-i', pressed: active.italic, run: () => chain().toggleItalic().run() },
    { id: 'heading', label: 'minutes.toolbar.heading', keys: 'Mod-Alt-3', pressed: active.heading, run: () => chain().toggleHeading({ level: 3 }).run(), group: true },
    { id: 'bullets', label: 'minutes.toolbar.bulletList', keys: 'Mod-Shift-8', pressed: active.bulletList, run: () => chain().toggleBulletList().run() },
    { id: 'numbers', label: 'minutes.toolbar.orderedList', keys: 'Mod-Shift-7', pressed: active.orderedList, run: () => chain().toggleOrderedList().run() },
    { id: 'table', label: 'minutes.toolbar.table', keys: null, run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), group: true },
    { id: 'row', label: 'minutes.toolbar.addRow', keys: null, unavailable: !active.inTable, run: () => chain().addRowAfter().run() },
    { id: 'column', label: 'minutes.toolbar.addColumn', keys: null, unavailable: !active.inTable, run: () => chain().addColumnAfter().run() },
    { id: 'deleteTable', label: 'minutes.toolbar.deleteTable', keys: null, unavailable: !active.inTable, run: () => chain().deleteTable().run() },
    { id: 'phrase', label: 'minutes.toolbar.stockPhrase', keys: 'Mod-Shift-p', run: onStockPhrase, group: true },
    { id: 'action', label: 'minutes.toolbar.actionPoint', keys: 'Mod-Alt-a', run: onActionPoint },
    { id: 'undo', label: 'minutes.toolbar.undo', keys: 'Mod-z', unavailable: !active.canUndo, run: () => chain().undo().run(), group: true },
    { id: 'redo', label: 'minutes.toolbar.redo', keys: 'Mod-Shift-z', unavailable: !active.canRedo, run: () => chain().redo().run() },
  ];

  const [current, setCurrent] = useState(0);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  useImperativeHandle(ref, () => ({ focus: () => buttons.current[current]?.focus() }), [current]);

  const move = (index: number) => {
    const next = (index + actions.length) % actions.length;
    setCurrent(next);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowRight') move(current + 1);
    else if (event.key === 'ArrowLeft') move(current - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(actions.length - 1);
    else if (event.key === 'Escape') editor.commands.focus();
    else return;
    event.preventDefault();
  };

  return (
    <div className="minutes-toolbar" role="toolbar" aria-label={t('minutes.toolbar.label')} aria-controls="minutes-text" onKeyDown={onKeyDown}>
      {actions.map((action, index) => {
        const keys = action.keys ? shortcut(action.keys) : null;
        const label = t(action.label);
        return (
          <button
            key={action.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            className={`button button--small minutes-toolbar__button${action.group && index > 0 ? ' minutes-toolbar__button--group' : ''}`}
            tabIndex={index === current ? 0 : -1}
            aria-pressed={action.pressed === undefined ? undefined : action.pressed}
            aria-disabled={action.unavailable ? true : undefined}
            aria-keyshortcuts={keys?.aria}
            title={keys ? `${label} (${keys.shown})` : label}
            onFocus={() => setCurrent(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              if (!action.unavailable) action.run();
            }}
          >
            {label}
          </button>
        );
      })}
    </div>
  );
});
