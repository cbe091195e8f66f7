import { z } from 'zod';
import { Committee, CreateCommitteeRequest, CreateUserRequest, Id, Membership, SetMembershipRequest, UserProfile, apiPaths } from '../../common/wire.ts';
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
    requireAdmin(ctx, request);
    const { username, displayName, password, isAdmin } = request.body;
    const user = insertUser(ctx.db, { username, displayName, passwordHash: await hashPassword(password), isAdmin });
    request.log.info({ userId: user.id, username, isAdmin }, 'user created');
    return reply.status(201).send(userProfile(ctx.db, user));
  });

  app.post(apiPaths.adminCommittees, { schema: { body: CreateCommitteeRequest, response: { 201: Committee } } }, async (request, reply) => {
    requireAdmin(ctx, request);
    const committee = createCommittee(ctx.db, defaultBodyId(ctx.db), request.body.name);
    ctx.feedHub.changed();
    return reply.status(201).send(toCommittee(committee));
  });

  app.put(
    '/api/v1/admin/committees/:committeeId/members/:userId',
    { schema: { params: MembershipParams, body: SetMembershipRequest, response: { 200: Membership } } },
    async (request) => {
      requireAdmin(ctx, request);
      const { committeeId, userId } = request.params;
      if (!findUserById(ctx.db, userId)) throw notFound('User');
      setMembership(ctx.db, committeeId, userId, request.body.role);
      request.log.info({ committeeId, userId, role: request.body.role }, 'membership set');
      ctx.feedHub.changed();
      return { committeeId, role: request.body.role };
    },
  );

  app.delete(
    '/api/v1/admin/committees/:committeeId/members/:userId',
    { schema: { params: MembershipParams, response: { 204: z.null() } } },
    async (request, reply) => {
      requireAdmin(ctx, request);
      const { committeeId, userId } = request.params;
      if (!endMembership(ctx.db, committeeId, userId)) throw notFound('Membership');
      request.log.info({ committeeId, userId }, 'membership ended');
      ctx.feedHub.changed();
      return reply.status(204).send(null);
    },
  );
}
