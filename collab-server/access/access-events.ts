/**
 * One place that tells open connections when their access ends: a session
 * signed out (logout) or expired (noticed by a sweep), or a user's committee
 * memberships changed (admin routes). The live change feed and the Yjs hub
 * both watch their connections here, so ending access is written once.
 */
import type { Db } from '../db/database.ts';
import { sessionEndsAt } from '../store/accounts.ts';

/** Why a session ended, as connections tell their clients. */
export type SessionEnd = 'signed-out' | 'expired';

export interface AccessWatcher {
  tokenSha256: string;
  userId: string;
  /** The session is over: close the connection. */
  sessionEnded(why: SessionEnd): void;
  /** The user's memberships changed: re-check what the connection may see. */
  membershipsChanged(): void;
}

/** How often open sessions are checked for expiry, so a lapsed one is closed within a second. */
const EXPIRY_SWEEP_MS = 400;

export class AccessEvents {
  private readonly watchers = new Set<AccessWatcher>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    this.sweep = setInterval(() => this.endExpiredSessions(), EXPIRY_SWEEP_MS);
    this.sweep.unref();
  }

  /** Watches one connection until the returned function is called. */
  watch(watcher: AccessWatcher): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** After the session's row is deleted (logout). */
  sessionEnded(tokenSha256: string, why: SessionEnd): void {
    for (const watcher of [...this.watchers]) if (watcher.tokenSha256 === tokenSha256) watcher.sessionEnded(why);
  }

  /** After a membership of the user starts, changes or ends (committed). */
  membershipsChanged(userId: string): void {
    for (const watcher of [...this.watchers]) if (watcher.userId === userId) watcher.membershipsChanged();
  }

  close(): void {
    clearInterval(this.sweep);
    this.watchers.clear();
  }

  /**
   * Reads each watched session's row (one indexed read per session, a few microseconds), so a
   * session that lapsed or was deleted by any path is noticed, not only the ones we predicted.
   */
  private endExpiredSessions(): void {
    const now = Date.now();
    for (const tokenSha256 of new Set([...this.watchers].map((watcher) => watcher.tokenSha256))) {
      if (sessionEndsAt(this.db, tokenSha256, now) === null) this.sessionEnded(tokenSha256, 'expired');
    }
  }
}
