/**
 * `#/search?q=…`: pages of all mirrored papers matching the query, grouped by
 * meeting and document, best matches first; plus which documents cannot be
 * searched (no text layer) and, while indexing is under way, how far it has
 * come and which papers are not searchable yet. The results are looked up
 * again as each paper is read, so a hit appears by itself.
 */
import { Fragment, useRef, useState } from 'react';
import { searchMatchEnd, searchMatchStart, type SearchHit, type SearchIndexProgress } from '../../../common/bridge.ts';
import { useBridgeEvent, useBridgeQuery } from '../bridge/context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { t, tp } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { meetingHref } from '../routing/hash-route.ts';
import { indexingDetail, indexingUnderWay } from './search-progress.tsx';
import './search.css';

export function SearchResultsScreen({ query }: { query: string }) {
  const trimmed = query.trim().slice(0, 200);
  const [refreshCount, setRefreshCount] = useState(0);
  const refresh = () => setRefreshCount((count) => count + 1);
  useBridgeEvent('mirror.changed', refresh);
  // A paper read since the search may hold a hit; a paper arriving changes what is not searchable yet.
  useBridgeEvent('search.progress', refresh);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const results = useBridgeQuery('search.query', { query: trimmed || ' ' }, trimmed ? `${trimmed}:${refreshCount}` : '');

  return (
    <main id="main" className="page page--search" tabIndex={-1}>
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>
        {trimmed ? t('search.heading', { query: trimmed }) : t('search.label')}
      </h1>
      {!trimmed ? (
        <p className="empty-state">{t('search.emptyQuery')}</p>
      ) : results.status === 'error' ? (
        <ErrorNotice message={results.error.message} onRetry={() => setRefreshCount((count) => count + 1)} />
      ) : results.data === null ? (
        <p className="muted" role="status">
          {t('search.searching')}
        </p>
      ) : (
        <>
          <p role="status" data-testid="search-summary">
            {results.data.hits.length > 0
              ? tp('search.hits', results.data.hits.length)
              : indexingUnderWay(results.data.indexing)
                ? t('search.noneYet', { query: trimmed })
                : t('search.none', { query: trimmed })}
          </p>
          {indexingUnderWay(results.data.indexing) && <IndexingNotice progress={results.data.indexing} />}
          <HitGroups hits={results.data.hits} query={trimmed} />
          {results.data.noTextDocuments.length > 0 && (
            <section className="search-no-text" aria-labelledby="search-no-text" data-testid="search-no-text">
              <h2 id="search-no-text" className="section-title">
                {t('search.noText')}
              </h2>
              <ul>
                {results.data.noTextDocuments.map((doc) => (
                  <li key={doc.documentId}>
                    <a href={meetingHref(doc.meetingId, doc.documentId)}>{doc.documentName}</a> — {doc.meetingTitle}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}

/** Says that results may be incomplete, how far indexing has come, and names the papers not searchable yet. */
function IndexingNotice({ progress }: { progress: SearchIndexProgress }) {
  const unnamed = progress.papersTotal - progress.papersDone - progress.waiting.length;
  return (
    <>
      <p className="notice" role="status" data-testid="search-pending">
        {t('search.indexingStatus', { detail: indexingDetail(progress) })}
      </p>
      {progress.waiting.length > 0 && (
        <section className="search-not-yet" aria-labelledby="search-not-yet">
          <h2 id="search-not-yet" className="section-title">
            {t('search.notYet')}
          </h2>
          <ul>
            {progress.waiting.map((paper) => (
              <li key={paper.documentId}>
                <a href={meetingHref(paper.meetingId, paper.documentId)}>{paper.documentName}</a> — {paper.meetingTitle}
              </li>
            ))}
          </ul>
          {unnamed > 0 && <p className="muted">{tp('search.notYetMore', unnamed)}</p>}
        </section>
      )}
    </>
  );
}

interface DocumentGroup {
  documentId: string;
  documentName: string;
  itemNumber: string;
  itemTitle: string;
  hits: SearchHit[];
}

interface MeetingGroup {
  meetingId: string;
  meetingTitle: string;
  documents: DocumentGroup[];
}

/** Groups hits by meeting, then document, keeping the order of each group's best hit. */
function groupHits(hits: SearchHit[]): MeetingGroup[] {
  const meetings = new Map<string, MeetingGroup>();
  for (const hit of hits) {
    let meeting = meetings.get(hit.meetingId);
    if (!meeting) {
      meeting = { meetingId: hit.meetingId, meetingTitle: hit.meetingTitle, documents: [] };
      meetings.set(hit.meetingId, meeting);
    }
    let document = meeting.documents.find((d) => d.documentId === hit.documentId);
    if (!document) {
      document = { documentId: hit.documentId, documentName: hit.documentName, itemNumber: hit.itemNumber, itemTitle: hit.itemTitle, hits: [] };
      meeting.documents.push(document);
    }
    document.hits.push(hit);
  }
  return [...meetings.values()];
}

function HitGroups({ hits, query }: { hits: SearchHit[]; query: string }) {
  if (hits.length === 0) return null;
  return (
    <ul className="search-results" data-testid="search-results">
      {groupHits(hits).map((meeting) => (
        <li key={meeting.meetingId} className="search-results__meeting">
          <h2 className="section-title">{meeting.meetingTitle}</h2>
          <ul className="search-results__documents">
            {meeting.documents.map((document) => (
              <li key={document.documentId} className="search-results__document">
                <h3 className="search-results__document-name">
                  {document.documentName}{' '}
                  <span className="muted">{t('search.item', { number: document.itemNumber, title: document.itemTitle })}</span>
                </h3>
                <ul className="search-results__hits">
                  {document.hits.map((hit) => (
                    <li key={hit.page} className="search-hit" data-testid="search-hit">
                      <a href={meetingHref(hit.meetingId, hit.documentId, { page: hit.page, find: findTerm(hit.snippet, query) })}>
                        <span className="search-hit__page">{t('search.page', { page: hit.page })}</span>
                        <span className="search-hit__snippet">
                          <Snippet text={hit.snippet} />
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The snippet with each match (between the host's marks) emphasised. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(searchMatchStart);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <Fragment key={index}>{part}</Fragment>;
        const [match = '', rest = ''] = part.split(searchMatchEnd, 2);
        return (
          <Fragment key={index}>
            <mark>{match}</mark>
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}

/**
 * What the viewer's find looks for: the whole query when it is one word or
 * phrase the page holds as typed, else the first matched word from the snippet
 * (the words of a multi-word query need not be next to each other).
 */
function findTerm(snippet: string, query: string): string {
  // Line breaks in a page's text are spaces to the viewer's find.
  const plain = snippet.replaceAll(searchMatchStart, '').replaceAll(searchMatchEnd, '').replace(/\s+/g, ' ').toLowerCase();
  const unquoted = query.replaceAll('"', '').trim().replace(/\s+/g, ' ');
  if (plain.includes(unquoted.toLowerCase())) return unquoted;
  const first = snippet.split(searchMatchStart)[1]?.split(searchMatchEnd)[0];
  return first ?? unquoted;
}
