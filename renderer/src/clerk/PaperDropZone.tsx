/**
 * Where the clerk adds papers to an item: drop files on it, or choose them with
 * the file picker (several at once). Each file shows its bytes sent while it
 * uploads, then that it is stored, or why it was refused, by name.
 */
import { useId, useState, type DragEvent } from 'react';
import { formatNumber, t } from '../i18n/index.ts';
import { FilePicker } from './FilePicker.tsx';
import { filesOf, type PaperUpload, type PaperUploads } from './paper-uploads.ts';

interface PaperDropZoneProps {
  /** The item's number and title, for the zone's name. */
  itemLabel: string;
  papers: PaperUploads;
}

export function PaperDropZone({ itemLabel, papers }: PaperDropZoneProps) {
  const { uploads, upload } = papers;
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    // Without this the browser would open the file instead of dropping it here; the window's own drop zone stays out.
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    // The app's own drop zone (a PDF from this computer) must not take it as well.
    event.stopPropagation();
    setDragging(false);
    const dropped = filesOf(event.dataTransfer.files);
    if (dropped.length > 0) upload(dropped);
  };

  return (
    <div
      role="group"
      aria-label={t('clerk.papers.dropZone', { item: itemLabel })}
      aria-describedby={hintId}
      className={`paper-drop${dragging ? ' paper-drop--active' : ''}`}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p id={hintId} className="paper-drop__hint">
        {t('clerk.papers.dropHint')}
      </p>
      <FilePicker text={t('clerk.papers.choose')} label={t('clerk.papers.chooseFor', { item: itemLabel })} multiple onFiles={upload} />
      {uploads.length > 0 && (
        <ul className="paper-uploads" aria-label={t('clerk.papers.uploads', { item: itemLabel })}>
          {uploads.map((entry) => (
            <UploadEntry key={entry.key} entry={entry} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadEntry({ entry }: { entry: PaperUpload }) {
  const bytes = t('clerk.upload.bytes', { sent: formatNumber(entry.sentBytes), total: formatNumber(entry.totalBytes) });
  return (
    <li className={`paper-upload paper-upload--${entry.status}`}>
      {entry.status === 'waiting' || entry.status === 'sending' ? (
        <>
          <span className="paper-upload__name">{entry.name}</span>
          <progress max={entry.totalBytes} value={entry.sentBytes} aria-label={t('clerk.upload.progressOf', { name: entry.name })} />
          <span className="paper-upload__bytes">{entry.status === 'waiting' ? t('clerk.upload.waiting') : bytes}</span>
        </>
      ) : entry.status === 'stored' ? (
        <span className="paper-upload__done" role="status">
          {t('clerk.upload.stored', { name: entry.name, total: formatNumber(entry.totalBytes) })}
        </span>
      ) : (
        <span className="paper-upload__problem" role="alert">
          {entry.problem}
        </span>
      )}
    </li>
  );
}
