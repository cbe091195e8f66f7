/**
 * Opens PDF bytes with pdf.js and shows them as a continuous vertical scroll:
 * toolbar (page X of N, previous/next, zoom), pages rendered only near the
 * viewport, a password form for encrypted files, and a plain-language
 * message for files that are not readable PDFs.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { formatPercent, t } from '../i18n/index.ts';
import { PdfPage, type PageSize } from './PdfPage.tsx';
import { openPdf } from './pdfjs.ts';
import { fitWidthScale, maxScale, minScale, zoomIn, zoomOut, type Zoom } from './zoom.ts';

type OpenState =
  | { phase: 'opening' }
  | { phase: 'password'; submit: (password: string) => void; wrong: boolean; attempt: number }
  | { phase: 'invalid'; detail: string }
  | { phase: 'ready'; pdf: PDFDocumentProxy; firstPageSize: PageSize };

export function PdfDocumentView({ bytes, title }: { bytes: Uint8Array; title: string }) {
  const [state, setState] = useState<OpenState>({ phase: 'opening' });

  useEffect(() => {
    let current = true;
    // pdf.js transfers the buffer to its worker; give it a copy so a re-open still has the bytes.
    let attempt = 0;
    const task = openPdf(bytes.slice(), (submit, wrong) => {
      attempt += 1;
      if (current) setState({ phase: 'password', submit, wrong, attempt });
    });
    task.promise
      .then(async (pdf) => {
        const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
        if (current) setState({ phase: 'ready', pdf, firstPageSize: { width: first.width, height: first.height } });
      })
      .catch((error: unknown) => {
        // Whatever pdf.js choked on (not a PDF, truncated, broken beyond repair), the reader's answer is the same.
        if (current) setState({ phase: 'invalid', detail: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      current = false;
      void task.destroy();
    };
  }, [bytes]);

  switch (state.phase) {
    case 'opening':
      return <ViewerMessage testId="viewer-loading" text={t('viewer.loading')} />;
    case 'invalid':
      return <ViewerMessage testId="viewer-error" text={t('viewer.invalidPdf')} detail={state.detail} alert />;
    case 'password':
      return <PasswordForm key={state.attempt} wrong={state.wrong} onSubmit={state.submit} />;
    case 'ready':
      return <PdfPages pdf={state.pdf} firstPageSize={state.firstPageSize} title={title} />;
  }
}

interface ViewerMessageProps {
  text: string;
  /** Technical detail for whoever reports the problem; shown small. */
  detail?: string;
  alert?: boolean;
  testId: string;
}

export function ViewerMessage({ text, detail, alert = false, testId }: ViewerMessageProps) {
  return (
    <div className={`viewer-message${alert ? ' viewer-message--alert' : ''}`} role={alert ? 'alert' : 'status'} data-testid={testId}>
      <p>{text}</p>
      {detail && <p className="viewer-message__detail">{detail}</p>}
    </div>
  );
}

function PasswordForm({ wrong, onSubmit }: { wrong: boolean; onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password || sent) return;
    setSent(true);
    onSubmit(password);
  };
  return (
    <form className="password-form" onSubmit={submit} data-testid="viewer-password">
      <h2>{t('viewer.passwordTitle')}</h2>
      <p>{t('viewer.passwordPrompt')}</p>
      {wrong && (
        <p className="password-form__wrong" role="alert">
          {t('viewer.passwordWrong')}
        </p>
      )}
      <label htmlFor="pdf-password">{t('viewer.passwordLabel')}</label>
      <input
        id="pdf-password"
        type="password"
        autoComplete="off"
        autoFocus
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={!password || sent}>
        {t('viewer.passwordSubmit')}
      </button>
    </form>
  );
}

/** How far beyond the visible area pages are kept rendered, as an IntersectionObserver margin. */
const nearMargin = '150% 0px';

function PdfPages({ pdf, firstPageSize, title }: { pdf: PDFDocumentProxy; firstPageSize: PageSize; title: string }) {
  const pageCount = pdf.numPages;
  const scrollRef = useRef<HTMLDivElement>(null);
  const pageElements = useRef(new Map<number, HTMLDivElement>());
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit-width' });
  const [containerWidth, setContainerWidth] = useState(0);
  const [sizes, setSizes] = useState<ReadonlyMap<number, PageSize>>(new Map());
  const [nearPages, setNearPages] = useState<ReadonlySet<number>>(new Set([1]));
  const [currentPage, setCurrentPage] = useState(1);
  const observerRef = useRef<IntersectionObserver | null>(null);

  const scale = zoom.mode === 'fixed' ? zoom.scale : fitWidthScale(containerWidth, firstPageSize.width);

  // Track the scroll area's width for fit-width.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setContainerWidth(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // One observer decides which pages are near enough to render.
  useEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNearPages((previous) => {
          const next = new Set(previous);
          for (const entry of entries) {
            const pageNumber = Number((entry.target as HTMLElement).dataset.pageNumber);
            if (entry.isIntersecting) next.add(pageNumber);
            else next.delete(pageNumber);
          }
          const changed = next.size !== previous.size || [...next].some((pageNumber) => !previous.has(pageNumber));
          return changed ? next : previous;
        }),
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

  const goToPage = (pageNumber: number) => {
    const target = Math.min(pageCount, Math.max(1, pageNumber));
    const element = pageElements.current.get(target);
    const root = scrollRef.current;
    if (element && root) root.scrollTo({ top: element.offsetTop - 16 });
    setCurrentPage(target);
  };

  // Keep the same page in view when the zoom changes.
  const zoomTo = (next: Zoom) => {
    const anchor = currentPage;
    setZoom(next);
    requestAnimationFrame(() => {
      const element = pageElements.current.get(anchor);
      const root = scrollRef.current;
      if (element && root) root.scrollTo({ top: element.offsetTop - 16 });
    });
  };

  const pageNumbers = Array.from({ length: pageCount }, (_, index) => index + 1);

  return (
    <div className="pdf-viewer" data-testid="pdf-viewer" data-page-count={pageCount}>
      <div className="pdf-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <h2 className="pdf-toolbar__title" title={title}>
          {title}
        </h2>
        <div className="pdf-toolbar__group">
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
        </div>
      </div>
      <div className="pdf-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={title} data-testid="pdf-scroll">
        {containerWidth > 0 &&
          pageNumbers.map((pageNumber) => (
            <PdfPage
              key={pageNumber}
              pdf={pdf}
              pageNumber={pageNumber}
              scale={scale}
              near={nearPages.has(pageNumber)}
              sizeAtScaleOne={sizes.get(pageNumber) ?? firstPageSize}
              onSizeKnown={onSizeKnown}
              registerElement={registerElement}
            />
          ))}
      </div>
    </div>
  );
}
