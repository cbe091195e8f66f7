/** Filtering and one-line summaries for the annotation lists. */
import type { AnnotationLayer, LayeredAnnotation } from '../../../common/annotations.ts';
import { t } from '../i18n/index.ts';

export type LayerFilter = 'all' | AnnotationLayer;

export interface ListFilter {
  layer: LayerFilter;
  /** An author id, or '' for everyone. */
  author: string;
}

/** Top-level entries only (replies show inside their thread) that pass the filter. */
export function listed(annotation: LayeredAnnotation, filter: ListFilter): boolean {
  if (annotation.kind === 'note' && annotation.replyTo !== null) return false;
  return (filter.layer === 'all' || annotation.layer === filter.layer) && (!filter.author || annotation.authorId === filter.author);
}

export function summary(annotation: LayeredAnnotation): string {
  if (annotation.kind === 'highlight') return `“${annotation.quote}”`;
  if (annotation.kind === 'note') return annotation.text;
  return t('annotations.kind.ink');
}
