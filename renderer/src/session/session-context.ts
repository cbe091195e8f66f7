/** What every panel of the session screen needs: the meeting, its session, who is looking, and how to act. */
import { createContext, useContext } from 'react';
import type { LocalBallot, MeetingDetail } from '../../../common/bridge.ts';
import type { CommitteeRole, MeetingSessionState, RollEntry } from '../../../common/wire.ts';

export interface SessionContextValue {
  detail: MeetingDetail;
  state: MeetingSessionState;
  /** When the host received `state`; with serverTime, this gives the offset between the server's clock and ours. */
  receivedAt: string;
  ballots: LocalBallot[];
  userId: string;
  role: CommitteeRole | null;
  /** The chair and the clerk run the meeting. */
  runsMeeting: boolean;
  me: RollEntry | null;
  applyState(state: MeetingSessionState): void;
  noteBallot(ballot: LocalBallot): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside the session screen');
  return value;
}

/** Milliseconds to add to our clock to read the server's (from the state's own stamp). */
export function serverClockOffset(state: MeetingSessionState, receivedAt: string): number {
  return Date.parse(state.serverTime) - Date.parse(receivedAt);
}

export function itemLabel(detail: MeetingDetail, itemId: string | null): string | null {
  const item = itemId ? detail.items.find((candidate) => candidate.id === itemId) : undefined;
  return item ? `${item.number}. ${item.title}` : null;
}
