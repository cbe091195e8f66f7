/**
 * Motions and votes on the current item. The chair or clerk writes the motion
 * and opens the vote, watches the count (and, for a recorded vote, who has not
 * voted yet) and closes it; a show of hands is closed with the clerk's count.
 * Members vote For, Against or Abstain and get the server's receipt.
 */
import { useState } from 'react';
import type { CurrentVote, VoteCounts } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { BallotBox } from './BallotBox.tsx';
import { CommandError } from './CommandError.tsx';
import { MotionForm } from './MotionForm.tsx';
import { itemLabel, useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

export function VotePanel() {
  const { state, runsMeeting, detail } = useSession();
  const vote = state.vote;
  if (!vote && !runsMeeting) {
    return (
      <section className="session-card vote vote--idle" aria-labelledby="vote-heading" data-testid="vote-panel" data-vote-status="none">
        <h3 id="vote-heading">{t('session.vote.heading.none')}</h3>
        <p className="muted">{t('session.vote.none')}</p>
      </section>
    );
  }
  return (
    <section className="session-card vote" aria-labelledby="vote-heading" data-testid="vote-panel" data-vote-status={vote?.status ?? 'none'}>
      <div className="session-card__head">
        <h3 id="vote-heading">{vote ? t(`session.vote.heading.${vote.status}`) : t('session.motion.heading')}</h3>
        {vote && <span className={`badge vote-kind vote-kind--${vote.kind}`}>{t(`session.voteKind.${vote.kind}`)}</span>}
      </div>
      {vote ? (
        <>
          <MotionText vote={vote} itemText={itemLabel(detail, vote.itemId)} />
          {vote.status === 'open' && <VoteProgress vote={vote} />}
          {runsMeeting && <ChairVoteActions vote={vote} />}
          {vote.status === 'open' && <BallotBox vote={vote} />}
        </>
      ) : (
        <MotionForm />
      )}
    </section>
  );
}

function MotionText({ vote, itemText }: { vote: CurrentVote; itemText: string | null }) {
  return (
    <div className="motion">
      {itemText && <p className="motion__item">{itemText}</p>}
      <blockquote className="motion__text" data-testid="motion-text">
        {vote.motion.text}
      </blockquote>
      <p className="motion__movers muted">
        {t('session.motion.movedBy', {
          proposer: vote.motion.proposer?.displayName ?? t('session.motion.nobody'),
          seconder: vote.motion.seconder?.displayName ?? t('session.motion.nobody'),
        })}
      </p>
    </div>
  );
}

function VoteProgress({ vote }: { vote: CurrentVote }) {
  const share = vote.eligibleCount > 0 ? vote.votedCount / vote.eligibleCount : 0;
  return (
    <div className="vote-progress" data-testid="vote-progress" data-voted={vote.votedCount} data-eligible={vote.eligibleCount}>
      <p role="status">{t('session.vote.progress', { voted: vote.votedCount, eligible: vote.eligibleCount })}</p>
      <div className="vote-progress__bar" aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      {vote.notYetVoted && vote.notYetVoted.length > 0 && (
        <p className="vote-progress__waiting" data-testid="not-yet-voted">
          {t('session.vote.notYetVoted', { names: vote.notYetVoted.map((person) => person.displayName).join(', ') })}
        </p>
      )}
    </div>
  );
}

function ChairVoteActions({ vote }: { vote: CurrentVote }) {
  const { detail, state, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const casting = command.refusalCode === 'casting-vote-required';
  const [counts, setCounts] = useState<VoteCounts>({ for: 0, against: 0, abstain: 0 });
  const close = (extra: { counts?: VoteCounts; castingVote?: 'for' | 'against' } = {}) =>
    void command.run({ type: 'close-vote', voteId: vote.id, ...extra });

  if (vote.status === 'pending') {
    return (
      <div className="vote-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={command.busy || state.status !== 'in-session'}
          onClick={() => void command.run({ type: 'open-vote', voteId: vote.id })}
        >
          {t('session.vote.open')}
        </button>
        <button type="button" className="button" disabled={command.busy} onClick={() => void command.run({ type: 'withdraw-motion', voteId: vote.id })}>
          {t('session.motion.withdraw')}
        </button>
        <CommandError message={command.error} />
      </div>
    );
  }
  return (
    <div className="vote-actions">
      {vote.kind === 'show-of-hands' ? (
        <form
          className="hands-count"
          onSubmit={(event) => {
            event.preventDefault();
            close({ counts });
          }}
        >
          <fieldset>
            <legend>{t('session.hands.legend')}</legend>
            {(['for', 'against', 'abstain'] as const).map((choice) => (
              <label key={choice} className="hands-count__field">
                <span>{t(`session.choice.${choice}`)}</span>
                <input
                  type="number"
                  min={0}
                  max={1000}
                  inputMode="numeric"
                  required
                  value={counts[choice]}
                  onChange={(event) => setCounts({ ...counts, [choice]: Math.max(0, Math.floor(Number(event.target.value) || 0)) })}
                />
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button--primary" disabled={command.busy}>
            {t('session.hands.record')}
          </button>
        </form>
      ) : (
        <button type="button" className="button button--primary" disabled={command.busy} onClick={() => close()} data-testid="close-vote">
          {t('session.vote.close')}
        </button>
      )}
      {casting && (
        <div className="casting-vote" role="group" aria-label={t('session.vote.castingLabel')}>
          <p>{t('session.vote.castingPrompt')}</p>
          <button type="button" className="button" disabled={command.busy} onClick={() => close({ counts: vote.kind === 'show-of-hands' ? counts : undefined, castingVote: 'for' })}>
            {t('session.vote.castingFor')}
          </button>
          <button type="button" className="button" disabled={command.busy} onClick={() => close({ counts: vote.kind === 'show-of-hands' ? counts : undefined, castingVote: 'against' })}>
            {t('session.vote.castingAgainst')}
          </button>
        </div>
      )}
      {!casting && <CommandError message={command.error} />}
    </div>
  );
}
