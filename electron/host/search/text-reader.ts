/**
 * The host's pdf.js text reading, in a worker thread (extract-text-worker.ts)
 * through the queue the server uses for uploads: one file at a time, a time
 * limit per file, the worker replaced after a timeout or crash.
 */
import { PdfWorkerQueue } from '../../../common/node/pdf-worker-queue.ts';
import type { ExtractedText } from './extract-text.ts';

/**
 * In the Electron bundle (dist-electron/main.cjs) the worker is built beside it as text-worker.cjs
 * (build/scripts/build-electron.ts); from source, tsx loads the TypeScript module.
 */
function workerModuleUrl(): string {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./text-worker.cjs', here).href : new URL('./extract-text-worker.ts', here).href;
}

export class TextReader {
  private readonly queue = new PdfWorkerQueue<ExtractedText>(workerModuleUrl(), (message) => ({ ok: false, message }), 1024);

  read(file: string, timeoutMs: number): Promise<ExtractedText> {
    return this.queue.run(file, timeoutMs);
  }

  close(): Promise<void> {
    return this.queue.shutdown('Stopped');
  }
}
