/** The session's status and quorum for everyone; open, adjourn, resume and close for the chair and clerk. */
import { useState } from 'react';
import type { SessionCommand, SessionStatus } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

export function SessionControls() {
  const { state, runsMeeting, detail, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const [confirmClose, setConfirmClose] = useState(false);
  const send = (type: SessionCommand['type']) => {
    setConfirmClose(false);
    void command.run({ type } as SessionCommand);
  };
  const { quorum } = state;
  return (
    <div className="session-controls">
      <div className="session-controls__status">
        <StatusBadge status={state.status} />
        <p
          className={`quorum ${quorum.met ? 'quorum--met' : 'quorum--not-met'}`}
          role="status"
          data-testid="quorum"
          data-met={quorum.met}
        >
          <span className="quorum__mark" aria-hidden="true">
            {quorum.met ? '✓' : '!'}
          </span>
          <span>
            <strong>{quorum.met ? t('session.quorum.met') : t('session.quorum.notMet')}</strong>{' '}
            {t('session.quorum.detail', { present: quorum.present, required: quorum.required })}
          </span>
        </p>
      </div>
      {runsMeeting && (
        <div className="session-controls__actions">
          {state.status === 'not-started' && (
            <button type="button" className="button button--primary" disabled={command.busy} onClick={() => send('open-session')}>
              {t('session.open')}
            </button>
          )}
          {state.status === 'in-session' && (
            <button type="button" className="button" disabled={command.busy} onClick={() => send('adjourn-session')}>
              {t('session.adjourn')}
            </button>
          )}
          {state.status === 'adjourned' && (
            <button type="button" className="button button--primary" disabled={command.busy} onClick={() => send('resume-session')}>
              {t('session.resume')}
            </button>
          )}
          {(state.status === 'in-session' || state.status === 'adjourned') &&
            (confirmClose ? (
              <>
                <button type="button" className="button button--danger" disabled={command.busy} onClick={() => send('close-session')}>
                  {t('session.closeConfirm')}
                </button>
                <button type="button" className="button" onClick={() => setConfirmClose(false)}>
                  {t('session.cancel')}
                </button>
              </>
            ) : (
              <button type="button" className="button" disabled={command.busy} onClick={() => setConfirmClose(true)}>
                {t('session.close')}
              </button>
            ))}
          <CommandError message={command.error} />
        </div>
      )}
    </div>
  );
}

function StatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className={`badge session-badge session-badge--${status}`} data-testid="session-status" data-status={status}>
      {t(`session.status.${status}`)}
    </span>
  );
}
