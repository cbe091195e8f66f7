/**
 * A member's vote: For, Against or Abstain, then confirm. The host stores the
 * ballot and sends it until the server's receipt arrives, so the receipt (with
 * the server's time) is the proof; when a member may not vote, the reason is
 * said plainly instead of offering buttons.
 */
import { useState } from 'react';
import type { LocalBallot } from '../../../common/bridge.ts';
import type { BallotReceipt, CurrentVote, VoteChoice } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { formatClock } from './format.ts';
import { useSession } from './session-context.ts';
import { failureText, refusalText } from './session-command.ts';

const choices = ['for', 'against', 'abstain'] as const satisfies readonly VoteChoice[];

export function BallotBox({ vote }: { vote: CurrentVote }) {
  const { detail, state, me, ballots, noteBallot } = useSession();
  const bridge = useBridge();
  const [selected, setSelected] = useState<VoteChoice | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!me?.votingMember) return null;

  const local: LocalBallot | undefined = ballots.find((ballot) => ballot.voteId === vote.id);
  const receipt: BallotReceipt | null = local?.receipt ?? (state.myBallot?.voteId === vote.id ? state.myBallot : null);
  if (receipt) return <Receipt receipt={receipt} secret={vote.kind === 'secret'} />;
  if (local?.status === 'sending') {
    return (
      <p className="ballot-status ballot-status--sending" role="status" data-testid="ballot-sending">
        {t('session.ballot.sending', { choice: local.choice ? t(`session.choice.${local.choice}`) : '' })}
      </p>
    );
  }

  const blocked = whyNoVote(vote, me.attendance, state.excludedFromCurrentItem.some((person) => person.userId === me.userId));
  if (blocked) {
    return (
      <p className="ballot-status ballot-status--blocked" data-testid="ballot-blocked">
        {blocked}
      </p>
    );
  }

  const cast = async () => {
    if (!selected) return;
    setSending(true);
    setError(null);
    try {
      const ballot = await bridge.invoke('meetingSession.cast', { meetingId: detail.meeting.id, voteId: vote.id, choice: selected });
      noteBallot(ballot);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="ballot" data-testid="ballot">
      <fieldset className="ballot__choices">
        <legend>{t('session.ballot.legend')}</legend>
        {choices.map((choice) => (
          <button
            key={choice}
            type="button"
            className={`ballot__choice ballot__choice--${choice}`}
            aria-pressed={selected === choice}
            disabled={sending}
            onClick={() => setSelected(choice)}
          >
            {t(`session.choice.${choice}`)}
          </button>
        ))}
      </fieldset>
      <button type="button" className="button button--primary ballot__cast" disabled={!selected || sending} onClick={() => void cast()}>
        {selected ? t('session.ballot.castChoice', { choice: t(`session.choice.${selected}`) }) : t('session.ballot.chooseFirst')}
      </button>
      {local?.status === 'refused' && local.refusal && <CommandError message={refusalText(local.refusal)} />}
      <CommandError message={error} />
    </div>
  );
}

function whyNoVote(vote: CurrentVote, attendance: string, excluded: boolean): string | null {
  if (vote.kind === 'show-of-hands') return t('session.ballot.showOfHands');
  if (excluded) return t('session.ballot.excluded');
  if (attendance !== 'present') return t('session.ballot.notPresent');
  return null;
}

function Receipt({ receipt, secret }: { receipt: BallotReceipt; secret: boolean }) {
  return (
    <div className="ballot-status ballot-status--recorded" role="status" data-testid="ballot-receipt">
      <p className="ballot-status__headline">
        <span aria-hidden="true">✓ </span>
        {t('session.ballot.recorded', { time: formatClock(receipt.recordedAt) })}
      </p>
      <p className="muted">
        {secret || !receipt.choice
          ? t('session.ballot.secretReceipt')
          : t('session.ballot.yourChoice', { choice: t(`session.choice.${receipt.choice}`) })}{' '}
        {t('session.ballot.receiptId', { id: receipt.receiptId })}
      </p>
    </div>
  );
}
