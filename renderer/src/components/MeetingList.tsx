/**
 * The meetings list: upcoming meetings first (soonest on top), then past ones
 * (most recent on top). Re-reads the mirror when the host says it changed or
 * the sync position moved.
 */
import { useRef, useState } from 'react';
import type { MeetingSummary } from '../../../common/bridge.ts';
import { useBridgeEvent, useBridgeQuery } from '../bridge/context.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { formatDateTime, t, tp } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { meetingHref } from '../routing/hash-route.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { NoticeBadge } from './MeetingNotices.tsx';
import { StateBadge } from './StateBadge.tsx';
import './meetings.css';

export function splitByTime(meetings: MeetingSummary[], now: number): { upcoming: MeetingSummary[]; past: MeetingSummary[] } {
  const endOf = (summary: MeetingSummary) => Date.parse(summary.meeting.endsAt ?? summary.meeting.startsAt);
  const startOf = (summary: MeetingSummary) => Date.parse(summary.meeting.startsAt);
  const upcoming = meetings.filter((s) => endOf(s) >= now).sort((a, b) => startOf(a) - startOf(b));
  const past = meetings.filter((s) => endOf(s) < now).sort((a, b) => startOf(b) - startOf(a));
  return { upcoming, past };
}

export function MeetingList() {
  const [refreshCount, setRefreshCount] = useState(0);
  const lastSeq = useSyncStatus().status?.lastSeq ?? 0;
  useBridgeEvent('mirror.changed', () => setRefreshCount((count) => count + 1));
  const query = useBridgeQuery('meetings.list', {}, `${refreshCount}:${lastSeq}`);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);

  return (
    <div className="page page--list">
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>{t('meetings.heading')}</h1>
      {query.status === 'error' && (
        <ErrorNotice message={query.error.message} onRetry={() => setRefreshCount((count) => count + 1)} />
      )}
      {query.data === null ? (
        query.status === 'loading' && <p className="muted" role="status">{t('meetings.loading')}</p>
      ) : query.data.length === 0 ? (
        <p className="empty-state">{t('meetings.empty')}</p>
      ) : (
        <MeetingSections meetings={query.data} />
      )}
    </div>
  );
}

function MeetingSections({ meetings }: { meetings: MeetingSummary[] }) {
  const { upcoming, past } = splitByTime(meetings, Date.now());
  return (
    <>
      <section aria-labelledby="meetings-upcoming">
        <h2 id="meetings-upcoming" className="section-title">
          {t('meetings.upcoming')}
        </h2>
        {upcoming.length === 0 ? (
          <p className="muted">{t('meetings.noneUpcoming')}</p>
        ) : (
          <MeetingCards meetings={upcoming} />
        )}
      </section>
      {past.length > 0 && (
        <section aria-labelledby="meetings-past">
          <h2 id="meetings-past" className="section-title">
            {t('meetings.past')}
          </h2>
          <MeetingCards meetings={past} />
        </section>
      )}
    </>
  );
}

function MeetingCards({ meetings }: { meetings: MeetingSummary[] }) {
  return (
    <ul className="meeting-cards" data-testid="meeting-list">
      {meetings.map(({ meeting, committee, itemCount, documentCount, notice, unopenedChanges }) => (
        <li
          key={meeting.id}
          className={`meeting-card${meeting.state === 'cancelled' ? ' meeting-card--cancelled' : ''}`}
          data-testid="meeting-card"
          data-meeting-id={meeting.id}
        >
          <p className="meeting-card__committee">{committee.name}</p>
          <h3 className="meeting-card__title">
            <a href={meetingHref(meeting.id)} className="meeting-card__link">
              {meeting.title}
            </a>
          </h3>
          <p className="meeting-card__when">
            <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>
          </p>
          <p className="meeting-card__venue">{meeting.venue ?? t('meetings.venueUnknown')}</p>
          <p className="meeting-card__meta">
            {notice && <NoticeBadge notice={notice} />}
            <StateBadge state={meeting.state} />
            <span>{tp('meetings.items', itemCount)}</span>
            <span aria-hidden="true">·</span>
            <span>{tp('meetings.documents', documentCount)}</span>
          </p>
          {meeting.changeNote && <p className="meeting-card__note">{t('meetings.changeNote', { note: meeting.changeNote })}</p>}
          {unopenedChanges > 0 && <p className="meeting-card__changes">{tp('notice.unopened', unopenedChanges)}</p>}
        </li>
      ))}
    </ul>
  );
}
