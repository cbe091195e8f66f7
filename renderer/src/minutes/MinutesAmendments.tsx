/**
 * Amendments to approved minutes, listed with them (who, when, why, the
 * approved wording and its correction), and the clerk's form to record one.
 * The approved text itself stays as it was approved: an amendment is the
 * record of a correction, not an edit.
 */
import { useId, useState, type FormEvent } from 'react';
import type { MinutesStatus } from '../../../common/minutes.ts';
import { useBridge } from '../bridge/context.tsx';
import { formatDateTime, t } from '../i18n/index.ts';
import { useMinutesChange } from './MinutesWorkflow.tsx';

interface MinutesAmendmentsProps {
  meetingId: string;
  status: MinutesStatus;
  /** The clerk, once the minutes are approved. */
  canAmend: boolean;
  onStatus(status: MinutesStatus): void;
}

export function MinutesAmendments({ meetingId, status, canAmend, onStatus }: MinutesAmendmentsProps) {
  if (status.amendments.length === 0 && !canAmend) return null;
  return (
    <section className="minutes-amendments panel" aria-labelledby="minutes-amendments-heading">
      <h3 id="minutes-amendments-heading">{t('minutes.amendments.heading')}</h3>
      {status.amendments.length === 0 ? (
        <p className="muted">{t('minutes.amendments.none')}</p>
      ) : (
        <ol className="minutes-amendments__list">
          {status.amendments.map((amendment) => (
            <li key={amendment.id} className="minutes-amendment" data-testid="minutes-amendment">
              <p className="minutes-amendment__who">
                {t('minutes.amendments.byAt', { name: amendment.by.displayName, time: formatDateTime(amendment.at) })}
              </p>
              <dl className="minutes-amendment__details">
                <dt>{t('minutes.amendments.reason')}</dt>
                <dd>{amendment.reason}</dd>
                <dt>{t('minutes.amendments.before')}</dt>
                <dd className="minutes-amendment__before">{amendment.before}</dd>
                <dt>{t('minutes.amendments.after')}</dt>
                <dd className="minutes-amendment__after">{amendment.after || t('minutes.amendments.removed')}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
      {canAmend && <AmendmentForm meetingId={meetingId} onStatus={onStatus} />}
    </section>
  );
}

function AmendmentForm({ meetingId, onStatus }: { meetingId: string; onStatus(status: MinutesStatus): void }) {
  const bridge = useBridge();
  const id = useId();
  const [reason, setReason] = useState('');
  const [before, setBefore] = useState('');
  const [after, setAfter] = useState('');
  const change = useMinutesChange(onStatus);
  const complete = reason.trim() !== '' && before.trim() !== '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    void change
      .run(() => bridge.invoke('minutes.amend', { meetingId, amendment: { reason: reason.trim(), before: before.trim(), after: after.trim() } }))
      .then((done) => {
        if (!done) return;
        setReason('');
        setBefore('');
        setAfter('');
      });
  };
  return (
    <form className="minutes-amendment-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('minutes.amendments.record')}</h4>
      <p className="muted">{t('minutes.amendments.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('minutes.amendments.reason')}</label>
        <textarea id={`${id}-reason`} className="field__input" rows={2} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-before`}>{t('minutes.amendments.before')}</label>
        <textarea id={`${id}-before`} className="field__input" rows={3} maxLength={20000} value={before} onChange={(event) => setBefore(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-after`}>{t('minutes.amendments.after')}</label>
        <textarea id={`${id}-after`} className="field__input" rows={3} maxLength={20000} value={after} onChange={(event) => setAfter(event.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={change.busy || !complete}>
          {t('minutes.amendments.submit')}
        </button>
      </div>
      <p role="status" className="minutes-workflow__message">
        {change.message ?? ''}
      </p>
    </form>
  );
}
