/**
 * One page of the continuous view, placed where the layout puts it. Only
 * pages near the viewport are mounted at all; each owns a canvas and a text
 * layer, released when it scrolls far away, so a 1,000-page pack costs only
 * what is near the screen.
 */
import { memo, useEffect, useRef, useState, type ComponentType } from 'react';
import { TextLayer, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import { t } from '../i18n/index.ts';
import { highlightMatches } from './find.ts';
import { pageLinks, type LinkTarget } from './links.ts';
import type { PageSize } from './page-layout.ts';
import type { PageValues } from './page-values.ts';
import { paintInTasks } from './paint-in-tasks.ts';
import { canvasOutputScale, drawingCanvas, turnedViewport } from './pdfjs.ts';
import type { RenderQueue } from './render-queue.ts';
import type { PageLayerProps } from './viewer-plugins.tsx';
import type { Rotation } from './zoom.ts';

/** The plug-ins' layers drawn on every page (see viewer-plugins.tsx). */
export interface PageLayers {
  /** Under the text layer (marks), and over it and the links (pins, drawing surfaces). */
  under: ComponentType<PageLayerProps>[];
  over: ComponentType<PageLayerProps>[];
}

export interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** The user's rotation, on top of the page's own. */
  rotation: Rotation;
  /** Where the page sits in the pages' area, and its size there, in CSS pixels. */
  top: number;
  left: number;
  width: number;
  height: number;
  /** Each page's size at scale 1 (unrotated by the user), told here once the page is loaded. */
  pageSizes: PageValues<PageSize>;
  /** What the find bar looks for ('' when closed), and which match on this page is the current one (-1: none). */
  findQuery: string;
  activeMatch: number;
  /** Changes with each move to this page's match, so moving to the same one again marks it again. */
  activeMatchMove: number;
  /** Told the current match's element each time it is marked. */
  onMatchMarked: (match: HTMLElement) => void;
  layers: PageLayers;
  /** A link on the page was followed. */
  onLink: (target: LinkTarget) => void;
  /** Page paints take turns, the reader's page first. */
  renderQueue: RenderQueue;
}

/** A link's clickable area in CSS pixels on the page as drawn. */
interface PlacedLink {
  left: number;
  top: number;
  width: number;
  height: number;
  target: LinkTarget;
}

export const PdfPage = memo(function PdfPage(props: PdfPageProps) {
  const { top, left, width, height, ...content } = props;

  return (
    <div
      className="pdf-page"
      data-page-number={content.pageNumber}
      role="group"
      aria-label={t('viewer.pageLabel', { page: content.pageNumber })}
      style={{ top, left, width, height, ['--scale-factor' as string]: content.scale }}
    >
      <PageContent {...content} />
    </div>
  );
});

function PageContent({
  pdf,
  pageNumber,
  scale,
  rotation,
  pageSizes,
  findQuery,
  activeMatch,
  activeMatchMove,
  onMatchMarked,
  layers,
  onLink,
  renderQueue,
}: Omit<PdfPageProps, 'top' | 'left' | 'width' | 'height'>) {
  const [links, setLinks] = useState<PlacedLink[]>([]);
  /** Holds the page's canvas, put in by hand once drawn (see below), so not rendered by React. */
  const canvasHostRef = useRef<HTMLDivElement>(null);
  const textLayerRef = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  /** Bumped each time the text layer is (re)built, so highlights are put back on the new one. */
  const [textLayerVersion, setTextLayerVersion] = useState(0);
  /** What the plug-ins' layers are drawn through: the page's viewport at the current zoom and rotation, and its text layer. */
  const [drawn, setDrawn] = useState<Omit<PageLayerProps, 'pageNumber'> | null>(null);

  // The canvas on show goes with the page: its memory is given back as soon as the page leaves.
  useEffect(() => {
    const host = canvasHostRef.current;
    return () => host?.querySelectorAll('canvas').forEach(releaseCanvas);
  }, []);

  useEffect(() => {
    const host = canvasHostRef.current;
    const textContainer = textLayerRef.current;
    if (!host || !textContainer) return;
    // Drawn off-screen and put in place when done, as pdf.js's own viewer does: a canvas on screen that
    // changes every frame is composited every frame, which made the paint itself half as fast again.
    // Meanwhile the previous drawing (at the old zoom) stays, stretched. The canvas comes from pdf.js's
    // drawing document, where the PDF's fonts are (see pdfDrawingDocument), and moves into the page when done.
    const canvas = drawingCanvas();
    canvas.className = 'pdf-page__canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.dataset.rotation = String(rotation);
    const previous = host.querySelector('canvas');
    // A drawing at another rotation would show the page distorted: better blank until the new one.
    if (previous && previous.dataset.rotation !== canvas.dataset.rotation) releaseCanvas(previous);
    const putInPlace = (shown: HTMLCanvasElement) => {
      const replaced = host.querySelector('canvas');
      if (replaced === shown) return;
      host.replaceChildren(shown);
      if (replaced) releaseCanvas(replaced);
    };
    // A slow page is shown as it draws, through a copy refreshed every frame: moved into the app's
    // document before it is finished, the drawing would lose the PDF's fonts for the rest of the page.
    let preview: HTMLCanvasElement | null = null;
    let previewFrame = 0;
    const showProgress = () => {
      const copy = document.createElement('canvas');
      copy.className = canvas.className;
      copy.setAttribute('aria-hidden', 'true');
      copy.dataset.rotation = canvas.dataset.rotation;
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d');
      preview = copy;
      putInPlace(copy);
      const refresh = () => {
        context?.drawImage(canvas, 0, 0);
        previewFrame = requestAnimationFrame(refresh);
      };
      refresh();
    };
    const show = () => {
      cancelAnimationFrame(previewFrame);
      putInPlace(canvas);
      preview = null;
    };
    let showAnyway: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    let pageProxy: PDFPageProxy | null = null;
    const abandon = new AbortController();
    // In line from now, while pdf.js loads the page: a nearer page still loading keeps its turn.
    const place = renderQueue.join(pageNumber, abandon.signal);

    (async () => {
      const page = await pdf.getPage(pageNumber);
      pageProxy = page;
      if (cancelled) return;
      const natural = page.getViewport({ scale: 1 });
      pageSizes.set(pageNumber, { width: natural.width, height: natural.height });
      const viewport = turnedViewport(page, scale, rotation);
      setDrawn({ viewport, textLayer: textContainer });
      const outputScale = canvasOutputScale(viewport.width, viewport.height, window.devicePixelRatio);
      canvas.width = Math.floor(viewport.width * outputScale);
      canvas.height = Math.floor(viewport.height * outputScale);
      const release = await place.turn();
      try {
        if (cancelled) return;
        renderTask = page.render({
          canvas,
          viewport,
          transform: outputScale === 1 ? undefined : [outputScale, 0, 0, outputScale, 0, 0],
        });
        // Drawn off-screen, so there is no reason to wait for animation frames between slices.
        paintInTasks(renderTask);
        showAnyway = setTimeout(showProgress, showUnfinishedAfterMs);
        await renderTask.promise;
        clearTimeout(showAnyway);
        // A plain DOM mark (no re-render) that the page is painted, for tests and the benchmark.
        canvas.dataset.painted = 'true';
        show();
      } finally {
        release();
      }
      if (cancelled) return;
      textContainer.replaceChildren();
      textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: textContainer, viewport });
      await textLayer.render();
      if (cancelled) return;
      setTextLayerVersion((version) => version + 1);
      const found = await pageLinks(pdf, page);
      if (cancelled) return;
      setLinks(
        found.map(({ rect, target }) => {
          const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(rect);
          const left = Math.min(x1, x2);
          const top = Math.min(y1, y2);
          return { left, top, width: Math.abs(x2 - x1), height: Math.abs(y2 - y1), target };
        }),
      );
    })().catch((error: unknown) => {
      abandon.abort(); // a page that failed before its turn must not hold up the pages behind it
      clearTimeout(showAnyway);
      cancelAnimationFrame(previewFrame);
      if (cancelled || (error instanceof Error && error.name === 'RenderingCancelledException')) return;
      console.error(`Page ${pageNumber} failed to render`, error);
      setFailed(true);
    });

    return () => {
      cancelled = true;
      abandon.abort();
      renderTask?.cancel();
      clearTimeout(showAnyway);
      cancelAnimationFrame(previewFrame);
      textLayer?.cancel();
      textContainer.replaceChildren();
      // A finished drawing stays on show until the next replaces it (or the page leaves); an unfinished one goes.
      if (!canvas.dataset.painted) {
        releaseCanvas(canvas);
        if (preview) {
          preview.remove();
          releaseCanvas(preview);
        }
      }
      // Let pdf.js drop the page's decoded fonts and images once its render has wound down.
      const settled = renderTask?.promise.catch(() => undefined) ?? Promise.resolve();
      void settled.then(() => pageProxy?.cleanup());
    };
  }, [pdf, pageNumber, scale, rotation, pageSizes, renderQueue]);

  // Mark find matches on the text layer; the viewer brings the current one into view when the reader was sent to it.
  useEffect(() => {
    const container = textLayerRef.current;
    if (!container || textLayerVersion === 0) return;
    const active = highlightMatches(container, findQuery, activeMatch);
    if (active) onMatchMarked(active);
  }, [findQuery, activeMatch, activeMatchMove, textLayerVersion, onMatchMarked]);

  return (
    <>
      <div ref={canvasHostRef} className="pdf-page__canvas-host" />
      {drawn && layers.under.map((Layer, index) => <Layer key={index} pageNumber={pageNumber} {...drawn} />)}
      <div ref={textLayerRef} className="textLayer" />
      {links.length > 0 && (
        <div className="pdf-links">
          {links.map((link, index) => (
            <button
              key={index}
              type="button"
              className="pdf-link"
              style={{ left: link.left, top: link.top, width: link.width, height: link.height }}
              title={linkLabel(link.target)}
              aria-label={linkLabel(link.target)}
              data-link-kind={link.target.kind}
              onClick={() => onLink(link.target)}
            />
          ))}
        </div>
      )}
      {drawn && layers.over.map((Layer, index) => <Layer key={index} pageNumber={pageNumber} {...drawn} />)}
      {failed && (
        <p className="pdf-page__error" role="alert">
          {t('viewer.renderFailed')}
        </p>
      )}
    </>
  );
}

/** After this long a page still drawing is shown as it draws, rather than blank (as pdf.js's viewer). */
const showUnfinishedAfterMs = 500;

/** A zero-size canvas gives its backing store back at once, not at the next garbage collection. */
function releaseCanvas(canvas: HTMLCanvasElement): void {
  delete canvas.dataset.painted;
  canvas.width = 0;
  canvas.height = 0;
}

function linkLabel(target: LinkTarget): string {
  return target.kind === 'page' ? t('viewer.link.toPage', { page: target.pageNumber }) : t('viewer.link.external', { url: target.url });
}
