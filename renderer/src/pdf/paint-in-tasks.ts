/**
 * Lets pdf.js paint a page without waiting for animation frames.
 *
 * pdf.js draws a page's operator list in slices of about 15 ms and, by
 * default, waits for the next animation frame before each slice (and before
 * drawing each piece of the list that arrives from its worker), so that a
 * canvas on screen fills in smoothly. Our pages are drawn on a canvas outside
 * the DOM and put in place whole when finished (PdfPage.tsx), so those waits
 * only hold the reader up: a page of dense text takes several slices, and in
 * measurement the frame waits were about a third of the time from "go to page
 * 900" to page 900 on screen. Here each slice runs in the next task instead:
 * the renderer still yields between slices (input, the worker's messages,
 * frames), it just never sits idle until a frame.
 *
 * Plain TypeScript (no DOM types): MessageChannel is in browsers and Node alike.
 */

/** The part of pdf.js's RenderTask used here (pdf.js types its `onContinue` loosely, as Function). */
export interface SliceScheduledTask {
  onContinue?: unknown;
}

/**
 * pdf.js keeps the frame-or-task choice in an internal field of the task (its public `onContinue`
 * only lets a caller delay a slice). The pdfjs-dist version is pinned; if a later one renames the
 * field, this does nothing and pages paint frame by frame as before.
 */
interface RenderTaskInternals {
  _internalRenderTask?: { _useRequestAnimationFrame?: unknown };
}

/** Makes `task` run its slices one task after another; returns whether pdf.js allowed it. */
export function paintInTasks(task: SliceScheduledTask): boolean {
  const internal = (task as RenderTaskInternals)._internalRenderTask;
  if (!internal || typeof internal._useRequestAnimationFrame !== 'boolean') return false;
  // Without frames pdf.js chains slices as microtasks, which would never yield; onContinue puts each
  // slice in a task of its own.
  internal._useRequestAnimationFrame = false;
  task.onContinue = inNextTask;
  return true;
}

/** The part of a MessagePort used here; the DOM's and Node's typings of it differ, the ports behave alike. */
interface TaskPort {
  onmessage: unknown;
  postMessage(message: null): void;
}

const waiting: Array<() => void> = [];
let post: (() => void) | null = null;

/** Runs `callback` in a task of its own, soon: a message to ourselves (unlike setTimeout, never clamped to 4 ms). */
export function inNextTask(callback: () => void): void {
  if (!post) {
    const { port1, port2 } = new MessageChannel() as unknown as { port1: TaskPort; port2: TaskPort };
    port1.onmessage = () => {
      waiting.shift()?.();
      if (waiting.length === 0) keepAlive(port1, false);
    };
    post = () => {
      keepAlive(port1, true);
      port2.postMessage(null);
    };
  }
  waiting.push(callback);
  post();
}

/** Node's ports keep the process alive while referenced (browsers' ports have no such notion). */
function keepAlive(port: object, keep: boolean): void {
  const method: unknown = Reflect.get(port, keep ? 'ref' : 'unref');
  if (typeof method === 'function') method.call(port);
}
