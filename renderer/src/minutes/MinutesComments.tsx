/**
 * Committee members' comments on circulated draft minutes: a Yjs document of
 * its own (`comments.minutes.<meeting>`, which the committee may write only
 * while the minutes are circulated), so members comment without touching the
 * text. Each comment is a plain object appended to one array, never edited,
 * validated when read.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { MeetingDetail } from '../../../common/bridge.ts';
import { Id, Timestamp, yjsDocName, type UserProfile } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { formatDateTime, t } from '../i18n/index.ts';
import { openBridgeDoc, type BridgeDoc } from '../yjs/bridge-doc.ts';
import { itemLabel } from './minutes-context.ts';

const commentsArrayName = 'comments';

const MinutesComment = z.object({
  id: z.string().uuid(),
  userId: Id,
  name: z.string().min(1).max(120),
  itemId: Id.nullable(),
  text: z.string().trim().min(1).max(4000),
  at: Timestamp,
});
type MinutesComment = z.infer<typeof MinutesComment>;

interface MinutesCommentsProps {
  detail: MeetingDetail;
  user: UserProfile;
  /** Members may add comments now (circulated, and not an observer). */
  canComment: boolean;
}

export function MinutesComments({ detail, user, canComment }: MinutesCommentsProps) {
  const bridge = useBridge();
  const id = useId();
  const [held, setHeld] = useState<BridgeDoc | null>(null);
  const [comments, setComments] = useState<MinutesComment[]>([]);
  const [itemId, setItemId] = useState('');
  const [text, setText] = useState('');

  useEffect(() => {
    const doc = openBridgeDoc(bridge, yjsDocName.minutesComments(detail.meeting.id));
    const list = doc.doc.getArray<unknown>(commentsArrayName);
    const read = (): void =>
      setComments(
        list
          .toArray()
          .flatMap((entry) => {
            const parsed = MinutesComment.safeParse(entry);
            return parsed.success ? [parsed.data] : [];
          })
          .sort((a, b) => a.at.localeCompare(b.at)),
      );
    list.observe(read);
    read();
    setHeld(doc);
    return () => {
      list.unobserve(read);
      doc.release();
    };
  }, [bridge, detail.meeting.id]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!held || !body) return;
    const comment: MinutesComment = {
      id: crypto.randomUUID(),
      userId: user.id,
      name: user.displayName,
      itemId: itemId || null,
      text: body.slice(0, 4000),
      at: new Date().toISOString(),
    };
    held.doc.getArray<unknown>(commentsArrayName).push([comment]);
    setText('');
  };

  return (
    <section className="minutes-comments panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('minutes.comments.heading')}</h3>
      {comments.length === 0 ? (
        <p className="muted">{t('minutes.comments.none')}</p>
      ) : (
        <ol className="minutes-comments__list">
          {comments.map((comment) => (
            <li key={comment.id} className="minutes-comment">
              <p className="minutes-comment__who">
                {comment.name} · <time dateTime={comment.at}>{formatDateTime(comment.at)}</time>
                {comment.itemId && <> · {itemLabel(detail, comment.itemId)}</>}
              </p>
              <p className="minutes-comment__text">{comment.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <form className="minutes-comments__form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-item`}>{t('minutes.comments.item')}</label>
            <select id={`${id}-item`} className="field__input field__input--select" value={itemId} onChange={(event) => setItemId(event.target.value)}>
              <option value="">{t('minutes.comments.wholeMinutes')}</option>
              {detail.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.number} {item.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('minutes.comments.text')}</label>
            <textarea id={`${id}-text`} className="field__input" rows={3} maxLength={4000} value={text} onChange={(event) => setText(event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={!text.trim()}>
              {t('minutes.comments.add')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
