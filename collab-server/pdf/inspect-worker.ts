/**
 * Runs in a worker thread: opens one PDF with pdf.js and extracts its page
 * count and per-page text. Kept off the main thread so a hostile or huge file
 * can be time-limited and cannot stall the server.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type InspectOutcome =
  | { ok: true; pageCount: number; pages: string[] }
  | { ok: false; reason: 'encrypted' | 'unreadable'; message: string };

async function inspect(file: string): Promise<InspectOutcome> {
  const data = new Uint8Array(await readFile(file));
  const task = getDocument({ data, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('').trim());
      page.cleanup();
    }
    return { ok: true, pageCount: pdf.numPages, pages };
  } catch (error) {
    const err = error as { name?: string; message?: string };
    if (err.name === 'PasswordException') return { ok: false, reason: 'encrypted', message: 'The PDF is password-protected' };
    return { ok: false, reason: 'unreadable', message: err.message ?? String(error) };
  } finally {
    await task.destroy();
  }
}

// One job at a time: { id, file } in, { id, outcome } out. The parent restarts the worker on a timeout.
parentPort!.on('message', (job: { id: number; file: string }) => {
  void inspect(job.file).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
});
