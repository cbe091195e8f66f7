/**
 * The live change-feed WebSocket. For the mirror it only tells the sync engine
 * *that* something changed: every poke (or changes) triggers an HTTP catch-up,
 * so the mirror advances strictly in feed order. It also carries the session
 * state of the meeting this host follows (`follow-session`), which is handed
 * over as it is, already validated.
 */
import WebSocket from 'ws';
import { LiveFeedMessage, apiPaths, type LiveFeedClientMessage, type MeetingSessionState } from '../../../common/wire.ts';
import { UnauthorisedError, ServerUnavailableError } from './authority-client.ts';

/** Sends a message on the open socket (dropped when it is not open: the next open sends what matters again). */
export type LiveFeedSend = (message: LiveFeedClientMessage) => void;

export interface LiveFeedHandlers {
  onOpen(send: LiveFeedSend): void;
  onPoke(): void;
  onSession(meetingId: string, state: MeetingSessionState): void;
}

/** Connects and resolves when the socket closes (with the reason as an error, or null if closed by us). */
export function runLiveFeed(serverUrl: string, token: string, handlers: LiveFeedHandlers, signal: AbortSignal): Promise<Error | null> {
  const url = new URL(apiPaths.changesLive, serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 15_000 });
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearInterval(heartbeat);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(error);
    };
    const onAbort = (): void => finish(null);
    signal.addEventListener('abort', onAbort);
    // A silently dropped connection (laptop lid, Wi-Fi) is noticed by a missing pong.
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return finish(new ServerUnavailableError('The live feed stopped answering'));
      alive = false;
      socket.ping();
    }, 20_000);
    socket.on('pong', () => {
      alive = true;
    });
    const send: LiveFeedSend = (message) => {
      if (!settled && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    socket.on('open', () => handlers.onOpen(send));
    socket.on('message', (data) => {
      alive = true;
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const parsed = LiveFeedMessage.safeParse(message);
      if (!parsed.success) return;
      if (parsed.data.type === 'session') handlers.onSession(parsed.data.meetingId, parsed.data.state);
      else handlers.onPoke();
    });
    socket.on('unexpected-response', (_request, response) => {
      finish(
        response.statusCode === 401
          ? new UnauthorisedError('The live feed refused the session token')
          : new ServerUnavailableError(`The live feed answered HTTP ${response.statusCode}`),
      );
    });
    socket.on('error', (error) => finish(new ServerUnavailableError(`Live feed: ${error.message}`)));
    socket.on('close', () => finish(new ServerUnavailableError('The live feed closed')));
    if (signal.aborted) finish(null);
  });
}
