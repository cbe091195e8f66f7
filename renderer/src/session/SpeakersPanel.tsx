/**
 * The current item's speakers list, visible to all. Members ask to speak and
 * can withdraw; the chair reorders the queue, gives the floor (the timer runs
 * from the server's start time) and ends it.
 */
import { useEffect, useState } from 'react';
import type { SpeakerEntry } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { formatDuration } from './format.ts';
import { serverClockOffset, useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

export function SpeakersPanel() {
  const { detail, state, userId, role, runsMeeting, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const speaking = state.speakers.find((speaker) => speaker.status === 'speaking') ?? null;
  const waiting = state.speakers.filter((speaker) => speaker.status === 'waiting');
  const done = state.speakers.filter((speaker) => speaker.status === 'done');
  const mine = state.speakers.find((speaker) => speaker.userId === userId && speaker.status !== 'done');
  const canRequest = (role === 'member' || role === 'chair') && state.status === 'in-session' && state.currentItemId !== null;

  const move = (index: number, by: -1 | 1) => {
    const order = waiting.map((speaker) => speaker.userId);
    const [moved] = order.splice(index, 1);
    if (!moved) return;
    order.splice(index + by, 0, moved);
    void command.run({ type: 'reorder-speakers', userIds: order });
  };

  return (
    <section className="session-card speakers" aria-labelledby="speakers-heading" data-testid="speakers">
      <div className="session-card__head">
        <h3 id="speakers-heading">{t('session.speakers.heading')}</h3>
        {canRequest &&
          (mine?.status === 'waiting' ? (
            <button type="button" className="button" disabled={command.busy} onClick={() => void command.run({ type: 'withdraw-request' })}>
              {t('session.speakers.withdraw')}
            </button>
          ) : (
            !mine && (
              <button
                type="button"
                className="button button--primary"
                disabled={command.busy}
                onClick={() => void command.run({ type: 'request-to-speak' })}
              >
                {t('session.speakers.request')}
              </button>
            )
          ))}
      </div>
      {speaking ? (
        <div className="speakers__floor" data-testid="speaking">
          <p>
            <span className="speakers__floor-label">{t('session.speakers.hasFloor')}</span>{' '}
            <strong>{speaking.displayName}</strong>
          </p>
          <SpeakingTimer speaker={speaking} />
          {runsMeeting && (
            <button type="button" className="button" disabled={command.busy} onClick={() => void command.run({ type: 'end-floor' })}>
              {t('session.speakers.end')}
            </button>
          )}
        </div>
      ) : (
        <p className="muted">{t('session.speakers.nobody')}</p>
      )}
      {waiting.length > 0 ? (
        <ol className="speakers__queue" aria-label={t('session.speakers.queue')}>
          {waiting.map((speaker, index) => (
            <li key={speaker.userId} className="speakers__entry" data-testid="speaker" data-user-id={speaker.userId}>
              <span className="speakers__position" aria-hidden="true">
                {index + 1}
              </span>
              <span className="speakers__name">
                {speaker.displayName}
                {speaker.userId === userId && <span className="speakers__you">{t('session.you')}</span>}
              </span>
              {runsMeeting && (
                <span className="speakers__actions">
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    disabled={command.busy || index === 0}
                    aria-label={t('session.speakers.moveUp', { name: speaker.displayName })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    disabled={command.busy || index === waiting.length - 1}
                    aria-label={t('session.speakers.moveDown', { name: speaker.displayName })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={command.busy}
                    aria-label={t('session.speakers.giveFloorTo', { name: speaker.displayName })}
                    onClick={() => void command.run({ type: 'give-floor', userId: speaker.userId })}
                  >
                    {t('session.speakers.giveFloor')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('session.speakers.empty')}</p>
      )}
      {done.length > 0 && (
        <p className="speakers__done muted">{t('session.speakers.spoken', { names: done.map((speaker) => speaker.displayName).join(', ') })}</p>
      )}
      <CommandError message={command.error} />
    </section>
  );
}

/** m:ss since the chair gave the floor, by the server's clock. */
function SpeakingTimer({ speaker }: { speaker: SpeakerEntry }) {
  const { state, receivedAt } = useSession();
  const offset = serverClockOffset(state, receivedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!speaker.startedAt) return null;
  const elapsed = now + offset - Date.parse(speaker.startedAt);
  return (
    <p className="speakers__timer" data-testid="speaking-timer">
      <span className="visually-hidden">{t('session.speakers.timer')} </span>
      <time>{formatDuration(elapsed)}</time>
    </p>
  );
}
