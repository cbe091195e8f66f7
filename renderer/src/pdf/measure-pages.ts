/**
 * Learns every page's size in the background once the reader's pages are
 * painted, as pdf.js's own viewer does after its first page.
 *
 * Why: agenda packs mix portrait and landscape papers. Until a page is loaded
 * its placeholder borrows page 1's size, so the scroll height is a guess and
 * a jump can land beside its page as sizes arrive. Measured here, the layout
 * is right before the reader goes far; and the pages' pdf.js proxies are
 * cached, so a jump to page 900 starts painting at once.
 */
import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageValues } from './page-values.ts';
import type { PageSize } from './page-layout.ts';
import type { RenderQueue } from './render-queue.ts';

/** Pages asked for at a time: enough to keep pdf.js's worker busy, few enough to let a paint in between. */
const batchSize = 64;

/** Measures every page into `pageSizes`; true once all are known (or could not be). */
export function useMeasureAllPages(pdf: PDFDocumentProxy, pageSizes: PageValues<PageSize>, renderQueue: RenderQueue): boolean {
  const [measured, setMeasured] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      for (let first = 1; first <= pdf.numPages; first += batchSize) {
        // Never ahead of a page the reader is waiting for: pdf.js's worker answers in order.
        await renderQueue.idle();
        await nextIdlePeriod();
        if (cancelled) return;
        const last = Math.min(pdf.numPages, first + batchSize - 1);
        const pages = await Promise.allSettled(Array.from({ length: last - first + 1 }, (_, index) => pdf.getPage(first + index)));
        if (cancelled) return;
        for (const result of pages) {
          // A page that cannot be read keeps its guessed size; it says so itself when it comes into view.
          if (result.status !== 'fulfilled') continue;
          const { width, height } = result.value.getViewport({ scale: 1 });
          pageSizes.set(result.value.pageNumber, { width, height });
        }
      }
      if (!cancelled) setMeasured(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [pdf, pageSizes, renderQueue]);
  return measured;
}

function nextIdlePeriod(): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => resolve(), { timeout: 200 });
    else setTimeout(resolve, 0);
  });
}
