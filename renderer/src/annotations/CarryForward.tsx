/**
 * When this document replaced an earlier version that has annotations, offers
 * to carry them forward: highlights re-anchor by their quoted text in this
 * version (near their old page first), notes and ink keep page and place when
 * the page exists, and what cannot be placed is kept and listed apart. The old
 * version's layers are left as they were.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { planCarryForward, type AnchorPageText } from '../../../common/annotation-anchoring.ts';
import { carriedAnnotationId, type Annotation, type AnnotationLayer } from '../../../common/annotations.ts';
import type { DocumentVersion } from '../../../common/bridge.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { t, tp } from '../i18n/index.ts';
import { useAnnotations, type AnnotationsState } from './annotations-context.tsx';
import { useAnnotationLayer } from './use-annotation-layer.ts';

type Outcome = { phase: 'offer' } | { phase: 'working' } | { phase: 'done'; placed: number; unplaced: number } | { phase: 'failed'; message: string };

export function CarryForward({ pdf }: { pdf: PDFDocumentProxy }) {
  const state = useAnnotations();
  const bridge = useBridge();
  // Asked once the layers are (after the first page): nothing to offer before there is a page to read.
  const documentId = state?.open ? state.documentId : null;
  const [previous, setPrevious] = useState<DocumentVersion | null>(null);

  useEffect(() => {
    setPrevious(null);
    if (!documentId) return;
    let current = true;
    bridge.invoke('document.previousVersions', { documentId }).then(
      (versions) => current && setPrevious(versions[0] ?? null),
      () => undefined, // no lineage known: nothing to offer
    );
    return () => {
      current = false;
    };
  }, [bridge, documentId]);

  if (!state || !previous) return null;
  return <CarryForwardOffer key={previous.documentId} state={state} previous={previous} pdf={pdf} />;
}

function CarryForwardOffer({ state, previous, pdf }: { state: AnnotationsState; previous: DocumentVersion; pdf: PDFDocumentProxy }) {
  const oldPrivate = useAnnotationLayer(yjsDocName.privateAnnotations(state.author.id, previous.documentId));
  const oldShared = useAnnotationLayer(yjsDocName.sharedAnnotations(state.committeeId, previous.documentId));
  const [outcome, setOutcome] = useState<Outcome>({ phase: 'offer' });
  const [dismissed, setDismissed] = useState(false);

  /** The old version's annotations not yet carried into this one, per layer. */
  const pending = useMemo(() => {
    const notCarried = (layer: AnnotationLayer, annotations: Annotation[]) =>
      annotations.filter((a) => !state.layers[layer].annotations.some((b) => b.id === carriedAnnotationId(a.id, previous.documentId)));
    // An observer cannot write the shared layer: only their own private marks are theirs to carry.
    const shared = state.canShare ? notCarried('shared', oldShared.annotations) : [];
    return { private: notCarried('private', oldPrivate.annotations), shared };
  }, [state.layers, state.canShare, oldPrivate.annotations, oldShared.annotations, previous.documentId]);
  const count = pending.private.length + pending.shared.length;
  const writable = state.layers.private.map !== null && state.layers.shared.map !== null;

  if (dismissed || (outcome.phase === 'offer' && (count === 0 || !writable))) return null;

  const carry = async () => {
    setOutcome({ phase: 'working' });
    try {
      const pages = await pageTexts(pdf);
      const now = new Date().toISOString();
      let placed = 0;
      let unplaced = 0;
      for (const layer of ['private', 'shared'] as const) {
        const plan = planCarryForward(pending[layer], previous.documentId, pages, pdf.numPages, now);
        state.addAll(layer, plan.annotations);
        placed += plan.annotations.length - plan.unplaced.length;
        unplaced += plan.unplaced.length;
      }
      setOutcome({ phase: 'done', placed, unplaced });
    } catch (error) {
      setOutcome({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div className="carry-forward" role="region" aria-label={t('annotations.carry.label')} data-testid="carry-forward">
      {outcome.phase === 'offer' && (
        <>
          <p>{tp('annotations.carry.offer', count, { version: previous.version })}</p>
          <div className="carry-forward__actions">
            <button type="button" className="button button--primary button--small" onClick={() => void carry()} data-testid="carry-forward-accept">
              {t('annotations.carry.accept')}
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setDismissed(true)}>
              {t('annotations.carry.notNow')}
            </button>
          </div>
        </>
      )}
      {outcome.phase === 'working' && <p role="status">{t('annotations.carry.working')}</p>}
      {outcome.phase === 'done' && (
        <>
          <p role="status" data-testid="carry-forward-result">
            {tp('annotations.carry.placed', outcome.placed)}
            {outcome.unplaced > 0 && ` ${tp('annotations.carry.unplaced', outcome.unplaced)}`}
          </p>
          <button type="button" className="button button--quiet button--small" onClick={() => setDismissed(true)}>
            {t('annotations.carry.close')}
          </button>
        </>
      )}
      {outcome.phase === 'failed' && (
        <p role="alert">{t('annotations.carry.failed', { message: outcome.message })}</p>
      )}
    </div>
  );
}

/** The text items of every page, in user space, one page at a time. */
async function pageTexts(pdf: PDFDocumentProxy): Promise<AnchorPageText[]> {
  const pages: AnchorPageText[] = [];
  for (let page = 1; page <= pdf.numPages; page += 1) {
    const proxy = await pdf.getPage(page);
    const content = await proxy.getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item ? [{ str: item.str, transform: item.transform as number[], width: item.width, height: item.height }] : [],
    );
    pages.push({ page, items });
  }
  return pages;
}
