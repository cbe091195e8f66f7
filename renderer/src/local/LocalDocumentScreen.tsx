/**
 * The `#/local` screen: the PDF opened from this computer, in the same viewer
 * as meeting documents. Its page and zoom are not remembered: the file has no
 * stable identity (it may be a different paper with the same name next time).
 */
import { useRef } from 'react';
import { formatMegabytes, t } from '../i18n/index.ts';
import { PdfDocumentView, ViewerMessage } from '../pdf/PdfDocumentView.tsx';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { meetingsHref } from '../routing/hash-route.ts';
import { localFileSizeLimit, useLocalDocument, type LocalDocument } from './local-document.ts';
import './local.css';

export function LocalDocumentScreen() {
  const local = useLocalDocument();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  return (
    <main id="main" className="local-main" tabIndex={-1}>
      <div className="local-main__bar">
        <a href={meetingsHref()}>
          <span aria-hidden="true">← </span>
          {t('local.back')}
        </a>
        <h1 className="local-main__title" ref={headingRef} tabIndex={-1}>
          {t('local.heading')}
        </h1>
      </div>
      <section
        className="document-viewer"
        aria-label={t('viewer.label')}
        data-testid="document-viewer"
        data-local-name={local?.name}
      >
        <LocalDocumentContent local={local} />
      </section>
    </main>
  );
}

function LocalDocumentContent({ local }: { local: LocalDocument | null }) {
  if (!local) return <ViewerMessage testId="local-none" text={t('local.none')} />;
  switch (local.status) {
    case 'reading':
      return <ViewerMessage testId="viewer-loading" text={t('local.reading', { name: local.name })} />;
    case 'too-large':
      return (
        <ViewerMessage
          testId="viewer-error"
          alert
          text={t('local.tooLarge', {
            name: local.name,
            size: formatMegabytes(local.size),
            limit: formatMegabytes(localFileSizeLimit),
          })}
        />
      );
    case 'read-failed':
      return <ViewerMessage testId="viewer-error" alert text={t('local.readFailed', { name: local.name, message: local.message })} />;
    case 'ready':
      // Keyed by the open so choosing another file (or the same one again) starts a fresh pdf.js document.
      return <PdfDocumentView key={local.openId} source={{ kind: 'bytes', bytes: local.bytes }} title={local.name} />;
  }
}
