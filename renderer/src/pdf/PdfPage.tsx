/**
 * One page of the continuous view. Only pages near the viewport (`near`) own a
 * canvas and a text layer; when a page scrolls far away both are released so
 * a 350-page pack costs only what is on screen.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { TextLayer, type PageViewport, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import { AnnotationControls, AnnotationMarks } from '../annotations/AnnotationPageLayer.tsx';
import { useAnnotations } from '../annotations/annotations-context.tsx';
import { t } from '../i18n/index.ts';
import { highlightMatches } from './find.ts';
import { pageLinks, type LinkTarget } from './links.ts';
import { canvasOutputScale } from './pdfjs.ts';
import type { RenderQueue } from './render-queue.ts';
import type { Rotation } from './zoom.ts';

export interface PageSize {
  width: number;
  height: number;
}

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** The user's rotation, on top of the page's own. */
  rotation: Rotation;
  near: boolean;
  /** Size at scale 1 (unrotated by the user) if known, else a guess (page 1's) until the page is loaded. */
  sizeAtScaleOne: PageSize;
  /** What the find bar looks for ('' when closed), and which match on this page is the current one (-1: none). */
  findQuery: string;
  activeMatch: number;
  onSizeKnown: (pageNumber: number, size: PageSize) => void;
  registerElement: (pageNumber: number, element: HTMLDivElement | null) => void;
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
  const { pdf, pageNumber, scale, rotation, near, sizeAtScaleOne, onSizeKnown, registerElement, findQuery, activeMatch, onLink, renderQueue } = props;
  const sideways = rotation % 180 !== 0;
  const width = Math.floor((sideways ? sizeAtScaleOne.height : sizeAtScaleOne.width) * scale);
  const height = Math.floor((sideways ? sizeAtScaleOne.width : sizeAtScaleOne.height) * scale);
  // A stable ref callback: a new one per render would unregister and re-register the element each time.
  const ref = useCallback((element: HTMLDivElement | null) => registerElement(pageNumber, element), [registerElement, pageNumber]);

  return (
    <div
      ref={ref}
      className="pdf-page"
      data-page-number={pageNumber}
      role="group"
      aria-label={t('viewer.pageLabel', { page: pageNumber })}
      style={{ width, height, ['--scale-factor' as string]: scale }}
    >
      {near && (
        <PageContent
          pdf={pdf}
          pageNumber={pageNumber}
          scale={scale}
          rotation={rotation}
          onSizeKnown={onSizeKnown}
          findQuery={findQuery}
          activeMatch={activeMatch}
          onLink={onLink}
          renderQueue={renderQueue}
        />
      )}
    </div>
  );
});

function PageContent({
  pdf,
  pageNumber,
  scale,
  rotation,
  onSizeKnown,
  findQuery,
  activeMatch,
  onLink,
  renderQueue,
}: Pick<PdfPageProps, 'pdf' | 'pageNumber' | 'scale' | 'rotation' | 'onSizeKnown' | 'findQuery' | 'activeMatch' | 'onLink' | 'renderQueue'>) {
  const [links, setLinks] = useState<PlacedLink[]>([]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textLayerRef = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  /** Bumped each time the text layer is (re)built, so highlights are put back on the new one. */
  const [textLayerVersion, setTextLayerVersion] = useState(0);
  /** The page's viewport at the current zoom and rotation: annotations are drawn through it. */
  const [viewport, setViewport] = useState<PageViewport | null>(null);
  const registerAnnotationPage = useAnnotations()?.registerPage;

  useEffect(() => {
    const canvas = canvasRef.current;
    const textContainer = textLayerRef.current;
    if (!canvas || !textContainer) return;
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    let pageProxy: PDFPageProxy | null = null;
    const abandon = new AbortController();

    (async () => {
      const page = await pdf.getPage(pageNumber);
      pageProxy = page;
      if (cancelled) return;
      const natural = page.getViewport({ scale: 1 });
      onSizeKnown(pageNumber, { width: natural.width, height: natural.height });
      const viewport = page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
      setViewport(viewport);
      const outputScale = canvasOutputScale(viewport.width, viewport.height, window.devicePixelRatio);
      canvas.width = Math.floor(viewport.width * outputScale);
      canvas.height = Math.floor(viewport.height * outputScale);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      const release = await renderQueue.acquire(pageNumber, abandon.signal);
      try {
        if (cancelled) return;
        renderTask = page.render({
          canvas,
          viewport,
          transform: outputScale === 1 ? undefined : [outputScale, 0, 0, outputScale, 0, 0],
        });
        await renderTask.promise;
        // A plain DOM mark (no re-render) that the page is painted, for tests and the benchmark.
        canvas.dataset.painted = 'true';
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
      if (cancelled || (error instanceof Error && error.name === 'RenderingCancelledException')) return;
      console.error(`Page ${pageNumber} failed to render`, error);
      setFailed(true);
    });

    return () => {
      cancelled = true;
      abandon.abort();
      renderTask?.cancel();
      textLayer?.cancel();
      textContainer.replaceChildren();
      delete canvas.dataset.painted;
      // Zero-size canvases give their backing store back at once.
      canvas.width = 0;
      canvas.height = 0;
      // Let pdf.js drop the page's decoded fonts and images once its render has wound down.
      const settled = renderTask?.promise.catch(() => undefined) ?? Promise.resolve();
      void settled.then(() => pageProxy?.cleanup());
    };
  }, [pdf, pageNumber, scale, rotation, onSizeKnown, renderQueue]);

  // Tell the annotation state where this page is drawn, so a text selection on it can become a highlight.
  useEffect(() => {
    const textLayer = textLayerRef.current;
    const pageElement = textLayer?.parentElement;
    if (!registerAnnotationPage || !viewport || !textLayer || !pageElement) return;
    registerAnnotationPage(pageNumber, { viewport, pageElement, textLayer });
    return () => registerAnnotationPage(pageNumber, null);
  }, [registerAnnotationPage, pageNumber, viewport]);

  // Mark find matches on the text layer; bring the current one into view.
  useEffect(() => {
    const container = textLayerRef.current;
    if (!container || textLayerVersion === 0) return;
    const active = highlightMatches(container, findQuery, activeMatch);
    // 'nearest': the page was just scrolled to the top; move only if the match is still out of sight.
    active?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [findQuery, activeMatch, textLayerVersion]);

  return (
    <>
      <canvas ref={canvasRef} className="pdf-page__canvas" aria-hidden="true" />
      {viewport && <AnnotationMarks pageNumber={pageNumber} viewport={viewport} />}
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
      {viewport && <AnnotationControls pageNumber={pageNumber} viewport={viewport} />}
      {failed && (
        <p className="pdf-page__error" role="alert">
          {t('viewer.renderFailed')}
        </p>
      )}
    </>
  );
}

function linkLabel(target: LinkTarget): string {
  return target.kind === 'page' ? t('viewer.link.toPage', { page: target.pageNumber }) : t('viewer.link.external', { url: target.url });
}
