import { z } from 'zod';
import { SearchHit, SearchQuery, apiPaths } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { type ServerContext, type ZodApp, authenticate } from '../http/context.ts';

/** One matching page of a published document, its snippet's matches between `[[` and `]]`. */
export interface HitRow {
  document_id: string;
  meeting_id: string;
  payload: string;
  page: number;
  snippet: string;
}

/** Turns what a person typed into an FTS5 query of quoted terms (all must match), so no input is FTS syntax. */
export function ftsQuery(text: string): string | null {
  const terms = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (terms.length === 0) return null;
  return terms.slice(0, 20).map((term) => `"${term}"`).join(' ');
}

/**
 * Full-text search over the pages of published documents, filtered like the
 * feed: confidential documents only for members of their committee.
 */
export function registerSearchRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(apiPaths.search, { schema: { querystring: SearchQuery, response: { 200: z.array(SearchHit) } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    const match = ftsQuery(request.query.q);
    if (!match) return [];
    const rows = searchPublishedPages(ctx.db, match, request.query.limit, viewer.userId);
    return rows.map((row) => {
      const doc = JSON.parse(row.payload) as { itemId: string | null; name: string; sha256: string };
      return { documentId: row.document_id, itemId: doc.itemId, meetingId: row.meeting_id, name: doc.name, sha256: doc.sha256, page: row.page, snippet: row.snippet };
    });
  });
}

/**
 * Pages of published documents matching `match` (from `ftsQuery`), best first:
 * public documents, and confidential ones of the committees `memberUserId` is
 * a member of (none when it is null: the public record's search).
 */
export function searchPublishedPages(db: Db, match: string, limit: number, memberUserId: string | null): HitRow[] {
  return db
    .prepare(
      `SELECT pe.entity_id AS document_id, pe.meeting_id, pe.payload, p.page_number AS page,
              snippet(document_pages_fts, 0, '[[', ']]', '…', 16) AS snippet
       FROM document_pages_fts
       JOIN document_pages p ON p.rowid = document_pages_fts.rowid
       JOIN published_entities pe ON pe.kind = 'document' AND pe.sha256 = p.sha256
       WHERE document_pages_fts MATCH @match
         AND (pe.confidential = 0 OR pe.committee_id IN (SELECT committee_id FROM memberships WHERE user_id = @userId))
       ORDER BY rank
       LIMIT @limit`,
    )
    .all({ match, userId: memberUserId, limit }) as HitRow[];
}
