/**
 * Reads a document's bytes from the host's cache and hands them to the PDF
 * view. A document that is not downloaded yet says so and tries again as soon
 * as downloads make progress (or the mirror marks it cached).
 */
import { useEffect, useState } from 'react';
import type { MirroredDocument } from '../../../common/bridge.ts';
import { toBridgeFailure } from '../bridge/errors.ts';
import { useBridge } from '../bridge/context.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { t } from '../i18n/index.ts';
import { PdfDocumentView, ViewerMessage } from '../pdf/PdfDocumentView.tsx';

type ReadState =
  | { phase: 'reading' }
  | { phase: 'not-cached' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; bytes: Uint8Array };

export function DocumentViewer({ document }: { document: MirroredDocument }) {
  const bridge = useBridge();
  const { status } = useSyncStatus();
  const [state, setState] = useState<ReadState>({ phase: 'reading' });
  const [attempt, setAttempt] = useState(0);
  const notCached = state.phase === 'not-cached';

  useEffect(() => {
    let current = true;
    bridge.invoke('document.read', { documentId: document.id }).then(
      (bytes) => current && setState({ phase: 'ready', bytes }),
      (error: unknown) => {
        if (!current) return;
        const failure = toBridgeFailure(error);
        if (failure.code === 'not-cached') setState({ phase: 'not-cached' });
        else setState({ phase: 'failed', message: failure.message });
      },
    );
    return () => {
      current = false;
    };
  }, [bridge, document.id, attempt]);

  // While waiting for the download, any progress (or the mirror saying it is cached) is worth another try.
  const progressKey = status ? `${status.cachedBytes}:${status.pendingDocuments}:${status.connection}` : '';
  useEffect(() => {
    if (notCached) setAttempt((count) => count + 1);
  }, [progressKey, document.cached]);

  return (
    <section className="document-viewer" aria-label={t('viewer.label')} data-testid="document-viewer" data-document-id={document.id}>
      {state.phase === 'reading' && <ViewerMessage testId="viewer-loading" text={t('viewer.loading')} />}
      {state.phase === 'not-cached' && (
        <ViewerMessage
          testId="viewer-not-cached"
          text={status?.connection === 'offline' ? t('viewer.notCachedOffline') : t('viewer.notCached')}
        />
      )}
      {state.phase === 'failed' && (
        <ViewerMessage testId="viewer-error" text={t('viewer.readFailed', { message: state.message })} alert />
      )}
      {state.phase === 'ready' && <PdfDocumentView bytes={state.bytes} title={document.name} />}
    </section>
  );
}
