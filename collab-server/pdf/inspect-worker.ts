/**
 * Runs in a worker thread: opens one uploaded PDF with pdf.js and extracts its
 * page count and per-page text. Kept off the main thread so a hostile or huge
 * file can be time-limited and cannot stall the server.
 */
import { parentPort } from 'node:worker_threads';
import { readPdfPageTexts } from '../../common/node/pdf-text.ts';
import { runAtBackgroundPriority } from '../../common/node/background-priority.ts';

runAtBackgroundPriority();

export type InspectOutcome =
  | { ok: true; pageCount: number; pages: string[] }
  | { ok: false; reason: 'encrypted' | 'unreadable'; message: string };

async function inspect(file: string): Promise<InspectOutcome> {
  try {
    // An upload pdf.js cannot read cleanly is refused, so members are never handed a damaged paper.
    const pages = await readPdfPageTexts(file, { spacing: 'as-given', stopAtErrors: true });
    return { ok: true, pageCount: pages.length, pages };
  } catch (error) {
    const err = error as { name?: string; message?: string };
    if (err.name === 'PasswordException') return { ok: false, reason: 'encrypted', message: 'The PDF is password-protected' };
    return { ok: false, reason: 'unreadable', message: err.message ?? String(error) };
  }
}

// One job at a time: { id, input: file } in, { id, outcome } out. The parent restarts the worker on a timeout.
parentPort!.on('message', (job: { id: number; input: string }) => {
  void inspect(job.input).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
});
