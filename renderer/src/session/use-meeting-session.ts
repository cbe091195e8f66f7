/**
 * The session of one meeting as the host knows it: read from the mirror at
 * once, then replaced by every `meetingSession.state` event; this member's
 * ballots follow `meetingSession.ballot`. Re-read after the events channel
 * reconnects, since events may have been missed meanwhile.
 */
import { useCallback, useEffect, useState } from 'react';
import type { LocalBallot, MeetingSessionView } from '../../../common/bridge.ts';
import type { MeetingSessionState } from '../../../common/wire.ts';
import { useBridge, useBridgeEvent } from '../bridge/context.tsx';
import { toBridgeFailure, type BridgeFailure } from '../bridge/errors.ts';
import { onBridgeReconnected } from '../bridge/index.ts';

export interface MeetingSessionQuery {
  view: MeetingSessionView | null;
  error: BridgeFailure | null;
  /** Puts a state the caller got itself (a command's answer) on screen without waiting for the event. */
  applyState(state: MeetingSessionState): void;
  noteBallot(ballot: LocalBallot): void;
}

export function useMeetingSession(meetingId: string): MeetingSessionQuery {
  const bridge = useBridge();
  const [view, setView] = useState<MeetingSessionView | null>(null);
  const [error, setError] = useState<BridgeFailure | null>(null);

  const load = useCallback(() => {
    bridge.invoke('meetingSession.get', { meetingId }).then(
      (loaded) => {
        setError(null);
        setView((current) => newer(current, loaded));
      },
      (failure: unknown) => setError(toBridgeFailure(failure)),
    );
  }, [bridge, meetingId]);

  useEffect(() => {
    load();
    return onBridgeReconnected(load);
  }, [load]);

  const update = useCallback(
    (next: MeetingSessionView) => {
      if (next.meetingId === meetingId) setView((current) => newer(current, next));
    },
    [meetingId],
  );
  useBridgeEvent('meetingSession.state', update);

  const applyState = useCallback(
    (state: MeetingSessionState) =>
      update({ meetingId, state, receivedAt: new Date().toISOString(), ballots: [] }),
    [meetingId, update],
  );

  const noteBallot = useCallback(
    (ballot: LocalBallot) => {
      if (ballot.meetingId !== meetingId) return;
      setView((current) =>
        current ? { ...current, ballots: [...current.ballots.filter((b) => b.voteId !== ballot.voteId), ballot] } : current,
      );
    },
    [meetingId],
  );
  useBridgeEvent('meetingSession.ballot', noteBallot);

  return { view, error, applyState, noteBallot };
}

/** Keeps whichever view carries the later server time (events and answers may cross). */
function newer(current: MeetingSessionView | null, next: MeetingSessionView): MeetingSessionView {
  if (!current) return next;
  const currentTime = current.state ? Date.parse(current.state.serverTime) : -Infinity;
  const nextTime = next.state ? Date.parse(next.state.serverTime) : -Infinity;
  // A command's answer carries no ballots of its own: keep the ones we know.
  const ballots = next.ballots.length > 0 ? next.ballots : current.ballots;
  return nextTime >= currentTime ? { ...next, ballots } : { ...current, ballots };
}
