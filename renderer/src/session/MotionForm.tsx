/** The chair or clerk puts a motion on the current item: its text, proposer, seconder and how it is voted on. */
import { useId, useState } from 'react';
import type { VoteKind } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { itemLabel, useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

const kinds = ['recorded', 'show-of-hands', 'secret'] as const satisfies readonly VoteKind[];

export function MotionForm() {
  const { detail, state, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const [text, setText] = useState('');
  const [proposer, setProposer] = useState('');
  const [seconder, setSeconder] = useState('');
  const [kind, setKind] = useState<VoteKind>('recorded');
  const ids = useId();
  const voters = state.roll.filter((entry) => entry.votingMember);
  const item = itemLabel(detail, state.currentItemId);

  if (state.status !== 'in-session' || !item) {
    return <p className="muted">{state.status !== 'in-session' ? t('session.motion.needsSession') : t('session.motion.needsItem')}</p>;
  }
  return (
    <form
      className="motion-form"
      onSubmit={(event) => {
        event.preventDefault();
        void command
          .run({ type: 'propose-motion', text, proposerUserId: proposer || null, seconderUserId: seconder || null, kind })
          .then((done) => {
            if (done) setText('');
          });
      }}
    >
      <p className="motion-form__item">{t('session.motion.onItem', { item })}</p>
      <label className="field" htmlFor={`${ids}-text`}>
        {t('session.motion.text')}
      </label>
      <textarea
        id={`${ids}-text`}
        className="field__input"
        rows={3}
        required
        maxLength={4000}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('session.motion.textPlaceholder')}
      />
      <div className="motion-form__people">
        <label className="field">
          <span>{t('session.motion.proposer')}</span>
          <select className="field__input" value={proposer} onChange={(event) => setProposer(event.target.value)}>
            <option value="">{t('session.motion.none')}</option>
            {voters.map((entry) => (
              <option key={entry.userId} value={entry.userId}>
                {entry.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('session.motion.seconder')}</span>
          <select className="field__input" value={seconder} onChange={(event) => setSeconder(event.target.value)}>
            <option value="">{t('session.motion.none')}</option>
            {voters
              .filter((entry) => entry.userId !== proposer)
              .map((entry) => (
                <option key={entry.userId} value={entry.userId}>
                  {entry.displayName}
                </option>
              ))}
          </select>
        </label>
      </div>
      <fieldset className="motion-form__kinds">
        <legend>{t('session.motion.kind')}</legend>
        {kinds.map((option) => {
          const unavailable = option === 'secret' && !state.rules.secretBallotAllowed;
          return (
            <label key={option} className={`choice-chip${unavailable ? ' choice-chip--unavailable' : ''}`}>
              <input
                type="radio"
                name={`${ids}-kind`}
                value={option}
                checked={kind === option}
                disabled={unavailable}
                onChange={() => setKind(option)}
              />
              <span>{t(`session.voteKind.${option}`)}</span>
            </label>
          );
        })}
      </fieldset>
      {!state.rules.secretBallotAllowed && <p className="muted motion-form__hint">{t('session.motion.secretNotAllowed')}</p>}
      <div className="motion-form__actions">
        <button type="submit" className="button button--primary" disabled={command.busy}>
          {t('session.motion.propose')}
        </button>
      </div>
      <CommandError message={command.error} />
    </form>
  );
}
