/**
 * Our agenda-pack viewer against pdf.js's stock `web/pdf_viewer` (PDFViewer),
 * in the same Chromium, on a 1,056-page pack made at bench time with pdfunite
 * (the corpus's 352-page book three times over).
 *
 * Ours runs the real way: a clerk publishes the pack on a real server, a real
 * host mirrors it, and the browser-mode renderer opens it through the bridge.
 * Stock is served from a loopback static server. Each viewer opens the pack
 * once to warm up, then is timed on a second open (from "open" to page 1
 * painted) and on a jump to page 900 (to page 900 painted).
 *
 * Prints (times are wall-clock in this process; heap is the page's main-thread
 * JS heap from the DevTools protocol, sampled every 50 ms — not the worker,
 * not canvas memory):
 *   viewer.ours.first_page_ms, viewer.stock.first_page_ms, viewer.first_page_ms = x ours/stock
 *   viewer.ours.page900_ms, viewer.stock.page900_ms, viewer.page900_ms = x ours/stock
 *   viewer.ours.peak_heap_mb, viewer.stock.peak_heap_mb, viewer.peak_heap_mb = x ours/stock
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { apiPaths } from '../common/wire.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { corpusPath, repoRoot } from '../tests/support/corpus.ts';
import { startHostProcess } from '../tests/support/host-process.ts';
import { createUser, startServerProcess } from '../tests/support/server-process.ts';

const JUMP_TO = 900;
const TIMEOUT_MS = 120_000;
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Figures {
  firstPageMs: number;
  page900Ms: number;
  peakHeapMb: number;
}

/** Samples the page's JS heap until stopped; returns the peak in MB. */
async function heapSampler(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await session.send('Performance.getMetrics');
      const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
      peak = Math.max(peak, used);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await session.detach();
    return peak / 1e6;
  };
}

async function timed(action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

// ---------------------------------------------------------------- ours

async function benchOurs(page: Page, packPath: string): Promise<Figures> {
  const server = await startServerProcess();
  const host = { current: null as Awaited<ReturnType<typeof startHostProcess>> | null };
  try {
    await createUser(server.dataDir, { username: 'admin', displayName: 'Admin', password: 'admin-password-bench-1', admin: true });
    const admin = await ApiClient.login(server.url, 'admin', 'admin-password-bench-1');
    const committee = await admin.post<{ id: string }>(apiPaths.adminCommittees, { name: 'Bench' });
    const member = await admin.post<{ id: string }>(apiPaths.adminUsers, { username: 'member', displayName: 'Member', password: 'member-password-bench-1' });
    await admin.put(apiPaths.adminMembership(committee.id, member.id), { role: 'clerk' });
    const clerk = await ApiClient.login(server.url, 'member', 'member-password-bench-1');
    const meeting = await clerk.post<{ id: string }>(apiPaths.meetings, {
      committeeId: committee.id,
      title: 'Bench meeting',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const item = await clerk.post<{ id: string }>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Big pack' });
    await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=pack.pdf&kind=agenda`, readFileSync(packPath));
    await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });
    host.current = await startHostProcess({ serverUrl: server.url, username: 'member', password: 'member-password-bench-1' });
    const url = host.current.url;

    const open = async () => {
      await page.goto(url);
      await page.getByRole('link', { name: /Bench meeting/ }).click();
      await page.getByRole('button', { name: /Big pack/ }).waitFor({ timeout: TIMEOUT_MS });
      return () => page.getByRole('button', { name: /Big pack/ }).click();
    };
    const painted = (pageNumber: number) =>
      page.locator(`.pdf-page[data-page-number="${pageNumber}"] canvas[data-painted="true"]`).waitFor({ timeout: TIMEOUT_MS });

    // Warm-up (also waits for the host to have downloaded the pack).
    await (await open())();
    await painted(1);

    const clickItem = await open();
    const stopHeap = await heapSampler(page);
    const firstPageMs = await timed(async () => {
      await clickItem();
      await painted(1);
    });
    const field = page.getByRole('textbox', { name: /Go to page/ });
    await field.fill(String(JUMP_TO));
    const page900Ms = await timed(async () => {
      await field.press('Enter');
      await painted(JUMP_TO);
    });
    return { firstPageMs, page900Ms, peakHeapMb: await stopHeap() };
  } finally {
    await host.current?.stop();
    await server.stop();
  }
}

// ---------------------------------------------------------------- stock pdf.js viewer

const stockPage = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/pdfjs/web/pdf_viewer.css"></head>
<body style="margin:0">
<div id="viewerContainer" style="position:absolute;inset:0;overflow:auto"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
  const pdfjsLib = await import('/pdfjs/build/pdf.mjs');
  globalThis.pdfjsLib = pdfjsLib;
  pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
  const { EventBus, PDFViewer, PDFLinkService } = await import('/pdfjs/web/pdf_viewer.mjs');
  window.painted = new Set();
  window.openPack = async () => {
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    const viewer = new PDFViewer({ container: document.getElementById('viewerContainer'), eventBus, linkService });
    linkService.setViewer(viewer);
    eventBus.on('pagerendered', (event) => window.painted.add(event.pageNumber));
    eventBus.on('pagesinit', () => { viewer.currentScaleValue = 'page-width'; });
    const pdf = await pdfjsLib.getDocument({ url: '/pack.pdf', isEvalSupported: false }).promise;
    viewer.setDocument(pdf);
    linkService.setDocument(pdf);
    window.viewer = viewer;
  };
  window.ready = true;
</script></body></html>`;

function startStaticServer(packPath: string): Promise<{ server: Server; origin: string }> {
  const pdfjsDir = path.join(repoRoot, 'node_modules', 'pdfjs-dist');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let file: string | null = null;
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(stockPage);
      return;
    }
    if (url.pathname === '/pack.pdf') file = packPath;
    else if (url.pathname.startsWith('/pdfjs/')) {
      const resolved = path.resolve(pdfjsDir, '.' + decodeURIComponent(url.pathname.slice('/pdfjs'.length)));
      if (resolved.startsWith(pdfjsDir + path.sep)) file = resolved;
    }
    try {
      if (!file || !statSync(file).isFile()) throw new Error('not found');
    } catch {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.mjs') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

async function benchStock(page: Page, packPath: string): Promise<Figures> {
  const { server, origin } = await startStaticServer(packPath);
  try {
    const load = async () => {
      await page.goto(origin + '/');
      await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true, null, { timeout: TIMEOUT_MS });
    };
    const painted = (pageNumber: number) =>
      page.waitForFunction((n) => (globalThis as unknown as { painted: Set<number> }).painted.has(n), pageNumber, { timeout: TIMEOUT_MS, polling: 'raf' });
    const openPack = () => page.evaluate(() => (globalThis as unknown as { openPack: () => Promise<void> }).openPack());

    await load(); // warm-up
    await openPack();
    await painted(1);

    await load();
    const stopHeap = await heapSampler(page);
    const firstPageMs = await timed(async () => {
      await openPack();
      await painted(1);
    });
    const page900Ms = await timed(async () => {
      await page.evaluate((n) => {
        (globalThis as unknown as { viewer: { currentPageNumber: number } }).viewer.currentPageNumber = n;
      }, JUMP_TO);
      await painted(JUMP_TO);
    });
    return { firstPageMs, page900Ms, peakHeapMb: await stopHeap() };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

// ---------------------------------------------------------------- run

const workDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-bench-viewer-'));
const packPath = path.join(workDir, 'pack-1056pp.pdf');
const book = corpusPath('pdfjs_freeculture_352pp.pdf');
execFileSync('pdfunite', [book, book, book, packPath]);
process.stderr.write(`# pack: ${(statSync(packPath).size / 1e6).toFixed(1)} MB, 1056 pages\n`);

const browser = await chromium.launch({ executablePath: process.env.CHAMBER_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const viewport = { width: 1280, height: 900 };
  const ours = await benchOurs(await (await browser.newContext({ viewport })).newPage(), packPath);
  const stock = await benchStock(await (await browser.newContext({ viewport })).newPage(), packPath);
  const line = (name: string, value: number, unit: string) => console.log(`viewer.${name} = ${value.toFixed(unit === 'ms' ? 0 : unit === 'MB' ? 1 : 2)} ${unit}`);
  for (const [name, pick, unit] of [
    ['first_page_ms', (f: Figures) => f.firstPageMs, 'ms'],
    ['page900_ms', (f: Figures) => f.page900Ms, 'ms'],
    ['peak_heap_mb', (f: Figures) => f.peakHeapMb, 'MB'],
  ] as const) {
    line(`ours.${name}`, pick(ours), unit);
    line(`stock.${name}`, pick(stock), unit);
    line(name, pick(ours) / Math.max(pick(stock), 1e-9), 'x ours/stock');
  }
} finally {
  await browser.close();
  rmSync(workDir, { recursive: true, force: true });
}
