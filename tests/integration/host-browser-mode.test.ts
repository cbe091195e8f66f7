/**
 * Browser mode's loopback transport is reachable by any local process and any
 * web page the user opens, so it must refuse everything but our own page:
 * token on every call and on the events socket, exact Host and Origin
 * (DNS rebinding), no CORS, a strict CSP, and clear errors for bad input.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import WebSocket from 'ws';
import { browserBridgePaths } from '../../common/bridge.ts';
import { demoPassword } from '../support/host-council.ts';
import { startHostProcess } from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be anything (fetch would fix them). */
function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: !options.headers?.host },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function errorCode(response: RawResponse): string | undefined {
  return (JSON.parse(response.body) as { error?: { code?: string } }).error?.code;
}

function assertNoCors(response: RawResponse): void {
  const cors = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
  assert.deepEqual(cors, [], 'no CORS headers');
}

/** Opens the events socket; resolves with the socket, or with the HTTP status it was refused with. */
function openEvents(port: number, protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${browserBridgePaths.events}`, protocols, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

test('browser mode refuses everything but its own page', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());
  const { port, token } = host;
  const ourOrigin = `http://127.0.0.1:${port}`;
  const invoke = (method: string, headers: Record<string, string>, body = '{}') =>
    rawRequest(port, { method: 'POST', path: `/bridge/invoke/${method}`, headers: { 'content-type': 'application/json', ...headers }, body });

  await t.test('its one-time code is traded for a 32-byte token', () => {
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  await t.test('a call with the token and our own Host/Origin works', async () => {
    const response = await invoke('session.get', { [browserBridgePaths.tokenHeader]: token, origin: ourOrigin });
    assert.equal(response.status, 200, response.body);
    const session = (JSON.parse(response.body) as { result: { serverUrl: string; embeddedServer: boolean } }).result;
    assert.equal(session.embeddedServer, false);
    assertNoCors(response);
    const viaLocalhost = await invoke('sync.status', { [browserBridgePaths.tokenHeader]: token, host: `localhost:${port}`, origin: `http://localhost:${port}` });
    assert.equal(viaLocalhost.status, 200, viaLocalhost.body);
  });

  await t.test('missing or wrong token is refused', async () => {
    const missing = await invoke('meetings.list', {});
    assert.equal(missing.status, 401);
    assert.equal(errorCode(missing), 'unauthorised');
    const wrong = await invoke('meetings.list', { [browserBridgePaths.tokenHeader]: `${token.slice(0, -1)}x` });
    assert.equal(wrong.status, 403);
    assert.equal(errorCode(wrong), 'unauthorised');
    assertNoCors(wrong);
  });

  await t.test('a foreign Host (DNS rebinding) is refused, even with the token', async () => {
    for (const hostHeader of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const call = await invoke('meetings.list', { [browserBridgePaths.tokenHeader]: token, host: hostHeader });
      assert.equal(call.status, 403, `Host ${hostHeader}`);
      const page = await rawRequest(port, { path: '/', headers: { host: hostHeader } });
      assert.equal(page.status, 403, `page with Host ${hostHeader}`);
    }
  });

  await t.test('a foreign Origin is refused, and there are no CORS headers', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, 'null']) {
      const call = await invoke('meetings.list', { [browserBridgePaths.tokenHeader]: token, origin });
      assert.equal(call.status, 403, `Origin ${origin}`);
      assertNoCors(call);
    }
    const preflight = await rawRequest(port, {
      method: 'OPTIONS',
      path: '/bridge/invoke/meetings.list',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.ok(preflight.status >= 400, `preflight refused (${preflight.status})`);
    assertNoCors(preflight);
  });

  await t.test('bad input gets a clear error', async () => {
    const auth = { [browserBridgePaths.tokenHeader]: token };
    const invalid = await invoke('meeting.get', auth, JSON.stringify({ meetingId: 42 }));
    assert.equal(invalid.status, 400);
    assert.equal(errorCode(invalid), 'invalid-arguments');
    const extra = await invoke('meetings.list', auth, JSON.stringify({ surprise: true }));
    assert.equal(extra.status, 400);
    assert.equal(errorCode(extra), 'invalid-arguments');
    const notJson = await invoke('meetings.list', auth, '{not json');
    assert.equal(notJson.status, 400);
    assert.equal(errorCode(notJson), 'invalid-arguments');
    const unknown = await invoke('files.delete', auth);
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown), 'unknown-method');
  });

  await t.test('the page is served with a strict CSP', async () => {
    const page = await rawRequest(port, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.body, /<html/i);
    assert.equal(
      page.headers['content-security-policy'],
      `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; ` +
        `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assertNoCors(page);
  });

  await t.test('the events socket needs the token and our Origin, and echoes the protocol', async () => {
    const protocol = browserBridgePaths.tokenProtocolPrefix + token;
    assert.equal(await openEvents(port, []), 401);
    assert.equal(await openEvents(port, [`${browserBridgePaths.tokenProtocolPrefix}wrong`]), 403);
    assert.equal(await openEvents(port, [protocol], { origin: 'http://evil.example' }), 403);

    const socket = await openEvents(port, [protocol], { origin: ourOrigin });
    assert.ok(socket instanceof WebSocket);
    t.after(() => socket.terminate());
    assert.equal(socket.protocol, protocol);
    const event = new Promise<{ event: string; payload: unknown }>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { event: string; payload: unknown };
        if (message.event === 'sync.status') resolve(message);
      }),
    );
    const syncNow = await invoke('sync.now', { [browserBridgePaths.tokenHeader]: token });
    assert.equal(syncNow.status, 200, syncNow.body);
    const received = await event;
    assert.equal(typeof (received.payload as { lastSeq: number }).lastSeq, 'number');
  });
});
