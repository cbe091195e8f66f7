/**
 * How far the host has come reading papers for search, kept current by
 * `search.progress` events (sent after each paper, and when papers arrive),
 * re-read after the events channel reconnects. The header shows it while
 * indexing is under way; the results page says which papers are not
 * searchable yet, so an empty result right after the first sync is never
 * taken for "no paper says this".
 */
import { useEffect, useState } from 'react';
import type { SearchIndexProgress } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent } from '../bridge/context.tsx';
import { onBridgeReconnected } from '../bridge/index.ts';
import { t, tp } from '../i18n/index.ts';

export function useSearchProgress(): SearchIndexProgress | null {
  const bridge = useBridge();
  const [progress, setProgress] = useState<SearchIndexProgress | null>(null);
  useBridgeEvent('search.progress', setProgress);
  useEffect(() => {
    const refresh = (): void => {
      bridge.invoke('search.progress', {}).then(setProgress, (error: unknown) => console.warn('search.progress failed', error));
    };
    refresh();
    return onBridgeReconnected(refresh);
  }, [bridge]);
  return progress;
}

export const indexingUnderWay = (progress: SearchIndexProgress | null): progress is SearchIndexProgress =>
  progress !== null && (progress.awaitingFirstSync || progress.papersDone < progress.papersTotal);

/** "3 of 7 papers (120 of 640 pages)", for the results page; before the first sync, that papers are arriving. */
export function indexingDetail(progress: SearchIndexProgress): string {
  if (progress.awaitingFirstSync) return t('search.indexingArriving');
  return tp('search.indexingDetail', progress.papersTotal, {
    done: progress.papersDone,
    pagesDone: progress.pagesDone,
    pages: progress.pagesTotal,
  });
}

/** The banner's line while papers are still being read for search; nothing once all are. */
export function SearchIndexingStatus() {
  const progress = useSearchProgress();
  return (
    <p className="search-indexing" role="status">
      {!indexingUnderWay(progress)
        ? null
        : progress.awaitingFirstSync
          ? t('search.indexingHeaderArriving')
          : tp('search.indexingHeader', progress.papersTotal, { done: progress.papersDone })}
    </p>
  );
}
