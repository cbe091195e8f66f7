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
import { DEFAULT_LOGIN_LIMITS, LoginThrottle, type LoginThrottleLimits } from './auth/login-throttle.ts';
import { type Db, openDatabase } from './db/database.ts';
import { latestSeq } from './feed/change-log.ts';
import { LiveFeedHub } from './feed/live-feed.ts';
import { DocumentFiles } from './files/document-files.ts';
import { stopPdfInspector } from './pdf/inspect.ts';
import type { ServerContext, ZodApp } from './http/context.ts';
import { installErrorHandlers } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { selectTokenProtocol } from './http/websocket-auth.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerChangeRoutes } from './routes/change-routes.ts';
import { registerCouncilRoutes } from './routes/council-routes.ts';
import { registerDeclarationRoutes } from './routes/declaration-routes.ts';
import { registerDocumentRoutes } from './routes/document-routes.ts';
import { registerSearchRoutes } from './routes/search-routes.ts';
import { registerSessionRoutes } from './routes/session-routes.ts';
import { registerYjsRoutes } from './routes/yjs-routes.ts';
import { BallotCommitter } from './voting/ballot-committer.ts';
import { SessionHub } from './voting/session-hub.ts';
import { YjsHub } from './yjs/yjs-hub.ts';
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
  const db = openDatabase(databaseFile(dataDir));
  try {
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

  const feedHub = new LiveFeedHub(db);
  const ctx: ServerContext = {
    db,
    files,
    feedHub,
    sessionHub: new SessionHub(db, feedHub),
    ballots: new BallotCommitter(db),
    maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    loginThrottle: new LoginThrottle({ ...DEFAULT_LOGIN_LIMITS, ...opts.loginLimits }),
  };

  const app: ZodApp = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    // JSON bodies are small; PDFs bypass this limit through their own streaming parser.
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  await registerOpenApi(app);
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
  registerSessionRoutes(app, ctx);
  const yjsHub = new YjsHub(db, app.log);
  registerYjsRoutes(app, yjsHub);
  app.get(apiPaths.openapi, { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onClose', async () => {
    feedHub.close();
    ctx.sessionHub.close();
    await yjsHub.close();
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
        db.close();
      })();
      return closed;
    },
  };
}
