/** The public side's "page not found". */
import { publicPaths } from '../public-paths.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { SearchForm } from './parts.tsx';

export function renderNotFoundPage(site: Site): string {
  return renderDocument(
    <Page site={site} title="Page not found">
      <h1>Page not found</h1>
      <p>There is no public page at this address. It may have been mistyped, or the meeting or paper it showed is no longer published.</p>
      <ul className="link-list">
        <li>
          <a href={publicPaths.meetings}>All meetings</a>
        </li>
        <li>
          <a href={publicPaths.committees}>All committees</a>
        </li>
      </ul>
      <SearchForm id="not-found-search" />
    </Page>,
  );
}
