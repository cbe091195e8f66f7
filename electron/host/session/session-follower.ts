/**
 * Follows one meeting's session on the live socket the sync engine holds: asks
 * the server for it (`follow-session`) whenever the socket (re)opens, and hands
 * every pushed state on. One meeting at a time, as the server allows.
 */
import type { MeetingSessionState } from '../../../common/wire.ts';
import type { LiveFeedSend } from '../sync/live-feed.ts';
import type { LiveSocketListener } from '../sync/sync-engine.ts';

export class SessionFollower implements LiveSocketListener {
  private send: LiveFeedSend | null = null;
  private meetingId: string | null = null;

  constructor(
    private readonly onState: (meetingId: string, state: MeetingSessionState) => void,
    private readonly onReconnected: () => void,
  ) {}

  follow(meetingId: string): void {
    if (this.meetingId === meetingId) return;
    this.meetingId = meetingId;
    this.send?.({ type: 'follow-session', meetingId });
  }

  connected(send: LiveFeedSend): void {
    this.send = send;
    if (this.meetingId) send({ type: 'follow-session', meetingId: this.meetingId });
    this.onReconnected();
  }

  disconnected(): void {
    this.send = null;
  }

  session(meetingId: string, state: MeetingSessionState): void {
    this.onState(meetingId, state);
  }
}
