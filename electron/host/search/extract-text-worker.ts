/**
 * Runs in a worker thread (text-reader.ts): reads one cached PDF's page texts
 * at a time, so pdf.js never holds the host's main thread, where downloads,
 * sync and every bridge call run. The parent enforces the time limit by
 * ending this worker.
 */
import { parentPort } from 'node:worker_threads';
import { extractPageTexts } from './extract-text.ts';
import { runAtBackgroundPriority } from '../../../common/node/background-priority.ts';

runAtBackgroundPriority();

parentPort!.on('message', (job: { id: number; input: string }) => {
  void extractPageTexts(job.input).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
});
