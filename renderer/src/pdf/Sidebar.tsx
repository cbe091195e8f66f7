/**
 * The viewer's sidebar: page thumbnails (drawn only while in view, small
 * canvases, released when scrolled away), the document's outline, and the
 * tabs plug-ins add (a meeting document's annotations).
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { t } from '../i18n/index.ts';
import { linkTarget, type LinkTarget } from './links.ts';
import { PageValues } from './page-values.ts';
import { applyIntersections, usePageValue } from './use-page-value.ts';
import { turnedSize, type PageSize } from './page-layout.ts';
import { drawingCanvas, turnedViewport } from './pdfjs.ts';
import type { ViewerPlugin } from './viewer-plugins.tsx';
import type { Rotation } from './zoom.ts';

/** Thumbnail width in CSS pixels. */
const thumbnailWidth = 96;

/** The sidebar's own tabs, or a plug-in's (by its id). */
export type SidebarTab = 'pages' | 'outline' | (string & {});

/** A plug-in's tab, with the plug-in's id. */
export type PluginTab = NonNullable<ViewerPlugin['sidebarTab']> & { id: string };

interface SidebarProps {
  pdf: PDFDocumentProxy;
  tab: SidebarTab;
  onTabChange: (tab: SidebarTab) => void;
  /** Each page's size at scale 1, as the viewer measures them: a pack mixes portrait and landscape pages. */
  pageSizes: PageValues<PageSize>;
  rotation: Rotation;
  currentPage: number;
  onGoToPage: (pageNumber: number) => void;
  onLink: (target: LinkTarget) => void;
  pluginTabs: PluginTab[];
}

export function Sidebar({ pdf, tab, onTabChange, pageSizes, rotation, currentPage, onGoToPage, onLink, pluginTabs }: SidebarProps) {
  const pluginTab = pluginTabs.find((candidate) => candidate.id === tab);
  const shown = tab === 'pages' || tab === 'outline' || pluginTab ? tab : 'pages';
  return (
    <aside className={`pdf-sidebar pdf-sidebar--${shown}`} aria-label={t('viewer.sidebar')} data-testid="pdf-sidebar">
      <div className="pdf-sidebar__tabs">
        <button type="button" className="button button--quiet" aria-pressed={shown === 'pages'} onClick={() => onTabChange('pages')}>
          {t('viewer.thumbnails')}
        </button>
        <button type="button" className="button button--quiet" aria-pressed={shown === 'outline'} onClick={() => onTabChange('outline')}>
          {t('viewer.outline')}
        </button>
        {pluginTabs.map((plugin) => (
          <button
            key={plugin.id}
            type="button"
            className="button button--quiet"
            aria-pressed={shown === plugin.id}
            onClick={() => onTabChange(plugin.id)}
            data-testid={plugin.testId}
          >
            {plugin.label()}
          </button>
        ))}
      </div>
      {shown === 'pages' && (
        <Thumbnails pdf={pdf} pageSizes={pageSizes} rotation={rotation} currentPage={currentPage} onGoToPage={onGoToPage} />
      )}
      {shown === 'outline' && <Outline pdf={pdf} onLink={onLink} />}
      {pluginTab && <pluginTab.Panel onGoToPage={onGoToPage} />}
    </aside>
  );
}

function Thumbnails({ pdf, pageSizes, rotation, currentPage, onGoToPage }: Pick<SidebarProps, 'pdf' | 'pageSizes' | 'rotation' | 'currentPage' | 'onGoToPage'>) {
  const listRef = useRef<HTMLOListElement>(null);
  // Per-page flags rather than list state: scrolling the pack must not re-render every thumbnail.
  const [visible] = useState(() => new PageValues(false));
  const [current] = useState(() => new PageValues(false));

  useEffect(() => {
    const root = listRef.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) => applyIntersections(visible, entries, (element) => Number(element.dataset.thumbnail)),
      { root, rootMargin: '50% 0px' },
    );
    root.querySelectorAll('[data-thumbnail]').forEach((element) => observer.observe(element));
    return () => observer.disconnect();
  }, [pdf, visible]);

  // Mark the current page's thumbnail and keep it in sight as the reader moves through the document.
  useEffect(() => {
    current.set(currentPage, true);
    listRef.current?.querySelector(`[data-thumbnail="${currentPage}"]`)?.scrollIntoView({ block: 'nearest' });
    return () => current.set(currentPage, false);
  }, [current, currentPage]);

  return (
    <ol className="pdf-thumbnails" ref={listRef}>
      <ThumbnailItems pdf={pdf} pageSizes={pageSizes} rotation={rotation} visible={visible} current={current} onGoToPage={onGoToPage} />
    </ol>
  );
}

interface ThumbnailItemProps {
  pdf: PDFDocumentProxy;
  pageSizes: PageValues<PageSize>;
  rotation: Rotation;
  visible: PageValues<boolean>;
  current: PageValues<boolean>;
  onGoToPage: (pageNumber: number) => void;
}

const ThumbnailItems = memo(function ThumbnailItems(props: ThumbnailItemProps) {
  return Array.from({ length: props.pdf.numPages }, (_, index) => index + 1).map((pageNumber) => (
    <ThumbnailItem key={pageNumber} pageNumber={pageNumber} {...props} />
  ));
});

const ThumbnailItem = memo(function ThumbnailItem({ pdf, pageNumber, pageSizes, rotation, visible, current, onGoToPage }: ThumbnailItemProps & { pageNumber: number }) {
  const isVisible = usePageValue(visible, pageNumber);
  const isCurrent = usePageValue(current, pageNumber);
  // Page 1's proportions until this page is measured (the viewer reads every page's size soon after opening).
  const shown = turnedSize(usePageValue(pageSizes, pageNumber), rotation);
  const height = Math.round((thumbnailWidth * shown.height) / shown.width);
  return (
    <li data-thumbnail={pageNumber}>
      <button
        type="button"
        className="pdf-thumbnail"
        aria-current={isCurrent ? 'page' : undefined}
        aria-label={t('viewer.pageLabel', { page: pageNumber })}
        onClick={() => onGoToPage(pageNumber)}
      >
        <span className="pdf-thumbnail__frame" style={{ width: thumbnailWidth, height }}>
          {isVisible && <ThumbnailCanvas pdf={pdf} pageNumber={pageNumber} rotation={rotation} />}
        </span>
        <span className="pdf-thumbnail__number" aria-hidden="true">
          {pageNumber}
        </span>
      </button>
    </li>
  );
});

/** Drawn on a canvas of pdf.js's drawing document, where the PDF's fonts are, and put in place when done. */
function ThumbnailCanvas({ pdf, pageNumber, rotation }: { pdf: PDFDocumentProxy; pageNumber: number; rotation: Rotation }) {
  const hostRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const canvas = drawingCanvas();
    canvas.className = 'pdf-thumbnail__canvas';
    canvas.setAttribute('aria-hidden', 'true');
    let cancelled = false;
    let task: RenderTask | null = null;
    void (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      const viewport = turnedViewport(page, thumbnailWidth / turnedViewport(page, 1, rotation).width, rotation);
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      task = page.render({ canvas, viewport });
      await task.promise;
      if (!cancelled) host.replaceChildren(canvas);
    })().catch(() => undefined); // a thumbnail that cannot be drawn stays blank; the page itself says why
    return () => {
      cancelled = true;
      task?.cancel();
      canvas.remove();
      canvas.width = 0;
      canvas.height = 0;
    };
  }, [pdf, pageNumber, rotation]);
  return <span ref={hostRef} className="pdf-thumbnail__drawing" />;
}

interface OutlineEntry {
  title: string;
  dest: unknown;
  url: string | null;
  unsafeUrl?: string;
  items: OutlineEntry[];
}

function Outline({ pdf, onLink }: { pdf: PDFDocumentProxy; onLink: (target: LinkTarget) => void }) {
  const [outline, setOutline] = useState<OutlineEntry[] | null>(null);
  useEffect(() => {
    let current = true;
    pdf.getOutline().then(
      (entries) => current && setOutline((entries as OutlineEntry[] | null) ?? []),
      () => current && setOutline([]),
    );
    return () => {
      current = false;
    };
  }, [pdf]);

  if (outline === null) return <p className="pdf-sidebar__note">{t('viewer.loading')}</p>;
  if (outline.length === 0) return <p className="pdf-sidebar__note">{t('viewer.noOutline')}</p>;

  const follow = async (entry: OutlineEntry) => {
    const target = await linkTarget(pdf, { dest: entry.dest, url: entry.url, unsafeUrl: entry.unsafeUrl });
    if (target) onLink(target);
  };
  const renderEntries = (entries: OutlineEntry[]) => (
    <ul className="pdf-outline">
      {entries.map((entry, index) => (
        <li key={index}>
          <button type="button" className="pdf-outline__entry" onClick={() => void follow(entry)}>
            {entry.title}
          </button>
          {entry.items.length > 0 && renderEntries(entry.items)}
        </li>
      ))}
    </ul>
  );
  return <nav aria-label={t('viewer.outline')}>{renderEntries(outline)}</nav>;
}
