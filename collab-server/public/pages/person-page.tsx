/** A person who sits on committees: their name and memberships (public roles only, public-record.ts). */
import type { Db } from '../../db/database.ts';
import { publicPaths } from '../public-paths.ts';
import { findPublicPerson, listPublicCommittees, listPublicMemberships, publicRecordModifiedAt } from '../public-record.ts';
import { Page, type Site, renderDocument } from './layout.tsx';
import { RoleList, committeesCrumbs } from './parts.tsx';
import type { RenderedPage } from './rendered-page.ts';

export function renderPersonPage(db: Db, site: Site, personId: string): RenderedPage | undefined {
  const person = findPublicPerson(db, personId);
  if (!person) return undefined;
  const memberships = listPublicMemberships(db).filter((membership) => membership.personId === person.id);
  const committees = new Map(listPublicCommittees(db).map((committee) => [committee.id, committee]));
  const html = renderDocument(
    <Page
      site={site}
      title={person.name}
      section={publicPaths.committees}
      crumbs={committeesCrumbs}
    >
      <h1>{person.name}</h1>
      <section aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">Committees</h2>
        <RoleList
          entries={memberships.map((membership) => ({
            key: membership.id,
            href: publicPaths.committee(membership.committeeId),
            name: committees.get(membership.committeeId)?.name ?? 'Committee',
            role: membership.role,
          }))}
        />
      </section>
    </Page>,
  );
  return { html, lastModified: publicRecordModifiedAt(db) };
}
