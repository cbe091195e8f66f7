/**
 * Group commit for ballots. A hundred members voting within a second would
 * otherwise cost a hundred fsyncs (synchronous=FULL) one after another on the
 * server's only thread. Ballots that arrive while one commit is on disk are
 * cast together in the next IMMEDIATE transaction, each in its own savepoint
 * (one refused ballot does not undo the others), and every answer is sent
 * only after that transaction committed: an acknowledged ballot is durable.
 */
import type { CastBallotRequest } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { type BallotOutcome, castBallotNow } from './votes.ts';

interface PendingBallot {
  voteId: string;
  userId: string;
  ballot: CastBallotRequest;
  resolve(outcome: BallotOutcome): void;
  reject(error: unknown): void;
}

export class BallotCommitter {
  private queue: PendingBallot[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  cast(voteId: string, userId: string, ballot: CastBallotRequest): Promise<BallotOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ voteId, userId, ballot, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the requests already read from the sockets in this turn of the event loop.
      setImmediate(() => this.commit());
    });
  }

  private commit(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    type Settled = { ok: true; outcome: BallotOutcome } | { ok: false; error: unknown };
    let settled: Settled[];
    try {
      settled = this.db
        .transaction(() =>
          batch.map((pending): Settled => {
            try {
              // A nested transaction is a savepoint: a refused ballot rolls back alone.
              return { ok: true, outcome: this.db.transaction(() => castBallotNow(this.db, pending.voteId, pending.userId, pending.ballot))() };
            } catch (error) {
              return { ok: false, error };
            }
          }),
        )
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch was recorded.
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const result = settled[index]!;
      if (result.ok) pending.resolve(result.outcome);
      else pending.reject(result.error);
    });
  }
}
