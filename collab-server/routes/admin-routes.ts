import { z } from 'zod';
import { Committee, CreateCommitteeRequest, CreateUserRequest, Id, Membership, SetMembershipRequest, UserProfile, apiPaths } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { hashPassword } from '../auth/passwords.ts';
import { type ServerContext, type ZodApp, requireAdmin } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { findUserById, insertUser, userProfile, type UserRow } from '../store/accounts.ts';
import { createCommittee, defaultBodyId, endMembership, setMembership } from '../store/council.ts';
import { toCommittee } from '../store/rows.ts';

const MembershipParams = z.object({ committeeId: Id, userId: Id });

export function registerAdminRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(apiPaths.adminUsers, { schema: { response: { 200: z.array(UserProfile) } } }, async (request) => {
    requireAdmin(ctx, request);
    const users = ctx.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
    return users.map((user) => userProfile(ctx.db, user));
  });

  app.post(apiPaths.adminUsers, { schema: { body: CreateUserRequest, response: { 201: UserProfile } } }, async (request, reply) => {
    const viewer = requireAdmin(ctx, request);
    const { username, displayName, password, isAdmin } = request.body;
    const passwordHash = await hashPassword(password);
    const user = ctx.db.transaction(() => {
      const created = insertUser(ctx.db, { username, displayName, passwordHash, isAdmin });
      appendAudit(ctx.db, 'user-created', viewer.userId, { userId: created.id, username, isAdmin });
      return created;
    })();
    request.log.info({ userId: user.id, username, isAdmin }, 'user created');
    return reply.status(201).send(userProfile(ctx.db, user));
  });

  app.post(apiPaths.adminCommittees, { schema: { body: CreateCommitteeRequest, response: { 201: Committee } } }, async (request, reply) => {
    const viewer = requireAdmin(ctx, request);
    const committee = ctx.db.transaction(() => {
      const created = createCommittee(ctx.db, defaultBodyId(ctx.db), request.body.name);
      appendAudit(ctx.db, 'committee-created', viewer.userId, { committeeId: created.id, name: created.name });
      return created;
    })();
    ctx.feedHub.changed();
    return reply.status(201).send(toCommittee(committee));
  });

  app.put(
    '/api/v1/admin/committees/:committeeId/members/:userId',
    { schema: { params: MembershipParams, body: SetMembershipRequest, response: { 200: Membership } } },
    async (request) => {
      const viewer = requireAdmin(ctx, request);
      const { committeeId, userId } = request.params;
      if (!findUserById(ctx.db, userId)) throw notFound('User');
      ctx.db.transaction(() => {
        setMembership(ctx.db, committeeId, userId, request.body.role);
        appendAudit(ctx.db, 'role-changed', viewer.userId, { committeeId, userId, role: request.body.role });
      })();
      request.log.info({ committeeId, userId, role: request.body.role }, 'membership set');
      ctx.accessEvents.membershipsChanged(userId);
      ctx.feedHub.changed();
      return { committeeId, role: request.body.role };
    },
  );

  app.delete(
    '/api/v1/admin/committees/:committeeId/members/:userId',
    { schema: { params: MembershipParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const viewer = requireAdmin(ctx, request);
      const { committeeId, userId } = request.params;
      ctx.db.transaction(() => {
        if (!endMembership(ctx.db, committeeId, userId)) throw notFound('Membership');
        appendAudit(ctx.db, 'membership-ended', viewer.userId, { committeeId, userId });
      })();
      request.log.info({ committeeId, userId }, 'membership ended');
      // Open Yjs connections of that user are checked again and closed where access is gone.
      ctx.accessEvents.membershipsChanged(userId);
      ctx.feedHub.changed();
      return reply.status(204).send(null);
    },
  );
}
