/**
 * The meeting's session, beside its agenda. The chair and clerk get the
 * console (session controls, roll call, agenda navigation, declarations,
 * speakers, motions and votes); members get the running meeting, their
 * vote and their requests to speak. Everyone sees the current item, the
 * speakers list and each result the moment the vote closes.
 */
import { useMemo, useRef } from 'react';
import type { MeetingDetail } from '../../../common/bridge.ts';
import { useAccountSession } from '../bridge/account-session.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatSyncTime, t } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { CurrentItemPanel } from './CurrentItemPanel.tsx';
import { DeclarationsPanel } from './DeclarationsPanel.tsx';
import { ResultsList } from './ResultCard.tsx';
import { RollCallPanel } from './RollCallPanel.tsx';
import { SessionControls } from './SessionControls.tsx';
import { SessionContext, type SessionContextValue } from './session-context.ts';
import { SpeakersPanel } from './SpeakersPanel.tsx';
import { useMeetingSession } from './use-meeting-session.ts';
import { VotePanel } from './VotePanel.tsx';
import './session.css';

export function SessionScreen({ detail }: { detail: MeetingDetail }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const { view, error, applyState, noteBallot } = useMeetingSession(detail.meeting.id);
  const user = useAccountSession().user;
  const connection = useSyncStatus().status?.connection ?? null;

  const context = useMemo((): SessionContextValue | null => {
    if (!view?.state || !view.receivedAt || !user) return null;
    const role = user.memberships.find((membership) => membership.committeeId === detail.committee.id)?.role ?? null;
    return {
      detail,
      state: view.state,
      receivedAt: view.receivedAt,
      ballots: view.ballots,
      userId: user.id,
      role,
      runsMeeting: role === 'chair' || role === 'clerk',
      me: view.state.roll.find((entry) => entry.userId === user.id) ?? null,
      applyState,
      noteBallot,
    };
  }, [view, user, detail, applyState, noteBallot]);

  const header = (
    <header className="session__header">
      <div>
        <p className="session__eyebrow">{detail.committee.name}</p>
        <h2 className="session__title" ref={headingRef} tabIndex={-1}>
          {context?.runsMeeting
            ? t('session.consoleTitle')
            : context?.state.status === 'in-session'
              ? t('session.title')
              : t('session.link')}
        </h2>
      </div>
      {context && <SessionControls />}
    </header>
  );
  return (
    <div className="session" data-testid="session-screen">
      {context ? <SessionContext.Provider value={context}>{header}</SessionContext.Provider> : header}
      {connection === 'offline' && view?.receivedAt && (
        <p className="notice" role="status" data-testid="session-offline">
          {t('session.offline', { time: formatSyncTime(view.receivedAt) })}
        </p>
      )}
      {error && !view && <ErrorNotice message={error.message} />}
      {!context ? (
        !error && (
          <p className="muted" role="status">
            {view && !view.state ? t('session.notYetKnown') : t('session.loading')}
          </p>
        )
      ) : (
        <SessionContext.Provider value={context}>
          <CurrentItemPanel />
          <div className="session__grid">
            <div className="session__column">
              <VotePanel />
              <ResultsList />
            </div>
            <div className="session__column">
              <SpeakersPanel />
              <DeclarationsPanel />
            </div>
          </div>
          <RollCallPanel />
        </SessionContext.Provider>
      )}
    </div>
  );
}
