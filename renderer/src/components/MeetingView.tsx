/**
 * One meeting: the agenda in a side navigation (items, sub-items, their
 * documents) and the document viewer beside it. The chosen document lives in
 * the URL so a reload keeps the place.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import type { AgendaItemWithDocuments, MeetingDetail, MirroredDocument } from '../../../common/bridge.ts';
import type { UserProfile } from '../../../common/wire.ts';
import { useAccountSession } from '../bridge/account-session.tsx';
import { useBridge, useBridgeEvent, useBridgeQuery } from '../bridge/context.tsx';
import { useSyncStatus } from '../bridge/sync-status.tsx';
import { formatDateTime, t, tp } from '../i18n/index.ts';
import { MeetingPresence } from '../presence/MeetingPresence.tsx';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { meetingHref, meetingSessionHref, meetingsHref, navigate, type DocumentTarget } from '../routing/hash-route.ts';
import { MinutesLink } from '../minutes/MinutesLink.tsx';
import { SessionBanner } from '../session/SessionBanner.tsx';
import { SessionScreen } from '../session/SessionScreen.tsx';
import { buildAgendaTree, findDocument, type AgendaNode } from './agenda-tree.ts';
import { DocumentViewer } from './DocumentViewer.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LockIcon } from './LockIcon.tsx';
import { ChangeMark, ChangesSinceLastLook, NoticeBadge, ProvideMeetingChanges, markItemOpened, useMarkSeen } from './MeetingNotices.tsx';
import { StateBadge } from './StateBadge.tsx';
import './meetings.css';

/** The minutes bring their editor (Tiptap, ProseMirror): loaded when first opened, not with the app. */
const MinutesScreen = lazy(() => import('../minutes/MinutesScreen.tsx').then((module) => ({ default: module.MinutesScreen })));

interface MeetingViewProps {
  meetingId: string;
  documentId: string | null;
  /** A page and text to find there (from a search hit); wins over the remembered position. */
  target?: DocumentTarget | null;
  /** Show the meeting's session (console or member view) instead of a document. */
  session?: boolean;
  /** Show the meeting's minutes instead of a document. */
  minutes?: boolean;
}

export function MeetingView({ meetingId, documentId, target = null, session = false, minutes = false }: MeetingViewProps) {
  const [refreshCount, setRefreshCount] = useState(0);
  const status = useSyncStatus().status;
  useBridgeEvent('mirror.changed', ({ meetingIds }) => {
    if (meetingIds.includes(meetingId)) setRefreshCount((count) => count + 1);
  });
  // Downloads finishing flip documents' `cached`; the sync position moving may change the agenda.
  const key = `${meetingId}:${refreshCount}:${status?.lastSeq ?? 0}:${status?.pendingDocuments ?? 0}`;
  const query = useBridgeQuery('meeting.get', { meetingId }, key);
  const user = useAccountSession().user;

  if (query.data === null || query.data.meeting.id !== meetingId) {
    return (
      <main id="main" className="page" tabIndex={-1}>
        <p>
          <a href={meetingsHref()}>
            <span aria-hidden="true">← </span>
            {t('meeting.back')}
          </a>
        </p>
        {query.status === 'error' ? (
          query.error.code === 'not-found' ? (
            <p className="notice" role="alert">
              {t('meeting.notFound')}
            </p>
          ) : (
            <ErrorNotice message={query.error.message} onRetry={() => setRefreshCount((count) => count + 1)} />
          )
        ) : (
          <p className="muted" role="status">
            {t('meeting.loading')}
          </p>
        )}
      </main>
    );
  }

  const detail = query.data;
  const selected = documentId ? findDocument(detail, documentId) : null;
  const annotationScope = {
    meetingId: detail.meeting.id,
    committeeId: detail.committee.id,
    documents: [...detail.items.flatMap((item) => item.documents), ...detail.documents].map((d) => ({ id: d.id, name: d.name })),
  };
  return (
    <div className="meeting-layout">
      <AgendaNav
        detail={detail}
        selectedItemId={selected?.item?.id ?? null}
        selectedDocumentId={selected?.document.id ?? null}
        sessionSelected={session}
        minutesSelected={minutes}
      />
      <main id="main" className="meeting-main" tabIndex={-1}>
        {!session && !minutes && <SessionBanner detail={detail} />}
        {session ? (
          <SessionScreen detail={detail} />
        ) : minutes ? (
          <Suspense
            fallback={
              <p className="muted" role="status">
                {t('minutes.loading')}
              </p>
            }
          >
            <MinutesScreen detail={detail} />
          </Suspense>
        ) : (
          <WithPresence meetingId={meetingId} committee={detail.committee} user={user} documentId={selected?.document.id ?? null}>
            {selected ? (
              <DocumentViewer
                key={`${selected.document.id}:${target?.page ?? ''}:${target?.find ?? ''}`}
                document={selected.document}
                target={target}
                meeting={annotationScope}
              />
            ) : (
              <p className="viewer-placeholder">{t('meeting.chooseDocument')}</p>
            )}
          </WithPresence>
        )}
      </main>
    </div>
  );
}

/** Presence and follow-the-presenter around the viewer, once the signed-in user is known. */
function WithPresence({ user, children, ...rest }: Omit<Parameters<typeof MeetingPresence>[0], 'user'> & { user: UserProfile | null }) {
  if (!user) return <>{children}</>;
  return (
    <MeetingPresence user={user} {...rest}>
      {children}
    </MeetingPresence>
  );
}

interface AgendaNavProps {
  detail: MeetingDetail;
  selectedItemId: string | null;
  selectedDocumentId: string | null;
  sessionSelected: boolean;
  minutesSelected: boolean;
}

function AgendaNav({ detail, selectedItemId, selectedDocumentId, sessionSelected, minutesSelected }: AgendaNavProps) {
  const { meeting, committee, items } = detail;
  const tree = buildAgendaTree(items);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  // Looking at the meeting clears its badge; opening a paper clears its mark and its item's.
  useMarkSeen(detail, [selectedDocumentId, selectedItemId]);
  const bridge = useBridge();
  const openItem = (item: AgendaItemWithDocuments) => {
    const first = item.documents[0];
    if (!first) markItemOpened(bridge, detail, item.id);
    navigate(meetingHref(meeting.id, first?.id ?? null));
  };

  return (
    <ProvideMeetingChanges changes={detail.changes}>
      <nav className="agenda" aria-label={t('meeting.agenda')} data-testid="agenda">
        <a className="agenda__back" href={meetingsHref()}>
          <span aria-hidden="true">← </span>
          {t('meeting.back')}
        </a>
        <div className="agenda__meeting">
          <p className="agenda__committee">{committee.name}</p>
          <h1 className="agenda__title" ref={headingRef} tabIndex={-1}>{meeting.title}</h1>
          <p className="agenda__when">
            <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>
          </p>
          {meeting.venue && <p className="agenda__venue">{meeting.venue}</p>}
          <p>
            {detail.notice && <NoticeBadge notice={detail.notice} />} <StateBadge state={meeting.state} />
          </p>
          {meeting.changeNote && <p className="agenda__note">{t('meetings.changeNote', { note: meeting.changeNote })}</p>}
          <ChangesSinceLastLook detail={detail} />
          <a className="agenda__session-link" href={meetingSessionHref(meeting.id)} aria-current={sessionSelected ? 'page' : undefined}>
            {t('session.link')}
          </a>
          <MinutesLink detail={detail} selected={minutesSelected} />
        </div>
        {detail.documents.length > 0 && (
          <>
            <h2 className="agenda__heading">{t('meeting.meetingDocuments')}</h2>
            <ul className="agenda-docs agenda-docs--meeting" aria-label={t('meeting.meetingDocuments')}>
              {detail.documents.map((document) => (
                <DocumentEntry
                  key={document.id}
                  document={document}
                  href={meetingHref(meeting.id, document.id)}
                  selected={document.id === selectedDocumentId}
                />
              ))}
            </ul>
          </>
        )}
        <h2 className="agenda__heading">{t('meeting.agenda')}</h2>
        {tree.length === 0 ? (
          <p className="muted">{t('meeting.agendaEmpty')}</p>
        ) : (
          <AgendaList
            nodes={tree}
            meetingId={meeting.id}
            onOpenItem={openItem}
            selectedItemId={selectedItemId}
            selectedDocumentId={selectedDocumentId}
          />
        )}
      </nav>
    </ProvideMeetingChanges>
  );
}

interface AgendaListProps {
  nodes: AgendaNode[];
  meetingId: string;
  onOpenItem: (item: AgendaItemWithDocuments) => void;
  selectedItemId: string | null;
  selectedDocumentId: string | null;
}

function AgendaList({ nodes, ...rest }: AgendaListProps) {
  return (
    <ol className="agenda__items">
      {nodes.map((node) => (
        <AgendaEntry key={node.item.id} node={node} {...rest} />
      ))}
    </ol>
  );
}

function AgendaEntry({ node, ...rest }: Omit<AgendaListProps, 'nodes'> & { node: AgendaNode }) {
  const { item, children } = node;
  const { meetingId, onOpenItem, selectedItemId, selectedDocumentId } = rest;
  const isSelected = item.id === selectedItemId;
  return (
    <li className={`agenda-item${item.confidential ? ' agenda-item--confidential' : ''}`} data-testid="agenda-item" data-item-id={item.id}>
      <button
        type="button"
        className="agenda-item__button"
        aria-current={isSelected ? 'true' : undefined}
        onClick={() => onOpenItem(item)}
      >
        <span className="agenda-item__number">{item.number}</span>
        <span className="agenda-item__title">{item.title}</span> <ChangeMark id={item.id} />
      </button>
      {item.confidential && (
        <p className="agenda-item__confidential" data-testid="confidential">
          <LockIcon />
          {item.confidentialReason
            ? t('meeting.confidentialReason', { reason: item.confidentialReason })
            : t('meeting.confidential')}
        </p>
      )}
      {item.documents.length > 0 && (
        <ul className="agenda-docs" aria-label={t('meeting.itemDocuments', { number: item.number })}>
          {item.documents.map((document) => (
            <DocumentEntry
              key={document.id}
              document={document}
              href={meetingHref(meetingId, document.id)}
              selected={document.id === selectedDocumentId}
            />
          ))}
        </ul>
      )}
      {children.length > 0 && <AgendaList nodes={children} {...rest} />}
    </li>
  );
}

function DocumentEntry({ document, href, selected }: { document: MirroredDocument; href: string; selected: boolean }) {
  return (
    <li className="agenda-doc" data-testid="agenda-document" data-document-id={document.id} data-cached={document.cached}>
      <a className="agenda-doc__link" href={href} aria-current={selected ? 'page' : undefined}>
        <span className="agenda-doc__name">{document.name}</span>
        <span className="agenda-doc__meta">
          <ChangeMark id={document.id} /> {t(`kind.${document.kind}`)} · {tp('meeting.pages', document.pageCount)}
          {!document.cached && <span className="agenda-doc__pending"> · {t('meeting.notDownloaded')}</span>}
        </span>
      </a>
    </li>
  );
}
