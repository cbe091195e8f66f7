import { z } from 'zod';
import { LoginRequest, LoginResponse, UserProfile, apiPaths } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { type ServerContext, type ZodApp, authenticate, bearerToken } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { createSession, deleteSession, findUserByUsername, sha256Hex, userProfile } from '../store/accounts.ts';

export function registerAuthRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(apiPaths.login, { schema: { body: LoginRequest, response: { 200: LoginResponse } } }, async (request, reply) => {
    const { username, password } = request.body;
    const retryAfter = ctx.loginThrottle.retryAfterSeconds(username, request.ip);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      throw new HttpError(429, 'too-many-attempts', `Too many failed sign-in attempts; try again in ${retryAfter} seconds`);
    }
    const user = findUserByUsername(ctx.db, username);
    // Unknown users cost a full hash too, so timing does not reveal which usernames exist.
    const valid = await verifyPassword(password, user?.password_hash ?? (await decoyPasswordHash()));
    if (!user || !valid) {
      ctx.loginThrottle.recordFailure(username, request.ip);
      appendAudit(ctx.db, 'login-failed', user?.id ?? null, { username, address: request.ip });
      throw new HttpError(401, 'invalid-credentials', 'Wrong username or password');
    }
    ctx.loginThrottle.recordSuccess(username);
    const session = ctx.db.transaction(() => {
      appendAudit(ctx.db, 'login', user.id, { address: request.ip });
      return createSession(ctx.db, user.id);
    })();
    return reply.send({ token: session.token, expiresAt: session.expiresAt, user: userProfile(ctx.db, user) });
  });

  app.post(apiPaths.logout, { schema: { response: { 204: z.null() } } }, async (request, reply) => {
    const token = bearerToken(request)!;
    const viewer = authenticate(ctx, request);
    ctx.db.transaction(() => {
      deleteSession(ctx.db, token);
      appendAudit(ctx.db, 'logout', viewer.userId, {});
    })();
    ctx.feedHub.closeSession(sha256Hex(token));
    return reply.status(204).send(null);
  });

  app.get(apiPaths.me, { schema: { response: { 200: UserProfile } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    return userProfile(ctx.db, { id: viewer.userId, username: viewer.username, display_name: viewer.displayName, password_hash: '', is_admin: viewer.isAdmin ? 1 : 0 });
  });
}
