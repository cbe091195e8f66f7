/**
 * Our agenda-pack viewer against pdf.js's stock `web/pdf_viewer` (PDFViewer),
 * in the same Chromium, on a 1,056-page pack made at bench time with pdfunite
 * (the corpus's 352-page book three times over).
 *
 * Ours runs the real way: a clerk publishes the pack on a real server, a real
 * host mirrors it, and the browser-mode renderer opens it through the bridge.
 * Stock is served from a loopback static server that answers byte ranges the
 * same way the host does (so it streams and ranges as on a real web server).
 *
 * Fair by construction: the same browser, viewport, view size (stock's
 * container is sized to our page area) and zoom (stock is set to the CSS page
 * width ours chose by fitting the width); each timed open follows a fresh page
 * load (cold document, warm HTTP cache-free files); rounds alternate which
 * viewer goes first and the medians are reported. "Painted" means the page's
 * render finished AND its canvas, checked in the page every animation frame,
 * holds ink (non-white pixels; a note is printed if it was not in view); times are taken in the page with
 * performance.now() from the click (ours) or the open call (stock).
 *
 * Prints:
 *   viewer.ours.first_page_ms, viewer.stock.first_page_ms, viewer.first_page_ms = x ours/stock
 *   viewer.ours.page900_ms, viewer.stock.page900_ms, viewer.page900_ms = x ours/stock
 *   viewer.ours.peak_heap_mb, viewer.stock.peak_heap_mb, viewer.peak_heap_mb = x ours/stock
 * Heap is the page's main-thread JS heap from the DevTools protocol, sampled
 * every 50 ms while scrolling through every page (after a forced GC), not the
 * worker, not canvas memory; the median of the rounds' peaks is reported.
 * CHAMBER_BENCH_ROUNDS (default 7: single rounds vary by a third either way, stock's most) sets the rounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { corpusPath } from '../tests/support/corpus.ts';
import { JUMP_TO, PAGE_COUNT, ROUNDS, chromiumArgs, viewport, type Timings } from './_viewer-harness.ts';
import { Ours, publishPack } from './_viewer-ours.ts';
import { Stock, startStaticServer } from './_viewer-stock.ts';

// ---------------------------------------------------------------- run

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport })).newPage();
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-bench-viewer-'));
const packPath = path.join(workDir, 'pack-1056pp.pdf');
const book = corpusPath('pdfjs_freeculture_352pp.pdf');
execFileSync('pdfunite', [book, book, book, packPath]);
process.stderr.write(`# pack: ${(statSync(packPath).size / 1e6).toFixed(1)} MB, ${PAGE_COUNT} pages; ${ROUNDS} rounds; load ${os.loadavg()[0]?.toFixed(2)}\n`);

const { serverStop, host } = await publishPack(packPath);
const { server: staticServer, origin } = await startStaticServer(packPath);
const browser = await chromium.launch({ executablePath: process.env.CHAMBER_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const ours = new Ours(await newPage(browser), host);
  const cssPageWidth = await ours.warmUp();
  const area = await ours.scrollArea();
  const stock = new Stock(await newPage(browser), origin, area, cssPageWidth);
  await stock.warmUp();
  process.stderr.write(`# view ${Math.round(area.width)}×${Math.round(area.height)} CSS px, page width ${Math.round(cssPageWidth)} CSS px\n`);

  const runs = { ours: [] as Timings[], stock: [] as Timings[] };
  const heaps = { ours: [] as number[], stock: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate who goes first, so neither always meets a busier machine.
    const order = round % 2 === 0 ? (['ours', 'stock'] as const) : (['stock', 'ours'] as const);
    for (const who of order) {
      const timings = who === 'ours' ? await ours.timed() : await stock.timed();
      runs[who].push(timings);
      process.stderr.write(`# round ${round + 1} ${who}: first page ${timings.firstPageMs.toFixed(0)} ms, page ${JUMP_TO} ${timings.page900Ms.toFixed(0)} ms\n`);
    }
    // The heap peak depends on when the garbage collector happens to run, so it is taken every round too.
    for (const who of order) {
      const peak = who === 'ours' ? await ours.peakHeap() : await stock.peakHeap();
      heaps[who].push(peak);
      process.stderr.write(`# round ${round + 1} ${who}: peak heap ${peak.toFixed(1)} MB\n`);
    }
  }

  const line = (name: string, value: number, unit: string) =>
    console.log(`viewer.${name} = ${value.toFixed(unit === 'ms' ? 0 : unit === 'MB' ? 1 : 2)} ${unit}`);
  const figures: Array<[string, (who: 'ours' | 'stock') => number, string]> = [
    ['first_page_ms', (who) => median(runs[who].map((run) => run.firstPageMs)), 'ms'],
    ['page900_ms', (who) => median(runs[who].map((run) => run.page900Ms)), 'ms'],
    ['peak_heap_mb', (who) => median(heaps[who]), 'MB'],
  ];
  for (const [name, pick, unit] of figures) {
    line(`ours.${name}`, pick('ours'), unit);
    line(`stock.${name}`, pick('stock'), unit);
    line(name, pick('ours') / Math.max(pick('stock'), 1e-9), 'x ours/stock');
  }
} finally {
  await browser.close();
  staticServer.closeAllConnections();
  staticServer.close();
  await host.stop();
  await serverStop();
  rmSync(workDir, { recursive: true, force: true });
}
