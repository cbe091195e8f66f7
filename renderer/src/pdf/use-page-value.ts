/** React and DOM glue for `PageValues` (kept apart so the store itself stays plain TypeScript). */
import { useCallback, useSyncExternalStore } from 'react';
import type { PageValues } from './page-values.ts';

/** One page's value; the component re-renders when that page's value changes, not when others' do. */
export function usePageValue<T>(store: PageValues<T>, pageNumber: number): T {
  const subscribe = useCallback((listener: () => void) => store.subscribe(pageNumber, listener), [store, pageNumber]);
  const read = useCallback(() => store.get(pageNumber), [store, pageNumber]);
  return useSyncExternalStore(subscribe, read);
}

/** Keeps a page flag in step with an IntersectionObserver's reports (only changes are reported). */
export function applyIntersections(
  flags: PageValues<boolean>,
  entries: readonly IntersectionObserverEntry[],
  pageOf: (element: HTMLElement) => number,
): void {
  for (const entry of entries) flags.set(pageOf(entry.target as HTMLElement), entry.isIntersecting);
}
