/**
 * The desktop mirror against a plain HTTP client, over loopback, with a real
 * server and a real host process. Bounded in count and time; every temp
 * folder and process it makes is removed at the end.
 *
 * 1. Initial sync: 17 distinct agenda packs (pdfunite of the shared corpus,
 *    each with its own title page, ~14 MB each, >= 200 MB in all) published in
 *    one meeting; a fresh host (member) syncs them all, then the same files are
 *    fetched one by one with `fetch` and written to disk. Both go through the
 *    same unthrottled loopback relay, so they pay the same hop.
 * 2. Incremental sync: one pack replaced by a new version and republished;
 *    the bytes the host moved (counted at the relay) against the new file.
 * 3. Search latency: the packs' page text (read by the host's own extractor,
 *    stored by its own index module) in the mirror, then `search.query`
 *    through the bridge for a few hundred real words.
 *
 * Prints:
 *   mirror.initial_sync_total_mb, mirror.initial_sync_mb_s, mirror.plain_http_mb_s,
 *   mirror.initial_sync_ratio (goal >= 0.8),
 *   mirror.incremental_bytes, mirror.incremental_doc_bytes, mirror.incremental_ratio (goal <= 1.05),
 *   mirror.fts_pages, mirror.fts_p50_ms, mirror.fts_p95_ms (goal p95 < 20 ms)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { MeetingDetail, MeetingSummary, SearchResults, SyncStatus } from '../common/bridge.ts';
import { authoredBytes, createAuthoringDocument } from '../common/node/pdf-authoring.ts';
import { AgendaDocument, AgendaItem, Committee, Meeting, MeetingDetailResponse, apiPaths } from '../common/wire.ts';
import { extractPageTexts } from '../electron/host/search/extract-text.ts';
import { SearchIndex } from '../electron/host/search/search-index.ts';
import { openSqlite } from '../electron/host/sqlite.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { corpusPath } from '../tests/support/corpus.ts';
import { demoPassword, waitFor } from '../tests/support/host-council.ts';
import { type HostProcess, callBridge, latestSeq, startHostProcess, waitUntilSynced } from '../tests/support/host-process.ts';
import { type ServerProcess, startServerProcess } from '../tests/support/server-process.ts';
import { type TcpRelay, startTcpRelay } from '../tests/support/tcp-relay.ts';

const PACK_COUNT = 17;
const MIN_TOTAL_BYTES = 200_000_000;
const FTS_QUERIES = 240;
const SYNC_TIMEOUT_MS = 180_000;

/**
 * Each pack: the well-formed corpus papers, the byte-heavy ones repeated, so a
 * pack is ~14 MB in ~600 pages (the server reads every page's text on upload,
 * which is what takes time here) and 17 packs still hold > 10,000 pages.
 */
const PACK_PAPERS: Array<[file: string, copies: number]> = [
  ['pdfjs_freeculture_352pp.pdf', 1],
  ['kent_county-council_budget-amendments-pack_2025-02-13.pdf', 2],
  ['pdfjs_tracemonkey.pdf', 3],
  ['chi_ssa21-lincoln-square_minutes_2018-01-29.pdf', 4],
  ['chi_police-district-council-001_notice-agenda_2023-06-06.pdf', 4],
  ['ca_hermosa-beach_city-council_agenda_2023-01-10.pdf', 2],
  ['kent_county-council_agenda-frontsheet_2025-02-13.pdf', 1],
  ['kent_county-council_printed-minutes_2025-02-13.pdf', 1],
  ['lametro_board-rules-procedures.pdf', 1],
  ['lametro_board_agenda_test.pdf', 1],
  ['ca_ladwp_board-of-commissioners_agenda.pdf', 1],
  ['ca_la-habra-heights_city-council_agenda.pdf', 1],
  ['epa_planning-commission_minutes_2020-01-27.pdf', 1],
];
const PACK_PARTS = PACK_PAPERS.flatMap(([file, copies]) => Array.from({ length: copies }, () => file));

const run = promisify(execFile);
const note = (line: string): void => void process.stderr.write(`# ${line}\n`);
const mb = (bytes: number): number => bytes / 1e6;

interface Pack {
  file: string;
  titleFile: string;
  /** Title page first, then the corpus papers in pack order. */
  parts: string[];
  size: number;
}

async function titlePage(file: string, title: string): Promise<void> {
  const doc = createAuthoringDocument({ title, author: 'Chamber benchmark', language: 'en-GB', tagged: false });
  doc.addPage({ size: [595, 842], margin: 50 });
  doc.fontSize(14).text(title, 50, 62, { lineBreak: false, baseline: 'alphabetic' });
  writeFileSync(file, await authoredBytes(doc));
}

/** A pack distinct from every other: its own title page and its own rotation of the papers. */
async function makePack(dir: string, name: string, rotation: number): Promise<Pack> {
  const titleFile = path.join(dir, `${name}-title.pdf`);
  await titlePage(titleFile, `Agenda pack ${name} (${randomUUID()})`);
  const papers = PACK_PARTS.map((_, i) => corpusPath(PACK_PARTS[(i + rotation) % PACK_PARTS.length] as string));
  const file = path.join(dir, `${name}.pdf`);
  // pdfunite complains about the corpus's odd-but-readable xrefs on stderr; the output is fine.
  await run('pdfunite', [titleFile, ...papers, file], { maxBuffer: 16 * 1024 * 1024 });
  return { file, titleFile, parts: [titleFile, ...papers], size: readFileSync(file).byteLength };
}

async function makePacks(dir: string): Promise<Pack[]> {
  const packs: Pack[] = [];
  // Two at a time: this machine has two cores.
  for (let i = 0; i < PACK_COUNT; i += 2) {
    const batch = [i, i + 1].filter((n) => n < PACK_COUNT);
    packs.push(...(await Promise.all(batch.map((n) => makePack(dir, `pack-${String(n + 1).padStart(2, '0')}`, n)))));
  }
  return packs;
}

interface PublishedPacks {
  clerk: ApiClient;
  meeting: Meeting;
  item: AgendaItem;
  documents: AgendaDocument[];
}

async function publishPacks(server: ServerProcess, packs: Pack[]): Promise<PublishedPacks> {
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const committee = z.array(Committee).parse(await clerk.get(apiPaths.committees)).find((c) => c.name === 'Planning Committee');
  if (!committee) throw new Error('The demo council has no Planning Committee');
  const meeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, {
      committeeId: committee.id,
      title: 'Planning Committee (mirror benchmark)',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      venue: 'Council Chamber',
    }),
  );
  const item = AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Agenda packs' }));
  const documents: AgendaDocument[] = [];
  for (const [index, pack] of packs.entries()) {
    const query = new URLSearchParams({ name: `Agenda pack ${index + 1}`, kind: 'report' });
    documents.push(AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?${query}`, readFileSync(pack.file))));
  }
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda packs published' });
  return { clerk, meeting, item, documents };
}

/** Every current document the member can see, once per file. */
async function visibleFiles(member: ApiClient): Promise<Array<{ sha256: string; size: number }>> {
  const files = new Map<string, number>();
  for (const meeting of z.array(Meeting).parse(await member.get(apiPaths.meetings))) {
    const detail = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
    for (const doc of detail.documents) files.set(doc.sha256, doc.size);
  }
  return [...files].map(([sha256, size]) => ({ sha256, size }));
}

/** The plain-HTTP peer: one GET after another, each body written to a file as it arrives (no hashing, no fsync). */
async function plainDownload(baseUrl: string, token: string, files: Array<{ sha256: string }>, dir: string): Promise<{ bytes: number; seconds: number }> {
  let bytes = 0;
  const begin = performance.now();
  for (const file of files) {
    const response = await fetch(new URL(apiPaths.documentContent(file.sha256), baseUrl), { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200 || !response.body) throw new Error(`plain download of ${file.sha256} failed: ${response.status}`);
    const handle = await open(path.join(dir, `${file.sha256}.pdf`), 'w');
    try {
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        await handle.write(chunk.value);
        bytes += chunk.value.byteLength;
      }
    } finally {
      await handle.close();
    }
  }
  return { bytes, seconds: (performance.now() - begin) / 1000 };
}

/** Polls closely (the sync takes seconds) until the host is online, caught up and has nothing left to download. */
async function waitForFullCache(host: HostProcess, seq: number): Promise<{ status: SyncStatus; at: number }> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const status = await callBridge<SyncStatus>(host, 'sync.status').catch(() => null);
    const at = performance.now();
    if (status && status.lastSeq >= seq && status.pendingDocuments === 0 && status.connection === 'online') return { status, at };
    if (Date.now() > deadline) throw new Error(`host did not finish its initial sync; last ${JSON.stringify(status)}\n${host.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Fails unless every document of every mirrored meeting says it is cached (verified). */
async function assertAllCached(host: HostProcess): Promise<number> {
  let count = 0;
  for (const summary of await callBridge<MeetingSummary[]>(host, 'meetings.list')) {
    const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: summary.meeting.id });
    for (const item of detail.items) {
      for (const doc of item.documents) {
        if (!doc.cached) throw new Error(`document ${doc.id} (${doc.name}) is not cached`);
        count += 1;
      }
    }
  }
  return count;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Real words from the packs' text, in a fixed pseudo-random order, some as two-word queries. */
function queriesFrom(pageTexts: string[][], count: number): string[] {
  const words = new Set<string>();
  for (const pages of pageTexts) for (const page of pages) for (const word of page.match(/\p{L}{4,}/gu) ?? []) words.add(word.toLowerCase());
  const vocabulary = [...words].sort();
  let seed = 12345;
  const next = (): string => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return vocabulary[seed % vocabulary.length] as string;
  };
  return Array.from({ length: count }, (_, i) => (i % 4 === 3 ? `${next()} ${next()}` : next()));
}

async function measureSearch(host: HostProcess, queries: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const query of queries) {
    const begin = performance.now();
    await callBridge<SearchResults>(host, 'search.query', { query, limit: 30 });
    times.push(performance.now() - begin);
  }
  return times.sort((a, b) => a - b);
}

const tempDirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

let server: ServerProcess | null = null;
let relay: TcpRelay | null = null;
let host: HostProcess | null = null;
try {
  const packDir = tempDir('chamber-bench-packs-');
  let phase = performance.now();
  const packs = await makePacks(packDir);
  const packBytes = packs.reduce((sum, pack) => sum + pack.size, 0);
  note(`${packs.length} packs, ${mb(packBytes).toFixed(1)} MB, made in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
  if (packBytes < MIN_TOTAL_BYTES) throw new Error(`packs total only ${packBytes} bytes`);

  server = await startServerProcess({ seed: 'demo', logLevel: 'warn' });
  tempDirs.push(server.dataDir);
  phase = performance.now();
  const published = await publishPacks(server, packs);
  note(`published in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
  relay = await startTcpRelay(Number(new URL(server.url).port), Infinity);

  // (b) first, so the host's background text indexing cannot take CPU from it.
  const memberPassword = demoPassword(server.dataDir, 'member');
  const member = await ApiClient.login(relay.url, 'member', memberPassword);
  const files = await visibleFiles(member);
  const plain = await plainDownload(relay.url, member.token ?? '', files, tempDir('chamber-bench-plain-'));
  note(`plain HTTP: ${files.length} files, ${mb(plain.bytes).toFixed(1)} MB in ${plain.seconds.toFixed(2)} s`);

  // (a) a fresh host; its sync starts with its first connection to the relay.
  relay.resetTraffic();
  const seq = await latestSeq(server.url);
  const spawnedAt = performance.now();
  host = await startHostProcess({ serverUrl: relay.url, username: 'member', password: memberPassword });
  const synced = await waitForFullCache(host, seq);
  const firstConnection = relay.traffic().firstConnectionAt ?? spawnedAt;
  const syncSeconds = (synced.at - firstConnection) / 1000;
  const cachedDocuments = await assertAllCached(host);
  note(`host: process start to first request ${((firstConnection - spawnedAt) / 1000).toFixed(2)} s (not counted)`);
  note(`host: ${cachedDocuments} documents, ${mb(synced.status.cachedBytes).toFixed(1)} MB cached and verified in ${syncSeconds.toFixed(2)} s`);
  if (synced.status.cachedBytes !== plain.bytes) note(`WARNING: host cached ${synced.status.cachedBytes} bytes, plain peer fetched ${plain.bytes}`);
  const oursRate = mb(synced.status.cachedBytes) / syncSeconds;
  const plainRate = mb(plain.bytes) / plain.seconds;
  console.log(`mirror.initial_sync_total_mb = ${mb(synced.status.cachedBytes).toFixed(1)} MB`);
  console.log(`mirror.initial_sync_mb_s = ${oursRate.toFixed(1)} MB/s`);
  console.log(`mirror.plain_http_mb_s = ${plainRate.toFixed(1)} MB/s`);
  console.log(`mirror.initial_sync_ratio = ${(oursRate / plainRate).toFixed(2)} x ours/plain`);

  // 2. Replace one pack and republish; count what crosses the relay until the host has it.
  const replaced = published.documents[0]!;
  const newVersion = await makePack(packDir, 'pack-01-v2', 7);
  relay.resetTraffic();
  const query = new URLSearchParams({ name: replaced.name, kind: 'report', replaces: replaced.id });
  const newDoc = AgendaDocument.parse(await published.clerk.uploadPdf(`${apiPaths.itemDocuments(published.item.id)}?${query}`, readFileSync(newVersion.file)));
  await published.clerk.post(apiPaths.publish(published.meeting.id), { changeNote: 'Pack 1 replaced' });
  await waitUntilSynced(host, await latestSeq(server.url), SYNC_TIMEOUT_MS);
  const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: published.meeting.id });
  const mirrored = detail.items.flatMap((item) => item.documents).find((doc) => doc.id === newDoc.id);
  if (!mirrored?.cached) throw new Error('the new version is not cached after the incremental sync');
  const moved = relay.traffic();
  const movedBytes = moved.bytesToServer + moved.bytesFromServer;
  note(`incremental: ${moved.bytesFromServer} bytes from the server, ${moved.bytesToServer} to it`);
  console.log(`mirror.incremental_bytes = ${movedBytes} B`);
  console.log(`mirror.incremental_doc_bytes = ${newDoc.size} B`);
  console.log(`mirror.incremental_ratio = ${(movedBytes / newDoc.size).toFixed(3)} x moved/doc`);

  // 3. The packs' text into the mirror's index (reading 10,000 pages in the host would take minutes here).
  await host.stop();
  phase = performance.now();
  const textOf = new Map<string, string[]>();
  for (const part of new Set([...packs, newVersion].flatMap((pack) => pack.parts))) {
    const extracted = await extractPageTexts(part);
    if (!extracted.ok) throw new Error(`could not read the text of ${part}: ${extracted.message}`);
    textOf.set(part, extracted.pages);
  }
  const packOfDocument = new Map<string, Pack>([...published.documents.slice(1).map((doc, i) => [doc.id, packs[i + 1]!] as const), [newDoc.id, newVersion]]);
  const db = openSqlite(host.mirrorPath);
  let ftsPages = 0;
  const pageTexts: string[][] = [];
  try {
    const index = new SearchIndex(db);
    const now = new Date().toISOString();
    const shas = new Map((db.prepare('SELECT id, sha256 FROM documents').all() as Array<{ id: string; sha256: string }>).map((row) => [row.id, row.sha256]));
    for (const [documentId, pack] of packOfDocument) {
      const pages = pack.parts.flatMap((part) => textOf.get(part) ?? []);
      index.record(documentId, shas.get(documentId) ?? '', { state: 'indexed', pages }, now);
      pageTexts.push(pages);
    }
    ftsPages = (db.prepare('SELECT count(*) AS n FROM document_pages_fts').get() as { n: number }).n;
  } finally {
    db.close();
  }
  note(`search: ${ftsPages} pages indexed in ${((performance.now() - phase) / 1000).toFixed(1)} s (text read by the host's extractor)`);

  host = await startHostProcess({ serverUrl: relay.url, username: 'member', password: memberPassword, dataDir: host.dataDir });
  const running = host;
  // The demo meetings' own papers are small; let the host's indexer finish them so it does not share the CPU.
  await waitFor(
    async () => ((await callBridge<SearchResults>(running, 'search.query', { query: 'council', limit: 1 })).pendingDocuments === 0 ? true : undefined),
    () => 'search index caught up',
    120_000,
  );
  const queries = queriesFrom(pageTexts, FTS_QUERIES);
  await measureSearch(host, queries.slice(0, 20)); // warm-up, not counted
  const times = await measureSearch(host, queries);
  console.log(`mirror.fts_pages = ${ftsPages} pages`);
  console.log(`mirror.fts_p50_ms = ${percentile(times, 50).toFixed(2)} ms`);
  console.log(`mirror.fts_p95_ms = ${percentile(times, 95).toFixed(2)} ms`);
} finally {
  await host?.stop();
  await relay?.close();
  await server?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  if (host) rmSync(host.dataDir, { recursive: true, force: true });
}
