/**
 * The sync loop: sign in, catch up on the change feed page by page, go live on
 * the feed's WebSocket, and fetch again on every poke. Whenever the server is
 * unreachable it backs off (exponential, with jitter, capped at 30 s) and
 * tries again; the mirror keeps serving the UI meanwhile.
 */
import type { SyncStatus } from '../../../common/bridge.ts';
import type { MeetingSessionState, UserProfile } from '../../../common/wire.ts';
import type { DocumentCache } from '../documents/document-cache.ts';
import type { HostLogger } from '../logger.ts';
import type { MirrorStore } from '../mirror/mirror-store.ts';
import type { TokenStore } from '../token-store.ts';
import { AuthorityClient, UnauthorisedError } from './authority-client.ts';
import { Backoff } from './backoff.ts';
import { runLiveFeed, type LiveFeedSend } from './live-feed.ts';

/** Who hears about the live socket besides the mirror: the meeting session follower. */
export interface LiveSocketListener {
  connected(send: LiveFeedSend): void;
  disconnected(): void;
  session(meetingId: string, state: MeetingSessionState): void;
}

export interface SyncEngineOptions {
  store: MirrorStore;
  cache: DocumentCache;
  client: AuthorityClient;
  tokenStore: TokenStore;
  username: string;
  password?: string;
  logger: HostLogger;
  onStatus(status: SyncStatus): void;
  onMirrorChanged(meetingIds: string[]): void;
  /** The server told us who this account is (at each sign-in or session check), so the header can say it. */
  onUserProfile?(profile: UserProfile): void;
  live?: LiveSocketListener;
}

/** Upper bound on pages per catch-up pass, so a misbehaving server cannot keep us looping forever. */
const maxPagesPerPass = 100_000;

export class SyncEngine {
  private token: string | null = null;
  private readonly backoff = new Backoff(500, 30_000);
  private readonly stopped = new AbortController();
  private connection: SyncStatus['connection'] = 'offline';
  private lastError: string | null = null;
  /** The server refused our session and we have no password to sign in again with: the user must. */
  private sessionExpired = false;
  private catchUpRunning: Promise<void> | null = null;
  private catchUpAgain = false;
  private wakeSleep: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private liveAbort: AbortController | null = null;

  constructor(private readonly options: SyncEngineOptions) {}

  start(): void {
    this.loopDone ??= this.loop();
  }

  async close(): Promise<void> {
    this.stopped.abort();
    this.liveAbort?.abort();
    this.wakeSleep?.();
    await this.loopDone;
    await this.catchUpRunning?.catch(() => undefined);
    await this.options.cache.whenIdle();
  }

  status(): SyncStatus {
    const state = this.options.store.syncState();
    return {
      connection: this.connection,
      lastSyncedAt: state.lastSyncedAt,
      lastSeq: state.lastSeq,
      ...this.options.cache.progress(),
      lastError: this.lastError,
      sessionExpired: this.sessionExpired,
    };
  }

  /** Reports the current state to listeners (also called on download progress). */
  publishStatus(): void {
    if (this.stopped.signal.aborted) return;
    this.options.onStatus(this.status());
  }

  userProfile(): UserProfile | null {
    return this.options.store.userProfile();
  }

  /** Start downloading what is wanted now (e.g. the user opened an evicted document), if we have a session. */
  downloadNow(): void {
    if (this.token && !this.stopped.signal.aborted) this.startDownloads(this.token);
  }

  /** "Sync now": catch up immediately, and cut short any backoff wait. */
  async syncNow(): Promise<SyncStatus> {
    this.wakeSleep?.();
    try {
      const token = await this.session();
      await this.catchUp(token);
    } catch (error) {
      this.noteError(error);
    }
    return this.status();
  }

  private async loop(): Promise<void> {
    const { signal } = this.stopped;
    while (!signal.aborted) {
      try {
        const token = await this.session();
        this.setConnection('syncing');
        await this.catchUp(token);
        const closedBy = await this.goLive(token);
        if (closedBy) throw closedBy;
      } catch (error) {
        if (signal.aborted) break;
        this.noteError(error);
      }
      if (signal.aborted) break;
      await this.sleep(this.backoff.next());
    }
  }

  /** Holds the live feed open; resolves with why it closed (null when we closed it). */
  private async goLive(token: string): Promise<Error | null> {
    const live = new AbortController();
    this.liveAbort = live;
    // close() aborts `live` directly (AbortSignal.any on Node 20 can lose dependent signals to GC).
    if (this.stopped.signal.aborted) live.abort();
    let failure: Error | null = null;
    const catchUpOrClose = (): void => {
      this.catchUp(token).then(
        () => {
          this.lastError = null;
          this.setConnection('online');
        },
        (error: unknown) => {
          failure = error instanceof Error ? error : new Error(String(error));
          live.abort();
        },
      );
    };
    try {
      const closedBy = await runLiveFeed(
        this.options.client.serverUrl,
        token,
        {
          onOpen: (send) => {
            this.backoff.reset();
            // Changes made between the first catch-up and the socket opening would otherwise wait for the next poke.
            catchUpOrClose();
            this.options.live?.connected(send);
          },
          onPoke: catchUpOrClose,
          onSession: (meetingId, state) => this.options.live?.session(meetingId, state),
        },
        live.signal,
      );
      return failure ?? closedBy;
    } finally {
      this.liveAbort = null;
      this.options.live?.disconnected();
    }
  }

  /** A valid session token: the stored one (checked with /me), else a fresh login when we have the password. */
  private async session(): Promise<string> {
    if (this.token) return this.token;
    const { client, tokenStore, username, password } = this.options;
    const stored = await tokenStore.get();
    if (stored) {
      try {
        this.rememberUser(await client.me(stored));
        this.token = stored;
        this.sessionExpired = false;
        return stored;
      } catch (error) {
        if (!(error instanceof UnauthorisedError)) throw error;
        await tokenStore.clear();
      }
    }
    if (!password) throw new UnauthorisedError('unauthorised: no valid session and no password to sign in with');
    try {
      const login = await client.login(username, password);
      await tokenStore.set(login.token);
      this.rememberUser(login.user);
      this.token = login.token;
      this.sessionExpired = false;
      this.options.logger.info({ user: login.user.username }, 'signed in');
      return login.token;
    } catch (error) {
      if (error instanceof UnauthorisedError) throw new UnauthorisedError(`unauthorised: sign-in refused (${error.message})`);
      throw error;
    }
  }

  private rememberUser(profile: UserProfile): void {
    this.options.store.setUserProfile(profile);
    this.options.onUserProfile?.(profile);
  }

  /** Single-flight catch-up: a request during a pass makes the pass run once more. */
  private catchUp(token: string): Promise<void> {
    if (this.catchUpRunning) {
      this.catchUpAgain = true;
      return this.catchUpRunning;
    }
    this.catchUpRunning = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.catchUpPass(token);
        } while (this.catchUpAgain && !this.stopped.signal.aborted);
      } finally {
        this.catchUpRunning = null;
      }
    })();
    return this.catchUpRunning;
  }

  private async catchUpPass(token: string): Promise<void> {
    const { store, client, cache } = this.options;
    const changedMeetings = new Set<string>();
    try {
      for (let page = 0; page < maxPagesPerPass; page++) {
        if (this.stopped.signal.aborted) return;
        const since = store.syncState().lastSeq;
        const response = await client.changes(token, since).catch((error: unknown) => {
          if (error instanceof UnauthorisedError) this.forgetToken();
          throw error;
        });
        const result = store.applyPage(response);
        for (const id of result.meetingIds) changedMeetings.add(id);
        if (result.restartFromZero) continue;
        if (!response.hasMore) break;
        if (response.nextSince <= since && response.changes.length === 0) break; // no progress: avoid spinning
      }
      for (const id of store.finishResync()) changedMeetings.add(id);
      store.markSynced(new Date().toISOString());
      this.lastError = null;
    } finally {
      if (changedMeetings.size > 0) {
        this.options.onMirrorChanged([...changedMeetings]);
      }
    }
    await cache.removeUnreferenced();
    // Meetings age past the retention setting between runs; their files go as the feed is applied.
    await cache.evictUnkept();
    this.publishStatus();
    this.startDownloads(token);
  }

  private startDownloads(token: string): void {
    const { cache, client } = this.options;
    cache.downloadPending(client.serverUrl, token, this.stopped.signal).then(
      () => this.publishStatus(),
      (error: unknown) => {
        if (this.stopped.signal.aborted) return;
        if (error instanceof UnauthorisedError) this.forgetToken();
        this.options.logger.warn({ err: String(error) }, 'document downloads paused');
        this.publishStatus();
      },
    );
  }

  private forgetToken(): void {
    this.token = null;
  }

  private noteError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UnauthorisedError) {
      this.forgetToken();
      this.sessionExpired = true;
      this.lastError = message.startsWith('unauthorised') ? message : `unauthorised: ${message}`;
    } else {
      this.lastError = message;
    }
    this.options.logger.warn({ err: message }, 'sync problem; will retry');
    this.setConnection('offline');
  }

  private setConnection(connection: SyncStatus['connection']): void {
    this.connection = connection;
    this.publishStatus();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }
}
