/**
 * Shared-annotation propagation on loopback: one writer and 50 connected
 * readers on one annotation layer; the latency from the writer inserting an
 * annotation (a Y.Map shaped like ours) to each reader's Y.Doc applying it.
 *
 * Through OUR server (a real server process: 51 real accounts signed in, all
 * members of the committee, authorisation per message, persistence on) and, in
 * the same run, through a bare y-websocket server (@y/websocket-server's
 * utils, no authentication, no persistence) in its own process. The clients
 * are y-websocket WebsocketProviders over `ws` in this process for both. The
 * two sides take turns in rounds so load drift hits both alike. Each change
 * waits for all readers before the next (closed loop, so this is latency, not
 * queueing). Bounded: ROUNDS × CHANGES_PER_ROUND per side, 5 s per change.
 *
 * Prints:
 *   annotations.ours_p50 = N ms, annotations.ours_p99 = N ms
 *   annotations.bare_p50 = N ms, annotations.bare_p99 = N ms
 *   annotations.p50_ratio = x ours/bare, annotations.p99_ratio = x ours/bare
 */
import * as Y from 'yjs';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName, yjsPaths } from '../common/wire.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { demoPassword, startServerProcess } from '../tests/support/server-process.ts';
import { type YjsClient, closeYjs, connectYjs as connect, percentile, startBareYjsServer, synced } from './_yjs-harness.ts';

const READERS = 50;
const WARMUP = 20;
const ROUNDS = 6;
const CHANGES_PER_ROUND = 60;
const CHANGE_TIMEOUT_MS = 5000;

interface Side {
  name: 'ours' | 'bare';
  writer: YjsClient;
  readers: YjsClient[];
  samples: number[];
}

async function setUpOurs(): Promise<{ side: Side; stop: () => Promise<void> }> {
  const server = await startServerProcess({ seed: 'demo', logLevel: 'warn' });
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  const planning = (await admin.get<Committee[]>(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  const writerApi = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  const [meeting] = await writerApi.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await writerApi.get(apiPaths.meeting(meeting!.id)));
  const docName = yjsDocName.sharedAnnotations(planning.id, detail.documents[0]!.id);
  // Each account costs two scrypt hashes (create, sign in); the server runs them on libuv's 4 threads.
  const tokens: string[] = [];
  const addReader = async (i: number): Promise<void> => {
    const username = `reader${i}`;
    const password = `bench-reader-password-${i}`;
    const user = await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: `Reader ${i}`, password });
    await admin.put(apiPaths.adminMembership(planning.id, user.id), { role: 'member' });
    tokens.push((await ApiClient.login(server.url, username, password)).token!);
  };
  for (let i = 0; i < READERS; i += 4) {
    await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < READERS).map(addReader));
  }
  const base = server.url.replace(/^http/, 'ws') + yjsPaths.base;
  const side: Side = {
    name: 'ours',
    writer: connect(base, docName, writerApi.token!),
    readers: tokens.map((token) => connect(base, docName, token)),
    samples: [],
  };
  return { side, stop: () => server.stop() };
}

async function setUpBare(): Promise<{ side: Side; stop: () => Promise<void> }> {
  const bare = await startBareYjsServer();
  const docName = 'annotations.shared.bench.document';
  const side: Side = {
    name: 'bare',
    writer: connect(bare.base, docName, null),
    readers: Array.from({ length: READERS }, () => connect(bare.base, docName, null)),
    samples: [],
  };
  return { side, stop: bare.stop };
}

/** Sent-at times by annotation id, and each reader's arrivals, recorded from its map observer. */
const sentAt = new Map<string, number>();

function watch(side: Side, pending: Map<string, number>, onAllArrived: (id: string) => void): void {
  for (const reader of side.readers) {
    reader.doc.getMap('annotations').observe((event) => {
      const now = performance.now();
      for (const id of event.keysChanged) {
        const sent = sentAt.get(id);
        if (sent === undefined) continue;
        if (!id.startsWith('warmup-')) side.samples.push(now - sent);
        const left = (pending.get(id) ?? 0) - 1;
        pending.set(id, left);
        if (left === 0) onAllArrived(id);
      }
    });
  }
}

/** An annotation as the viewer stores it: a highlight with its rectangles, quote, author and colour. */
function insertAnnotation(doc: Y.Doc, id: string, n: number): void {
  doc.transact(() => {
    const annotation = new Y.Map<unknown>();
    annotation.set('id', id);
    annotation.set('kind', 'highlight');
    annotation.set('layer', 'shared');
    annotation.set('page', 1 + (n % 30));
    annotation.set('rects', [
      { x: 72, y: 120 + (n % 500), width: 380, height: 14 },
      { x: 72, y: 136 + (n % 500), width: 210, height: 14 },
    ]);
    annotation.set('quote', 'the applicant shall submit a drainage scheme before development begins');
    annotation.set('color', '#f5c518');
    annotation.set('authorId', 'member');
    annotation.set('authorName', 'Cllr Sam Patel');
    annotation.set('createdAt', new Date().toISOString());
    doc.getMap('annotations').set(id, annotation);
  });
}

async function runChanges(side: Side, pending: Map<string, number>, waiters: Map<string, () => void>, prefix: string, count: number, offset: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const id = `${prefix}${side.name}-${offset + i}`;
    pending.set(id, side.readers.length);
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = side.readers.filter((reader) => !reader.doc.getMap('annotations').has(id));
        const states = missing.map((reader) => `connected=${reader.provider.wsconnected} synced=${reader.provider.synced}`);
        reject(new Error(`${side.name}: ${id} did not reach ${missing.length} reader(s) in ${CHANGE_TIMEOUT_MS} ms: ${states.join('; ')}`));
      }, CHANGE_TIMEOUT_MS);
      waiters.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    sentAt.set(id, performance.now());
    insertAnnotation(side.writer.doc, id, offset + i);
    await arrived;
  }
}

// y-websocket adds a process 'exit' listener per provider.
process.setMaxListeners(4 * (READERS + 1) + 10);
const began = performance.now();
const progress = (what: string): boolean => process.stderr.write(`# ${((performance.now() - began) / 1000).toFixed(1)} s: ${what}\n`);
const ours = await setUpOurs();
progress('our server up, 51 accounts signed in');
const bare = await setUpBare();
progress('bare server up');
const sides = [ours.side, bare.side];
try {
  const pending = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  for (const side of sides) {
    watch(side, pending, (id) => {
      waiters.get(id)?.();
      waiters.delete(id);
    });
    await Promise.all([side.writer, ...side.readers].map(synced));
  }
  progress('all clients synced');
  for (const side of sides) await runChanges(side, pending, waiters, 'warmup-', WARMUP, 0);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which side goes first, so neither always follows the other's garbage.
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) await runChanges(side, pending, waiters, '', CHANGES_PER_ROUND, round * CHANGES_PER_ROUND);
    progress(`round ${round + 1} of ${ROUNDS}`);
  }

  const figures = new Map<string, { p50: number; p99: number }>();
  for (const side of sides) {
    const sorted = [...side.samples].sort((a, b) => a - b);
    figures.set(side.name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
    process.stderr.write(`# ${side.name}: ${sorted.length} deliveries (${ROUNDS * CHANGES_PER_ROUND} changes × ${READERS} readers), max ${sorted.at(-1)!.toFixed(2)} ms\n`);
  }
  const o = figures.get('ours')!;
  const b = figures.get('bare')!;
  console.log(`annotations.ours_p50 = ${o.p50.toFixed(2)} ms`);
  console.log(`annotations.ours_p99 = ${o.p99.toFixed(2)} ms`);
  console.log(`annotations.bare_p50 = ${b.p50.toFixed(2)} ms`);
  console.log(`annotations.bare_p99 = ${b.p99.toFixed(2)} ms`);
  console.log(`annotations.p50_ratio = ${(o.p50 / b.p50).toFixed(2)} ours/bare`);
  console.log(`annotations.p99_ratio = ${(o.p99 / b.p99).toFixed(2)} ours/bare`);
} finally {
  for (const side of sides) {
    for (const client of [side.writer, ...side.readers]) closeYjs(client);
  }
  await ours.stop();
  await bare.stop();
}
