/**
 * Where the minutes are (draft → circulated → approved → published) and the
 * steps that move them on, for those who may take them: the clerk circulates
 * and publishes; the chair approves by signature; the chair or clerk records
 * approval by a carried vote (of a later meeting). Each step that cannot be
 * undone asks once more. The server has the last word: a refusal is shown
 * with its reason, and offline nothing is changed.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { MeetingDetail, MinutesOutcome } from '../../../common/bridge.ts';
import type { MinutesStatus, MinutesTransition } from '../../../common/minutes.ts';
import type { CommitteeRole } from '../../../common/wire.ts';
import { useBridge, useBridgeQuery } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import type { MessageId } from '../i18n/en.ts';
import { formatDateTime, t } from '../i18n/index.ts';

interface MinutesWorkflowProps {
  detail: MeetingDetail;
  role: CommitteeRole | null;
  status: MinutesStatus;
  onStatus(status: MinutesStatus): void;
}

/** Runs a change through the bridge and turns every outcome into a message for people (or none on success). */
export function useMinutesChange(onStatus: (status: MinutesStatus) => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (change: () => Promise<MinutesOutcome>): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await change();
      if (!outcome.ok) {
        setMessage(t('minutes.refused', { reason: outcome.refusal.message }));
        return false;
      }
      onStatus(outcome.status);
      return true;
    } catch (error) {
      const failure = toBridgeFailure(error);
      setMessage(failure.code === 'offline' ? t('minutes.offlineNothingChanged') : failure.message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run };
}

export function MinutesWorkflow({ detail, role, status, onStatus }: MinutesWorkflowProps) {
  const bridge = useBridge();
  const meetingId = detail.meeting.id;
  const change = useMinutesChange(onStatus);
  const transition = (to: MinutesTransition) => change.run(() => bridge.invoke('minutes.transition', { meetingId, transition: to }));
  const isClerk = role === 'clerk';
  const isChair = role === 'chair';

  let steps: ReactNode = null;
  if (status.state === 'draft' && isClerk) {
    steps = (
      <ConfirmedStep
        label={t('minutes.workflow.circulate')}
        confirm={t('minutes.workflow.circulateConfirm')}
        busy={change.busy}
        onConfirm={() => transition({ to: 'circulated' })}
      />
    );
  } else if (status.state === 'circulated' && (isClerk || isChair)) {
    steps = (
      <>
        {isChair && (
          <ConfirmedStep
            label={t('minutes.workflow.approveBySignature')}
            confirm={t('minutes.workflow.approveConfirm')}
            busy={change.busy}
            onConfirm={() => transition({ to: 'approved', method: 'chair-signature' })}
          />
        )}
        <ApproveByVote detail={detail} busy={change.busy} onApprove={(voteId) => transition({ to: 'approved', method: 'vote', voteId })} />
      </>
    );
  } else if (status.state === 'approved' && isClerk) {
    steps = (
      <ConfirmedStep
        label={t('minutes.workflow.publish')}
        confirm={t('minutes.workflow.publishConfirm')}
        busy={change.busy}
        onConfirm={() => transition({ to: 'published' })}
      />
    );
  }

  return (
    <section className="session-card minutes-workflow" aria-labelledby="minutes-workflow-heading">
      <h3 id="minutes-workflow-heading" className="minutes-workflow__heading">
        {t('minutes.workflow.heading')}
      </h3>
      <p className="minutes-workflow__state" data-testid="minutes-state" data-state={status.state}>
        <span className={`badge minutes-state minutes-state--${status.state}`}>{t(`minutes.state.${status.state}`)}</span>{' '}
        {t(`minutes.state.${status.state}.about` as MessageId)}
      </p>
      <StatusFacts status={status} />
      {steps && <div className="minutes-workflow__steps">{steps}</div>}
      <p className="minutes-workflow__message" role="status">
        {change.message ?? ''}
      </p>
    </section>
  );
}

function StatusFacts({ status }: { status: MinutesStatus }) {
  const facts: string[] = [];
  if (status.circulatedAt) facts.push(t('minutes.workflow.circulatedAt', { time: formatDateTime(status.circulatedAt) }));
  if (status.approval) {
    facts.push(
      t(status.approval.method === 'vote' ? 'minutes.workflow.approvedByVote' : 'minutes.workflow.approvedBySignature', {
        time: formatDateTime(status.approval.at),
        name: status.approval.by.displayName,
      }),
    );
  }
  if (status.publishedAt) facts.push(t('minutes.workflow.publishedAt', { time: formatDateTime(status.publishedAt) }));
  if (facts.length === 0) return null;
  return (
    <ul className="minutes-workflow__facts">
      {facts.map((fact) => (
        <li key={fact}>{fact}</li>
      ))}
    </ul>
  );
}

/** A step that cannot be undone: the first press asks, the second does it. */
function ConfirmedStep({ label, confirm, busy, onConfirm }: { label: string; confirm: string; busy: boolean; onConfirm(): Promise<boolean> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button--primary" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="minutes-confirm" role="group" aria-label={label}>
      <p>{confirm}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        autoFocus
        onClick={() => void onConfirm().then(() => setAsking(false))}
      >
        {t('minutes.workflow.confirm', { step: label })}
      </button>{' '}
      <button type="button" className="button" disabled={busy} onClick={() => setAsking(false)}>
        {t('minutes.workflow.cancel')}
      </button>
    </div>
  );
}

/** Approval recorded from a carried motion of a meeting of the committee (usually the next one). */
function ApproveByVote({ detail, busy, onApprove }: { detail: MeetingDetail; busy: boolean; onApprove(voteId: string): Promise<boolean> }) {
  const id = useId();
  const meetings = useBridgeQuery('meetings.list', {}, 'minutes-approval');
  const others = (meetings.data ?? []).filter((summary) => summary.committee.id === detail.committee.id);
  const [meetingId, setMeetingId] = useState('');
  const [voteId, setVoteId] = useState('');
  const chosenMeeting = meetingId || others.find((summary) => summary.meeting.id !== detail.meeting.id)?.meeting.id || others[0]?.meeting.id || '';
  const record = useBridgeQuery('minutes.record', { meetingId: chosenMeeting || detail.meeting.id }, `approval-record:${chosenMeeting}`);
  const carried = chosenMeeting ? (record.data?.value.votes ?? []).filter((vote) => vote.outcome === 'carried') : [];
  const chosenVote = carried.some((vote) => vote.id === voteId) ? voteId : (carried[0]?.id ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosenVote) void onApprove(chosenVote);
  };
  return (
    <form className="minutes-approve-vote" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('minutes.workflow.approveByVote')}</h4>
      <div className="field">
        <label htmlFor={`${id}-meeting`}>{t('minutes.workflow.voteMeeting')}</label>
        <select className="field__input field__input--select" id={`${id}-meeting`} value={chosenMeeting} onChange={(event) => setMeetingId(event.target.value)}>
          {others.map((summary) => (
            <option key={summary.meeting.id} value={summary.meeting.id}>
              {summary.meeting.title} · {formatDateTime(summary.meeting.startsAt)}
            </option>
          ))}
        </select>
      </div>
      {carried.length === 0 ? (
        <p className="muted">{record.status === 'loading' ? t('minutes.workflow.votesLoading') : t('minutes.workflow.noCarriedVotes')}</p>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-vote`}>{t('minutes.workflow.carriedMotion')}</label>
          <select className="field__input field__input--select" id={`${id}-vote`} value={chosenVote} onChange={(event) => setVoteId(event.target.value)}>
            {carried.map((vote) => (
              <option key={vote.id} value={vote.id}>
                {vote.motion.text.slice(0, 120)}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="button" disabled={busy || !chosenVote}>
        {t('minutes.workflow.approveWithVote')}
      </button>
    </form>
  );
}
