/**
 * `#/storage`: what the open account's local copy takes on disk (papers and
 * database, upcoming vs past, per meeting), how long papers of past meetings
 * are kept, and "free space now".
 */
import { useRef, useState, type FormEvent } from 'react';
import type { MeetingStorage, RetentionSettings, StorageUsage } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent, useBridgeQuery } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime, formatMegabytes, t, tp } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { meetingHref } from '../routing/hash-route.ts';
import { TextField } from './TextField.tsx';
import './settings.css';

const monthChoices = [1, 3, 6, 12, 24] as const;

export function StorageScreen() {
  const [refresh, setRefresh] = useState(0);
  useBridgeEvent('mirror.changed', () => setRefresh((count) => count + 1));
  const query = useBridgeQuery('storage.get', {}, `storage:${refresh}`);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const usage = query.data;

  return (
    <main id="main" className="page page--storage" tabIndex={-1} data-testid="storage-screen">
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>
        {t('storage.heading')}
      </h1>
      <p className="page__intro">{t('storage.intro')}</p>
      {query.status === 'error' && !usage ? (
        <ErrorNotice message={query.error.message} onRetry={() => setRefresh((count) => count + 1)} />
      ) : !usage ? (
        <p className="muted" role="status">
          {t('storage.loading')}
        </p>
      ) : (
        <>
          <UsageSummary usage={usage} />
          {/* Not keyed on the settings: saving must not remount the form and lose its message. */}
          <RetentionForm settings={usage.settings} onChanged={() => setRefresh((count) => count + 1)} />
          <MeetingTable meetings={usage.meetings} />
        </>
      )}
    </main>
  );
}

function UsageSummary({ usage }: { usage: StorageUsage }) {
  const upcoming = usage.meetings.filter((meeting) => meeting.upcoming);
  const past = usage.meetings.filter((meeting) => !meeting.upcoming);
  const sum = (meetings: MeetingStorage[]) => meetings.reduce((total, meeting) => total + meeting.cachedBytes, 0);
  const rows: Array<[string, number, string]> = [
    [t('storage.documents'), usage.documentBytes, 'documents'],
    [t('storage.database'), usage.databaseBytes, 'database'],
    [t('storage.total'), usage.documentBytes + usage.databaseBytes, 'total'],
  ];
  return (
    <section className="panel storage-summary" aria-label={t('storage.heading')}>
      <dl className="storage-figures">
        {rows.map(([label, bytes, id]) => (
          <div key={id} className={`storage-figure storage-figure--${id}`}>
            <dt>{label}</dt>
            <dd data-testid={`storage-${id}`} data-bytes={bytes}>
              {formatMegabytes(bytes)}
            </dd>
          </div>
        ))}
        <div className="storage-figure">
          <dt>{t('storage.upcoming')}</dt>
          <dd data-testid="storage-upcoming">{formatMegabytes(sum(upcoming))}</dd>
        </div>
        <div className="storage-figure">
          <dt>{t('storage.past')}</dt>
          <dd data-testid="storage-past">{formatMegabytes(sum(past))}</dd>
        </div>
      </dl>
    </section>
  );
}

function RetentionForm({ settings, onChanged }: { settings: RetentionSettings; onChanged: () => void }) {
  const bridge = useBridge();
  const [months, setMonths] = useState(settings.keepPastMonths === null ? 'all' : String(settings.keepPastMonths));
  const [openedDays, setOpenedDays] = useState(String(settings.keepOpenedDays));
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices: number[] = [...monthChoices];
  if (settings.keepPastMonths !== null && !choices.includes(settings.keepPastMonths)) choices.push(settings.keepPastMonths);

  const act = <R,>(work: Promise<R>, describe: (result: R) => string) => {
    setBusy(true);
    setMessage(null);
    setFailure(null);
    work.then(
      (result) => {
        setBusy(false);
        setMessage(describe(result));
        onChanged();
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toBridgeFailure(error).message);
      },
    );
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const days = Math.min(365, Math.max(1, Math.round(Number(openedDays) || 1)));
    act(
      bridge.invoke('storage.setRetention', { keepPastMonths: months === 'all' ? null : Number(months), keepOpenedDays: days }),
      () => t('storage.saved'),
    );
  };

  const freeNow = () =>
    act(
      bridge.invoke('storage.freeNow', {}),
      (result) => tp('storage.freed', result.removedFiles, { size: formatMegabytes(result.freedBytes) }),
    );

  return (
    <section className="panel" aria-labelledby="retention-heading">
      <h2 id="retention-heading" className="section-title">
        {t('storage.retentionSection')}
      </h2>
      <form className="retention-form" onSubmit={save} data-testid="retention-form">
        <label className="field">
          <span className="field__label">{t('storage.retentionHeading')}</span>
          <select className="field__input field__input--select" name="keepPastMonths" value={months} onChange={(event) => setMonths(event.target.value)}>
            <option value="all">{t('storage.keepAll')}</option>
            {choices.map((count) => (
              <option key={count} value={String(count)}>
                {tp('storage.keepMonths', count)}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label={t('storage.keepOpenedDays')}
          type="number"
          name="keepOpenedDays"
          min={1}
          max={365}
          required
          short
          value={openedDays}
          onValue={setOpenedDays}
        />
        <p className="field__hint">{t('storage.retentionNote')}</p>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('storage.save')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={freeNow} data-testid="free-now">
            {busy ? t('storage.freeing') : t('storage.freeNow')}
          </button>
        </div>
        <p role="status" className="form-status" data-testid="storage-message">
          {message}
        </p>
        {failure && (
          <p className="notice notice--error" role="alert">
            {t('accounts.actionFailed', { message: failure })}
          </p>
        )}
      </form>
    </section>
  );
}

function MeetingTable({ meetings }: { meetings: MeetingStorage[] }) {
  return (
    <section className="panel" aria-labelledby="storage-meetings-heading">
      <h2 id="storage-meetings-heading" className="section-title">
        {t('storage.meetingsHeading')}
      </h2>
      {meetings.length === 0 ? (
        <p className="muted">{t('storage.noMeetings')}</p>
      ) : (
        <table className="storage-table" data-testid="storage-meetings">
          <thead>
            <tr>
              <th scope="col">{t('storage.meeting')}</th>
              <th scope="col">{t('storage.when')}</th>
              <th scope="col">{t('storage.downloaded')}</th>
              <th scope="col" className="storage-table__number">
                {t('storage.size')}
              </th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((meeting) => (
              <tr key={meeting.meetingId} data-meeting-id={meeting.meetingId} data-upcoming={meeting.upcoming}>
                <th scope="row">
                  <a href={meetingHref(meeting.meetingId)}>{meeting.title}</a>
                </th>
                <td>
                  {formatDateTime(meeting.startsAt)}
                  {meeting.upcoming && <span className="storage-table__tag"> · {t('meetings.upcoming')}</span>}
                </td>
                <td>{t('storage.documentsOf', { cached: meeting.cachedDocuments, total: meeting.documents })}</td>
                <td className="storage-table__number">{formatMegabytes(meeting.cachedBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
