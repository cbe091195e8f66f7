/**
 * Calls `run` at most once per `intervalMs` with the latest value: the first
 * call goes at once, later ones within the interval collapse into one call at
 * its end (last value wins). Keeps presence and presenting writes to a few per
 * second however fast the reader scrolls.
 */
export interface Throttled<T> {
  (value: T): void;
  /** Drops a pending call (e.g. when the value no longer applies). */
  cancel(): void;
}

export function throttleLatest<T>(run: (value: T) => void, intervalMs: number): Throttled<T> {
  let lastRun = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  const fire = (): void => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastRun = Date.now();
    run(value);
  };
  const throttled = (value: T): void => {
    pending = { value };
    if (timer) return;
    const wait = lastRun + intervalMs - Date.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  throttled.cancel = (): void => {
    pending = null;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
