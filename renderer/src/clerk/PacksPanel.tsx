/**
 * The agenda builder's agenda packs: the packs the server generated for this
 * meeting (main packs, then numbered supplements, each with its printed page
 * range), how many papers no pack holds yet, and the button that generates
 * what is due: the main packs before publication (again, as often as the clerk
 * asks), a supplement pack after it — so the published pack's page numbers
 * never change. Members receive the packs when the clerk publishes.
 */
import { useState } from 'react';
import type { MeetingPacksResponse } from '../../../common/wire.ts';
import { useBridgeQuery } from '../bridge/context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LockIcon } from '../components/LockIcon.tsx';
import { t, tp } from '../i18n/index.ts';
import { CommandError } from '../session/CommandError.tsx';
import { useClerkChange } from './clerk-call.ts';

interface PacksPanelProps {
  meetingId: string;
  published: boolean;
  /** A cancelled meeting gets no pack. */
  cancelled: boolean;
  /** Changes whenever the working copy may have changed (a paper uploaded, an item moved). */
  refreshKey: string;
  onGenerated: () => void;
}

export function PacksPanel({ meetingId, published, cancelled, refreshKey, onGenerated }: PacksPanelProps) {
  const [generatedCount, setGeneratedCount] = useState(0);
  const packs = useBridgeQuery('clerk.packs', { meetingId }, `${refreshKey}:${generatedCount}`);
  const generate = useClerkChange();
  const [done, setDone] = useState('');
  const status = packs.data;

  const run = () => {
    setDone('');
    const before = new Set(status?.packs.map((pack) => pack.documentId));
    void generate.run('clerk.generatePacks', { meetingId }).then((result) => {
      if (!result) return;
      const made = result.packs.filter((pack) => !before.has(pack.documentId));
      setDone(t('clerk.packs.done', { packs: made.map((pack) => t('clerk.packs.range', { name: pack.name, first: pack.firstPage, last: pack.lastPage })).join('; ') }));
      setGeneratedCount((count) => count + 1);
      onGenerated();
    });
  };

  return (
    <section className="panel" aria-labelledby="builder-packs">
      <h2 id="builder-packs" className="section-title">
        {t('clerk.packs.heading')}
      </h2>
      <p>{published ? t('clerk.packs.introPublished') : t('clerk.packs.introDraft')}</p>
      {packs.status === 'error' && <ErrorNotice message={packs.error.message} onRetry={() => setGeneratedCount((count) => count + 1)} />}
      {status && <PackList status={status} />}
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={generate.busy || cancelled || !status || status.next === 'nothing'} onClick={run}>
          {buttonLabel(status)}
        </button>
      </div>
      <p className="form-status" role="status">
        {generate.busy ? t('clerk.packs.generating') : done}
      </p>
      <CommandError message={generate.error} />
    </section>
  );
}

function buttonLabel(status: MeetingPacksResponse | null): string {
  if (status?.next === 'supplement') return t('clerk.packs.generateSupplement');
  return status && status.next === 'main' && status.packs.length > 0 ? t('clerk.packs.regenerate') : t('clerk.packs.generate');
}

function PackList({ status }: { status: MeetingPacksResponse }) {
  const unpacked = status.unpacked.public + status.unpacked.confidential;
  return (
    <>
      {status.packs.length === 0 ? (
        <p className="muted">{t('clerk.packs.none')}</p>
      ) : (
        <ul className="clerk-packs" aria-label={t('clerk.packs.list')}>
          {status.packs.map((pack) => (
            <li key={pack.documentId}>
              {pack.audience === 'confidential' && <LockIcon />}
              <strong>{pack.name}</strong>
              {': '}
              {t('clerk.packs.pages', { first: pack.firstPage, last: pack.lastPage })} · {tp('clerk.packs.papers', pack.paperCount)}
            </li>
          ))}
        </ul>
      )}
      {unpacked > 0 ? (
        <p className="clerk-note">{tp('clerk.packs.unpacked', unpacked)}</p>
      ) : (
        status.packs.length > 0 && <p className="muted">{t('clerk.packs.upToDate')}</p>
      )}
    </>
  );
}
