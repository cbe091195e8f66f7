import type { FastifyRequest } from 'fastify';
import { browserBridgePaths } from '../../common/bridge.ts';
import { bearerToken } from './context.ts';

const TOKEN_PROTOCOL = new RegExp(`^${browserBridgePaths.tokenProtocolPrefix.replace('.', '\\.')}([A-Za-z0-9_-]{20,200})$`);

/** The token of a WebSocket upgrade: `Authorization: Bearer` or the subprotocol `chamber-token.<token>` (browsers cannot set headers). */
export function liveFeedToken(request: FastifyRequest): string | null {
  const fromHeader = bearerToken(request);
  if (fromHeader) return fromHeader;
  const offered = request.headers['sec-websocket-protocol'];
  for (const protocol of (offered ?? '').split(',')) {
    const match = TOKEN_PROTOCOL.exec(protocol.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}

/** ws must answer with one of the offered subprotocols or clients fail the handshake: echo the token protocol. */
export function selectTokenProtocol(protocols: Set<string>): string | false {
  for (const protocol of protocols) if (TOKEN_PROTOCOL.test(protocol)) return protocol;
  return false;
}
