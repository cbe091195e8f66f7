/**
 * One annotation opened in the list: its text, its replies, a reply box, and
 * what its author may do with it (edit, colour, share, delete).
 */
import { useState, type FormEvent } from 'react';
import type { LayeredAnnotation } from '../../../common/annotations.ts';
import { t } from '../i18n/index.ts';
import type { AnnotationsState } from './annotations-context.tsx';
import { ColourSwatches } from './ColourSwatches.tsx';
import { describeAnnotation } from './describe.ts';

export function AnnotationThread({ annotation, state }: { annotation: LayeredAnnotation; state: AnnotationsState }) {
  const own = annotation.authorId === state.author.id;
  const replies = state.all.filter((a) => a.kind === 'note' && a.replyTo === annotation.id);
  const [editing, setEditing] = useState(false);

  return (
    <div className="annotation-thread" data-testid="annotation-thread">
      {annotation.kind === 'note' && !editing && <p className="annotation-thread__text">{annotation.text}</p>}
      {annotation.kind === 'note' && editing && (
        <TextForm
          label={t('annotations.editLabel')}
          initial={annotation.text}
          submitLabel={t('annotations.save')}
          onCancel={() => setEditing(false)}
          onSubmit={(text) => {
            state.update(annotation, { text });
            setEditing(false);
          }}
        />
      )}
      {replies.length > 0 && (
        <ol className="annotation-thread__replies" aria-label={t('annotations.replies')}>
          {replies.map((reply) => (
            <li key={reply.id} className="annotation-reply" data-testid="annotation-reply" data-annotation-id={reply.id}>
              <p className="annotation-reply__meta">{describeAnnotation(reply)}</p>
              <p>{reply.kind === 'note' ? reply.text : ''}</p>
              {reply.authorId === state.author.id && (
                <button type="button" className="button button--quiet button--small" onClick={() => state.remove(reply)}>
                  {t('annotations.deleteReply')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {!annotation.unplaced && (annotation.layer === 'private' || state.canShare) && (
        <TextForm
          label={t('annotations.replyLabel')}
          submitLabel={t('annotations.reply')}
          onSubmit={(text) => {
            const at = annotation.kind === 'note' ? annotation.at : { x: 0, y: 0 };
            state.create({ kind: 'note', page: annotation.page, at, text, replyTo: annotation.id }, annotation.layer);
          }}
        />
      )}
      {own && (
        <div className="annotation-thread__actions">
          <ColourSwatches small selected={annotation.colour} onChoose={(colour) => state.update(annotation, { colour })} />
          {annotation.kind === 'note' && !editing && (
            <button type="button" className="button button--quiet button--small" onClick={() => setEditing(true)}>
              {t('annotations.edit')}
            </button>
          )}
          {annotation.layer === 'private' && state.canShare && (
            <button type="button" className="button button--quiet button--small" onClick={() => state.share(annotation)} data-testid="annotation-share">
              {t('annotations.share')}
            </button>
          )}
          <button type="button" className="button button--danger button--small" onClick={() => state.remove(annotation)} data-testid="annotation-delete">
            {t('annotations.delete')}
          </button>
        </div>
      )}
    </div>
  );
}

interface TextFormProps {
  label: string;
  submitLabel: string;
  initial?: string;
  onSubmit: (text: string) => void;
  onCancel?: () => void;
}

function TextForm({ label, submitLabel, initial = '', onSubmit, onCancel }: TextFormProps) {
  const [text, setText] = useState(initial);
  const [id] = useState(() => `annotation-text-${Math.random().toString(36).slice(2)}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onSubmit(text.trim());
    setText('');
  };
  return (
    <form className="annotation-text-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea id={id} rows={2} placeholder={label} value={text} onChange={(event) => setText(event.target.value)} />
      <div className="annotation-text-form__actions">
        <button type="submit" className="button button--primary button--small" disabled={!text.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet button--small" onClick={onCancel}>
            {t('annotations.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
