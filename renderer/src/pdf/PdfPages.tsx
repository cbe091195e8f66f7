/**
 * The continuous page view, composed of its parts the way pdf.js's web/
 * viewer is: the toolbar (ViewerToolbar), find (use-find + FindBar), the
 * scrolling and jumping (ScrollController), the pages near the view
 * (PageList → PdfPage) and the sidebar; plus the keyboard, and the position
 * reported back so it can be remembered. Features (annotations, presence)
 * plug in through viewer-plugins.tsx; this file knows none of them.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { FindBar } from './FindBar.tsx';
import { commandForKey, isTextField, type ViewerCommand } from './keyboard.ts';
import { LinkPrompt } from './LinkPrompt.tsx';
import type { LinkTarget } from './links.ts';
import { useMeasureAllPages } from './measure-pages.ts';
import { layOutPages, samePageSize, turnedSize, type PageRange, type PageSize } from './page-layout.ts';
import { PageList } from './PageList.tsx';
import { PageValues } from './page-values.ts';
import type { PageLayers } from './PdfPage.tsx';
import { RenderQueue } from './render-queue.ts';
import { ScrollController } from './scroll-controller.ts';
import { Sidebar, type PluginTab, type SidebarTab } from './Sidebar.tsx';
import { useFind, type FindNavigation, type InitialFind } from './use-find.ts';
import { useReaderLink, useViewerPlugins, ViewerCommandsContext, type ViewerCommands, type ViewerPlugin } from './viewer-plugins.tsx';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import { usePageLabels } from './page-labels.ts';
import { fitPageScale, fitWidthScale, rotateClockwise, zoomIn, zoomOut, type Rotation, type Zoom } from './zoom.ts';

export type { InitialFind } from './use-find.ts';

export interface ViewPosition {
  page: number;
  zoom: Zoom;
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
  const pageLabels = usePageLabels(pdf);
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
  /** Once the pages in view are painted (all paint turns done), runs `then`. */
  const whenPainted = useCallback(
    (then: () => void) => requestAnimationFrame(() => void renderQueue.idle().then(then)),
    [renderQueue],
  );
  const [scroll] = useState(
    () => new ScrollController(layout, landingPage, { nearRange: setNearRange, currentPage: setCurrentPage }, whenPainted),
  );
  useLayoutEffect(() => {
    const root = scrollRef.current;
    const pages = pagesRef.current;
    if (root && pages) return scroll.attach(root, pages);
  }, [scroll]);
  useLayoutEffect(() => scroll.setLayout(layout), [scroll, layout]);

  const goToPage = useCallback((pageNumber: number) => scroll.goToPage(pageNumber), [scroll]);

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
  const plugins = useViewerPlugins();
  // Where the reader is (once landed), and a way for a plug-in (following the presenter) to turn the page.
  useReaderLink(plugins, restored && landed ? currentPage : null, restored ? goToPage : null);

  const rotate = () => setRotation(rotateClockwise);

  const findNavigation = useMemo(
    (): FindNavigation => ({ goToPage, scrollMatchIntoView: (match) => scroll.scrollMatchIntoView(match) }),
    [goToPage, scroll],
  );
  const find = useFind(pdf, findNavigation, initialFind);

  useEffect(() => renderQueue.focus(currentPage), [renderQueue, currentPage]);
  const allPagesMeasured = useMeasureAllPages(pdf, pageSizes, renderQueue);
  // The landing page painted: bring in its neighbours, and let the rest of the app (presence, annotations) start.
  const firstPaintListener = useRef(onFirstPagePainted);
  firstPaintListener.current = onFirstPagePainted;
  useEffect(() => {
    let current = true;
    whenPainted(() => {
      if (!current) return;
      scroll.bringInNeighbours();
      setLanded(true);
      firstPaintListener.current?.();
    });
    return () => {
      current = false;
    };
  }, [whenPainted, scroll]);

  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [sidebarTab, setSidebarTab] = useState<SidebarTab>('pages');
  const commands = useMemo(
    (): ViewerCommands => ({
      goToPage,
      openSidebarTab: (pluginId) => {
        setSidebarTab(pluginId);
        setSidebarOpen(true);
      },
    }),
    [goToPage],
  );
  const [linkPrompt, setLinkPrompt] = useState<Extract<LinkTarget, { kind: 'external' | 'refused' }> | null>(null);
  const onLink = useCallback(
    (target: LinkTarget) => (target.kind === 'page' ? goToPage(target.pageNumber) : setLinkPrompt(target)),
    [goToPage],
  );
  const { bars, pageLayers, pluginTabs } = usePluginParts(plugins);

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
        return scroll.scrollBy(command.dx, command.dy);
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
    <ViewerCommandsContext.Provider value={commands}>
      <div className="pdf-viewer" ref={viewerRef} data-testid="pdf-viewer" data-page-count={pageCount} data-rotation={rotation} data-all-pages-measured={allPagesMeasured}>
        <ViewerToolbar
          title={title}
          pageCount={pageCount}
          pageLabels={pageLabels}
          currentPage={currentPage}
          onGoToPage={goToPage}
          zoom={zoom}
          scale={scale}
          onZoom={setZoom}
          onRotate={rotate}
          sidebarOpen={sidebarOpen}
          onToggleSidebar={() => setSidebarOpen((open) => !open)}
          findOpen={find.isOpen}
          onOpenFind={find.open}
        />
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
        {bars.map(({ id, Bar }) => (
          <Bar key={id} pdf={pdf} />
        ))}
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
              pluginTabs={pluginTabs}
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
                    activeMatchMove={find.activeMatchMove}
                    onMatchMarked={find.matchMarked}
                    layers={pageLayers}
                    onLink={onLink}
                    renderQueue={renderQueue}
                  />
                )}
              </div>
            </div>
          </div>
        </div>
      </div>
    </ViewerCommandsContext.Provider>
  );
}

/**
 * The plug-ins' parts, by where they go. The page layers keep their identity while the same components
 * plug in, so a plug-in that only follows the reader (presence) changing does not re-render the pages.
 */
function usePluginParts(plugins: readonly ViewerPlugin[]) {
  const under = plugins.flatMap((plugin) => (plugin.PageUnderlay ? [plugin.PageUnderlay] : []));
  const over = plugins.flatMap((plugin) => (plugin.PageOverlay ? [plugin.PageOverlay] : []));
  const pageLayers = useRef<PageLayers>({ under, over });
  if (!sameItems(pageLayers.current.under, under) || !sameItems(pageLayers.current.over, over)) pageLayers.current = { under, over };
  return {
    bars: plugins.flatMap(({ id, Bar }) => (Bar ? [{ id, Bar }] : [])),
    pageLayers: pageLayers.current,
    pluginTabs: plugins.flatMap(({ id, sidebarTab }): PluginTab[] => (sidebarTab ? [{ id, ...sidebarTab }] : [])),
  };
}

const sameItems = <T,>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((item, index) => item === b[index]);
