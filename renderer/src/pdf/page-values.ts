/**
 * Per-page view state (a page's size once known, a thumbnail in view or
 * current) kept outside React state, with one subscription per page.
 *
 * Why: a 1,000-page pack has 1,000 page components. Kept in the list's state,
 * every scroll frame re-rendered all of them, and each page's size arriving
 * copied a 1,000-entry map: hundreds of MB of garbage per scroll through the
 * pack, which is what the reader's heap peaked on. Here a change re-renders
 * only the pages it concerns.
 */
export class PageValues<T> {
  /** Only pages whose value differs from the fallback are held. */
  private readonly values = new Map<number, T>();
  private readonly listeners = new Map<number, Set<() => void>>();
  private readonly anyListeners = new Set<() => void>();
  private changes = 0;

  constructor(
    private readonly fallback: T,
    private readonly same: (a: T, b: T) => boolean = Object.is,
  ) {}

  get(pageNumber: number): T {
    return this.values.has(pageNumber) ? (this.values.get(pageNumber) as T) : this.fallback;
  }

  /** Sets a page's value; its subscribers hear of it only if it changed. */
  set(pageNumber: number, value: T): void {
    if (this.same(this.get(pageNumber), value)) return;
    if (this.same(value, this.fallback)) this.values.delete(pageNumber);
    else this.values.set(pageNumber, value);
    this.changes += 1;
    this.listeners.get(pageNumber)?.forEach((listener) => listener());
    this.anyListeners.forEach((listener) => listener());
  }

  /** Counts changes to any page: for `useSyncExternalStore` over the whole set (e.g. to lay the pages out again). */
  readonly version = (): number => this.changes;

  readonly subscribeAny = (listener: () => void): (() => void) => {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  };

  /** The pages whose value is not the fallback (for a flag: the pages where it is set). */
  pages(): number[] {
    return [...this.values.keys()];
  }

  subscribe(pageNumber: number, listener: () => void): () => void {
    let forPage = this.listeners.get(pageNumber);
    if (!forPage) this.listeners.set(pageNumber, (forPage = new Set()));
    forPage.add(listener);
    return () => {
      forPage.delete(listener);
      if (forPage.size === 0) this.listeners.delete(pageNumber);
    };
  }
}
