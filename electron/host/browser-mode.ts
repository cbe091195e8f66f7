/**
 * Browser mode: the bridge over loopback HTTP + WebSocket, and the built
 * renderer as static files, for running Chamber in a normal browser tab.
 *
 * Only this machine's user should reach the host, so: 127.0.0.1 only; a random
 * per-run token on every bridge call (header) and on the events socket
 * (subprotocol); Host and Origin must name this server exactly (DNS
 * rebinding); no CORS headers at all; a strict Content-Security-Policy.
 * The token itself is never printed or put on a command line (other users can
 * read those): the page gets it by trading a one-time code (one-time-codes.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import {
  BridgeError,
  BrowserCodeExchange,
  bridgeEventNames,
  browserBridgePaths,
  dispatchBridgeCall,
  openedDocumentPathPrefix,
  type BridgeErrorCode,
  type BridgeErrorPayload,
} from '../../common/bridge.ts';
import { fromBridgeJson, toBridgeJson } from '../../common/bridge-json.ts';
import type { DesktopHost } from './desktop-host.ts';
import { OneTimeCodes } from './one-time-codes.ts';
import { rendererContentSecurityPolicy } from '../renderer-files.ts';

export interface BrowserModeServer {
  url: string;
  port: number;
  /** A new one-time code's address (`…/#code=…`), for the terminal and the browser: works once, within the code lifetime. */
  newLink(): string;
  close(): Promise<void>;
}

export interface BrowserModeOptions {
  host: Pick<DesktopHost, 'handlers' | 'on' | 'openedDocuments'>;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How long a one-time code works; at most (and by default) a minute. */
  codeLifetimeMs?: number;
  /** The page asked for a new link (its code expired or was used): show it where only this user sees it, never in the answer. */
  printLink(link: string): void;
  /**
   * A code was presented a second time. The code was on the opener's command line, which other users can read:
   * if the person did not open the link twice, someone else may have been first. Tell the person, in the terminal.
   */
  onCodeReused(): void;
}

/** A page may ask for a new link at most this often (anything local can ask; the terminal should not fill up). */
const newLinkIntervalMs = 1000;

const statusOfCode: Record<BridgeErrorCode, number> = {
  'invalid-arguments': 400,
  'unknown-method': 404,
  'not-found': 404,
  'not-cached': 409,
  unauthorised: 401,
  offline: 503,
  throttled: 429,
  'not-chamber-server': 502,
  'no-account': 409,
  'insecure-http': 400,
  internal: 500,
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison (hashing first makes the lengths equal, so length leaks nothing either). */
function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  return timingSafeEqual(digest(candidate), digest(token));
}

function tokenFromProtocols(header: string | string[] | undefined): string | undefined {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((value) => value.trim());
  const protocol = values.find((value) => value.startsWith(browserBridgePaths.tokenProtocolPrefix));
  return protocol?.slice(browserBridgePaths.tokenProtocolPrefix.length);
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

function sendError(reply: FastifyReply, status: number, error: BridgeErrorPayload): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error });
}

export async function startBrowserModeServer(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = randomBytes(32).toString('base64url');
  const codes = new OneTimeCodes(options.codeLifetimeMs);
  const { host } = options;
  let port = 0;
  let lastNewLinkAt = -Infinity;
  const newLink = (): string => `http://127.0.0.1:${port}/#${browserBridgePaths.codeFragment}=${codes.issue()}`;
  const sockets = new Set<WebSocket>();

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });

  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host/Origin.
  app.addHook('onRequest', async (request, reply) => {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const hostHeader = request.headers.host ?? '';
    if (!allowedHosts.includes(hostHeader)) {
      return sendError(reply, 403, { code: 'unauthorised', message: 'Wrong Host header' });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) {
      return sendError(reply, 403, { code: 'unauthorised', message: 'Requests from other origins are refused' });
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Content-Security-Policy', rendererContentSecurityPolicy(port));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, { code: 'invalid-arguments', message: error.message });
    }
    return sendError(reply, 500, { code: 'internal', message: 'The desktop host failed; see its log.' });
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, { code: 'not-found', message: 'No such path' }));

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      // Echo the token protocol back: browsers close a socket whose server picks no offered protocol.
      handleProtocols: (protocols: Set<string>) =>
        [...protocols].find((protocol) => protocol.startsWith(browserBridgePaths.tokenProtocolPrefix)) ?? false,
    },
  });

  const requireToken = async (request: FastifyRequest, reply: FastifyReply, presented: string | undefined): Promise<void> => {
    if (presented === undefined || presented === '') {
      await sendError(reply, 401, { code: 'unauthorised', message: 'The bridge token is missing' });
    } else if (!tokenMatches(presented, token)) {
      await sendError(reply, 403, { code: 'unauthorised', message: 'The bridge token is wrong' });
    }
    void request;
  };

  // The page trades the code from its address for the token; the Host/Origin hook above applies here too.
  app.post(browserBridgePaths.exchange, async (request, reply) => {
    const parsed = BrowserCodeExchange.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, { code: 'invalid-arguments', message: 'Send { "code": "<the code from the link>" }' });
    const redemption = codes.redeem(parsed.data.code);
    if (redemption === 'already-used') options.onCodeReused();
    if (redemption !== 'valid') {
      return sendError(reply, 403, { code: 'unauthorised', message: 'This link has expired or was already used; ask for a new one.' });
    }
    return reply.header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send({ token });
  });

  // Needs no token (whoever asks has lost it); the new code goes to the terminal, not to the asker.
  app.post(browserBridgePaths.newLink, async (_request, reply) => {
    const now = Date.now();
    if (now - lastNewLinkAt < newLinkIntervalMs) return sendError(reply, 429, { code: 'throttled', message: 'A new link was printed a moment ago' });
    lastNewLinkAt = now;
    options.printLink(newLink());
    return reply.code(202).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send({ printed: true });
  });

  app.post<{ Params: { method: string } }>(
    '/bridge/invoke/:method',
    {
      onRequest: async (request, reply) => requireToken(request, reply, headerValue(request.headers[browserBridgePaths.tokenHeader])),
    },
    async (request, reply) => {
      try {
        const result = await dispatchBridgeCall(host.handlers, request.params.method, fromBridgeJson(request.body));
        reply.header('Cache-Control', 'no-store');
        if (result instanceof Uint8Array) {
          return reply.type('application/octet-stream').send(Buffer.from(result.buffer, result.byteOffset, result.byteLength));
        }
        return reply.type('application/json; charset=utf-8').send({ result: toBridgeJson(result) });
      } catch (error) {
        if (error instanceof BridgeError) return sendError(reply, statusOfCode[error.code], error.toPayload());
        request.log.error(error);
        return sendError(reply, 500, { code: 'internal', message: 'The desktop host failed; see its log.' });
      }
    },
  );

  // Opened documents for pdf.js (which sends the token through its `httpHeaders`), with byte ranges.
  app.get<{ Params: { handle: string } }>(
    `${openedDocumentPathPrefix}:handle`,
    { onRequest: async (request, reply) => requireToken(request, reply, headerValue(request.headers[browserBridgePaths.tokenHeader])) },
    async (request, reply) => {
      const answer = await host.openedDocuments.respond(request.params.handle, {
        range: headerValue(request.headers.range),
        ifRange: headerValue(request.headers['if-range']),
      });
      return reply.code(answer.status).headers(answer.headers).send(answer.body ?? '');
    },
  );

  app.get(
    browserBridgePaths.events,
    {
      websocket: true,
      onRequest: async (request, reply) => requireToken(request, reply, tokenFromProtocols(request.headers['sec-websocket-protocol'])),
    },
    (socket) => {
      sockets.add(socket);
      const unsubscribes = bridgeEventNames.map((event) =>
        host.on(event, (payload) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload: toBridgeJson(payload) }));
        }),
      );
      // The renderer only listens; anything it sends is ignored.
      socket.on('message', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        for (const unsubscribe of unsubscribes) unsubscribe();
      });
    },
  );

  await app.register(fastifyStatic, {
    root: options.rendererDir,
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
    etag: true,
    setHeaders: (response) => response.header('Cache-Control', 'no-cache'),
  });

  // Every TCP connection, upgraded or not: a refused WebSocket upgrade leaves its socket outside
  // the HTTP server's bookkeeping, and close() would wait for it forever.
  const connections = new Set<Socket>();
  app.server.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The browser-mode server has no TCP address');
  port = address.port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    newLink,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      const closed = app.close();
      for (const connection of connections) connection.destroy();
      await closed;
    },
  };
}
