/**
 * The header's sync state: connection, last sync, download progress in documents and bytes, "Sync now", and
 * "Sign in again" when the server ended the session (the local copy stays readable meanwhile).
 */
import { useState } from 'react';
import type { SyncStatus } from '../../../common/bridge.ts';
import { useBridge } from '../bridge/context.tsx';
import { useAccountSession } from '../bridge/account-session.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { formatMegabytes, formatSyncTime, t, tp } from '../i18n/index.ts';
import { accountsHref } from '../routing/hash-route.ts';

const connectionText = {
  online: 'sync.online',
  syncing: 'sync.syncing',
  offline: 'sync.offline',
} as const satisfies Record<SyncStatus['connection'], string>;

export function SyncStatusPanel() {
  const bridge = useBridge();
  const { status, update } = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const account = useAccountSession().account;

  const syncNow = () => {
    setBusy(true);
    bridge
      .invoke('sync.now', {})
      .then(update, (error: unknown) => console.warn('sync.now failed', error))
      .finally(() => setBusy(false));
  };

  const connection = status?.connection ?? 'unknown';
  const totalBytes = status ? status.cachedBytes + status.pendingBytes : 0;
  const downloading = status !== null && status.pendingDocuments > 0;

  return (
    <div className="sync-status" data-testid="sync-status" data-connection={connection}>
      <div role="status" aria-live="polite" aria-label={t('sync.label')} className="sync-status__text">
        <span className={`sync-dot sync-dot--${connection}`} aria-hidden="true" />
        <span className="sync-status__connection">{status ? t(connectionText[status.connection]) : t('sync.unknown')}</span>
        {status?.connection === 'offline' && (
          <span
            className="sync-status__detail"
            title={status.lastError ? t('sync.error', { message: status.lastError }) : undefined}
          >
            {t('sync.offlineHint')}
          </span>
        )}
        {status && (
          <span className="sync-status__detail">
            {status.lastSyncedAt ? t('sync.lastSynced', { time: formatSyncTime(status.lastSyncedAt) }) : t('sync.neverSynced')}
          </span>
        )}
        {downloading && (
          <span className="sync-status__detail" data-testid="sync-progress">
            {tp('sync.progress', status.pendingDocuments, { size: formatMegabytes(status.pendingBytes) })}
          </span>
        )}
      </div>
      {downloading && totalBytes > 0 && (
        <progress
          className="sync-status__bar"
          aria-label={t('sync.progressLabel')}
          aria-valuetext={t('sync.progressDetail', { done: formatMegabytes(status.cachedBytes), total: formatMegabytes(totalBytes) })}
          title={t('sync.progressDetail', { done: formatMegabytes(status.cachedBytes), total: formatMegabytes(totalBytes) })}
          max={totalBytes}
          value={status.cachedBytes}
        />
      )}
      {status?.sessionExpired && account && (
        <a
          className="button button--primary sync-status__sign-in"
          href={accountsHref({ serverUrl: account.serverUrl, username: account.username })}
          title={t('sync.sessionExpired')}
          data-testid="sign-in-again"
        >
          {t('sync.signInAgain')}
        </a>
      )}
      <button type="button" className="button button--quiet" onClick={syncNow} disabled={busy} data-testid="sync-now">
        {busy ? t('sync.nowBusy') : t('sync.now')}
      </button>
    </div>
  );
}
