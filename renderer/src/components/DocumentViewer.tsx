/**
 * Opens a document from the host's cache (verified, served by URL with byte
 * ranges) and hands it to the PDF view. A document that is not downloaded yet says so and tries again as soon
 * as downloads make progress (or the mirror marks it cached).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MirroredDocument } from '../../../common/bridge.ts';
import type { UserProfile } from '../../../common/wire.ts';
import { AnnotationsProvider, type MeetingScope } from '../annotations/annotations-context.tsx';
import { annotationsPlugin } from '../annotations/annotations-plugin.tsx';
import { useAccountSession } from '../bridge/account-session.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import { useBridge } from '../bridge/context.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { t } from '../i18n/index.ts';
import { PdfDocumentView, ViewerMessage } from '../pdf/PdfDocumentView.tsx';
import type { ViewPosition } from '../pdf/PdfPages.tsx';
import type { PdfSource } from '../pdf/pdfjs.ts';
import { ProvideViewerPlugin } from '../pdf/viewer-plugins.tsx';
import { zoomFromSaved, zoomToSaved } from '../pdf/zoom.ts';
import type { DocumentTarget } from '../routing/hash-route.ts';

/** Saving the position waits for scrolling to settle: one write per pause, not one per frame. */
const positionSaveDelayMs = 400;

type ReadState =
  | { phase: 'reading' }
  | { phase: 'not-cached' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; source: PdfSource; position: ViewPosition | null };

interface DocumentViewerProps {
  document: MirroredDocument;
  target?: DocumentTarget | null;
  /** The meeting the document belongs to: its committee's shared annotation layer and the meeting-wide list. */
  meeting?: Omit<MeetingScope, 'userId'> | null;
}

export function DocumentViewer({ document, target = null, meeting = null }: DocumentViewerProps) {
  const bridge = useBridge();
  const { status } = useSyncStatus();
  // Who reads decides the annotation layers around the view.
  const reader = useAccountSession().user;
  const [state, setState] = useState<ReadState>({ phase: 'reading' });
  const [attempt, setAttempt] = useState(0);
  const notCached = state.phase === 'not-cached';

  useEffect(() => {
    let current = true;
    // A position that cannot be read is no reason not to show the document.
    const savedPosition = bridge.invoke('viewer.position.get', { documentId: document.id }).then(
      (saved): ViewPosition | null => saved && { page: saved.page, zoom: zoomFromSaved(saved.zoom) },
      () => null,
    );
    // pdf.js loads the verified file by URL: it paints page 1 from the first pieces, not after the whole pack.
    const opened = bridge.invoke('document.open', { documentId: document.id }).then(
      ({ path, size }): PdfSource => ({
        kind: 'url',
        url: new URL(path, window.location.href).href,
        length: size,
        httpHeaders: bridge.documentRequestHeaders ?? {},
      }),
    );
    Promise.all([opened, savedPosition]).then(
      ([source, position]) => current && setState({ phase: 'ready', source, position }),
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

  const onPositionChange = usePositionSaver(document.id, state.phase === 'ready' ? state.position : undefined);
  /** The reader's first page is on screen: the annotation layers may open (see AnnotationsProvider). */
  const [firstPagePainted, setFirstPagePainted] = useState(false);
  const onFirstPagePainted = useCallback(() => setFirstPagePainted(true), []);

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
      {state.phase === 'ready' && (
        <WithAnnotations documentId={document.id} meeting={meeting} user={reader} open={firstPagePainted}>
          <PdfDocumentView
          source={state.source}
          title={document.name}
          // An explicit page (a search hit) wins over where the user left the document; the zoom stays theirs.
          initialPosition={target ? { page: target.page, zoom: state.position?.zoom ?? { mode: 'fit-width' } } : state.position}
          initialFind={target?.find ? { query: target.find, fromPage: target.page } : null}
          onPositionChange={onPositionChange}
          onFirstPagePainted={onFirstPagePainted}
          />
        </WithAnnotations>
      )}
    </section>
  );
}

/** Annotation layers for a meeting's document, plugged into its viewer, once the signed-in member is known; none otherwise. */
interface WithAnnotationsProps {
  documentId: string;
  meeting: Omit<MeetingScope, 'userId'> | null;
  user: UserProfile | null;
  open: boolean;
  children: ReactNode;
}

function WithAnnotations({ documentId, meeting, user, open, children }: WithAnnotationsProps) {
  const author = useMemo(() => (user ? { id: user.id, name: user.displayName } : null), [user?.id, user?.displayName]);
  // The meeting's details arrive as a new object on each refresh; only a real change should reopen anything.
  const meetingKey = JSON.stringify(meeting);
  const scope = useMemo(
    () => (meeting && user ? { ...meeting, userId: user.id } : null),
    [meetingKey, user?.id], // keyed on the meeting's content, not its identity
  );
  if (!author || !scope) return <>{children}</>;
  const role = user?.memberships.find((membership) => membership.committeeId === scope.committeeId)?.role;
  return (
    <AnnotationsProvider documentId={documentId} committeeId={scope.committeeId} author={author} meeting={scope} canShare={role !== 'observer'} open={open}>
      <ProvideViewerPlugin plugin={annotationsPlugin}>{children}</ProvideViewerPlugin>
    </AnnotationsProvider>
  );
}

/**
 * Remembers the page and zoom in the host, after a pause and when the viewer closes; a position the
 * host already has (`opened`: the one the document opened at, null for none, undefined while reading)
 * is not written again.
 */
function usePositionSaver(documentId: string, opened: ViewPosition | null | undefined): (position: ViewPosition) => void {
  const bridge = useBridge();
  const pending = useRef<ViewPosition | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saved = useRef<string | null>(null);
  if (opened !== undefined && saved.current === null) saved.current = positionKey(opened ?? { page: 1, zoom: { mode: 'fit-width' } });

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const position = pending.current;
    pending.current = null;
    if (!position) return;
    const key = positionKey(position);
    if (key === saved.current) return;
    bridge.invoke('viewer.position.set', { documentId, page: position.page, zoom: zoomToSaved(position.zoom) }).then(
      () => {
        saved.current = key;
      },
      (error: unknown) => console.warn('Could not remember the viewer position', error),
    );
  }, [bridge, documentId]);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return useCallback(
    (position: ViewPosition) => {
      pending.current = position;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, positionSaveDelayMs);
    },
    [flush],
  );
}

const positionKey = (position: ViewPosition): string => `${position.page}:${zoomToSaved(position.zoom)}`;
