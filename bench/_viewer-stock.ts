/**
 * The peer of bench/viewer.ts: pdf.js's stock `web/pdf_viewer` (PDFViewer) as
 * its examples set it up, served from a loopback static server that answers
 * byte ranges exactly as our host does.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { answerByteRange } from '../electron/host/documents/byte-ranges.ts';
import { repoRoot } from '../tests/support/corpus.ts';
import {
  JUMP_TO,
  TIMEOUT_MS,
  heapSampler,
  installPaintProbe,
  scrollThroughEveryPage,
  settle,
  stockCanvas,
  waitPainted,
  type Timings,
} from './_viewer-harness.ts';

const stockPage = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/pdfjs/web/pdf_viewer.css"></head>
<body style="margin:0">
<div id="viewerContainer" style="position:absolute;left:0;top:0;overflow:auto"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
  const pdfjsLib = await import('/pdfjs/build/pdf.mjs');
  globalThis.pdfjsLib = pdfjsLib;
  pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
  const { EventBus, PDFViewer, PDFLinkService } = await import('/pdfjs/web/pdf_viewer.mjs');
  window.openPack = async (cssPageWidth) => {
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    const viewer = new PDFViewer({ container: document.getElementById('viewerContainer'), eventBus, linkService });
    linkService.setViewer(viewer);
    eventBus.on('pagerendered', ({ source, error }) => { if (!error) source.div.dataset.benchRendered = 'true'; });
    // Same zoom as ours: page 1 as wide in CSS pixels (pdf_viewer's scale 1 is 96/72 CSS px per point).
    eventBus.on('pagesloaded', () => { window.pagesLoaded = true; });
    eventBus.on('pagesinit', () => {
      const width = viewer.getPageView(0).viewport.rawDims.pageWidth;
      viewer.currentScale = cssPageWidth / (width * 96 / 72);
    });
    const pdf = await pdfjsLib.getDocument({ url: '/pack.pdf', isEvalSupported: false }).promise;
    viewer.setDocument(pdf);
    linkService.setDocument(pdf);
    window.viewer = viewer;
  };
  window.ready = true;
</script></body></html>`;

export function startStaticServer(packPath: string): Promise<{ server: Server; origin: string }> {
  const pdfjsDir = path.join(repoRoot, 'node_modules', 'pdfjs-dist');
  const packSize = statSync(packPath).size;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(stockPage);
      return;
    }
    if (url.pathname === '/pack.pdf') {
      // Byte ranges exactly as our host answers them.
      const answer = answerByteRange({ size: packSize, etag: '"pack"' }, { range: request.headers.range, ifRange: request.headers['if-range']?.toString() });
      response.writeHead(answer.status, answer.headers);
      if (answer.body) createReadStream(packPath, answer.body).pipe(response);
      else response.end();
      return;
    }
    let file: string | null = null;
    if (url.pathname.startsWith('/pdfjs/')) {
      const resolved = path.resolve(pdfjsDir, '.' + decodeURIComponent(url.pathname.slice('/pdfjs'.length)));
      if (resolved.startsWith(pdfjsDir + path.sep)) file = resolved;
    }
    try {
      if (!file || !statSync(file).isFile()) throw new Error('not found');
    } catch {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.mjs') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
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

export class Stock {
  constructor(
    private readonly page: Page,
    private readonly origin: string,
    private readonly area: { width: number; height: number },
    private readonly cssPageWidth: number,
  ) {}

  private async load(): Promise<void> {
    await this.page.goto(this.origin + '/');
    await this.page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true, null, { timeout: TIMEOUT_MS });
    await this.page.evaluate(`(() => {
      const container = document.getElementById('viewerContainer');
      container.style.width = '${this.area.width}px';
      container.style.height = '${this.area.height}px';
    })()`);
    await installPaintProbe(this.page);
  }

  private async open(): Promise<number> {
    const t0 = (await this.page.evaluate(`(() => {
      const start = performance.now();
      window.openPack(${this.cssPageWidth});
      return start;
    })()`)) as number;
    return waitPainted(this.page, stockCanvas(1), t0);
  }

  async warmUp(): Promise<void> {
    await this.load();
    await this.open();
  }

  async timed(): Promise<Timings> {
    await this.load();
    const firstPageMs = await this.open();
    // Jump once the viewer has settled: stock reads every page's size after page 1 and the layout
    // shifts while it does (a jump made meanwhile can land off the page).
    await this.page.waitForFunction('window.pagesLoaded === true', null, { timeout: TIMEOUT_MS });
    await settle();
    const t0 = (await this.page.evaluate(`(() => {
      const start = performance.now();
      window.viewer.currentPageNumber = ${JUMP_TO};
      return start;
    })()`)) as number;
    const page900Ms = await waitPainted(this.page, stockCanvas(JUMP_TO), t0);
    return { firstPageMs, page900Ms };
  }

  async peakHeap(): Promise<number> {
    await this.load();
    await this.open();
    const stop = await heapSampler(this.page);
    await scrollThroughEveryPage(this.page, '#viewerContainer');
    return stop();
  }
}

