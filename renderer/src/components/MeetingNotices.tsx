/**
 * What the member has not seen yet (the host's mirror keeps it, see
 * electron/host/mirror/meeting-notices.ts): the "New" or "Changed" badge of a
 * meeting of their committees, the mark on each item and paper added or
 * replaced since they first had the meeting, and per meeting the list "What
 * changed since you last looked", each entry with the change note of the
 * publication that brought it. Marks go once the member opens the item or
 * paper; the meeting's badge once they open the meeting.
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { ChamberBridge } from '../../../common/bridge.ts';
import type { MeetingChange, MeetingDetail, MeetingNotice } from '../../../common/bridge.ts';
import { useBridge } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { meetingHref, navigate } from '../routing/hash-route.ts';
import './meeting-notices.css';

export function NoticeBadge({ notice }: { notice: MeetingNotice }) {
  return <span className={`badge badge--notice badge--notice-${notice}`}>{notice === 'new' ? t('notice.new') : t('notice.changed')}</span>;
}

const MeetingChanges = createContext<ReadonlyMap<string, MeetingChange>>(new Map());

/** Gives the agenda below it the meeting's marked items and papers, for their ChangeMark. */
export function ProvideMeetingChanges({ changes, children }: { changes: MeetingChange[]; children: ReactNode }) {
  const byId = useMemo(() => new Map(changes.map((change) => [change.id, change])), [changes]);
  return <MeetingChanges.Provider value={byId}>{children}</MeetingChanges.Provider>;
}

/** The mark beside an item or paper added or replaced since the member first had the meeting, until they open it. */
export function ChangeMark({ id }: { id: string }) {
  const change = useContext(MeetingChanges).get(id);
  if (!change) return null;
  return <span className="change-mark">{change.change === 'replaced' ? t('notice.replaced') : t('notice.added')}</span>;
}

/** Opening an item without papers shows no paper: its mark goes when it is chosen. */
export function markItemOpened(bridge: ChamberBridge, detail: MeetingDetail, itemId: string): void {
  if (detail.changes.some((change) => change.id === itemId)) {
    void bridge.invoke('meeting.markOpened', { meetingId: detail.meeting.id, ids: [itemId] }).catch(() => undefined);
  }
}

/**
 * Tells the host the member is looking at the meeting (its badge goes) and has opened this paper and its
 * item (their marks go). Only marked ones are sent, so a view re-reading the meeting does not call again.
 */
export function useMarkSeen(detail: MeetingDetail, openedIds: (string | null | undefined)[]): void {
  const bridge = useBridge();
  const meetingId = detail.meeting.id;
  const notice = detail.notice;
  useEffect(() => {
    if (notice !== null) void bridge.invoke('meeting.markSeen', { meetingId }).catch(() => undefined);
  }, [bridge, meetingId, notice]);
  const marked = new Set(detail.changes.map((change) => change.id));
  const toMark = openedIds.filter((id): id is string => typeof id === 'string' && marked.has(id));
  const key = toMark.join(' ');
  useEffect(() => {
    if (key !== '') void bridge.invoke('meeting.markOpened', { meetingId, ids: key.split(' ') }).catch(() => undefined);
  }, [bridge, meetingId, key]);
}

/** "What changed since you last looked": the marked items and papers, newest publication first, each linking to it (inside ProvideMeetingChanges). */
export function ChangesSinceLastLook({ detail }: { detail: MeetingDetail }) {
  const bridge = useBridge();
  if (detail.changes.length === 0) return null;
  const firstDocumentOf = (itemId: string) => detail.items.find((item) => item.id === itemId)?.documents[0]?.id ?? null;
  const openItem = (change: MeetingChange) => {
    markItemOpened(bridge, detail, change.id);
    navigate(meetingHref(detail.meeting.id, firstDocumentOf(change.id)));
  };
  return (
    <section className="changes" aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="changes__heading">
        {t('notice.changesHeading')}
      </h2>
      <ul className="changes__list">
        {detail.changes.map((change) => (
          <li key={`${change.kind}:${change.id}`} className="changes__entry">
            <ChangeMark id={change.id} />{' '}
            {change.kind === 'document' ? (
              <a href={meetingHref(detail.meeting.id, change.id)}>{change.name}</a>
            ) : (
              <button type="button" className="changes__item" onClick={() => openItem(change)}>
                {t('notice.item', { number: change.itemNumber ?? '', title: change.name })}
              </button>
            )}
            <span className="changes__where">
              {' · '}
              {change.kind === 'item'
                ? t('notice.itemAdded')
                : change.itemNumber
                  ? t('notice.paperOfItem', { number: change.itemNumber })
                  : t('notice.meetingDocument')}
            </span>
            {change.changeNote && <span className="changes__note">{t('meetings.changeNote', { note: change.changeNote })}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
