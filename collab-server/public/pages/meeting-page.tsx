/**
 * One meeting as the public sees it: when and where, its status, the agenda
 * pack and minutes, the agenda in order with each public item's papers and
 * decisions. An exempt item shows only "Exempt item", its reason, and its
 * title when the clerk made the title public (public-record.ts decides).
 */
import type { Child } from 'hono/jsx';
import type { PersonRef, VoteResult } from '../../../common/wire.ts';
import type { Db } from '../../db/database.ts';
import { publicPaths } from '../public-paths.ts';
import { type PublicItem, publicMeetingDetail, publicMinutesOf, publicPacksOf } from '../public-record.ts';
import { formatDate, formatTime, meetingStateLabels, plural, voteKindLabels } from './format.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { DocumentList, type LinkedDocument, Time } from './parts.tsx';
import { type RenderedPage, latestTime } from './rendered-page.ts';

type HeadingLevel = 2 | 3 | 4 | 5 | 6;

function Heading({ level, id, children }: { level: number; id?: string; children: Child }) {
  const Tag = `h${Math.min(6, Math.max(2, level)) as HeadingLevel}` as const;
  return <Tag id={id}>{children}</Tag>;
}

const names = (people: PersonRef[]) => (people.length === 0 ? 'none' : people.map((person) => person.displayName).join(', '));

function outcomeText(result: VoteResult): string {
  const outcome = result.outcome === 'carried' ? 'Carried' : 'Lost';
  if (result.decidedBy === 'casting-vote') return `${outcome} on the chair's casting vote`;
  if (result.decidedBy === 'tie-falls') return `${outcome}: the votes were tied`;
  return outcome;
}

function Decision({ result, headingLevel }: { result: VoteResult; headingLevel: number }) {
  const { counts, named } = result;
  const rows: { label: string; count: number; people: PersonRef[] | null }[] = [
    { label: 'For', count: counts.for, people: named?.for ?? null },
    { label: 'Against', count: counts.against, people: named?.against ?? null },
    { label: 'Abstained', count: counts.abstain, people: named?.abstain ?? null },
  ];
  if (named) rows.push({ label: 'Did not vote', count: named.didNotVote.length, people: named.didNotVote });
  return (
    <div className="decision">
      <Heading level={headingLevel}>
        Decision: {outcomeText(result)}
      </Heading>
      <p className="motion">
        <span className="label">Motion: </span>
        {result.motion.text}
      </p>
      {result.motion.proposer || result.motion.seconder ? (
        <p className="motion-movers">
          {result.motion.proposer ? `Proposed by ${result.motion.proposer.displayName}` : null}
          {result.motion.proposer && result.motion.seconder ? ', ' : null}
          {result.motion.seconder ? `${result.motion.proposer ? 'seconded' : 'Seconded'} by ${result.motion.seconder.displayName}` : null}.
        </p>
      ) : null}
      <p className="vote-kind">
        {voteKindLabels[result.kind]}
        {named ? ', with the names of those voting' : result.kind === 'secret' ? ': only the totals are recorded' : ': the totals'}
      </p>
      <dl className="vote-counts">
        {rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>
              {row.count}
              {row.people ? <span className="vote-names">: {names(row.people)}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function AgendaItemView({ item, childrenOf, level }: { item: PublicItem; childrenOf: Map<string, PublicItem[]>; level: number }) {
  const children = childrenOf.get(item.id) ?? [];
  const headingId = `item-${item.id}`;
  return (
    <li className={item.exempt ? 'agenda-item agenda-item--exempt' : 'agenda-item'}>
      <Heading level={level} id={headingId}>
        {item.number ? <span className="item-number">{item.number}.</span> : null} {item.exempt ? (item.title === null ? 'Exempt item' : `Exempt item: ${item.title}`) : item.title}
      </Heading>
      {item.exempt ? (
        <p className="exempt-reason">
          This item is not open to the public
          {item.exempt.reason ? (
            <>
              {' '}
              (<span className="label">reason: </span>
              {item.exempt.reason})
            </>
          ) : null}
          . Its papers are not published.
        </p>
      ) : null}
      {item.documents.length > 0 ? <DocumentList documents={item.documents} /> : null}
      {item.decisions.map((result) => (
        <Decision key={result.id} result={result} headingLevel={level + 1} />
      ))}
      {children.length > 0 ? (
        <ol className="agenda agenda--sub">
          {children.map((child) => (
            <AgendaItemView key={child.id} item={child} childrenOf={childrenOf} level={level + 1} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function PackSection({ title, documents, missing }: { title: string; documents: LinkedDocument[]; missing: string }) {
  return (
    <>
      <h3>{title}</h3>
      {documents.length > 0 ? <DocumentList documents={documents} /> : <p className="empty">{missing}</p>}
    </>
  );
}

export function renderMeetingPage(db: Db, site: Site, meetingId: string): RenderedPage | undefined {
  const detail = publicMeetingDetail(db, meetingId);
  if (!detail) return undefined;
  const { meeting, committee, items } = detail;
  const ids = new Set(items.map((item) => item.id));
  const childrenOf = new Map<string, PublicItem[]>();
  const topLevel: PublicItem[] = [];
  for (const item of items) {
    if (item.parentItemId && ids.has(item.parentItemId)) childrenOf.set(item.parentItemId, [...(childrenOf.get(item.parentItemId) ?? []), item]);
    else topLevel.push(item);
  }
  const documents = items.flatMap((item) => item.documents);
  // The packs the clerk's workspace generated (main pack, then supplements), then an agenda or pack uploaded to an item.
  const agendaPack = [...publicPacksOf(db, meeting.id), ...documents.filter((document) => document.kind === 'agenda' || document.kind === 'pack')];
  // This meeting's own minutes, once approved and published (an item's 'minutes' paper is usually the previous meeting's, shown under its item).
  const minutes = publicMinutesOf(db, meeting.id);
  const decisions = items.reduce((count, item) => count + item.decisions.length, 0);
  const halted = meeting.state === 'cancelled' || meeting.state === 'postponed';

  const html = renderDocument(
    <Page
      site={site}
      title={`${meeting.title}, ${formatDate(meeting.startsAt, site.timeZone)}`}
      section={publicPaths.meetings}
      crumbs={[
        { label: 'Home', href: publicPaths.home },
        { label: 'Committees', href: publicPaths.committees },
        { label: committee.name, href: publicPaths.committee(committee.id) },
      ]}
    >
      <h1>{meeting.title}</h1>
      {halted ? (
        <div className={`notice notice--${meeting.state}`}>
          <p>
            <strong>This meeting is {meeting.state === 'cancelled' ? 'cancelled' : 'postponed'}.</strong>
            {meeting.changeNote ? ` ${meeting.changeNote}` : null}
          </p>
        </div>
      ) : null}
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            <Time iso={meeting.startsAt} site={site} />
            {meeting.endsAt ? (
              <>
                {' until '}
                <time dateTime={meeting.endsAt}>{formatTime(meeting.endsAt, site.timeZone)}</time>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{meeting.venue ?? 'To be confirmed'}</dd>
        </div>
        <div>
          <dt>Committee</dt>
          <dd>
            <a href={publicPaths.committee(committee.id)}>{committee.name}</a>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{meetingStateLabels[meeting.state]}</dd>
        </div>
        <div>
          <dt>On this page</dt>
          <dd>
            {plural(topLevel.length, 'agenda item')}, {plural(documents.length, 'paper')}, {plural(decisions, 'decision')}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="pack-heading">
        <h2 id="pack-heading">Agenda pack and minutes</h2>
        <PackSection title="Agenda pack" documents={agendaPack} missing="The agenda pack has not been published." />
        <PackSection title="Minutes" documents={minutes} missing="The minutes of this meeting will appear here once they are approved." />
      </section>
      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda</h2>
        {topLevel.length === 0 ? (
          <p className="empty">The agenda has no items yet.</p>
        ) : (
          <ol className="agenda">
            {topLevel.map((item) => (
              <AgendaItemView key={item.id} item={item} childrenOf={childrenOf} level={3} />
            ))}
          </ol>
        )}
      </section>
    </Page>,
  );
  return {
    html,
    lastModified: latestTime(meeting.modifiedAt, committee.modifiedAt, ...[...minutes, ...agendaPack].map((document) => document.modifiedAt)),
  };
}
