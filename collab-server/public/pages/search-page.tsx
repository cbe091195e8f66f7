/** Search across published public papers (public-record.ts's search), with the text around each match. */
import type { Child } from 'hono/jsx';
import type { Db } from '../../db/database.ts';
import { publicPaths } from '../public-paths.ts';
import { listPublicMeetings, publicRecordModifiedAt, searchPublicDocuments } from '../public-record.ts';
import { plural } from './format.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { DocumentLink, SearchForm, Time } from './parts.tsx';
import type { RenderedPage } from './rendered-page.ts';

/** Results shown for one query: the best matching pages. */
export const SEARCH_RESULTS_SHOWN = 50;

/** A snippet with its matches (between `[[` and `]]`, as the index marks them) highlighted. */
function Snippet({ text }: { text: string }) {
  const parts: Child[] = [];
  const pattern = /\[\[([\s\S]*?)\]\]/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(<mark key={match.index}>{match[1]}</mark>);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <p className="snippet">{parts}</p>;
}

export function renderSearchPage(db: Db, site: Site, query: string): RenderedPage {
  const trimmed = query.trim();
  const hits = trimmed ? searchPublicDocuments(db, trimmed, SEARCH_RESULTS_SHOWN) : [];
  const meetings = new Map(hits.length > 0 ? listPublicMeetings(db).map((meeting) => [meeting.id, meeting]) : []);
  const html = renderDocument(
    <Page site={site} title={trimmed ? `Search: ${trimmed}` : 'Search papers'} section={publicPaths.search} crumbs={[{ label: 'Home', href: publicPaths.home }]}>
      <h1>Search papers</h1>
      <SearchForm query={query} />
      {trimmed ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            {hits.length === 0
              ? `No papers match “${trimmed}”`
              : `${hits.length >= SEARCH_RESULTS_SHOWN ? `The ${SEARCH_RESULTS_SHOWN} best matches` : plural(hits.length, 'match', 'matches')} for “${trimmed}”`}
          </h2>
          {hits.length === 0 ? <p>Try fewer or different words. Only the text of published papers is searched; scanned papers without text cannot be found.</p> : null}
          {hits.length > 0 ? (
          <ol className="search-results">
            {hits.map((hit) => {
              const meeting = meetings.get(hit.meetingId);
              return (
                <li key={`${hit.document.id}:${hit.page}`}>
                  <h3>
                    <DocumentLink document={hit.document} page={hit.page} />
                  </h3>
                  {meeting ? (
                    <p className="result-where">
                      {'From '}
                      <a href={publicPaths.meeting(meeting.id)}>
                        {meeting.title}, <Time iso={meeting.startsAt} site={site} />
                      </a>
                    </p>
                  ) : null}
                  <Snippet text={hit.snippet} />
                </li>
              );
            })}
          </ol>
          ) : null}
        </section>
      ) : (
        <p>Search the text of every paper published for a public meeting: agendas, reports and minutes.</p>
      )}
    </Page>,
  );
  return { html, lastModified: publicRecordModifiedAt(db) };
}
