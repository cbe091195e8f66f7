/**
 * The sync status, shared by the header and the viewer (which retries a
 * not-yet-downloaded document when downloads progress). Fed by `sync.status`
 * once, then by live `sync.status` events, and re-read after the events
 * channel reconnects (events may have been missed meanwhile).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent } from './context.tsx';
import { onBridgeReconnected } from './index.ts';

interface SyncStatusValue {
  status: SyncStatus | null;
  /** Publish a fresher status the caller got itself, e.g. the answer to `sync.now`. */
  update: (status: SyncStatus) => void;
}

const SyncStatusContext = createContext<SyncStatusValue>({ status: null, update: () => undefined });

export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const [status, setStatus] = useState<SyncStatus | null>(null);

  const refresh = useCallback(() => {
    bridge.invoke('sync.status', {}).then(setStatus, (error: unknown) => console.warn('sync.status failed', error));
  }, [bridge]);

  useEffect(() => {
    refresh();
    return onBridgeReconnected(refresh);
  }, [refresh]);
  useBridgeEvent('sync.status', setStatus);

  const value = useMemo(() => ({ status, update: setStatus }), [status]);
  return <SyncStatusContext.Provider value={value}>{children}</SyncStatusContext.Provider>;
}

export function useSyncStatus(): SyncStatusValue {
  return useContext(SyncStatusContext);
}
