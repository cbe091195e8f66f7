import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccessEvents } from '../access/access-events.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { Db } from '../db/database.ts';
import type { LiveFeedHub } from '../feed/live-feed.ts';
import type { DocumentFiles } from '../files/document-files.ts';
import type { BallotCommitter } from '../voting/ballot-committer.ts';
import type { SessionHub } from '../voting/session-hub.ts';
import type { RateLimits } from './rate-limits.ts';
import type { PublicSettings } from '../public/public-settings.ts';
import { type UserRow, type Viewer, userForToken, viewerOf } from '../store/accounts.ts';
import { HttpError } from './errors.ts';

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every route needs, built once by startAuthorityServer. */
export interface ServerContext {
  db: Db;
  files: DocumentFiles;
  feedHub: LiveFeedHub;
  /** Tells open connections (live feed, Yjs) when a session ends or a user's memberships change. */
  accessEvents: AccessEvents;
  sessionHub: SessionHub;
  ballots: BallotCommitter;
  maxUploadBytes: number;
  loginThrottle: LoginThrottle;
  rateLimits: RateLimits;
  /** The public side's settings (base URL, time zone, paper-saved factors). */
  publicSettings: PublicSettings;
}

/** The bearer token of a request, from `Authorization: Bearer …`. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function userOfRequest(ctx: ServerContext, request: FastifyRequest, token = bearerToken(request)): UserRow {
  const user = token ? userForToken(ctx.db, token) : null;
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first: send Authorization: Bearer <token> from /api/v1/auth/login');
  return user;
}

/** The signed-in viewer, or a 401. Every route except login and health calls this first. */
export function authenticate(ctx: ServerContext, request: FastifyRequest): Viewer {
  return viewerOf(ctx.db, userOfRequest(ctx, request));
}

export function requireAdmin(ctx: ServerContext, request: FastifyRequest): Viewer {
  const viewer = authenticate(ctx, request);
  if (!viewer.isAdmin) throw new HttpError(403, 'forbidden', 'Only a council administrator may do this');
  return viewer;
}
