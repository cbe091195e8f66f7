/**
 * The authority server: the council's source of truth that every desktop mirrors.
 * `startAuthorityServer` is used by the CLI (main.ts), by `npm start` (embedded
 * demo server) and by tests; it never exits the process.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { HealthResponse, apiPaths } from '../common/wire.ts';
import { AuditCheckpointWriter } from './audit/audit-checkpoints.ts';
import { AuditKeyring } from './audit/audit-keys.ts';
import { useAuditKeys } from './audit/audit-log.ts';
import { AccessEvents } from './access/access-events.ts';
import { DEFAULT_LOGIN_LIMITS, LoginThrottle, type LoginThrottleLimits } from './auth/login-throttle.ts';
import { type Db, openDatabase } from './db/database.ts';
import { latestSeq } from './feed/change-log.ts';
import { LiveFeedHub } from './feed/live-feed.ts';
import { DocumentFiles } from './files/document-files.ts';
import { stopPdfInspector } from './pdf/inspect.ts';
import { stopAgendaPackBuilder } from './pack/agenda-pack.ts';
import type { ServerContext, ZodApp } from './http/context.ts';
import { installErrorHandlers } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, registerRateLimits } from './http/rate-limits.ts';
import { selectTokenProtocol } from './http/websocket-auth.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerChangeRoutes } from './routes/change-routes.ts';
import { registerClerkRoutes } from './routes/clerk-routes.ts';
import { registerCouncilRoutes } from './routes/council-routes.ts';
import { registerDeclarationRoutes } from './routes/declaration-routes.ts';
import { registerDocumentRoutes } from './routes/document-routes.ts';
import { registerSearchRoutes } from './routes/search-routes.ts';
import { registerSessionRoutes } from './routes/session-routes.ts';
import { registerMinutesRoutes } from './routes/minutes-routes.ts';
import { registerYjsRoutes } from './routes/yjs-routes.ts';
import { BallotCommitter } from './voting/ballot-committer.ts';
import { SessionHub } from './voting/session-hub.ts';
import { YjsHub } from './yjs/yjs-hub.ts';
import { YjsLimits, type YjsLimitSettings } from './yjs/yjs-limits.ts';
import { PublicSettings, type PublicSettingsInput } from './public/public-settings.ts';
import { registerCalendarRoutes } from './public/calendar.ts';
import { registerPaperSavedRoutes } from './public/paper-saved.ts';
import { registerPublicRoutes } from './public/public-routes.ts';
import { registerPublicFileRoutes } from './public/public-files.ts';
import { registerOparlRoutes } from './oparl/oparl-routes.ts';
import { type DemoCouncil, seedDemoCouncil } from './seed/demo-council.ts';

export type { DemoAccount, DemoCouncil } from './seed/demo-council.ts';

export interface AuthorityServerOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  seed?: 'demo';
  /** pino level; defaults to 'info'. */
  logLevel?: string;
  /** Largest accepted upload in bytes; defaults to 200 MB. */
  maxUploadBytes?: number;
  /** Failed-login limits (defaults: 5 per account, 30 per address, per 15 minutes). */
  loginLimits?: Partial<LoginThrottleLimits>;
  /** Yjs quotas (defaults: 16 MiB stored per document; per connection 100 messages and 1 MiB a second). */
  yjsLimits?: YjsLimitSettings;
  /** Requests per minute per client address (defaults: 3000 to any route, 60 sign-ins). */
  rateLimits?: Partial<RateLimits>;
  /**
   * Reverse proxies (addresses, CIDR ranges, or `loopback`/`linklocal`/`uniquelocal`) whose
   * X-Forwarded-For names the client; none by default, so the TCP peer is the client.
   */
  trustProxy?: string[];
  /** The public side's settings: base URL, time zone, paper-saved factors (public/public-settings.ts has the defaults). */
  publicSettings?: PublicSettingsInput;
}

export interface AuthorityServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The demo accounts and their passwords, when started with seed 'demo'. */
  demo?: DemoCouncil;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Largest WebSocket frame any endpoint accepts. */
const MAX_WEBSOCKET_PAYLOAD = 1024 * 1024;

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'chamber.sqlite');
}

export async function startAuthorityServer(opts: AuthorityServerOptions): Promise<AuthorityServer> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Before the database: a key file others may read stops the server here.
  const auditKeys = await AuditKeyring.open(dataDir);
  const db = openDatabase(databaseFile(dataDir));
  try {
    useAuditKeys(db, auditKeys);
    return await startOnDatabase(db, dataDir, opts);
  } catch (error) {
    db.close();
    throw error;
  }
}

async function startOnDatabase(db: Db, dataDir: string, opts: AuthorityServerOptions): Promise<AuthorityServer> {
  const files = new DocumentFiles(dataDir);
  await files.init();
  const demo = opts.seed === 'demo' ? await seedDemoCouncil(db, files, dataDir) : undefined;

  const yjsLimits = YjsLimits.parse(opts.yjsLimits ?? {});
  const accessEvents = new AccessEvents(db);
  const feedHub = new LiveFeedHub(db, accessEvents);
  const ctx: ServerContext = {
    db,
    files,
    feedHub,
    accessEvents,
    sessionHub: new SessionHub(db, feedHub),
    ballots: new BallotCommitter(db),
    maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    loginThrottle: new LoginThrottle({ ...DEFAULT_LOGIN_LIMITS, ...opts.loginLimits }),
    rateLimits: {
      apiPerMinute: opts.rateLimits?.apiPerMinute ?? DEFAULT_RATE_LIMITS.apiPerMinute,
      loginPerMinute: opts.rateLimits?.loginPerMinute ?? DEFAULT_RATE_LIMITS.loginPerMinute,
    },
    publicSettings: PublicSettings.parse(opts.publicSettings ?? {}),
  };

  const app: ZodApp = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    // JSON bodies are small; PDFs bypass this limit through their own streaming parser.
    bodyLimit: 1024 * 1024,
    // Without a trusted proxy, X-Forwarded-For is ignored: anyone could write it.
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  await registerOpenApi(app);
  // Before any route, so that every route (WebSocket upgrades too) gets its limit.
  await registerRateLimits(app, ctx.rateLimits);
  await app.register(fastifyWebsocket, {
    options: { maxPayload: MAX_WEBSOCKET_PAYLOAD, handleProtocols: selectTokenProtocol },
  });

  app.get(apiPaths.health, { schema: { response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const, latestSeq: latestSeq(db) }));
  registerAuthRoutes(app, ctx);
  registerCouncilRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerChangeRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerDeclarationRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  const yjsHub = new YjsHub(db, app.log, accessEvents, yjsLimits);
  registerSessionRoutes(app, ctx, yjsHub);
  registerClerkRoutes(app, ctx);
  registerPublicRoutes(app, ctx);
  registerCalendarRoutes(app, ctx);
  registerPaperSavedRoutes(app, ctx);
  registerPublicFileRoutes(app, ctx);
  registerOparlRoutes(app, ctx);
  registerYjsRoutes(app, yjsHub);
  registerMinutesRoutes(app, ctx, yjsHub);
  app.get(apiPaths.openapi, { schema: { hide: true } }, async () => app.swagger());

  const auditCheckpoints = new AuditCheckpointWriter(db, dataDir, app.log);
  await auditCheckpoints.start();
  app.addHook('onClose', async () => {
    await auditCheckpoints.stop();
    feedHub.close();
    ctx.sessionHub.close();
    await yjsHub.close();
    accessEvents.close();
  });

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    demo,
    close() {
      closed ??= (async () => {
        await app.close();
        await stopPdfInspector();
        await stopAgendaPackBuilder();
        db.close();
      })();
      return closed;
    },
  };
}
