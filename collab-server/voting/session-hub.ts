/**
 * Pushes each follower of a meeting its own `MeetingSessionState` over the
 * live socket. Bursts (a hundred ballots in a second) are coalesced: at most
 * one push per meeting per PUSH_INTERVAL_MS, while the chair's and clerk's
 * moves (a vote opening or closing, the result) go out at once.
 */
import type { Db } from '../db/database.ts';
import type { LiveFeedHub } from '../feed/live-feed.ts';
import { findItem } from '../store/council.ts';
import { sessionView } from './session-state.ts';

/** Ballot progress and requests to speak: at most four pushes a second per meeting (each goes to every follower). */
const PUSH_INTERVAL_MS = 250;
const FOLLOWERS_PER_TURN = 20;

/** What the meeting record gained, told once committed: the minutes add a vote block, or sections for new items. */
export type RecordEvent = { type: 'vote-closed'; meetingId: string; voteId: string } | { type: 'published'; meetingId: string };

export class SessionHub {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastPush = new Map<string, number>();
  private readonly recordListeners: Array<(event: RecordEvent) => void> = [];

  constructor(
    private readonly db: Db,
    private readonly feedHub: LiveFeedHub,
  ) {
    feedHub.onFollow = (meetingId, follower) => {
      const message = sessionView(db, meetingId)?.messageFor(follower.userId);
      if (message) follower.send(message);
    };
  }

  /** The session of a meeting changed: push now when `urgent`, otherwise within PUSH_INTERVAL_MS. */
  changed(meetingId: string, urgent = false): void {
    if (urgent) return this.push(meetingId);
    if (this.pending.has(meetingId)) return;
    const wait = Math.max(0, (this.lastPush.get(meetingId) ?? 0) + PUSH_INTERVAL_MS - Date.now());
    const timer = setTimeout(() => this.push(meetingId), wait);
    timer.unref();
    this.pending.set(meetingId, timer);
  }

  /** A declaration on an item changed: its meeting's followers may see a different roll of who left the room. */
  itemChanged(itemId: string): void {
    const item = findItem(this.db, itemId);
    if (item) this.changed(item.meeting_id);
  }

  /** Listens for the record's events (vote results, publications), each told after its transaction committed. */
  onRecordEvent(listener: (event: RecordEvent) => void): void {
    this.recordListeners.push(listener);
  }

  /** The record gained something (called by the route once its transaction committed). Listeners handle their own failures. */
  recordEvent(event: RecordEvent): void {
    for (const listener of this.recordListeners) listener(event);
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private push(meetingId: string): void {
    const timer = this.pending.get(meetingId);
    if (timer) clearTimeout(timer);
    this.pending.delete(meetingId);
    this.lastPush.set(meetingId, Date.now());
    const followers = this.feedHub.sessionFollowers(meetingId);
    if (followers.length === 0) return;
    const view = sessionView(this.db, meetingId);
    if (!view) return;
    // A few followers per turn of the event loop, so ballots arriving meanwhile are not held up behind a whole push.
    const sendSlice = (from: number) => {
      for (const follower of followers.slice(from, from + FOLLOWERS_PER_TURN)) {
        const message = view.messageFor(follower.userId);
        if (message) follower.send(message);
      }
      if (from + FOLLOWERS_PER_TURN < followers.length) setImmediate(() => sendSlice(from + FOLLOWERS_PER_TURN));
    };
    sendSlice(0);
  }
}
