/**
 * Opens a PDF (bytes, or a URL the host serves) with pdf.js and shows them as a continuous vertical scroll:
 * toolbar (page X of N, previous/next, zoom), pages rendered only near the
 * viewport, a password form for encrypted files, and a plain-language
 * message for files that are not readable PDFs.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { t } from '../i18n/index.ts';
import type { PageSize } from './page-layout.ts';
import { PdfPages, type InitialFind, type ViewPosition } from './PdfPages.tsx';
import { openPdf, type PdfSource } from './pdfjs.ts';
import './viewer.css';

type OpenState =
  | { phase: 'opening' }
  | { phase: 'password'; submit: (password: string) => void; wrong: boolean; attempt: number }
  | { phase: 'invalid'; detail: string }
  | { phase: 'ready'; pdf: PDFDocumentProxy; firstPageSize: PageSize };

interface PdfDocumentViewProps {
  source: PdfSource;
  title: string;
  /** Where to open (the remembered position), or null for page 1 at fit width. */
  initialPosition?: ViewPosition | null;
  /** Told the page and zoom as they change, to remember them. */
  onPositionChange?: (position: ViewPosition) => void;
  /** Text to find as soon as the document opens. */
  initialFind?: InitialFind | null;
  /** Told once the page the reader lands on is painted. */
  onFirstPagePainted?: () => void;
}

export function PdfDocumentView({
  source,
  title,
  initialPosition = null,
  onPositionChange,
  initialFind = null,
  onFirstPagePainted,
}: PdfDocumentViewProps) {
  const [state, setState] = useState<OpenState>({ phase: 'opening' });

  // Re-open only when the document itself changes, not when a caller rebuilds an equal source object.
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const sourceIdentity = source.kind === 'bytes' ? source.bytes : source.url;

  useEffect(() => {
    let current = true;
    let attempt = 0;
    const source = sourceRef.current;
    const task = openPdf(source, (submit, wrong) => {
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
  }, [sourceIdentity]);

  switch (state.phase) {
    case 'opening':
      return <ViewerMessage testId="viewer-loading" text={t('viewer.loading')} />;
    case 'invalid':
      return <ViewerMessage testId="viewer-error" text={t('viewer.invalidPdf')} detail={state.detail} alert />;
    case 'password':
      return <PasswordForm key={state.attempt} wrong={state.wrong} onSubmit={state.submit} />;
    case 'ready':
      return (
        <PdfPages
          pdf={state.pdf}
          firstPageSize={state.firstPageSize}
          title={title}
          initialPosition={initialPosition}
          onPositionChange={onPositionChange}
          initialFind={initialFind}
          onFirstPagePainted={onFirstPagePainted}
        />
      );
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
