/**
 * Every annotation of the open document (or of the whole meeting), filtered
 * by layer and author; choosing one jumps to its page and opens its thread.
 * Annotations carried forward that could not be placed are listed apart.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LayeredAnnotation } from '../../../common/annotations.ts';
import { t, tp } from '../i18n/index.ts';
import { useAnnotationSelection, type AnnotationSelection } from './annotation-selection.tsx';
import { AnnotationThread } from './AnnotationThread.tsx';
import { useAnnotations, type AnnotationsState } from './annotations-context.tsx';
import { describeAnnotation } from './describe.ts';
import { listed, summary, type LayerFilter, type ListFilter } from './list-filter.ts';
import { MeetingAnnotations } from './MeetingAnnotations.tsx';

export function AnnotationList({ onGoToPage }: { onGoToPage: (page: number) => void }) {
  const state = useAnnotations();
  const selection = useAnnotationSelection();
  const [scope, setScope] = useState<'document' | 'meeting'>('document');
  const [filter, setFilter] = useState<ListFilter>({ layer: 'all', author: '' });
  if (!state || !selection) return null;
  const meeting = state.meeting;

  const authors = new Map<string, string>();
  for (const annotation of state.all) authors.set(annotation.authorId, annotation.authorName);

  return (
    <section className="annotation-list" aria-label={t('annotations.listLabel')} data-testid="annotation-list">
      {meeting && (
        <div className="annotation-list__scope" role="group" aria-label={t('annotations.scope')}>
          <button type="button" className="button button--quiet button--small" aria-pressed={scope === 'document'} onClick={() => setScope('document')}>
            {t('annotations.scope.document')}
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            aria-pressed={scope === 'meeting'}
            onClick={() => setScope('meeting')}
            data-testid="annotation-scope-meeting"
          >
            {t('annotations.scope.meeting')}
          </button>
        </div>
      )}
      <div className="annotation-list__filters">
        <label>
          <span>{t('annotations.filter.layer')}</span>
          <select value={filter.layer} onChange={(event) => setFilter({ ...filter, layer: event.target.value as LayerFilter })} data-testid="annotation-filter-layer">
            <option value="all">{t('annotations.filter.allLayers')}</option>
            <option value="private">{t('annotations.layer.private')}</option>
            <option value="shared">{t('annotations.layer.shared')}</option>
          </select>
        </label>
        {scope === 'document' && (
          <label>
            <span>{t('annotations.filter.author')}</span>
            <select value={filter.author} onChange={(event) => setFilter({ ...filter, author: event.target.value })} data-testid="annotation-filter-author">
              <option value="">{t('annotations.filter.allAuthors')}</option>
              {[...authors].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {scope === 'meeting' && meeting ? (
        <MeetingAnnotations scope={meeting} filter={filter} />
      ) : (
        <DocumentAnnotations state={state} selection={selection} filter={filter} onGoToPage={onGoToPage} />
      )}
    </section>
  );
}

interface DocumentAnnotationsProps {
  state: AnnotationsState;
  selection: AnnotationSelection;
  filter: ListFilter;
  onGoToPage: (page: number) => void;
}

function DocumentAnnotations({ state, selection, filter, onGoToPage }: DocumentAnnotationsProps) {
  const shown = useMemo(
    () => state.all.filter((a) => listed(a, filter)),
    [state.all, filter],
  );
  const placed = shown.filter((a) => !a.unplaced);
  const unplaced = shown.filter((a) => a.unplaced);
  const listRef = useRef<HTMLOListElement>(null);

  // Bring the selected annotation (e.g. clicked on the page) into view.
  useEffect(() => {
    if (selection.selectedId) listRef.current?.querySelector(`[data-annotation-id="${selection.selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selection.selectedId, selection.listRequest]);

  if (shown.length === 0) return <p className="pdf-sidebar__note">{t('annotations.empty')}</p>;
  const entry = (annotation: LayeredAnnotation) => {
    const open = annotation.id === selection.selectedId;
    return (
      <li
        key={`${annotation.layer}:${annotation.id}`}
        className={`annotation-entry${open ? ' annotation-entry--open' : ''}`}
        data-testid="annotation-entry"
        data-annotation-id={annotation.id}
        data-kind={annotation.kind}
        data-layer={annotation.layer}
      >
        <button
          type="button"
          className="annotation-entry__button"
          aria-expanded={open}
          onClick={() => {
            selection.select(open ? null : annotation.id);
            if (!annotation.unplaced) onGoToPage(annotation.page);
          }}
        >
          <span className={`annotation-entry__swatch annotation-colour--${annotation.colour}`} aria-hidden="true" />
          <span className="annotation-entry__body">
            <span className="annotation-entry__meta">
              {t('annotations.onPage', { page: annotation.page })} · {t(`annotations.kind.${annotation.kind}`)} ·{' '}
              {t(`annotations.layer.${annotation.layer}`)}
            </span>
            <span className="annotation-entry__summary">{summary(annotation)}</span>
            <span className="annotation-entry__author">{describeAnnotation(annotation)}</span>
          </span>
        </button>
        {open && <AnnotationThread annotation={annotation} state={state} />}
      </li>
    );
  };
  return (
    <>
      <p className="annotation-list__count" role="status">
        {tp('annotations.count', placed.length)}
      </p>
      <ol className="annotation-entries" ref={listRef}>
        {placed.map(entry)}
      </ol>
      {unplaced.length > 0 && (
        <section className="annotation-unplaced" data-testid="annotation-unplaced" aria-labelledby="annotation-unplaced-heading">
          <h3 id="annotation-unplaced-heading">{t('annotations.unplacedHeading')}</h3>
          <p className="muted">{t('annotations.unplacedHint')}</p>
          <ol className="annotation-entries">{unplaced.map(entry)}</ol>
        </section>
      )}
    </>
  );
}
