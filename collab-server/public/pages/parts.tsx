/** Pieces several public pages share: meeting lists, document links, the search form, times. */
import type { AgendaDocument, CommitteeRole } from '../../../common/wire.ts';
import { committeeRoleNames } from '../../committee-role-names.ts';
import { publicPaths } from '../public-paths.ts';
import type { PublicMeeting } from '../public-record.ts';
import { documentDescription, documentTitle, formatDateTime, meetingStateLabels } from './format.ts';
import type { Crumb, Site } from './layout.tsx';

/** A machine-readable time with its text in the council's zone. */
export function Time({ iso, site }: { iso: string; site: Site }) {
  return <time dateTime={iso}>{formatDateTime(iso, site.timeZone)}</time>;
}

/** "Cancelled", "Postponed", "In session"…: shown where a meeting is not simply scheduled or held. */
export function MeetingStatus({ meeting }: { meeting: PublicMeeting }) {
  if (meeting.state === 'published' || meeting.state === 'closed') return null;
  return <strong className={`status status--${meeting.state}`}>{meetingStateLabels[meeting.state]}</strong>;
}

/**
 * A list of meetings, each a link whose text says which meeting and when (so
 * every link is distinct when read out of context), with its status.
 */
export function MeetingList({ meetings, site, empty, showCommittee = true }: { meetings: PublicMeeting[]; site: Site; empty: string; showCommittee?: boolean }) {
  if (meetings.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="meeting-list">
      {meetings.map((meeting) => (
        <li key={meeting.id}>
          <a href={publicPaths.meeting(meeting.id)}>
            {meeting.title}
            <span className="meeting-when">
              , <Time iso={meeting.startsAt} site={site} />
            </span>
          </a>
          {showCommittee && meeting.title !== meeting.committeeName ? <span className="meeting-committee"> ({meeting.committeeName})</span> : null}
          {meeting.venue ? <span className="meeting-venue"> {meeting.venue}</span> : null}
          <MeetingStatus meeting={meeting} />
        </li>
      ))}
    </ul>
  );
}

/** A link to a public paper that says what it is: "Planning report (Report, PDF, 1.2 MB, 14 pages)". */
/** What a document link needs of a paper. */
export type LinkedDocument = Pick<AgendaDocument, 'id' | 'name' | 'kind' | 'size' | 'pageCount'>;

export function DocumentLink({ document, page }: { document: LinkedDocument; page?: number }) {
  const href = publicPaths.fileView(document.id) + (page === undefined ? '' : `#page=${page}`);
  return (
    <a href={href} className="document-link">
      {documentTitle(document.name)}
      <span className="document-meta"> ({documentDescription(document)})</span>
      {page === undefined ? null : `, page ${page}`}
    </a>
  );
}

export function DocumentList({ documents }: { documents: LinkedDocument[] }) {
  return (
    <ul className="document-list">
      {documents.map((document) => (
        <li key={document.id}>
          <DocumentLink document={document} />
        </li>
      ))}
    </ul>
  );
}

export function SearchForm({ query = '', id = 'search-q' }: { query?: string; id?: string }) {
  return (
    <form action={publicPaths.search} method="get" role="search" className="search-form">
      <label htmlFor={id}>Search published papers</label>
      <div className="search-row">
        <input type="search" id={id} name="q" value={query} maxLength={200} />
        <button type="submit">Search</button>
      </div>
    </form>
  );
}

export interface SplitMeetings {
  /** Soonest first. */
  upcoming: PublicMeeting[];
  /** Latest first. */
  past: PublicMeeting[];
  /** When the split next moves (the next meeting starts): a page showing it changes then. */
  changesAt: number | undefined;
  /** When it last moved (the latest meeting that has started), for Last-Modified. */
  changedAt: string | undefined;
}

/** Meetings (in start order, as the public record lists them) split at `now` into upcoming and past. */
export function splitMeetings(meetings: PublicMeeting[], now: number): SplitMeetings {
  const upcoming = meetings.filter((meeting) => Date.parse(meeting.startsAt) > now);
  const past = meetings.filter((meeting) => Date.parse(meeting.startsAt) <= now).reverse();
  return {
    upcoming,
    past,
    changesAt: upcoming[0] ? Date.parse(upcoming[0].startsAt) : undefined,
    changedAt: past[0]?.startsAt,
  };
}

/** The trail above a page in the committees section. */
export const committeesCrumbs: Crumb[] = [
  { label: 'Home', href: publicPaths.home },
  { label: 'Committees', href: publicPaths.committees },
];

/** Links to people or committees, each with the role held there ("Cllr Ada Smith Chair"). */
export function RoleList({ entries }: { entries: { key: string; href: string; name: string; role: CommitteeRole }[] }) {
  return (
    <ul className="member-list">
      {entries.map((entry) => (
        <li key={entry.key}>
          <a href={entry.href}>{entry.name}</a>{' '}
          <span className="role">{committeeRoleNames.en[entry.role]}</span>
        </li>
      ))}
    </ul>
  );
}

/** A titled section with a list of meetings. */
export function MeetingsSection({ id, heading, ...list }: { id: string; heading: string } & Parameters<typeof MeetingList>[0]) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <MeetingList {...list} />
    </section>
  );
}
