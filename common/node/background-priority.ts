/**
 * Lowers the calling thread's scheduling priority to the lowest, for worker
 * threads doing background work (storing Yjs updates, reading and assembling
 * PDFs, indexing text) in a process whose main thread serves people live.
 * On a small server the workers' bursts took a core the relay was waiting
 * for. Measured on 2 cores (bench/minutes.ts, issue #17), a keystroke's relay
 * p99 over the bare relay's was 1.18–1.37 with the log writer at normal
 * priority, 1.11–1.37 at nice 10 and 1.10–1.15 at nice 19.
 *
 * The cost: when every core is busy with normal-priority work the writer gets
 * little CPU and its queue waits in memory until the load drops (a blocked
 * main thread, waiting for the database lock the writer holds, frees a core
 * for it). A live meeting's relay and votes come first.
 *
 * Linux only: there a thread has its own nice value, set through its thread
 * id, which /proc/thread-self names. Elsewhere, or if refused, the thread
 * keeps its priority.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

export const BACKGROUND_NICE = 19;

export function runAtBackgroundPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    // "<pid>/task/<tid>"
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, BACKGROUND_NICE);
  } catch {
    // Not permitted or no /proc: the work still runs, at normal priority.
  }
}
