/**
 * Page paints take turns: at most `concurrency` run at once, and the turn
 * goes to the page nearest the one the reader is on.
 *
 * A page joins the line as soon as it comes near, while pdf.js is still
 * loading it, and a turn is never given past a nearer page that is still
 * loading. Otherwise the first page to load wins: after a jump to page 900,
 * page 899 (mounted first, loaded first) took the only turn and page 900
 * waited for its whole paint.
 */
export interface PlaceInLine {
  /** The page is loaded and ready to paint: waits for its turn, resolving with `release` (call it when done). */
  turn(): Promise<() => void>;
}

interface Waiting {
  pageNumber: number;
  /** Set once the page is ready; null while it is still loading. */
  start: (() => void) | null;
}

export class RenderQueue {
  private running = 0;
  private focusPage = 1;
  private readonly waiting: Waiting[] = [];
  private idleWaiters: (() => void)[] = [];

  /**
   * One at a time by default: pdf.js's worker is a single thread, so two paints at once only make the
   * reader's page wait for half of its neighbour's work (pdf.js's own viewer paints one page at a time too).
   */
  constructor(private readonly concurrency = 1) {}

  /** The page the reader is on; waiting pages are started nearest first. */
  focus(pageNumber: number): void {
    this.focusPage = pageNumber;
    this.next();
  }

  /**
   * Takes a place in line for `pageNumber`. Aborting `signal` gives the place up (and rejects a
   * pending `turn()`); it must be aborted if the page will never call `turn()`, or nearer-first
   * would keep farther pages waiting for it.
   */
  join(pageNumber: number, signal: AbortSignal): PlaceInLine {
    if (signal.aborted) return { turn: () => Promise.reject(signal.reason) };
    const entry: Waiting = { pageNumber, start: null };
    let giveUp: ((reason: unknown) => void) | null = null;
    this.waiting.push(entry);
    signal.addEventListener(
      'abort',
      () => {
        const index = this.waiting.indexOf(entry);
        if (index === -1) return; // already painting: its release frees the turn
        this.waiting.splice(index, 1);
        giveUp?.(signal.reason);
        this.next();
      },
      { once: true },
    );
    return {
      turn: () =>
        new Promise<() => void>((resolve, reject) => {
          if (signal.aborted) return reject(signal.reason);
          giveUp = reject;
          entry.start = () => {
            this.running += 1;
            let released = false;
            resolve(() => {
              if (released) return;
              released = true;
              this.running -= 1;
              this.next();
            });
          };
          this.next();
        }),
    };
  }

  /** Resolves once no page is painting or waiting to: background work goes after the reader's pages. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.running === 0 && this.waiting.length === 0;
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      let nearest = 0;
      for (let index = 1; index < this.waiting.length; index += 1) {
        if (this.distance(index) < this.distance(nearest)) nearest = index;
      }
      const entry = this.waiting[nearest];
      // The nearest page is still loading: the turn is kept for it.
      if (!entry?.start) return;
      this.waiting.splice(nearest, 1);
      entry.start();
    }
    if (this.isIdle() && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  private distance(index: number): number {
    return Math.abs((this.waiting[index]?.pageNumber ?? Infinity) - this.focusPage);
  }
}
