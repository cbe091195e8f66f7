/**
 * Runs in a worker thread (agenda-pack.ts): builds one pack at a time. MuPDF's
 * WebAssembly work is synchronous and takes a second or so for a large pack,
 * which would stall every request of the server's event loop; and WebAssembly
 * memory only grows, so ending this worker (after a while idle) gives the
 * memory of the largest pack back.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { assembleAgendaPack } from './assemble-pack.ts';
import { AgendaPackError, type AgendaPackOutcome, AgendaPackSpec } from './pack-spec.ts';
import { runAtBackgroundPriority } from '../../common/node/background-priority.ts';

runAtBackgroundPriority();

async function build(input: unknown): Promise<AgendaPackOutcome> {
  const spec = AgendaPackSpec.safeParse(input);
  if (!spec.success) return { ok: false, error: { code: 'invalid-request', message: z.prettifyError(spec.error), paper: null } };
  try {
    return { ok: true, result: await assembleAgendaPack(spec.data) };
  } catch (error) {
    if (error instanceof AgendaPackError) return { ok: false, error: { code: error.code, message: error.message, paper: error.paper } };
    return { ok: false, error: { code: 'pack-failed', message: error instanceof Error ? error.message : String(error), paper: null } };
  }
}

parentPort!.on('message', (job: { id: number; input: unknown }) => {
  void build(job.input).then((outcome) => parentPort!.postMessage({ id: job.id, outcome }));
});
