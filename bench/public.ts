/**
 * The public side under load: the real server process on loopback, a seeded
 * council of 210 meetings and 2,100 papers (bench/_public-council.ts), 50
 * concurrent clients (autocannon), each phase bounded by time.
 *
 * Prints:
 *   public.meeting_page_rps = N req/s      a meeting's public page (ten items, ten papers), 50 clients
 *   public.meeting_page_p99_ms = N ms
 *   public.page_rps_ratio = N x page/static  the page's req/s over the same server's public file route
 *                                          (publicPaths.fileView: from disk, ETag, ranges) serving a
 *                                          paper of exactly the page's size, in the same run — goal ≥ 0.5
 *   public.oparl_list_p99_ms = N ms        a page of the OParl paper list with modified_since, 50 clients — goal ≤ 50 ms
 *   public.ical_ms = N ms                  the whole council's iCalendar feed, built from the record
 *                                          (median of cold builds: each asked under a new Host, so none
 *                                          is answered from the feed cache)
 *
 * The static comparison is a real route of the same server (the public file
 * URL a resident's browser fetches papers from), not a bench-only one: the
 * bench writes a PDF padded to the meeting page's byte size, uploads and
 * publishes it through the clerk's HTTP API, and loads both in alternation.
 * The server runs with a raised per-client rate limit (--rate-limit) so that
 * the load is measured, not refused. The machine's load average is printed
 * on stderr: the figures are only as quiet as the machine.
 */
import { rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import autocannon from 'autocannon';
import { z } from 'zod';
import { A4, authoredBytes, createAuthoringDocument } from '../common/node/pdf-authoring.ts';
import { AgendaDocument, apiPaths } from '../common/wire.ts';
import { publicPaths } from '../collab-server/public/public-paths.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { makeTempDataDir, startServerProcess } from '../tests/support/server-process.ts';
import { BENCH_CLERK, seedBenchCouncil } from './_public-council.ts';

const CONNECTIONS = 50;
const PHASE_SECONDS = 8;
const ROUNDS = 2;
const COLD_FEEDS = 7;

const log = (line: string) => process.stderr.write(`# ${line}\n`);
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

interface Load {
  rps: number;
  p99: number;
  bytes: number;
}

async function load(label: string, url: string, headers: Record<string, string> = {}): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: PHASE_SECONDS, headers });
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors of ${result.requests.total}`);
  const rps = ok / result.duration;
  log(`${label}: ${ok} answers in ${result.duration.toFixed(1)} s = ${rps.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (load ${loadAverage()})`);
  return { rps, p99: result.latency.p99, bytes: result.throughput.total / Math.max(1, ok) };
}

/**
 * A valid one-page PDF (a frame drawn, no text: a font would make it larger
 * than a small page) of exactly `size` bytes. Its Subject is filler (two bytes
 * a character: it is written twice) and the frame's left edge has two or three
 * digits, which sets the last byte.
 */
async function pdfOfSize(size: number): Promise<Uint8Array> {
  const createdAt = new Date('2026-01-01T00:00:00Z');
  const build = async (filler: number, left: 72 | 100) => {
    const doc = createAuthoringDocument({ title: 'Background paper', author: 'Chamber bench', language: 'en-GB', createdAt, compress: false, subject: 'x'.repeat(filler) });
    doc.addPage({ size: A4 }).rect(left, 72, 423, 698).stroke();
    return authoredBytes(doc);
  };
  // Close in on the size with the filler, then try the neighbourhood with either edge (length fields may gain a digit on the way).
  let filler = 1;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const missing = size - (await build(filler, 72)).byteLength;
    if (Math.abs(missing) <= 1) break;
    filler = Math.max(1, filler + Math.trunc(missing / 2));
  }
  for (let nearby = Math.max(1, filler - 4); nearby <= filler + 4; nearby += 1) {
    for (const left of [72, 100] as const) {
      const bytes = await build(nearby, left);
      if (bytes.byteLength === size) return bytes;
    }
  }
  throw new Error(`Could not make a PDF of exactly ${size} bytes`);
}

/** GET under a Host of our choosing (fetch cannot set Host): the feed is then built anew, its cache being per address. */
function timedGet(url: URL, host: string): Promise<{ ms: number; status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { headers: { host } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, bytes }));
    });
    request.on('error', reject);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dataDir = makeTempDataDir('chamber-bench-public-');
log(`load average before seeding: ${loadAverage()} on ${os.cpus().length} cores`);
const seedStarted = performance.now();
const council = await seedBenchCouncil(dataDir);
log(`seeded ${council.meetings} meetings and ${council.papers} papers in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

const server = await startServerProcess({ dataDir, logLevel: 'warn', rateLimitPerMinute: 100_000_000 });
try {
  const meetingUrl = new URL(publicPaths.meeting(council.sampleMeetingId), server.url).href;
  const html = { accept: 'text/html' };
  const pageBytes = async () => {
    const response = await fetch(meetingUrl, { headers: html });
    if (response.status !== 200) throw new Error(`The meeting page answered ${response.status}`);
    return Buffer.from(await response.arrayBuffer()).byteLength;
  };
  const pageSize = await pageBytes();

  // The static file of the same size, published through the clerk's API on another meeting.
  const clerk = await ApiClient.login(server.url, BENCH_CLERK.username, BENCH_CLERK.password);
  const pdf = await pdfOfSize(pageSize);
  const query = new URLSearchParams({ name: 'Background paper.pdf', kind: 'report' });
  const paper = AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(council.spareItemId)}?${query}`, pdf));
  await clerk.post(apiPaths.publish(council.spareMeetingId), { changeNote: 'Background paper' });
  const fileUrl = new URL(publicPaths.fileView(paper.id), server.url).href;
  const file = await fetch(fileUrl);
  const fileSize = Buffer.from(await file.arrayBuffer()).byteLength;
  if (file.status !== 200 || fileSize !== pageSize) throw new Error(`The static file answered ${file.status} with ${fileSize} bytes, not ${pageSize}`);
  if ((await pageBytes()) !== pageSize) throw new Error('The meeting page changed size when another meeting was published');
  log(`meeting page and static file: ${pageSize} bytes each`);

  // Warm both (the page is rendered once per record version), then alternate so that both see the same machine.
  await load('warm-up page', meetingUrl, html);
  await load('warm-up file', fileUrl);
  const pages: Load[] = [];
  const files: Load[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    pages.push(await load(`meeting page, round ${round + 1}`, meetingUrl, html));
    files.push(await load(`static file, round ${round + 1}`, fileUrl));
  }
  const pageRps = pages.reduce((sum, phase) => sum + phase.rps, 0) / pages.length;
  const fileRps = files.reduce((sum, phase) => sum + phase.rps, 0) / files.length;
  const pageP99 = Math.max(...pages.map((phase) => phase.p99));

  // OParl: found the way a client finds it, from the System object.
  const System = z.object({ body: z.string() });
  const BodyList = z.object({ data: z.array(z.object({ paper: z.string() })).min(1) });
  const system = System.parse(await (await fetch(new URL(publicPaths.oparlSystem, server.url))).json());
  const body = BodyList.parse(await (await fetch(system.body)).json()).data[0]!;
  const paperList = new URL(body.paper);
  paperList.searchParams.set('modified_since', '2000-01-01T00:00:00+00:00');
  const PaperPage = z.object({ data: z.array(z.unknown()).min(1), links: z.object({ next: z.string().optional() }) });
  const firstPage = PaperPage.parse(await (await fetch(paperList)).json());
  log(`OParl paper list: ${firstPage.data.length} papers on the first page${firstPage.links.next ? ', more to follow' : ''}`);
  await load('warm-up OParl', paperList.href);
  const oparl = await load('OParl paper list with modified_since', paperList.href);

  // The whole council's feed, built from the record each time.
  const feedUrl = new URL(publicPaths.councilCalendar, server.url);
  const port = feedUrl.port;
  const coldTimes: number[] = [];
  for (let run = 0; run < COLD_FEEDS; run += 1) {
    const answer = await timedGet(feedUrl, `feed-${run}.bench.example:${port}`);
    if (answer.status !== 200) throw new Error(`The council feed answered ${answer.status}`);
    coldTimes.push(answer.ms);
    if (run === 0) log(`council feed: ${answer.bytes} bytes`);
  }
  log(`council feed builds: ${coldTimes.map((ms) => ms.toFixed(1)).join(', ')} ms (load ${loadAverage()})`);
  const warmTimes: number[] = [];
  for (let run = 0; run < COLD_FEEDS; run += 1) warmTimes.push((await timedGet(feedUrl, `feed-0.bench.example:${port}`)).ms);
  log(`council feed from the cache (the same record and address again): median ${median(warmTimes).toFixed(1)} ms`);

  console.log(`public.meeting_page_rps = ${pageRps.toFixed(0)} req/s`);
  console.log(`public.meeting_page_p99_ms = ${pageP99.toFixed(0)} ms`);
  console.log(`public.page_rps_ratio = ${(pageRps / fileRps).toFixed(2)} x page/static`);
  console.log(`public.oparl_list_p99_ms = ${oparl.p99.toFixed(0)} ms`);
  console.log(`public.ical_ms = ${median(coldTimes).toFixed(1)} ms`);
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
