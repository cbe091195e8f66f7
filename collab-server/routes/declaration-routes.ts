import { z } from 'zod';
import { DeclareInterestRequest, Id, InterestDeclaration, type InterestKind } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { type ServerContext, type ZodApp, authenticate } from '../http/context.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { Viewer } from '../store/accounts.ts';
import { findItem, findMeeting } from '../store/council.ts';

const ItemParams = z.object({ itemId: Id });

interface DeclarationRow {
  item_id: string;
  user_id: string;
  display_name: string;
  kind: InterestKind;
  description: string;
  leaves_room: number;
  declared_at: string;
}

const toDeclaration = (row: DeclarationRow): InterestDeclaration => ({
  itemId: row.item_id,
  userId: row.user_id,
  displayName: row.display_name,
  kind: row.kind,
  description: row.description,
  leavesRoom: row.leaves_room === 1,
  declaredAt: row.declared_at,
});

/** Declarations on the items, by item then name; only `onlyUserId`'s own when given. */
export function declarationsOn(db: Db, itemIds: string[], onlyUserId: string | null): InterestDeclaration[] {
  if (itemIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.*, u.display_name FROM declarations d JOIN users u ON u.id = d.user_id
       WHERE d.item_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR d.user_id = ?) ORDER BY d.item_id, u.display_name`,
    )
    .all(JSON.stringify(itemIds), onlyUserId, onlyUserId) as DeclarationRow[];
  return rows.map(toDeclaration);
}

/** The viewer's role in the committee of a published meeting's item, or 404/403. */
function roleForItem(ctx: ServerContext, viewer: Viewer, itemId: string) {
  const item = findItem(ctx.db, itemId);
  const meeting = item ? findMeeting(ctx.db, item.meeting_id) : undefined;
  const role = meeting ? viewer.roles.get(meeting.committee_id) : undefined;
  // Items of unpublished meetings, and items of committees the viewer is not on, are not theirs to see.
  if (!item || !meeting || !role || (meeting.published_version === 0 && role !== 'clerk')) throw notFound('Agenda item');
  return role;
}

/** Declarations of interest: the member declares on an item; the clerk (and chair) see them all. */
export function registerDeclarationRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/items/:itemId/declarations', { schema: { params: ItemParams, response: { 200: z.array(InterestDeclaration) } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    const role = roleForItem(ctx, viewer, request.params.itemId);
    const seesAll = role === 'clerk' || role === 'chair';
    return declarationsOn(ctx.db, [request.params.itemId], seesAll ? null : viewer.userId);
  });

  app.put(
    '/api/v1/items/:itemId/declarations',
    { schema: { params: ItemParams, body: DeclareInterestRequest, response: { 200: InterestDeclaration } } },
    async (request) => {
      const viewer = authenticate(ctx, request);
      const role = roleForItem(ctx, viewer, request.params.itemId);
      if (role === 'observer') throw forbidden('Observers do not declare interests');
      const declaredAt = new Date().toISOString();
      const { kind, description } = request.body;
      // A disclosable pecuniary interest always takes the member out of the item (they may neither speak nor vote).
      const leavesRoom = kind === 'disclosable-pecuniary' || (request.body.leavesRoom ?? false);
      ctx.db.transaction(() => {
        ctx.db
          .prepare(
            `INSERT INTO declarations (item_id, user_id, kind, description, leaves_room, declared_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (item_id, user_id) DO UPDATE SET kind = excluded.kind, description = excluded.description,
               leaves_room = excluded.leaves_room, declared_at = excluded.declared_at`,
          )
          .run(request.params.itemId, viewer.userId, kind, description, leavesRoom ? 1 : 0, declaredAt);
        appendAudit(ctx.db, 'interest-declared', viewer.userId, { itemId: request.params.itemId, kind, leavesRoom });
      })();
      ctx.sessionHub.itemChanged(request.params.itemId);
      return { itemId: request.params.itemId, userId: viewer.userId, displayName: viewer.displayName, kind, description, leavesRoom, declaredAt };
    },
  );

  app.delete('/api/v1/items/:itemId/declarations', { schema: { params: ItemParams, response: { 204: z.null() } } }, async (request, reply) => {
    const viewer = authenticate(ctx, request);
    roleForItem(ctx, viewer, request.params.itemId);
    ctx.db.transaction(() => {
      const result = ctx.db.prepare('DELETE FROM declarations WHERE item_id = ? AND user_id = ?').run(request.params.itemId, viewer.userId);
      if (result.changes === 0) throw notFound('Declaration');
      appendAudit(ctx.db, 'interest-withdrawn', viewer.userId, { itemId: request.params.itemId });
    })();
    return reply.status(204).send(null);
  });
}
