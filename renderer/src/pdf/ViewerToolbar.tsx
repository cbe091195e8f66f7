/**
 * The viewer's toolbar: the title, the sidebar toggle, page navigation
 * (previous/next, "Page X of N", the go-to-page field), zoom (fixed, fit
 * width, fit page), rotation and find.
 */
import { useState, type FormEvent } from 'react';
import { formatPercent, t } from '../i18n/index.ts';
import { pageLabelOf, pageOfInput } from './page-labels.ts';
import { maxScale, minScale, zoomIn, zoomOut, type Zoom } from './zoom.ts';

interface ViewerToolbarProps {
  title: string;
  pageCount: number;
  /** The PDF's page labels (an agenda pack's printed numbers), or null: the indicator and go-to-page use them. */
  pageLabels: string[] | null;
  currentPage: number;
  onGoToPage: (pageNumber: number) => void;
  zoom: Zoom;
  /** The scale the zoom comes to now (a fit mode's depends on the view's size). */
  scale: number;
  onZoom: (zoom: Zoom) => void;
  onRotate: () => void;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
  findOpen: boolean;
  onOpenFind: () => void;
}

export function ViewerToolbar(props: ViewerToolbarProps) {
  const { title, pageCount, pageLabels, currentPage, onGoToPage, zoom, scale, onZoom } = props;
  const currentLabel = pageLabelOf(pageLabels, currentPage);
  return (
    <div className="pdf-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
      <h2 className="pdf-toolbar__title" title={title}>
        {title}
      </h2>
      <div className="pdf-toolbar__group">
        <button
          type="button"
          className="button button--quiet"
          onClick={props.onToggleSidebar}
          aria-expanded={props.sidebarOpen}
          data-testid="viewer-sidebar-toggle"
        >
          {t('viewer.sidebarToggle')}
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => onGoToPage(currentPage - 1)}
          disabled={currentPage <= 1}
          aria-label={t('viewer.previousPage')}
          data-testid="viewer-previous"
        >
          <span aria-hidden="true">‹</span>
        </button>
        <span className="pdf-toolbar__page" aria-live="polite" data-testid="page-indicator">
          {currentLabel === null
            ? t('viewer.pageIndicator', { page: currentPage, total: pageCount })
            : t('viewer.pageIndicatorLabelled', { label: currentLabel, page: currentPage, total: pageCount })}
        </span>
        <button
          type="button"
          className="icon-button"
          onClick={() => onGoToPage(currentPage + 1)}
          disabled={currentPage >= pageCount}
          aria-label={t('viewer.nextPage')}
          data-testid="viewer-next"
        >
          <span aria-hidden="true">›</span>
        </button>
        <GoToPage pageCount={pageCount} pageLabels={pageLabels} onGo={onGoToPage} />
      </div>
      <div className="pdf-toolbar__group">
        <button
          type="button"
          className="icon-button"
          onClick={() => onZoom({ mode: 'fixed', scale: zoomOut(scale) })}
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
          onClick={() => onZoom({ mode: 'fixed', scale: zoomIn(scale) })}
          disabled={scale >= maxScale}
          aria-label={t('viewer.zoomIn')}
          data-testid="viewer-zoom-in"
        >
          <span aria-hidden="true">+</span>
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => onZoom({ mode: 'fit-width' })}
          aria-pressed={zoom.mode === 'fit-width'}
          data-testid="viewer-fit-width"
        >
          {t('viewer.fitWidth')}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => onZoom({ mode: 'fit-page' })}
          aria-pressed={zoom.mode === 'fit-page'}
          data-testid="viewer-fit-page"
        >
          {t('viewer.fitPage')}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onRotate} data-testid="viewer-rotate">
          {t('viewer.rotate')}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={props.onOpenFind}
          aria-expanded={props.findOpen}
          aria-keyshortcuts="Control+F"
          data-testid="viewer-find"
        >
          {t('viewer.find.open')}
        </button>
      </div>
    </div>
  );
}

function GoToPage({ pageCount, pageLabels, onGo }: { pageCount: number; pageLabels: string[] | null; onGo: (pageNumber: number) => void }) {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A page as printed on it ("S3" in a supplement pack), or its place in the file.
    const pageNumber = pageOfInput(pageLabels, value, pageCount);
    if (pageNumber === null) {
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
        inputMode={pageLabels?.some((label, index) => label !== String(index + 1)) ? 'text' : 'numeric'}
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
