/** Keeping a set of page numbers in step with an IntersectionObserver's reports. */

/**
 * The set after these entries: pages intersecting added, the others removed.
 * Returns `previous` itself when nothing changed, so React skips the re-render.
 */
export function withIntersections(
  previous: ReadonlySet<number>,
  entries: readonly IntersectionObserverEntry[],
  pageOf: (element: HTMLElement) => number,
): ReadonlySet<number> {
  const next = new Set(previous);
  for (const entry of entries) {
    const pageNumber = pageOf(entry.target as HTMLElement);
    if (entry.isIntersecting) next.add(pageNumber);
    else next.delete(pageNumber);
  }
  const changed = next.size !== previous.size || [...next].some((pageNumber) => !previous.has(pageNumber));
  return changed ? next : previous;
}
