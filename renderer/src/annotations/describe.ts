/** Describes an annotation for a tooltip or label: what, whose, when. */
import type { LayeredAnnotation } from '../../../common/annotations.ts';
import { formatSyncTime, t } from '../i18n/index.ts';

export function describeAnnotation(annotation: LayeredAnnotation): string {
  return t(`annotations.describe.${annotation.kind}`, {
    author: annotation.authorName,
    time: formatSyncTime(annotation.updatedAt),
    layer: t(`annotations.layer.${annotation.layer}`),
  });
}
