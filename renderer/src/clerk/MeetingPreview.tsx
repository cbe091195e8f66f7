/**
 * The meeting as others will see it once published, from the clerk's working
 * copy: as a committee member (every item, confidential ones marked with their
 * reason) or as the public (confidential items shown only as exempt, with the
 * reason, their title only where the clerk allowed it, and none of their
 * papers). Drawn with the member agenda's own styles.
 */
import { useRef } from 'react';
import type { AgendaDocument, ClerkAgendaItem, ClerkMeetingResponse } from '../../../common/wire.ts';
import { useBridgeQuery } from '../bridge/context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LockIcon } from '../components/LockIcon.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatDateTime, t, tp } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { clerkMeetingHref, clerkPreviewHref, type PreviewAudience } from '../routing/hash-route.ts';
import '../components/meetings.css';
import './clerk.css';

export function MeetingPreview({ meetingId, audience }: { meetingId: string; audience: PreviewAudience }) {
  const copy = useBridgeQuery('clerk.meeting', { meetingId }, meetingId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const other: PreviewAudience = audience === 'member' ? 'public' : 'member';
  return (
    <main id="main" className="page clerk-page" tabIndex={-1}>
      <p className="form-actions">
        <a href={clerkMeetingHref(meetingId)}>
          <span aria-hidden="true">← </span>
          {t('clerk.preview.back')}
        </a>
        <a href={clerkPreviewHref(meetingId, other)}>{other === 'member' ? t('clerk.preview.asMember') : t('clerk.preview.asPublic')}</a>
      </p>
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>
        {audience === 'member' ? t('clerk.preview.memberHeading') : t('clerk.preview.publicHeading')}
      </h1>
      <p className="page__intro">{audience === 'member' ? t('clerk.preview.memberIntro') : t('clerk.preview.publicIntro')}</p>
      {copy.status === 'error' && <ErrorNotice message={copy.error.message} />}
      {copy.data && <PreviewAgenda copy={copy.data} audience={audience} />}
    </main>
  );
}

interface PreviewNode {
  item: ClerkAgendaItem;
  children: PreviewNode[];
}

function tree(items: ClerkAgendaItem[], parentId: string | null): PreviewNode[] {
  return items.filter((item) => item.parentItemId === parentId).map((item) => ({ item, children: tree(items, item.id) }));
}

function PreviewAgenda({ copy, audience }: { copy: ClerkMeetingResponse; audience: PreviewAudience }) {
  const { meeting, committee } = copy;
  const nodes = tree(copy.items, null);
  return (
    <section className="agenda clerk-preview" aria-label={t('clerk.preview.region')}>
      <div className="agenda__meeting">
        <p className="agenda__committee">{committee.name}</p>
        <h2 className="agenda__title">{meeting.title}</h2>
        <p className="agenda__when">
          <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>
        </p>
        {meeting.venue && <p className="agenda__venue">{meeting.venue}</p>}
        <p>
          <StateBadge state={meeting.state} />
        </p>
        {meeting.changeNote && <p className="agenda__note">{t('meetings.changeNote', { note: meeting.changeNote })}</p>}
      </div>
      <PreviewPacks documents={copy.documents} audience={audience} />
      <h3 className="agenda__heading">{t('meeting.agenda')}</h3>
      {nodes.length === 0 ? <p className="muted">{t('meeting.agendaEmpty')}</p> : <PreviewList nodes={nodes} documents={copy.documents} audience={audience} />}
    </section>
  );
}

/** The generated packs as each audience receives them: the confidential pack goes to the committee's members only. */
function PreviewPacks({ documents, audience }: { documents: AgendaDocument[]; audience: PreviewAudience }) {
  const packs = documents.filter((document) => document.itemId === null && document.kind === 'pack' && (audience === 'member' || !document.committeeOnly));
  if (packs.length === 0) return null;
  return (
    <>
      <h3 className="agenda__heading">{t('meeting.meetingDocuments')}</h3>
      <PreviewDocuments documents={packs} label={t('meeting.meetingDocuments')} />
    </>
  );
}

function PreviewDocuments({ documents, label }: { documents: AgendaDocument[]; label: string }) {
  return (
    <ul className="agenda-docs" aria-label={label}>
      {documents.map((paper) => (
        <li key={paper.id} className="agenda-doc">
          <span className="agenda-doc__link">
            <span className="agenda-doc__name">
              {paper.committeeOnly && <LockIcon />}
              {paper.name}
            </span>
            <span className="agenda-doc__meta">
              {t(`kind.${paper.kind}`)} · {tp('meeting.pages', paper.pageCount)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function PreviewList({ nodes, documents, audience }: { nodes: PreviewNode[]; documents: AgendaDocument[]; audience: PreviewAudience }) {
  return (
    <ol className="agenda__items">
      {nodes.map(({ item, children }) => {
        // The public never sees an exempt item's papers, nor its title unless the clerk allowed it.
        const withheld = audience === 'public' && item.confidential;
        const papers = withheld ? [] : documents.filter((document) => document.itemId === item.id);
        return (
          <li key={item.id} className={`agenda-item${item.confidential ? ' agenda-item--confidential' : ''}`}>
            <p className="agenda-item__button">
              <span className="agenda-item__number">{item.number}</span>
              <span className="agenda-item__title">{withheld && !item.titlePublic ? t('clerk.preview.exemptItem') : item.title}</span>
            </p>
            {item.confidential && (
              <p className="agenda-item__confidential">
                <LockIcon />
                {withheld ? t('clerk.preview.exemptReason', { reason: item.confidentialReason ?? '' }) : t('meeting.confidentialReason', { reason: item.confidentialReason ?? '' })}
              </p>
            )}
            {papers.length > 0 && <PreviewDocuments documents={papers} label={t('meeting.itemDocuments', { number: item.number })} />}
            {children.length > 0 && <PreviewList nodes={children} documents={documents} audience={audience} />}
          </li>
        );
      })}
    </ol>
  );
}
