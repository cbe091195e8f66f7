/**
 * The minutes text: Tiptap bound to the Yjs fragment MINUTES_FRAGMENT of the
 * host's replica (Collaboration), with the other authors' carets and names
 * (CollaborationCaret over CaretAwareness) and an undo that takes back only
 * this author's own edits (the Yjs UndoManager the Collaboration extension
 * brings tracks only changes made in this editor).
 */
import { Extension, type Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import { NodeSelection } from '@tiptap/pm/state';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { MINUTES_FRAGMENT, minutesNodes, type StockPhrase } from '../../../common/minutes.ts';
import type { UserProfile } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { colourFor } from '../presence/avatar.ts';
import { sectionItemIdAt } from './action-points.ts';
import { CaretAwareness } from './caret-awareness.ts';
import { ActionPointNode, KeepMinutesStructure, MinutesItemNode, RecordBlockNode } from './minutes-nodes.ts';
import { MinutesToolbar, type MinutesToolbarHandle } from './MinutesToolbar.tsx';
import { StockPhrasePicker } from './StockPhrasePicker.tsx';

interface MinutesEditorProps {
  doc: Y.Doc;
  docName: string;
  user: UserProfile;
  canWrite: boolean;
  phrases: StockPhrase[] | null;
  /** The editor once it exists (the screen's action list reads the document through it). */
  onEditor(editor: Editor | null): void;
}

/** Another author's caret: a coloured bar with their name (the text around it stays the text). */
function caretElement(user: { name: string; color: string }): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'minutes-caret';
  caret.style.borderColor = user.color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'minutes-caret__name';
  label.style.backgroundColor = user.color;
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

/** The awareness for the carets, made and destroyed with the component (one per document and person). */
function useCaretAwareness(docName: string, doc: Y.Doc, user: UserProfile): CaretAwareness | null {
  const bridge = useBridge();
  const [awareness, setAwareness] = useState<CaretAwareness | null>(null);
  useEffect(() => {
    const created = new CaretAwareness(bridge, docName, doc, { userId: user.id, name: user.displayName });
    setAwareness(created);
    return () => created.destroy();
  }, [bridge, docName, doc, user.id, user.displayName]);
  return awareness;
}

export function MinutesEditor(props: MinutesEditorProps) {
  const awareness = useCaretAwareness(props.docName, props.doc, props.user);
  return awareness ? <BoundEditor {...props} awareness={awareness} /> : null;
}

function BoundEditor({ doc, user, canWrite, phrases, onEditor, awareness }: MinutesEditorProps & { awareness: CaretAwareness }) {
  const toolbar = useRef<MinutesToolbarHandle>(null);
  const [picking, setPicking] = useState(false);
  const canWriteRef = useRef(canWrite);
  canWriteRef.current = canWrite;

  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          // Collaboration brings its own undo (this author's edits only); a trailing paragraph would be written by every reader.
          undoRedo: false,
          trailingNode: false,
          heading: { levels: [3, 4] },
          link: false,
          code: false,
          codeBlock: false,
          blockquote: false,
          horizontalRule: false,
          strike: false,
          underline: false,
        }),
        TableKit.configure({ table: { resizable: false } }),
        MinutesItemNode,
        RecordBlockNode,
        ActionPointNode,
        KeepMinutesStructure,
        Collaboration.configure({ document: doc, field: MINUTES_FRAGMENT }),
        CollaborationCaret.configure({
          provider: { awareness },
          user: { name: user.displayName, color: colourFor(user.id) },
          render: caretElement,
        }),
        Extension.create({
          name: 'minutesKeys',
          addKeyboardShortcuts: () => ({
            'Mod-Shift-p': () => {
              if (canWriteRef.current) setPicking(true);
              return true;
            },
            'Mod-Alt-a': () => {
              if (canWriteRef.current && editorRef.current) insertActionPoint(editorRef.current);
              return true;
            },
            'Alt-F10': () => {
              toolbar.current?.focus();
              return true;
            },
          }),
        }),
      ],
      editable: canWrite,
      editorProps: {
        attributes: {
          id: 'minutes-text',
          class: 'minutes-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('minutes.editor.label'),
        },
      },
      shouldRerenderOnTransaction: false,
    },
    [doc, awareness],
  );
  const editorRef = useRef<Editor | null>(editor);
  editorRef.current = editor;

  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  useEffect(() => {
    editor.setEditable(canWrite);
    editor.view.dom.setAttribute('aria-readonly', String(!canWrite));
  }, [editor, canWrite]);

  const pickPhrase = (phrase: StockPhrase) => {
    setPicking(false);
    insertAtSelection(editor, { type: 'text', text: phrase.text });
  };

  return (
    <div className="minutes-editor">
      {canWrite && (
        <div className="minutes-editor__tools">
          <MinutesToolbar ref={toolbar} editor={editor} onStockPhrase={() => setPicking(true)} onActionPoint={() => insertActionPoint(editor)} />
          {picking && (
            <StockPhrasePicker
              phrases={phrases}
              onPick={pickPhrase}
              onClose={() => {
                setPicking(false);
                editor.commands.focus();
              }}
            />
          )}
        </div>
      )}
      <EditorContent editor={editor} className="minutes-editor__content" />
    </div>
  );
}

/** Inserts content where the caret is; with a block chosen (an item heading, a record block) just after it, never in its place. */
function insertAtSelection(editor: Editor, content: { type: string; text?: string; attrs?: Record<string, unknown> }): void {
  const { selection } = editor.state;
  if (selection instanceof NodeSelection) {
    const block = content.type === 'text' ? { type: 'paragraph', content: [content] } : content;
    editor.chain().focus().insertContentAt(selection.to, block).run();
  } else {
    editor.chain().focus().insertContent(content).run();
  }
}

/** A new action point in the caret's item section, its "Action" field focused to be filled in. */
function insertActionPoint(editor: Editor): void {
  const before = new Set(editor.view.dom.querySelectorAll('.action-point'));
  const itemId = sectionItemIdAt(editor.state.doc, editor.state.selection.from);
  insertAtSelection(editor, { type: minutesNodes.actionPoint, attrs: { what: '', owner: '', due: null, itemId } });
  // The node view draws on the next frame.
  requestAnimationFrame(() => {
    const added = [...editor.view.dom.querySelectorAll('.action-point')].find((element) => !before.has(element));
    added?.querySelector('input')?.focus();
  });
}
