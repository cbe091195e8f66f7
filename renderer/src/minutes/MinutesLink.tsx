/**
 * The way to a meeting's minutes from its agenda: always there for those who
 * write or read the draft (clerk, minute-taker, chair); for the rest of the
 * committee once the minutes are circulated.
 */
import { useEffect } from 'react';
import type { MeetingDetail } from '../../../common/bridge.ts';
import { useAccountSession } from '../bridge/account-session.tsx';
import { useBridgeQuery } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { meetingMinutesHref } from '../routing/hash-route.ts';

const draftReaders = new Set(['clerk', 'minute-taker', 'chair']);

export function MinutesLink({ detail, selected }: { detail: MeetingDetail; selected: boolean }) {
  const role = useAccountSession().user?.memberships.find((membership) => membership.committeeId === detail.committee.id)?.role ?? null;
  const writes = role === 'clerk' || role === 'minute-taker';
  // Those who write the minutes open them often: their editor loads while they look at the agenda.
  useEffect(() => {
    if (writes) void import('./MinutesScreen.tsx').catch(() => undefined);
  }, [writes]);
  return role === null ? null : draftReaders.has(role) || selected ? (
    <Link meetingId={detail.meeting.id} selected={selected} />
  ) : (
    <LinkOnceCirculated meetingId={detail.meeting.id} />
  );
}

function LinkOnceCirculated({ meetingId }: { meetingId: string }) {
  const status = useBridgeQuery('minutes.status', { meetingId }, `minutes-link:${meetingId}`);
  const state = status.data?.value.state;
  return state && state !== 'draft' ? <Link meetingId={meetingId} selected={false} /> : null;
}

function Link({ meetingId, selected }: { meetingId: string; selected: boolean }) {
  return (
    // Styled as the session link beside it (session/session.css).
    <a className="agenda__session-link" href={meetingMinutesHref(meetingId)} aria-current={selected ? 'page' : undefined}>
      {t('minutes.link')}
    </a>
  );
}
