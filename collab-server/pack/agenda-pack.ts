/**
 * The agenda-pack engine's entry point for the server: `buildAgendaPack`
 * builds a pack in a worker thread (pack-worker.ts, through the queue upload
 * inspection uses: one job at a time, a time limit, the worker replaced after
 * a crash and ended after a while idle) and resolves with where each item and
 * paper landed, or rejects with an `AgendaPackError`.
 *
 * See assemble-pack.ts for the steps, front-sheet.ts for the first pages and
 * page-numbers.ts for the numbers stamped on every page.
 */
import { z } from 'zod';
import { PdfWorkerQueue } from '../../common/node/pdf-worker-queue.ts';
import { AgendaPackError, type AgendaPackOutcome, type AgendaPackRequest, type AgendaPackResult, AgendaPackSpec } from './pack-spec.ts';

export { AgendaPackError, packPageLabel } from './pack-spec.ts';
export type { AgendaPackErrorCode, AgendaPackRequest, AgendaPackResult, PackItemPlacement, PackPaperPlacement } from './pack-spec.ts';

/** WebAssembly memory is not V8's heap: this only bounds the worker's JavaScript side. */
const WORKER_HEAP_MB = 512;

const builder = new PdfWorkerQueue<AgendaPackOutcome, AgendaPackSpec>(
  new URL('./pack-worker.ts', import.meta.url).href,
  (message) => ({ ok: false, error: { code: 'pack-failed', message: `The agenda pack could not be built: ${message}`, paper: null } }),
  WORKER_HEAP_MB,
);

/**
 * Builds the pack `request` describes into `request.outPath`. A 1,000-page
 * pack takes a few seconds at most; `timeoutMs` ends a build that hangs.
 */
export async function buildAgendaPack(request: AgendaPackRequest, options: { timeoutMs?: number } = {}): Promise<AgendaPackResult> {
  const spec = AgendaPackSpec.safeParse(request);
  if (!spec.success) throw new AgendaPackError('invalid-request', z.prettifyError(spec.error));
  const outcome = await builder.run(spec.data, options.timeoutMs ?? 300_000);
  if (!outcome.ok) throw new AgendaPackError(outcome.error.code, outcome.error.message, outcome.error.paper);
  return outcome.result;
}

/** Ends the worker (server shutdown); a build under way rejects. */
export function stopAgendaPackBuilder(): Promise<void> {
  return builder.shutdown('Server shutting down');
}
