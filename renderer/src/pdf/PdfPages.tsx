/**
 * The continuous page view with its toolbar: page navigation (buttons, go-to
 * field, keyboard), zoom (fixed, fit width, fit page), rotation, find, and the
 * position reported back so it can be remembered.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { AnnotationToolbar } from '../annotations/AnnotationToolbar.tsx';
import { useAnnotations } from '../annotations/annotations-context.tsx';
import { CarryForward } from '../annotations/CarryForward.tsx';
import { formatPercent, t } from '../i18n/index.ts';
import { useViewerLink } from '../presence/viewer-link.ts';
import { FindBar } from './FindBar.tsx';
import { findInDocument, type FindMatch } from './find.ts';
import { commandForKey, isTextField, type ViewerCommand } from './keyboard.ts';
import { LinkPrompt } from './LinkPrompt.tsx';
import { useMeasureAllPages } from './measure-pages.ts';
import { layOutPages, pageAtOffset, pageGap, pagesBetween, samePageSize, sameRange, turnedSize, type PageLayout, type PageRange, type PageSize } from './page-layout.ts';
import { PageValues } from './page-values.ts';
import { RenderQueue } from './render-queue.ts';
import type { LinkTarget } from './links.ts';
import { Sidebar, type SidebarTab } from './Sidebar.tsx';
import { PdfPage } from './PdfPage.tsx';
import {
  fitPageScale,
  fitWidthScale,
  maxScale,
  minScale,
  rotateClockwise,
  zoomIn,
  zoomOut,
  type Rotation,
  type Zoom,
} from './zoom.ts';

/** How far beyond the visible area pages are kept in the DOM and rendered, as a fraction of the view's height. */
const nearMarginFraction = 1.5;

export interface ViewPosition {
  page: number;
  zoom: Zoom;
}

/** Find this text when the document opens, starting at this page (a search hit). */
export interface InitialFind {
  query: string;
  fromPage: number;
}

interface PdfPagesProps {
  pdf: PDFDocumentProxy;
  firstPageSize: PageSize;
  title: string;
  initialPosition: ViewPosition | null;
  onPositionChange?: (position: ViewPosition) => void;
  initialFind?: InitialFind | null;
  onFirstPagePainted?: () => void;
}

export function PdfPages({ pdf, firstPageSize, title, initialPosition, onPositionChange, initialFind = null, onFirstPagePainted }: PdfPagesProps) {
  const pageCount = pdf.numPages;
  const viewerRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** The pages' area inside the scroll area (its offset is the scroll area's padding). */
  const pagesRef = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<Zoom>(initialPosition?.zoom ?? { mode: 'fit-width' });
  const [rotation, setRotation] = useState<Rotation>(0);
  const [containerSize, setContainerSize] = useState({ width: 0, height: 0 });
  const [pageSizes] = useState(() => new PageValues<PageSize>(firstPageSize, samePageSize));
  // The page the reader lands on is in the DOM from the start.
  const landingPage = Math.min(pageCount, Math.max(1, initialPosition?.page ?? 1));
  const [nearRange, setNearRange] = useState<PageRange>({ first: landingPage, last: landingPage });
  const [currentPage, setCurrentPage] = useState(landingPage);
  /** Until the saved position is restored, the page reported is not the user's choice. */
  const [restored, setRestored] = useState(false);

  const first = turnedSize(firstPageSize, rotation);
  const scale =
    zoom.mode === 'fixed'
      ? zoom.scale
      : zoom.mode === 'fit-page'
        ? fitPageScale(containerSize.width, containerSize.height, first.width, first.height)
        : fitWidthScale(containerSize.width, first.width);

  // Every page's place, from the sizes known so far (page 1's until a page is measured).
  const sizesVersion = useSyncExternalStore(pageSizes.subscribeAny, pageSizes.version);
  const layout = useMemo(
    () => layOutPages(pageCount, (pageNumber) => pageSizes.get(pageNumber), scale, rotation),
    [pageCount, pageSizes, scale, rotation, sizesVersion],
  );
  const layoutRef = useRef(layout);

  // Track the scroll area's size for the fit modes. Measured before the first paint too, so the pages
  // are laid out (and page 1 starts rendering) in the first commit rather than after a ResizeObserver round.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const style = getComputedStyle(element);
    setContainerSize({
      width: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      height: element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
    });
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setContainerSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const [renderQueue] = useState(() => new RenderQueue());
  /**
   * On opening and just after a jump, only the pages in view are mounted until they are painted: their
   * neighbours wait, so that mounting and loading them does not slow the reader's page.
   */
  const jumping = useRef(true);
  /** The scroll offset as of the last scroll event or our own scrolling (read after a layout change, the browser may have clamped it). */
  const knownScrollTop = useRef(0);
  /** The scroll offset our own code last set (a chosen page, keeping the place): a scroll event elsewhere is the reader's. */
  const ownScrollTop = useRef<number | null>(null);
  /**
   * A page was chosen (End, a page number, a search hit, the presenter's page): it stays the current
   * page until the reader scrolls, even when the view cannot bring it to the top (the last pages).
   */
  const pageChosen = useRef(false);

  /**
   * Reads the scroll position and updates which pages are near (in the DOM) from the layout; returns
   * the current page, the one crossing a line a quarter down the view.
   */
  const readView = useCallback((): number | null => {
    const root = scrollRef.current;
    const pages = pagesRef.current;
    if (!root || !pages) return null;
    const top = root.scrollTop - pages.offsetTop;
    const height = root.clientHeight;
    const margin = jumping.current ? 0 : height * nearMarginFraction;
    const range = pagesBetween(layoutRef.current, top - margin, top + height + margin);
    setNearRange((previous) => (sameRange(previous, range) ? previous : range));
    return pageAtOffset(layoutRef.current, top + height / 4);
  }, []);

  useEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const page = readView();
      knownScrollTop.current = root.scrollTop;
      if (root.scrollTop !== ownScrollTop.current) {
        pageChosen.current = false;
        ownScrollTop.current = null;
      }
      if (page !== null && !pageChosen.current) setCurrentPage(page);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      root.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [readView]);

  /** The scroll offset that puts a page at the top of the view, a gap above it. */
  const scrollTopOf = useCallback((pageNumber: number) => {
    const pages = pagesRef.current;
    return (pages?.offsetTop ?? 0) + (layoutRef.current.tops[pageNumber - 1] ?? 0) - pageGap;
  }, []);

  /** Once the pages in view are painted (all paint turns done), runs `then`. */
  const whenPainted = useCallback(
    (then: () => void) => requestAnimationFrame(() => void renderQueue.idle().then(then)),
    [renderQueue],
  );
  /** The end of `jumping`: the pages around the view come into the DOM too. */
  const bringInNeighbours = useCallback(() => {
    jumping.current = false;
    readView();
  }, [readView]);

  // When the layout changes (zoom, rotation, the view resized, page sizes measured), the reader stays at
  // the same place in the same page, and the pages near the view are worked out again.
  useLayoutEffect(() => {
    const previous = layoutRef.current;
    layoutRef.current = layout;
    const root = scrollRef.current;
    const pages = pagesRef.current;
    // A reader at the very top stays there (the first layout, before the view was measured, included).
    if (root && pages && previous !== layout && knownScrollTop.current > 0) {
      const at = knownScrollTop.current - pages.offsetTop;
      const index = pageAtOffset(previous, at) - 1;
      const previousHeight = (previous.heights[index] ?? 0) + pageGap;
      const within = previousHeight > 0 ? Math.min(1, Math.max(0, (at - (previous.tops[index] ?? 0)) / previousHeight)) : 0;
      const nextTop = (layout.tops[index] ?? 0) + within * ((layout.heights[index] ?? 0) + pageGap);
      if (Math.abs(nextTop - at) >= 1) root.scrollTop = nextTop + pages.offsetTop;
      // Whatever moved the view here (this, or the browser clamping to a shorter document) was not the reader.
      ownScrollTop.current = knownScrollTop.current = root.scrollTop;
    }
    readView();
  }, [layout, readView]);

  const goToPage = useCallback(
    (pageNumber: number) => {
      const target = Math.min(pageCount, Math.max(1, pageNumber));
      const root = scrollRef.current;
      root?.scrollTo({ top: scrollTopOf(target) });
      if (root) ownScrollTop.current = knownScrollTop.current = root.scrollTop;
      pageChosen.current = true;
      // The target's page is put in the DOM (and starts loading) now, not a frame later on the scroll
      // event; its neighbours once it is painted, so that mounting them does not slow its paint.
      jumping.current = true;
      readView();
      setCurrentPage(target);
      whenPainted(bringInNeighbours);
    },
    [pageCount, scrollTopOf, readView, whenPainted, bringInNeighbours],
  );

  // Land on the saved page once the pages are laid out.
  const laidOut = containerSize.width > 0;
  useEffect(() => {
    if (!laidOut || restored) return;
    if (initialPosition && initialPosition.page > 1) goToPage(initialPosition.page);
    setRestored(true);
  }, [laidOut, restored, initialPosition, goToPage]);

  useEffect(() => {
    if (restored) onPositionChange?.({ page: currentPage, zoom });
  }, [restored, currentPage, zoom, onPositionChange]);
  /** The page the reader landed on is painted: from then on others may see where the reader is. */
  const [landed, setLanded] = useState(false);
  // Presence: where the reader is (once landed), and a way for following the presenter to turn the page.
  useViewerLink(restored && landed ? currentPage : null, restored ? goToPage : null);

  const rotate = () => setRotation(rotateClockwise);

  const find = useFind(pdf, goToPage, initialFind);

  useEffect(() => renderQueue.focus(currentPage), [renderQueue, currentPage]);
  const allPagesMeasured = useMeasureAllPages(pdf, pageSizes, renderQueue);
  // The landing page painted: bring in its neighbours, and let the rest of the app (presence, annotations) start.
  const firstPaintListener = useRef(onFirstPagePainted);
  firstPaintListener.current = onFirstPagePainted;
  useEffect(() => {
    let current = true;
    whenPainted(() => {
      if (!current) return;
      bringInNeighbours();
      setLanded(true);
      firstPaintListener.current?.();
    });
    return () => {
      current = false;
    };
  }, [whenPainted, bringInNeighbours]);

  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [sidebarTab, setSidebarTab] = useState<SidebarTab>('pages');
  // Choosing an annotation on the page opens it in the sidebar's list.
  const annotationListRequest = useAnnotations()?.listRequest ?? 0;
  useEffect(() => {
    if (annotationListRequest === 0) return;
    setSidebarTab('annotations');
    setSidebarOpen(true);
  }, [annotationListRequest]);
  const [linkPrompt, setLinkPrompt] = useState<Extract<LinkTarget, { kind: 'external' | 'refused' }> | null>(null);
  const onLink = useCallback(
    (target: LinkTarget) => (target.kind === 'page' ? goToPage(target.pageNumber) : setLinkPrompt(target)),
    [goToPage],
  );

  // Keyboard: navigation keys when the viewer (or nothing in particular) has focus; zoom and find anywhere.
  const onCommand = useRef<(command: ViewerCommand) => void>(() => undefined);
  onCommand.current = (command) => {
    switch (command.kind) {
      case 'previous-page':
        return goToPage(currentPage - 1);
      case 'next-page':
        return goToPage(currentPage + 1);
      case 'first-page':
        return goToPage(1);
      case 'last-page':
        return goToPage(pageCount);
      case 'scroll':
        return scrollRef.current?.scrollBy({ left: command.dx, top: command.dy });
      case 'zoom-in':
        return setZoom({ mode: 'fixed', scale: zoomIn(scale) });
      case 'zoom-out':
        return setZoom({ mode: 'fixed', scale: zoomOut(scale) });
      case 'fit-width':
        return setZoom({ mode: 'fit-width' });
      case 'open-find':
        return find.open();
      case 'close-find':
        find.close();
        return scrollRef.current?.focus();
    }
  };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target;
      const inViewer = target === document.body || (target instanceof Node && Boolean(viewerRef.current?.contains(target)));
      const command = commandForKey(event, { inTextField: isTextField(target), inViewer, findOpen: find.isOpen });
      if (!command) return;
      event.preventDefault();
      onCommand.current(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [find.isOpen]);

  return (
    <div className="pdf-viewer" ref={viewerRef} data-testid="pdf-viewer" data-page-count={pageCount} data-rotation={rotation} data-all-pages-measured={allPagesMeasured}>
      <div className="pdf-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <h2 className="pdf-toolbar__title" title={title}>
          {title}
        </h2>
        <div className="pdf-toolbar__group">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setSidebarOpen((open) => !open)}
            aria-expanded={sidebarOpen}
            data-testid="viewer-sidebar-toggle"
          >
            {t('viewer.sidebarToggle')}
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => goToPage(currentPage - 1)}
            disabled={currentPage <= 1}
            aria-label={t('viewer.previousPage')}
            data-testid="viewer-previous"
          >
            <span aria-hidden="true">‹</span>
          </button>
          <span className="pdf-toolbar__page" aria-live="polite" data-testid="page-indicator">
            {t('viewer.pageIndicator', { page: currentPage, total: pageCount })}
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => goToPage(currentPage + 1)}
            disabled={currentPage >= pageCount}
            aria-label={t('viewer.nextPage')}
            data-testid="viewer-next"
          >
            <span aria-hidden="true">›</span>
          </button>
          <GoToPage pageCount={pageCount} onGo={goToPage} />
        </div>
        <div className="pdf-toolbar__group">
          <button
            type="button"
            className="icon-button"
            onClick={() => setZoom({ mode: 'fixed', scale: zoomOut(scale) })}
            disabled={scale <= minScale}
            aria-label={t('viewer.zoomOut')}
            data-testid="viewer-zoom-out"
          >
            <span aria-hidden="true">−</span>
          </button>
          <span className="pdf-toolbar__zoom" data-testid="zoom-level">
            {t('viewer.zoomLevel', { percent: formatPercent(scale) })}
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => setZoom({ mode: 'fixed', scale: zoomIn(scale) })}
            disabled={scale >= maxScale}
            aria-label={t('viewer.zoomIn')}
            data-testid="viewer-zoom-in"
          >
            <span aria-hidden="true">+</span>
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setZoom({ mode: 'fit-width' })}
            aria-pressed={zoom.mode === 'fit-width'}
            data-testid="viewer-fit-width"
          >
            {t('viewer.fitWidth')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setZoom({ mode: 'fit-page' })}
            aria-pressed={zoom.mode === 'fit-page'}
            data-testid="viewer-fit-page"
          >
            {t('viewer.fitPage')}
          </button>
          <button type="button" className="button button--quiet" onClick={rotate} data-testid="viewer-rotate">
            {t('viewer.rotate')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={find.open}
            aria-expanded={find.isOpen}
            aria-keyshortcuts="Control+F"
            data-testid="viewer-find"
          >
            {t('viewer.find.open')}
          </button>
        </div>
      </div>
      {find.isOpen && (
        <FindBar
          query={find.query}
          onQueryChange={find.setQuery}
          total={find.matches.length}
          current={find.current}
          searching={find.searching}
          onNext={() => find.step(1)}
          onPrevious={() => find.step(-1)}
          onClose={() => onCommand.current({ kind: 'close-find' })}
          focusRequest={find.focusRequest}
        />
      )}
      {linkPrompt && <LinkPrompt target={linkPrompt} onClose={() => setLinkPrompt(null)} />}
      <AnnotationToolbar />
      <CarryForward pdf={pdf} />
      <div className="pdf-body">
        {sidebarOpen && (
          <Sidebar
            pdf={pdf}
            tab={sidebarTab}
            onTabChange={setSidebarTab}
            pageSizes={pageSizes}
            rotation={rotation}
            currentPage={currentPage}
            onGoToPage={goToPage}
            onLink={onLink}
          />
        )}
        <div className="pdf-scroll-frame">
          <div className="pdf-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={title} data-testid="pdf-scroll">
            <div className="pdf-pages" ref={pagesRef} style={{ width: layout.maxWidth, height: layout.totalHeight }}>
              {laidOut && (
                <PageList
                  pdf={pdf}
                  layout={layout}
                  range={nearRange}
                  scale={scale}
                  rotation={rotation}
                  pageSizes={pageSizes}
                  findQuery={find.activeQuery}
                  activeMatch={find.activeMatch}
                  onLink={onLink}
                  renderQueue={renderQueue}
                />
              )}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

type PageListProps = Omit<Parameters<typeof PdfPage>[0], 'pageNumber' | 'activeMatch' | 'top' | 'left' | 'width' | 'height'> & {
  layout: PageLayout;
  range: PageRange;
  activeMatch: FindMatch | null;
};

/**
 * The pages near the view, each placed where the layout puts it; the rest of the document is empty
 * space of the right height. A component of its own so that what changes while scrolling within the
 * same pages (the toolbar's page number) re-renders nothing here.
 */
const PageList = memo(function PageList({ layout, range, activeMatch, ...pageProps }: PageListProps) {
  const pages = [];
  for (let pageNumber = range.first; pageNumber <= range.last; pageNumber += 1) {
    const index = pageNumber - 1;
    const width = layout.widths[index] ?? 0;
    pages.push(
      <PdfPage
        key={pageNumber}
        pageNumber={pageNumber}
        top={layout.tops[index] ?? 0}
        left={(layout.maxWidth - width) / 2}
        width={width}
        height={layout.heights[index] ?? 0}
        activeMatch={activeMatch?.pageNumber === pageNumber ? activeMatch.indexOnPage : -1}
        {...pageProps}
      />,
    );
  }
  return pages;
});

function GoToPage({ pageCount, onGo }: { pageCount: number; onGo: (pageNumber: number) => void }) {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const pageNumber = Number(value.trim());
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pageCount) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setValue('');
    onGo(pageNumber);
  };
  return (
    <form className="go-to-page" onSubmit={submit} data-testid="go-to-page">
      <label className="visually-hidden" htmlFor="pdf-go-to-page">
        {t('viewer.goToPageLabel', { total: pageCount })}
      </label>
      <input
        id="pdf-go-to-page"
        className="go-to-page__input"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('viewer.goToPagePlaceholder')}
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'pdf-go-to-page-error' : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
      />
      <button type="submit" className="button button--quiet">
        {t('viewer.goToPage')}
      </button>
      {invalid && (
        <span id="pdf-go-to-page-error" className="go-to-page__error" role="alert">
          {t('viewer.goToPageInvalid', { total: pageCount })}
        </span>
      )}
    </form>
  );
}

/** Find state: the query typed, matches found so far, and which one is current. */
function useFind(pdf: PDFDocumentProxy, goToPage: (pageNumber: number) => void, initialFind: InitialFind | null) {
  const [isOpen, setOpen] = useState(initialFind !== null);
  const [query, setQuery] = useState(initialFind?.query ?? '');
  /** The first search shows the first match from this page on (a search hit's page), later ones from page 1. */
  const fromPage = useRef(initialFind?.fromPage ?? 1);
  const [searchedQuery, setSearchedQuery] = useState('');
  const [matches, setMatches] = useState<FindMatch[]>([]);
  const [current, setCurrent] = useState(-1);
  const [searching, setSearching] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);

  // Search shortly after typing stops; each new query cancels the previous search.
  useEffect(() => {
    const wanted = isOpen ? query.trim() : '';
    setMatches([]);
    setCurrent(-1);
    setSearchedQuery(wanted);
    if (!wanted) {
      setSearching(false);
      return;
    }
    setSearching(true);
    const abort = new AbortController();
    const timer = setTimeout(() => {
      let jumped = false;
      void findInDocument(pdf, wanted, abort.signal, (found, pagesSearched) => {
        setMatches(found);
        const done = pagesSearched === pdf.numPages;
        if (done) setSearching(false);
        // Show the first match (from the wanted page on) as soon as it is found.
        let firstIndex = found.findIndex((match) => match.pageNumber >= fromPage.current);
        if (firstIndex < 0 && done && found.length > 0) firstIndex = 0;
        const first = found[firstIndex];
        if (!jumped && first) {
          jumped = true;
          fromPage.current = 1;
          setCurrent(firstIndex);
          goToPage(first.pageNumber);
        }
      });
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [pdf, query, isOpen, goToPage]);

  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const next = (current + direction + matches.length) % matches.length;
    setCurrent(next);
    const match = matches[next];
    if (match) goToPage(match.pageNumber);
  };

  return {
    isOpen,
    query,
    setQuery,
    matches,
    current,
    searching,
    focusRequest,
    /** The query whose matches are marked on the pages ('' when closed). */
    activeQuery: searchedQuery,
    activeMatch: current >= 0 ? (matches[current] ?? null) : null,
    step,
    open: () => {
      setOpen(true);
      setFocusRequest((count) => count + 1);
    },
    close: () => setOpen(false),
  };
}
