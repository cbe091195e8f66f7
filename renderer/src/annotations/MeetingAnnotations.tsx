/**
 * The annotations of every document of a meeting (each document's private and
 * shared layer), grouped by document; each links to its page.
 */
import { useMemo } from 'react';
import type { LayeredAnnotation } from '../../../common/annotations.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { meetingHref } from '../routing/hash-route.ts';
import type { MeetingScope } from './annotations-context.tsx';
import { describeAnnotation } from './describe.ts';
import { listed, summary, type ListFilter } from './list-filter.ts';
import { useAnnotationLayer } from './use-annotation-layer.ts';

export function MeetingAnnotations({ scope, filter }: { scope: MeetingScope; filter: ListFilter }) {
  return (
    <ol className="annotation-meeting" data-testid="annotation-meeting">
      {scope.documents.map((document) => (
        <DocumentGroup key={document.id} scope={scope} document={document} filter={filter} />
      ))}
    </ol>
  );
}

function DocumentGroup({ scope, document, filter }: { scope: MeetingScope; document: { id: string; name: string }; filter: ListFilter }) {
  const privateLayer = useAnnotationLayer(yjsDocName.privateAnnotations(scope.userId, document.id));
  const sharedLayer = useAnnotationLayer(yjsDocName.sharedAnnotations(scope.committeeId, document.id));
  const shown = useMemo(
    () =>
      [
        ...privateLayer.annotations.map((a): LayeredAnnotation => ({ ...a, layer: 'private' })),
        ...sharedLayer.annotations.map((a): LayeredAnnotation => ({ ...a, layer: 'shared' })),
      ]
        .filter((a) => listed(a, filter))
        .sort((a, b) => a.page - b.page),
    [privateLayer, sharedLayer, filter],
  );
  return (
    <li className="annotation-meeting__document">
      <h3>{document.name}</h3>
      {shown.length === 0 ? (
        <p className="muted">{t('annotations.empty')}</p>
      ) : (
        <ul className="annotation-entries">
          {shown.map((annotation) => (
            <li key={`${annotation.layer}:${annotation.id}`} className="annotation-entry" data-testid="meeting-annotation-entry" data-page={annotation.page}>
              <a
                className="annotation-entry__button"
                href={meetingHref(scope.meetingId, document.id, { page: annotation.page, find: '' })}
              >
                <span className={`annotation-entry__swatch annotation-colour--${annotation.colour}`} aria-hidden="true" />
                <span className="annotation-entry__body">
                  <span className="annotation-entry__meta">
                    {t('annotations.onPage', { page: annotation.page })} · {t(`annotations.layer.${annotation.layer}`)}
                  </span>
                  <span className="annotation-entry__summary">{summary(annotation)}</span>
                  <span className="annotation-entry__author">{describeAnnotation(annotation)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
