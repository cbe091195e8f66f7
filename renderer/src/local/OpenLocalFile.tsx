/**
 * "Open a PDF from this computer": a real file input (keyboard and screen
 * readers get the platform's own control) behind a visible button-like label,
 * plus dropping a file anywhere on the window.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import { t } from '../i18n/index.ts';
import { localHref, navigate } from '../routing/hash-route.ts';
import { openLocalFile } from './local-document.ts';
import './local.css';

function open(file: File): void {
  navigate(localHref());
  void openLocalFile(file);
}

export function OpenLocalFileButton() {
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so choosing the same file again (after editing it elsewhere) still fires a change.
    event.target.value = '';
    if (file) open(file);
  };
  return (
    <div className="local-open">
      <input
        id="local-pdf-input"
        className="visually-hidden"
        type="file"
        accept="application/pdf,.pdf"
        onChange={choose}
        data-testid="local-pdf-input"
      />
      <label htmlFor="local-pdf-input" className="button button--quiet local-open__label">
        {t('local.open')}
      </label>
    </div>
  );
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * A file dropped on the window opens in the viewer. Without this the browser
 * (or Electron) would navigate away to the file itself and leave the app.
 */
export function LocalFileDropZone() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      // Leaving one element for another inside the window also fires dragleave; only leaving the window counts.
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) open(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!dragging) return null;
  return (
    <div className="local-drop" aria-hidden="true">
      <p>{t('local.dropHint')}</p>
    </div>
  );
}
