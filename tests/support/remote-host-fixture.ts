/**
 * A member's desktop host against a council server that is not on this
 * computer, shared by the tests of a spec file: a real authority server
 * (demo council), a relay in front of it that slows or delays its answers as
 * a distant server would, and `npm start -- --server <relay> --user member` in
 * browser mode. Started before the first test, stopped after the last; the
 * tests run in order, in an English locale at 1280×800.
 */
import { test } from '@playwright/test';
import { demoPassword } from './host-council.ts';
import { startHostProcess, type HostProcess } from './host-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { startTcpRelay, type TcpRelay } from './tcp-relay.ts';

export interface RemoteHost {
  server: ServerProcess;
  relay: TcpRelay;
  host: HostProcess;
}

export interface RemoteHostOptions {
  /** Server → host bandwidth (Infinity: unthrottled). */
  bytesPerSecond: number;
  /** How long every answer of the server is held on its way. */
  latencyMs?: number;
  /** Runs against the server before the host starts (e.g. publishing a meeting). */
  prepare?: (server: ServerProcess) => Promise<unknown>;
}

/** Call at the top of a spec file; returns a getter for the running processes. */
export function useRemoteHostPerFile(options: RemoteHostOptions): () => RemoteHost {
  let running: Partial<RemoteHost> = {};
  test.describe.configure({ mode: 'serial' });
  test.use({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const server = await startServerProcess({ seed: 'demo' });
    running.server = server;
    await options.prepare?.(server);
    const relay = await startTcpRelay(Number(new URL(server.url).port), options.bytesPerSecond, options.latencyMs ?? 0);
    running.relay = relay;
    running.host = await startHostProcess({ serverUrl: relay.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  });
  test.afterAll(async () => {
    await running.host?.stop();
    await running.relay?.close();
    await running.server?.stop();
    running = {};
  });
  return () => {
    const { server, relay, host } = running;
    if (!server || !relay || !host) throw new Error('the server, relay or host did not start');
    return { server, relay, host };
  };
}
