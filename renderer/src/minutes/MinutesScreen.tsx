/**
 * A meeting's minutes (`#/meetings/<id>/minutes`), beside its agenda: the
 * shared text (written by the clerk and minute-takers, read by the chair, and
 * by the committee once circulated), where the minutes are in their workflow
 * with the steps that move them on, amendments, the action list, members'
 * comments and the exports.
 *
 * Writing needs only the host: the text is the host's replica, so a dropped
 * connection or a closed laptop loses nothing, and it merges when back. Once
 * approved the text is locked on the server; here it becomes read-only and
 * says so.
 */
import type { Editor } from '@tiptap/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { MeetingDetail, ServerCopy } from '../../../common/bridge.ts';
import type { MinutesStatus } from '../../../common/minutes.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { useAccountSession } from '../bridge/account-session.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LockIcon } from '../components/LockIcon.tsx';
import { formatDateTime, formatSyncTime, t } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { ActionList } from './ActionList.tsx';
import { MinutesContext, type MinutesContextValue } from './minutes-context.ts';
import { MinutesAmendments } from './MinutesAmendments.tsx';
import { MinutesComments } from './MinutesComments.tsx';
import { MinutesEditor } from './MinutesEditor.tsx';
import { MinutesWorkflow } from './MinutesWorkflow.tsx';
import { useMinutesExport } from './use-export.ts';
import { useMeetingRecord, useMinutesReplica, useMinutesStatus } from './use-minutes-data.ts';
import { useBridgeQuery } from '../bridge/context.tsx';
import './minutes.css';

/** Roles that write the minutes while they are a draft or circulated. */
const writers = new Set(['clerk', 'minute-taker']);

export function MinutesScreen({ detail }: { detail: MeetingDetail }) {
  const meetingId = detail.meeting.id;
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const user = useAccountSession().user;
  const role = user?.memberships.find((membership) => membership.committeeId === detail.committee.id)?.role ?? null;
  const docName = yjsDocName.minutes(meetingId);
  const replica = useMinutesReplica(docName);
  const status = useMinutesStatus(meetingId);
  const record = useMeetingRecord(meetingId);
  const phrases = useBridgeQuery('minutes.stockPhrases', {}, 'stock-phrases');
  const [editor, setEditor] = useState<Editor | null>(null);
  const onEditor = useCallback((created: Editor | null) => setEditor(created), []);

  const setStatus = status.set;
  const onStatus = useCallback(
    (next: MinutesStatus) => setStatus({ value: next, receivedAt: new Date().toISOString(), fresh: true }),
    [setStatus],
  );
  const state = status.copy?.value.state ?? null;
  const locked = state === 'approved' || state === 'published';
  const refused = replica.status.connection === 'refused';
  // Until the server has set the text up (first open), typing would race its structure.
  const structured = replica.seeded || replica.status.connection === 'online';
  const canWrite = role !== null && writers.has(role) && !locked && !refused && structured;

  const context = useMemo(
    (): MinutesContextValue => ({
      detail,
      record: record.copy?.value ?? null,
      recordFresh: record.copy?.fresh ?? false,
      canWrite,
    }),
    [detail, record.copy, canWrite],
  );

  return (
    <div className="session minutes" data-testid="minutes-screen">
      <header className="session__header">
        <div>
          <p className="session__eyebrow">{detail.committee.name}</p>
          <h2 className="session__title" ref={headingRef} tabIndex={-1}>
            {t('minutes.title', { meeting: detail.meeting.title })}
          </h2>
          <p className="muted">{formatDateTime(detail.meeting.startsAt)}</p>
        </div>
        <MinutesExports meetingId={meetingId} />
      </header>

      <ConnectionNotice connection={replica.status.connection} message={replica.status.message} statusCopy={status.copy} />
      {locked && status.copy && <LockedNotice status={status.copy.value} />}
      {!locked && role !== null && !writers.has(role) && !refused && <p className="notice minutes__notice">{t('minutes.readOnly')}</p>}
      {!replica.seeded && replica.held && !refused && replica.status.connection !== 'online' && (
        <p className="notice minutes__notice" role="status">
          {t('minutes.notSetUpYet')}
        </p>
      )}
      {status.error && !status.copy && status.error.code !== 'offline' && <ErrorNotice message={status.error.message} onRetry={status.refresh} />}

      {status.copy && <MinutesWorkflow detail={detail} role={role} status={status.copy.value} onStatus={onStatus} />}

      <MinutesContext.Provider value={context}>
        {replica.held && user ? (
          <MinutesEditor
            doc={replica.held.doc}
            docName={docName}
            user={user}
            canWrite={canWrite}
            phrases={phrases.data?.value ?? (phrases.status === 'error' ? [] : null)}
            onEditor={onEditor}
          />
        ) : (
          !refused && (
            <p className="muted" role="status">
              {t('minutes.loading')}
            </p>
          )
        )}
      </MinutesContext.Provider>

      {status.copy && (
        <MinutesAmendments meetingId={meetingId} status={status.copy.value} canAmend={role === 'clerk' && locked} onStatus={onStatus} />
      )}
      <ActionList meetingId={meetingId} editor={editor} />
      {user && state !== null && state !== 'draft' && role !== null && (
        <MinutesComments detail={detail} user={user} canComment={state === 'circulated' && role !== 'observer'} />
      )}
    </div>
  );
}

function ConnectionNotice({ connection, message, statusCopy }: { connection: string; message: string | null; statusCopy: ServerCopy<MinutesStatus> | null }) {
  if (connection === 'refused') {
    return (
      <p className="notice notice--error minutes__notice" role="alert">
        {t('minutes.refusedDocument', { reason: message ?? '' })}
      </p>
    );
  }
  if (connection === 'offline' || (statusCopy && !statusCopy.fresh)) {
    return (
      <p className="notice minutes__notice" role="status" data-testid="minutes-offline">
        {statusCopy ? t('minutes.offlineSince', { time: formatSyncTime(statusCopy.receivedAt) }) : t('minutes.offline')}
      </p>
    );
  }
  return null;
}

function LockedNotice({ status }: { status: MinutesStatus }) {
  return (
    <p className="notice minutes__notice minutes__locked" role="status" data-testid="minutes-locked">
      <LockIcon />
      {status.approval
        ? t('minutes.locked', { time: formatDateTime(status.approval.at), name: status.approval.by.displayName })
        : t('minutes.lockedShort')}
    </p>
  );
}

function MinutesExports({ meetingId }: { meetingId: string }) {
  const exporter = useMinutesExport(meetingId);
  return (
    <div className="minutes__exports" role="group" aria-label={t('minutes.export.label')}>
      <button type="button" className="button button--small" disabled={exporter.busy !== null} onClick={() => exporter.start('pdf')}>
        {t('minutes.export.pdf')}
      </button>
      <button type="button" className="button button--small" disabled={exporter.busy !== null} onClick={() => exporter.start('html')}>
        {t('minutes.export.html')}
      </button>
      <p role="status" className="minutes__export-message">
        {exporter.message}
      </p>
    </div>
  );
}
