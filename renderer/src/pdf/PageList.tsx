/**
 * The pages near the view, each placed where the layout puts it; the rest of
 * the document is empty space of the right height. A component of its own so
 * that what changes while scrolling within the same pages (the toolbar's page
 * number) re-renders nothing here.
 */
import { memo } from 'react';
import type { FindMatch } from './find.ts';
import type { PageLayout, PageRange } from './page-layout.ts';
import { PdfPage, type PdfPageProps } from './PdfPage.tsx';

type PageListProps = Omit<PdfPageProps, 'pageNumber' | 'activeMatch' | 'activeMatchMove' | 'top' | 'left' | 'width' | 'height'> & {
  layout: PageLayout;
  range: PageRange;
  activeMatch: FindMatch | null;
  /** Counts moves to a match (see useFind); only the match's page hears it. */
  activeMatchMove: number;
};

export const PageList = memo(function PageList({ layout, range, activeMatch, activeMatchMove, ...pageProps }: PageListProps) {
  const pages = [];
  for (let pageNumber = range.first; pageNumber <= range.last; pageNumber += 1) {
    const index = pageNumber - 1;
    const width = layout.widths[index] ?? 0;
    const holdsMatch = activeMatch?.pageNumber === pageNumber;
    pages.push(
      <PdfPage
        key={pageNumber}
        pageNumber={pageNumber}
        top={layout.tops[index] ?? 0}
        left={(layout.maxWidth - width) / 2}
        width={width}
        height={layout.heights[index] ?? 0}
        activeMatch={holdsMatch ? activeMatch.indexOnPage : -1}
        activeMatchMove={holdsMatch ? activeMatchMove : 0}
        {...pageProps}
      />,
    );
  }
  return pages;
});
