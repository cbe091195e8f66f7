/**
 * Sending a session command from a screen: one at a time per control, with the
 * refusal or the offline error shown in plain words next to it.
 */
import { useCallback, useState } from 'react';
import type { ServerRefusal } from '../../../common/bridge.ts';
import type { MeetingSessionState, SessionCommand } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import { t } from '../i18n/index.ts';
import type { MessageId } from '../i18n/en.ts';

export interface CommandRunner {
  busy: boolean;
  error: string | null;
  /** The server's code when it refused (e.g. `casting-vote-required`), for screens that react to one. */
  refusalCode: string | null;
  run(command: SessionCommand): Promise<boolean>;
  clearError(): void;
}

export function useSessionCommand(meetingId: string, onState: (state: MeetingSessionState) => void): CommandRunner {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refusalCode, setRefusalCode] = useState<string | null>(null);

  const run = useCallback(
    async (command: SessionCommand) => {
      setBusy(true);
      setError(null);
      setRefusalCode(null);
      try {
        const outcome = await bridge.invoke('meetingSession.command', { meetingId, command });
        if (outcome.ok) {
          onState(outcome.state);
          return true;
        }
        setRefusalCode(outcome.refusal.code);
        setError(refusalText(outcome.refusal));
        return false;
      } catch (failure) {
        setError(failureText(failure));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [bridge, meetingId, onState],
  );

  return { busy, error, refusalCode, run, clearError: () => setError(null) };
}

const refusalIds: Record<string, MessageId> = {
  'session-not-open': 'session.refused.session-not-open',
  'session-state': 'session.refused.session-state',
  'no-current-item': 'session.refused.no-current-item',
  'not-on-roll': 'session.refused.not-on-roll',
  'vote-in-progress': 'session.refused.vote-in-progress',
  'secret-ballot-not-allowed': 'session.refused.secret-ballot-not-allowed',
  'vote-not-open': 'session.refused.vote-not-open',
  'vote-closed': 'session.refused.vote-closed',
  'not-a-voting-member': 'session.refused.not-a-voting-member',
  'not-present': 'session.refused.not-present',
  'excluded-by-declaration': 'session.refused.excluded-by-declaration',
  'show-of-hands': 'session.refused.show-of-hands',
  'already-voted': 'session.refused.already-voted',
  'counts-required': 'session.refused.counts-required',
  'casting-vote-required': 'session.refused.casting-vote-required',
  forbidden: 'session.refused.forbidden',
};

/** A failed call in plain words: offline means nothing was changed. */
export function failureText(failure: unknown): string {
  const { code, message } = toBridgeFailure(failure);
  return code === 'offline' ? t('session.error.offline') : t('app.loadError', { message });
}

/** The reason in the reader's language when we know the code; the server's own words otherwise. */
export function refusalText(refusal: ServerRefusal): string {
  const id = refusalIds[refusal.code];
  return id ? t(id) : refusal.message;
}
