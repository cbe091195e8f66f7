import { z } from 'zod';
import { LoginRequest, LoginResponse, UserProfile, apiPaths } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { QueueFullError } from '../auth/fair-queue.ts';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { type ServerContext, type ZodApp, authenticate, bearerToken } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { clientAddress, loginRateLimit } from '../http/rate-limits.ts';
import { createSession, deleteSession, findUserByUsername, sha256Hex, userProfile } from '../store/accounts.ts';

export function registerAuthRoutes(app: ZodApp, ctx: ServerContext): void {
  const loginRoute = { schema: { body: LoginRequest, response: { 200: LoginResponse } }, config: { rateLimit: loginRateLimit(ctx.rateLimits) } };
  app.post(apiPaths.login, loginRoute, async (request, reply) => {
    const { username, password } = request.body;
    const client = clientAddress(request);
    const admitted = ctx.loginThrottle.admit(username, client);
    if ('retryAfterSeconds' in admitted) {
      reply.header('retry-after', String(admitted.retryAfterSeconds));
      throw new HttpError(429, 'too-many-attempts', `Too many failed sign-in attempts; try again in ${admitted.retryAfterSeconds} seconds`);
    }
    const user = findUserByUsername(ctx.db, username);
    let valid: boolean;
    try {
      // Unknown users cost a full hash too, so timing does not reveal which usernames exist.
      valid = await verifyPassword(password, user?.password_hash ?? (await decoyPasswordHash()), client);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      ctx.loginThrottle.withdraw(admitted.attempt);
      reply.header('retry-after', String(error.retryAfterSeconds));
      throw new HttpError(503, 'sign-in-busy', `The server is busy checking other sign-ins; try again in ${error.retryAfterSeconds} seconds`);
    }
    if (!user || !valid) {
      appendAudit(ctx.db, 'login-failed', user?.id ?? null, { username, address: request.ip });
      throw new HttpError(401, 'invalid-credentials', 'Wrong username or password');
    }
    ctx.loginThrottle.succeeded(admitted.attempt);
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
    ctx.accessEvents.sessionEnded(sha256Hex(token), 'signed-out');
    return reply.status(204).send(null);
  });

  app.get(apiPaths.me, { schema: { response: { 200: UserProfile } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    return userProfile(ctx.db, { id: viewer.userId, username: viewer.username, display_name: viewer.displayName, password_hash: '', is_admin: viewer.isAdmin ? 1 : 0 });
  });
}
