/**
 * What the Yjs benchmarks (annotations, minutes) share: y-websocket clients
 * in this process, the bare y-websocket peer server in its own process
 * (_bare-yjs-server.ts), and percentiles.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface YjsClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** A y-websocket provider over `ws`; with a token, signed in to our server as that session. */
export function connectYjs(serverBase: string, docName: string, token: string | null): YjsClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverBase, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    protocols: token ? [`chamber-token.${token}`] : [],
    disableBc: true,
  });
  return { doc, provider };
}

export function synced(client: YjsClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.provider.synced) return resolve();
    client.provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
}

export function closeYjs(client: YjsClient): void {
  client.provider.destroy();
  client.doc.destroy();
}

/** The bare y-websocket server (no authentication, no persistence) on a free loopback port: its ws:// base and how to stop it. */
export async function startBareYjsServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '_bare-yjs-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited (${code}) before listening`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    base: `ws://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The p-th percentile (nearest rank) of ascending samples. */
export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
