/**
 * Runs at most `concurrency` tasks at once, and at most `runningPerClient` of
 * one client's, so a slot is left for someone else however hard one client
 * pushes; the rest wait, clients taking turns (round robin). Used for password
 * hashing, where each running task holds 128 MiB. A client's waiting tasks are
 * bounded, and so are all clients' together; a task that finds no room is
 * refused at once. Tasks without a client (the server's own work, an
 * administrator's) are not limited per client and wait without bound.
 */
export interface FairQueueLimits {
  concurrency: number;
  /** Tasks of one client that may run at once. */
  runningPerClient: number;
  /** Tasks of clients that may wait, over all clients. */
  maxWaiting: number;
  /** Tasks of one client that may wait. */
  maxWaitingPerClient: number;
}

export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Busy; try again in ${retryAfterSeconds} seconds`);
    this.name = 'QueueFullError';
  }
}

/** The turn of tasks run without a client. */
const OWN_WORK = Symbol('own work');
type Client = string | typeof OWN_WORK;

export class FairQueue {
  private running = 0;
  private readonly runningOf = new Map<Client, number>();
  private waitingOfClients = 0;
  /** Waiting tasks per client; the Map's order is the rotation (a client just served goes to the back). */
  private readonly turns = new Map<Client, (() => void)[]>();
  /** A running average of how long a task takes, for Retry-After. */
  private averageTaskMs = 1000;

  constructor(private readonly limits: FairQueueLimits) {}

  /** Runs `task` in the client's turn; throws QueueFullError at once when the client may not queue another. */
  async run<T>(clientAddress: string | null, task: () => Promise<T>): Promise<T> {
    const client = clientAddress ?? OWN_WORK;
    if (this.mayStart(client)) this.start(client);
    else await this.waitForTurn(client);
    const started = Date.now();
    try {
      return await task();
    } finally {
      this.averageTaskMs = 0.8 * this.averageTaskMs + 0.2 * (Date.now() - started);
      this.running -= 1;
      const left = this.runningOf.get(client)! - 1;
      if (left === 0) this.runningOf.delete(client);
      else this.runningOf.set(client, left);
      this.startWaiting();
    }
  }

  private mayStart(client: Client): boolean {
    return this.running < this.limits.concurrency && (client === OWN_WORK || (this.runningOf.get(client) ?? 0) < this.limits.runningPerClient);
  }

  private start(client: Client): void {
    this.running += 1;
    this.runningOf.set(client, (this.runningOf.get(client) ?? 0) + 1);
  }

  private waitForTurn(client: Client): Promise<void> {
    const waiting = this.turns.get(client) ?? [];
    if (client !== OWN_WORK) {
      if (this.waitingOfClients >= this.limits.maxWaiting || waiting.length >= this.limits.maxWaitingPerClient) {
        // Roughly when the tasks waiting now will have run.
        const queued = this.waitingOfClients + (this.turns.get(OWN_WORK)?.length ?? 0);
        throw new QueueFullError(Math.max(1, Math.ceil(((queued + 1) * this.averageTaskMs) / this.limits.concurrency / 1000)));
      }
      this.waitingOfClients += 1;
    }
    this.turns.set(client, waiting);
    return new Promise((resolve) => waiting.push(resolve));
  }

  /** A task ended: the first client in the rotation that may start one starts it, and goes to the back; again while slots are free. */
  private startWaiting(): void {
    for (const [client, waiting] of this.turns) {
      if (!this.mayStart(client)) continue;
      const wake = waiting.shift()!;
      this.turns.delete(client);
      if (waiting.length > 0) this.turns.set(client, waiting);
      if (client !== OWN_WORK) this.waitingOfClients -= 1;
      this.start(client);
      wake();
      return this.startWaiting();
    }
  }
}
