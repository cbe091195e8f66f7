/**
 * Reads PDFs with pdf.js in a worker thread, one file at a time, with a time
 * and memory limit per file. Off the main thread, a hostile or huge file
 * cannot stall its process; a file that times out or crashes the worker gets
 * the caller's failure outcome and the worker is replaced. The worker stays
 * warm between files (starting pdf.js costs seconds) and ends after a while
 * idle. Used by the server (upload inspection, agenda packs) and the desktop
 * host (text for its search index), each with its own worker module.
 *
 * The worker module answers `{ id, input }` messages (a file's path, or what
 * its job needs) with `{ id, outcome }`.
 */
import { Worker } from 'node:worker_threads';

const IDLE_MS = 30_000;

interface Job<Outcome, Input> {
  id: number;
  input: Input;
  timeoutMs: number;
  resolve: (outcome: Outcome) => void;
}

/**
 * Code for `new Worker(code, { eval: true })` that loads a worker module. Worker threads do not inherit tsx's
 * loader on Node 20, so a TypeScript module registers it first; a built `.cjs`/`.js` module is required plainly.
 */
export function workerBootstrap(moduleUrl: string): string {
  if (moduleUrl.endsWith('.ts')) {
    return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); })`;
  }
  return `require(require('node:url').fileURLToPath(${JSON.stringify(moduleUrl)}))`;
}

export class PdfWorkerQueue<Outcome, Input = string> {
  private worker: Worker | null = null;
  private readonly queue: Job<Outcome, Input>[] = [];
  private running: Job<Outcome, Input> | null = null;
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly moduleUrl: string,
    /** The outcome for a file the worker could not finish (timeout, crash, shutdown). */
    private readonly failure: (message: string) => Outcome,
    private readonly maxOldGenerationSizeMb = 2048,
  ) {}

  run(input: Input, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, input, timeoutMs, resolve });
      this.pump();
    });
  }

  /** Ends the worker now; queued jobs get the failure outcome. */
  async shutdown(message: string): Promise<void> {
    for (const job of this.queue.splice(0)) job.resolve(this.failure(message));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (worker) this.fail(worker, message);
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerBootstrap(this.moduleUrl), { eval: true, resourceLimits: { maxOldGenerationSizeMb: this.maxOldGenerationSizeMb } });
    worker.unref();
    worker.on('message', (message: { id: number; outcome: Outcome }) => {
      if (this.running?.id === message.id) this.finish(message.outcome);
    });
    // A crashed worker (e.g. out of memory on a hostile file) means pdf.js could not read the file.
    worker.on('error', (error) => this.fail(worker, error.message));
    worker.on('exit', (code) => this.fail(worker, `PDF reader stopped (exit ${code})`));
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) {
      this.idleTimer = setTimeout(() => void this.stopWorker(), IDLE_MS);
      this.idleTimer.unref();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.running = job;
    this.ensureWorker().postMessage({ id: job.id, input: job.input });
    this.timer = setTimeout(() => {
      const worker = this.worker;
      if (worker) this.fail(worker, 'Reading the PDF took too long');
    }, job.timeoutMs);
  }

  private finish(outcome: Outcome): void {
    const job = this.running;
    if (!job) return;
    if (this.timer) clearTimeout(this.timer);
    this.running = null;
    job.resolve(outcome);
    this.pump();
  }

  private fail(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    this.finish(this.failure(message));
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.running) return;
    this.worker = null;
    await worker.terminate();
  }
}
