/**
 * The continuous page view with its toolbar: page navigation (buttons, go-to
 * field, keyboard), zoom (fixed, fit width, fit page), rotation, find, and the
 * position reported back so it can be remembered.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
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
import { withIntersections } from './near-pages.ts';
import { RenderQueue } from './render-queue.ts';
import type { LinkTarget } from './links.ts';
import { Sidebar, type SidebarTab } from './Sidebar.tsx';
import { PdfPage, type PageSize } from './PdfPage.tsx';
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

/** How far beyond the visible area pages are kept rendered, as an IntersectionObserver margin. */
const nearMargin = '150% 0px';
/** Space kept above a page scrolled to the top of the view. */
const pageTopGap = 16;

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
}

export function PdfPages({ pdf, firstPageSize, title, initialPosition, onPositionChange, initialFind = null }: PdfPagesProps) {
  const pageCount = pdf.numPages;
  const viewerRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pageElements = useRef(new Map<number, HTMLDivElement>());
  const [zoom, setZoom] = useState<Zoom>(initialPosition?.zoom ?? { mode: 'fit-width' });
  const [rotation, setRotation] = useState<Rotation>(0);
  const [containerSize, setContainerSize] = useState({ width: 0, height: 0 });
  const [sizes, setSizes] = useState<ReadonlyMap<number, PageSize>>(new Map());
  // The page the reader lands on is near from the start: it need not wait for the IntersectionObserver.
  const landingPage = Math.min(pageCount, Math.max(1, initialPosition?.page ?? 1));
  const [nearPages, setNearPages] = useState<ReadonlySet<number>>(() => new Set([landingPage]));
  const [currentPage, setCurrentPage] = useState(landingPage);
  const observerRef = useRef<IntersectionObserver | null>(null);
  /** Until the saved position is restored, the page reported is not the user's choice. */
  const [restored, setRestored] = useState(false);

  const sideways = rotation % 180 !== 0;
  const firstWidth = sideways ? firstPageSize.height : firstPageSize.width;
  const firstHeight = sideways ? firstPageSize.width : firstPageSize.height;
  const scale =
    zoom.mode === 'fixed'
      ? zoom.scale
      : zoom.mode === 'fit-page'
        ? fitPageScale(containerSize.width, containerSize.height, firstWidth, firstHeight)
        : fitWidthScale(containerSize.width, firstWidth);

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

  // One observer decides which pages are near enough to render.
  useEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNearPages((previous) => withIntersections(previous, entries, (element) => Number(element.dataset.pageNumber))),
      { root, rootMargin: nearMargin },
    );
    observerRef.current = observer;
    pageElements.current.forEach((element) => observer.observe(element));
    return () => {
      observer.disconnect();
      observerRef.current = null;
    };
  }, []);

  const registerElement = useCallback((pageNumber: number, element: HTMLDivElement | null) => {
    const previous = pageElements.current.get(pageNumber);
    if (previous && previous !== element) observerRef.current?.unobserve(previous);
    if (element) {
      pageElements.current.set(pageNumber, element);
      observerRef.current?.observe(element);
    } else {
      pageElements.current.delete(pageNumber);
    }
  }, []);

  const onSizeKnown = useCallback((pageNumber: number, size: PageSize) => {
    setSizes((previous) => {
      const known = previous.get(pageNumber);
      if (known && known.width === size.width && known.height === size.height) return previous;
      return new Map(previous).set(pageNumber, size);
    });
  }, []);

  // The current page is the one crossing a line a quarter down the view.
  useEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const line = root.scrollTop + root.clientHeight / 4;
      let found = 1;
      for (let pageNumber = 1; pageNumber <= pageCount; pageNumber += 1) {
        const element = pageElements.current.get(pageNumber);
        if (!element) continue;
        if (element.offsetTop <= line) found = pageNumber;
        else break;
      }
      setCurrentPage(found);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      root.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [pageCount]);

  const scrollPageIntoView = useCallback((pageNumber: number) => {
    const element = pageElements.current.get(pageNumber);
    const root = scrollRef.current;
    if (element && root) root.scrollTo({ top: element.offsetTop - pageTopGap });
  }, []);

  const goToPage = useCallback(
    (pageNumber: number) => {
      const target = Math.min(pageCount, Math.max(1, pageNumber));
      scrollPageIntoView(target);
      setCurrentPage(target);
    },
    [pageCount, scrollPageIntoView],
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
  // Presence: where the reader is, and a way for following the presenter to turn the page.
  useViewerLink(currentPage, restored, goToPage);

  // Keep the same page in view when the zoom or rotation changes.
  const keepPageAfterLayout = () => {
    const anchor = currentPage;
    requestAnimationFrame(() => scrollPageIntoView(anchor));
  };
  const zoomTo = (next: Zoom) => {
    setZoom(next);
    keepPageAfterLayout();
  };
  const rotate = () => {
    setRotation(rotateClockwise);
    keepPageAfterLayout();
  };

  const find = useFind(pdf, goToPage, initialFind);

  const [renderQueue] = useState(() => new RenderQueue());
  useEffect(() => renderQueue.focus(currentPage), [renderQueue, currentPage]);

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
        return zoomTo({ mode: 'fixed', scale: zoomIn(scale) });
      case 'zoom-out':
        return zoomTo({ mode: 'fixed', scale: zoomOut(scale) });
      case 'fit-width':
        return zoomTo({ mode: 'fit-width' });
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

  const pageNumbers = Array.from({ length: pageCount }, (_, index) => index + 1);

  return (
    <div className="pdf-viewer" ref={viewerRef} data-testid="pdf-viewer" data-page-count={pageCount} data-rotation={rotation}>
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
            onClick={() => zoomTo({ mode: 'fixed', scale: zoomOut(scale) })}
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
            onClick={() => zoomTo({ mode: 'fixed', scale: zoomIn(scale) })}
            disabled={scale >= maxScale}
            aria-label={t('viewer.zoomIn')}
            data-testid="viewer-zoom-in"
          >
            <span aria-hidden="true">+</span>
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => zoomTo({ mode: 'fit-width' })}
            aria-pressed={zoom.mode === 'fit-width'}
            data-testid="viewer-fit-width"
          >
            {t('viewer.fitWidth')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => zoomTo({ mode: 'fit-page' })}
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
            firstPageSize={firstPageSize}
            currentPage={currentPage}
            onGoToPage={goToPage}
            onLink={onLink}
          />
        )}
        <div className="pdf-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={title} data-testid="pdf-scroll">
          {laidOut &&
            pageNumbers.map((pageNumber) => (
              <PdfPage
                key={pageNumber}
                pdf={pdf}
                pageNumber={pageNumber}
                scale={scale}
                rotation={rotation}
                near={nearPages.has(pageNumber)}
                sizeAtScaleOne={sizes.get(pageNumber) ?? firstPageSize}
                onSizeKnown={onSizeKnown}
                registerElement={registerElement}
                findQuery={find.activeQuery}
                activeMatch={find.activeMatch?.pageNumber === pageNumber ? find.activeMatch.indexOnPage : -1}
                onLink={onLink}
                renderQueue={renderQueue}
              />
            ))}
        </div>
      </div>
    </div>
  );
}

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
