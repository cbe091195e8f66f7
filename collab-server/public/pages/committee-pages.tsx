/** The committees list, one committee (members with roles, meetings, calendar), and the list of all meetings. */
import type { Db } from '../../db/database.ts';
import { publicPaths } from '../public-paths.ts';
import { findPublicCommittee, listPublicCommittees, listPublicMeetings, listPublicMemberships, publicRecordModifiedAt } from '../public-record.ts';
import { formatDate, yearOf } from './format.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { MeetingList, MeetingsSection, RoleList, committeesCrumbs, splitMeetings } from './parts.tsx';
import { type RenderedPage, latestTime } from './rendered-page.ts';

const validUntil = (changesAt: number | undefined) => (changesAt === undefined ? {} : { validUntil: changesAt });

export function renderCommitteesPage(db: Db, site: Site, now: number): RenderedPage {
  const committees = listPublicCommittees(db);
  const memberships = listPublicMemberships(db);
  const meetings = listPublicMeetings(db);
  const { upcoming, changesAt, changedAt } = splitMeetings(meetings, now);
  const html = renderDocument(
    <Page site={site} title="Committees" section={publicPaths.committees} crumbs={[{ label: 'Home', href: publicPaths.home }]}>
      <h1>Committees</h1>
      {committees.length === 0 ? (
        <p className="empty">No committees yet.</p>
      ) : (
        <ul className="card-list">
          {committees.map((committee) => {
            const members = memberships.filter((m) => m.committeeId === committee.id).length;
            const next = upcoming.find((m) => m.committeeId === committee.id);
            return (
              <li key={committee.id}>
                <h2>
                  <a href={publicPaths.committee(committee.id)}>{committee.name}</a>
                </h2>
                <p>
                  {members === 1 ? '1 member' : `${members} members`}
                  {next ? (
                    <>
                      {'. Next meeting: '}
                      <time dateTime={next.startsAt}>{formatDate(next.startsAt, site.timeZone)}</time>
                    </>
                  ) : (
                    '. No meeting scheduled.'
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Page>,
  );
  return {
    html,
    lastModified: latestTime(publicRecordModifiedAt(db), changedAt),
    ...validUntil(changesAt),
  };
}

export function renderCommitteePage(db: Db, site: Site, now: number, committeeId: string): RenderedPage | undefined {
  const committee = findPublicCommittee(db, committeeId);
  if (!committee) return undefined;
  const memberships = listPublicMemberships(db, committee.id);
  const meetings = listPublicMeetings(db, { committeeId: committee.id });
  const { upcoming, past, changesAt, changedAt } = splitMeetings(meetings, now);
  const html = renderDocument(
    <Page
      site={site}
      title={committee.name}
      section={publicPaths.committees}
      crumbs={committeesCrumbs}
    >
      <h1>{committee.name}</h1>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {memberships.length === 0 ? (
          <p className="empty">No members are listed.</p>
        ) : (
          <RoleList
            entries={memberships.map((membership) => ({
              key: membership.id,
              href: publicPaths.person(membership.personId),
              name: membership.personName,
              role: membership.role,
            }))}
          />
        )}
      </section>
      <MeetingsSection id="upcoming-heading" heading="Upcoming meetings" meetings={upcoming} site={site} showCommittee={false} empty="No meetings are scheduled." />
      <MeetingsSection id="past-heading" heading="Past meetings" meetings={past} site={site} showCommittee={false} empty="No meetings have taken place yet." />
      <p className="calendar-link">
        <a href={publicPaths.committeeCalendar(committee.id)}>Add {committee.name}&apos;s meetings to your calendar (iCalendar feed)</a>
      </p>
    </Page>,
  );
  return {
    html,
    lastModified: latestTime(publicRecordModifiedAt(db), changedAt),
    ...validUntil(changesAt),
  };
}

export function renderMeetingsPage(db: Db, site: Site, now: number): RenderedPage {
  const meetings = listPublicMeetings(db);
  const { upcoming, past, changesAt, changedAt } = splitMeetings(meetings, now);
  const pastByYear = new Map<string, typeof past>();
  for (const meeting of past) {
    const year = yearOf(meeting.startsAt, site.timeZone);
    pastByYear.set(year, [...(pastByYear.get(year) ?? []), meeting]);
  }
  const html = renderDocument(
    <Page site={site} title="Meetings" section={publicPaths.meetings} crumbs={[{ label: 'Home', href: publicPaths.home }]}>
      <h1>Meetings</h1>
      <MeetingsSection id="upcoming-heading" heading="Upcoming meetings" meetings={upcoming} site={site} empty="No meetings are scheduled." />
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past meetings</h2>
        {past.length === 0 ? <p className="empty">No meetings have taken place yet.</p> : null}
        {[...pastByYear].map(([year, list]) => (
          <section key={year} aria-labelledby={`year-${year}`}>
            <h3 id={`year-${year}`}>{year}</h3>
            <MeetingList meetings={list} site={site} empty="" />
          </section>
        ))}
      </section>
    </Page>,
  );
  return { html, lastModified: latestTime(publicRecordModifiedAt(db), changedAt), ...validUntil(changesAt) };
}
