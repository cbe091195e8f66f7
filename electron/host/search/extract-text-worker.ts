/**
 * Runs in a worker thread (text-reader.ts): reads one cached PDF's page texts
 * at a time, so pdf.js never holds the host's main thread, where downloads,
 * sync and every bridge call run.
 */
import { parentPort } from 'node:worker_threads';
import { extractPageTexts } from './extract-text.ts';

// The parent enforces the time limit by ending this worker; this one only bounds a single file's page loop.
const NO_STOP = new AbortController().signal;

parentPort!.on('message', (job: { id: number; file: string }) => {
  void extractPageTexts(job.file, 24 * 3600_000, NO_STOP).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
});
