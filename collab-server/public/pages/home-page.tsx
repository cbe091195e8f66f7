/** The public home page: the council, its next and latest meetings, committees, search and the paper saved. */
import type { Child } from 'hono/jsx';
import type { Db } from '../../db/database.ts';
import { publicPaths } from '../public-paths.ts';
import { listPublicCommittees, listPublicMeetings, publicRecordModifiedAt } from '../public-record.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { MeetingsSection, SearchForm, splitMeetings } from './parts.tsx';
import { type RenderedPage, latestTime } from './rendered-page.ts';

const SHOWN_ON_HOME = 8;

export function renderHomePage(db: Db, site: Site, now: number, paperSaved: Child): RenderedPage {
  const meetings = listPublicMeetings(db);
  const committees = listPublicCommittees(db);
  const { upcoming, past, changesAt, changedAt } = splitMeetings(meetings, now);
  const upcomingShown = upcoming.slice(0, SHOWN_ON_HOME);
  const pastShown = past.slice(0, SHOWN_ON_HOME);
  const html = renderDocument(
    <Page site={site} title="Meetings, agendas and decisions" section={publicPaths.home}>
      <h1>{site.councilName}: meetings, agendas and decisions</h1>
      <p className="lead">
        Agendas, papers, decisions and minutes of {site.councilName}&apos;s public meetings, published as soon as the clerk publishes them.
      </p>
      <SearchForm id="home-search" />
      <div className="columns">
        <MeetingsSection id="upcoming-heading" heading="Upcoming meetings" meetings={upcomingShown} site={site} empty="No meetings are scheduled yet." />
        <MeetingsSection id="recent-heading" heading="Recent meetings" meetings={pastShown} site={site} empty="No meetings have taken place yet." />
      </div>
      <p>
        <a href={publicPaths.meetings}>All meetings</a>
      </p>
      <section aria-labelledby="committees-heading">
        <h2 id="committees-heading">Committees</h2>
        {committees.length === 0 ? (
          <p className="empty">No committees yet.</p>
        ) : (
          <ul className="link-list">
            {committees.map((committee) => (
              <li key={committee.id}>
                <a href={publicPaths.committee(committee.id)}>{committee.name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {paperSaved}
    </Page>,
  );
  return {
    html,
    lastModified: latestTime(publicRecordModifiedAt(db), changedAt),
    ...(changesAt === undefined ? {} : { validUntil: changesAt }),
  };
}
