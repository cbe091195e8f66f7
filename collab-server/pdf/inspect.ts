import type { InspectOutcome } from './inspect-worker.ts';
import { PdfWorkerQueue } from '../../common/node/pdf-worker-queue.ts';

export type { InspectOutcome };

/** Upload inspection in its worker thread (see common/node/pdf-worker-queue.ts): unreadable when it times out or crashes. */
const inspector = new PdfWorkerQueue<InspectOutcome>(new URL('./inspect-worker.ts', import.meta.url).href, (message) => ({
  ok: false,
  reason: 'unreadable',
  message,
}));

/** Page count and per-page text of a PDF, or why pdf.js could not read it. */
export function inspectPdf(file: string, timeoutMs = 120_000): Promise<InspectOutcome> {
  return inspector.run(file, timeoutMs);
}

export function stopPdfInspector(): Promise<void> {
  return inspector.shutdown('Server shutting down');
}
