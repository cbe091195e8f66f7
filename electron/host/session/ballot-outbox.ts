/**
 * This member's ballots on their way to the server. A ballot is written to the
 * mirror with its `ballotId` before the first send, and sent again with the
 * same id until the server answers with a receipt or a refusal — after a
 * dropped connection, a timeout or a restart alike. The server returns the same
 * receipt for a resend, so a ballot is never counted twice nor lost.
 */
import { randomUUID } from 'node:crypto';
import type { LocalBallot } from '../../../common/bridge.ts';
import { BallotReceipt, apiPaths, type VoteChoice } from '../../../common/wire.ts';
import { Backoff } from '../sync/backoff.ts';
import type { AuthorityClient } from '../sync/authority-client.ts';
import type { HostLogger } from '../logger.ts';
import { refusalOf } from './session-errors.ts';
import type { SessionStore, StoredBallot } from './session-store.ts';

export interface BallotOutboxOptions {
  store: SessionStore;
  client: AuthorityClient;
  token: () => Promise<string | null>;
  logger: HostLogger;
  onBallot(ballot: LocalBallot): void;
  now?: () => string;
}

export class BallotOutbox {
  private readonly inFlight = new Map<string, Promise<LocalBallot>>();
  private readonly backoff = new Backoff(1_000, 15_000);
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: BallotOutboxOptions) {}

  /** Stores the ballot (or finds the one already stored for this vote) and sends it; answers how it stands. */
  async cast(meetingId: string, voteId: string, choice: VoteChoice): Promise<LocalBallot> {
    const now = this.options.now?.() ?? new Date().toISOString();
    const stored = this.options.store.prepareBallot({ voteId, meetingId, choice, newBallotId: randomUUID(), at: now });
    if (stored.receipt) return localBallot(stored);
    return this.send(stored);
  }

  /** Sends every ballot whose outcome is still unknown (at start, and when the connection comes back). */
  resendUnsettled(): void {
    if (this.closed) return;
    for (const ballot of this.options.store.unsettledBallots()) void this.send(ballot);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** One send per vote at a time; a cast while one is on its way waits for that answer. */
  private send(ballot: StoredBallot): Promise<LocalBallot> {
    const running = this.inFlight.get(ballot.voteId);
    if (running) return running;
    const attempt = this.attempt(ballot).finally(() => this.inFlight.delete(ballot.voteId));
    this.inFlight.set(ballot.voteId, attempt);
    return attempt;
  }

  private async attempt(ballot: StoredBallot): Promise<LocalBallot> {
    const { store, client, logger } = this.options;
    try {
      const token = await this.options.token();
      if (!token) throw new Error('not signed in yet');
      const receipt = await client.call(BallotReceipt, 'POST', apiPaths.ballots(ballot.voteId), token, {
        ballotId: ballot.ballotId,
        choice: ballot.choice,
      });
      store.recordReceipt(ballot.voteId, receipt);
      this.backoff.reset();
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        store.recordRefusal(ballot.voteId, refusal);
      } else {
        // Unknown outcome: the server may or may not have it. Keep the id and try again.
        logger.warn({ err: String(error), voteId: ballot.voteId }, 'ballot not acknowledged yet; will resend');
        this.scheduleRetry();
      }
    }
    const settled = localBallot(store.ballot(ballot.voteId) ?? ballot);
    if (!this.closed) this.options.onBallot(settled);
    return settled;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.resendUnsettled();
    }, this.backoff.next());
    this.retryTimer.unref();
  }
}

export function localBallot(ballot: StoredBallot): LocalBallot {
  return {
    voteId: ballot.voteId,
    meetingId: ballot.meetingId,
    ballotId: ballot.ballotId,
    choice: ballot.choice,
    status: ballot.receipt ? 'recorded' : ballot.refusal ? 'refused' : 'sending',
    receipt: ballot.receipt,
    refusal: ballot.refusal,
  };
}
