/**
 * The item under discussion, shown to everyone with a link to its papers; the
 * chair and clerk move through the agenda from here.
 */
import { useState } from 'react';
import { t } from '../i18n/index.ts';
import { usePresentation } from '../presence/use-presentation.ts';
import { meetingHref } from '../routing/hash-route.ts';
import { CommandError } from './CommandError.tsx';
import { itemLabel, useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

export function CurrentItemPanel() {
  const { detail, state, runsMeeting } = useSession();
  const current = detail.items.find((item) => item.id === state.currentItemId);
  const firstDocument = current?.documents[0];

  return (
    <section className="session-card current-item" aria-labelledby="current-item-heading" data-testid="current-item">
      <div className="current-item__now">
        <h3 id="current-item-heading" className="session-card__label">
          {t('session.currentItem')}
        </h3>
        {current ? (
          <p className="current-item__title" data-testid="current-item-title">
            {itemLabel(detail, current.id)}
          </p>
        ) : (
          <p className="current-item__title current-item__title--none">{t('session.noCurrentItem')}</p>
        )}
        {state.excludedFromCurrentItem.length > 0 && (
          <p className="current-item__left-room" data-testid="left-room">
            {t('session.leftRoom', { names: state.excludedFromCurrentItem.map((person) => person.displayName).join(', ') })}
          </p>
        )}
        {firstDocument && (
          <a className="current-item__papers" href={meetingHref(detail.meeting.id, firstDocument.id)}>
            {t('session.openPapers')}
          </a>
        )}
      </div>
      {runsMeeting && detail.items.length > 0 && <ItemNavigator />}
    </section>
  );
}

/**
 * The chair and clerk move the meeting on: the server's current item, and the
 * meeting's presentation (`presentation.<meeting>`) with the item's first paper,
 * so members following the presenter are taken to it.
 */
function ItemNavigator() {
  const { detail, state, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const presentation = usePresentation(detail.meeting.id);
  const items = detail.items;
  const currentIndex = items.findIndex((item) => item.id === state.currentItemId);
  const [chosen, setChosen] = useState<string>('');
  const choice = chosen || items[currentIndex + 1]?.id || items[0]?.id || '';
  const moveTo = (itemId: string | undefined) => {
    if (!itemId) return;
    void command.run({ type: 'set-current-item', itemId }).then((done) => {
      if (!done) return;
      setChosen('');
      const firstDocument = items.find((item) => item.id === itemId)?.documents[0];
      presentation.write({ itemId, documentId: firstDocument?.id ?? null, page: firstDocument ? 1 : null });
    });
  };

  return (
    <div className="current-item__navigate">
      <button type="button" className="button" disabled={command.busy || currentIndex <= 0} onClick={() => moveTo(items[currentIndex - 1]?.id)}>
        <span aria-hidden="true">← </span>
        {t('session.previousItem')}
      </button>
      <label className="current-item__choose">
        <span className="visually-hidden">{t('session.chooseItem')}</span>
        <select value={choice} onChange={(event) => setChosen(event.target.value)}>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {itemLabel(detail, item.id)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--primary" disabled={command.busy || !choice} onClick={() => moveTo(choice)}>
        {t('session.makeCurrent')}
      </button>
      <button
        type="button"
        className="button"
        disabled={command.busy || currentIndex >= items.length - 1}
        onClick={() => moveTo(items[currentIndex + 1]?.id)}
      >
        {t('session.nextItem')}
        <span aria-hidden="true"> →</span>
      </button>
      <CommandError message={command.error} />
    </div>
  );
}
