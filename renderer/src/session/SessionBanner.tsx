/**
 * A line above the papers while the meeting is in session: the current item,
 * and a call to vote when a vote is open, both leading to the session screen.
 */
import type { MeetingDetail } from '../../../common/bridge.ts';
import { t } from '../i18n/index.ts';
import { meetingSessionHref } from '../routing/hash-route.ts';
import { itemLabel } from './session-context.ts';
import { useMeetingSession } from './use-meeting-session.ts';
import './session.css';

export function SessionBanner({ detail }: { detail: MeetingDetail }) {
  const state = useMeetingSession(detail.meeting.id).view?.state;
  if (!state || (state.status !== 'in-session' && state.status !== 'adjourned')) return null;
  const current = itemLabel(detail, state.currentItemId);
  const voteOpen = state.vote?.status === 'open';
  return (
    <div className={`session-banner${voteOpen ? ' session-banner--vote' : ''}`} data-testid="session-banner">
      <span className="session-banner__live">{t(`session.status.${state.status}`)}</span>
      {current && <span className="session-banner__item">{t('session.banner.now', { item: current })}</span>}
      <a className="session-banner__link" href={meetingSessionHref(detail.meeting.id)}>
        {voteOpen ? t('session.banner.voteOpen') : t('session.banner.open')}
      </a>
    </div>
  );
}
