import { z } from 'zod';
import { ChangePage, apiPaths } from '../../common/wire.ts';
import { readChanges } from '../feed/change-log.ts';
import { type ServerContext, type ZodApp, authenticate, userOfRequest } from '../http/context.ts';
import { sha256Hex } from '../store/accounts.ts';
import { liveFeedToken } from '../http/websocket-auth.ts';

const ChangesQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export function registerChangeRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    apiPaths.changes,
    {
      schema: { querystring: ChangesQuery, response: { 200: ChangePage } },
      // The hottest route: entries were built from wire types when appended, so skip re-validating
      // every page on the way out (the schema still documents the response in OpenAPI).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => {
    const viewer = authenticate(ctx, request);
    return readChanges(ctx.db, viewer.userId, request.query.since, request.query.limit);
    },
  );

  app.get(
    apiPaths.changesLive,
    {
      websocket: true,
      // Runs before the upgrade: an unauthenticated client gets a plain 401 and no socket.
      preValidation: async (request) => {
        userOfRequest(ctx, request, liveFeedToken(request));
      },
    },
    (socket, request) => {
      const token = liveFeedToken(request)!;
      const user = userOfRequest(ctx, request, token);
      ctx.feedHub.add(socket, user.id, sha256Hex(token));
    },
  );
}
