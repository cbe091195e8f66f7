import { Worker } from 'node:worker_threads';
import type { InspectOutcome } from './inspect-worker.ts';

export type { InspectOutcome };

const workerUrl = new URL('./inspect-worker.ts', import.meta.url).href;
/** Worker threads do not inherit tsx's loader on Node 20, so the worker registers it before loading the TypeScript module. */
const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); })`;
const IDLE_MS = 30_000;

interface Job {
  id: number;
  file: string;
  timeoutMs: number;
  resolve: (outcome: InspectOutcome) => void;
}

/**
 * Reads PDFs with pdf.js in a worker thread, one at a time, with a time and
 * memory limit per file. Off the main thread, a hostile or huge file cannot
 * stall the server; a file that times out or crashes the worker counts as
 * unreadable and the worker is replaced. The worker stays warm between uploads
 * (starting pdf.js costs seconds) and ends after a while idle.
 */
class PdfInspector {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  inspect(file: string, timeoutMs: number): Promise<InspectOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, timeoutMs, resolve });
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(bootstrap, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    worker.unref();
    worker.on('message', (message: { id: number; outcome: InspectOutcome }) => {
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
    this.ensureWorker().postMessage({ id: job.id, file: job.file });
    this.timer = setTimeout(() => {
      const worker = this.worker;
      if (worker) this.fail(worker, 'Reading the PDF took too long');
    }, job.timeoutMs);
  }

  private finish(outcome: InspectOutcome): void {
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
    this.finish({ ok: false, reason: 'unreadable', message });
  }

  /** Ends the worker now (server shutdown); queued jobs are answered as unreadable. */
  async shutdown(): Promise<void> {
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, reason: 'unreadable', message: 'Server shutting down' });
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (worker) this.fail(worker, 'Server shutting down');
    if (worker) await worker.terminate();
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.running) return;
    this.worker = null;
    await worker.terminate();
  }
}

const inspector = new PdfInspector();

/** Page count and per-page text of a PDF, or why pdf.js could not read it. */
export function inspectPdf(file: string, timeoutMs = 120_000): Promise<InspectOutcome> {
  return inspector.inspect(file, timeoutMs);
}

export function stopPdfInspector(): Promise<void> {
  return inspector.shutdown();
}
