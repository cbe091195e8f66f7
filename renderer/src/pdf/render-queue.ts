/**
 * Page paints take turns: at most `concurrency` run at once, and the next one
 * to start is the waiting page closest to the page the reader is on — so the
 * visible page is painted first and its neighbours after, even when a jump
 * puts many pages "near" at once.
 */
export class RenderQueue {
  private running = 0;
  private focusPage = 1;
  private readonly waiting: { pageNumber: number; start: () => void }[] = [];

  /**
   * One at a time by default: pdf.js's worker is a single thread, so two paints at once only make the
   * reader's page wait for half of its neighbour's work (pdf.js's own viewer paints one page at a time too).
   */
  constructor(private readonly concurrency = 1) {}

  /** The page the reader is on; waiting pages are started nearest first. */
  focus(pageNumber: number): void {
    this.focusPage = pageNumber;
  }

  /**
   * Waits for a turn. Resolves with a `release` to call when the paint is done
   * (or abandoned); aborting while still waiting gives up the place in line.
   */
  acquire(pageNumber: number, signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const entry = {
        pageNumber,
        start: () => {
          this.running += 1;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.running -= 1;
            this.next();
          });
        },
      };
      signal.addEventListener(
        'abort',
        () => {
          const index = this.waiting.indexOf(entry);
          if (index !== -1) {
            this.waiting.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      this.waiting.push(entry);
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      let best = 0;
      for (let index = 1; index < this.waiting.length; index += 1) {
        const candidate = this.waiting[index];
        const chosen = this.waiting[best];
        if (candidate && chosen && Math.abs(candidate.pageNumber - this.focusPage) < Math.abs(chosen.pageNumber - this.focusPage)) best = index;
      }
      const [entry] = this.waiting.splice(best, 1);
      entry?.start();
    }
  }
}
