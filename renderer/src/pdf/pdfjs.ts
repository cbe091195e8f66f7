/**
 * pdf.js set up for untrusted council PDFs: no eval, no XFA, no scripting (we
 * never load the scripting sandbox), the worker shipped from our own origin.
 */
import {
  GlobalWorkerOptions,
  PasswordResponses,
  PDFWorker,
  getDocument,
  type PageViewport,
  type PDFDocumentLoadingTask,
  type PDFPageProxy,
} from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { Rotation } from './zoom.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Where a PDF comes from: bytes in memory (a local file), or a URL the host serves with byte ranges. */
export type PdfSource =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'url'; url: string; length: number; httpHeaders: Readonly<Record<string, string>> };

/** Called when the file is encrypted; call `submit` with the password to continue. */
export type PasswordRequest = (submit: (password: string) => void, previousWasWrong: boolean) => void;

/**
 * One worker for every document, started before the first is opened: starting it (loading and
 * compiling ~1 MB of script) would otherwise stand between a click and the first page.
 */
let sharedWorker: PDFWorker | null = null;
export function pdfWorker(): PDFWorker {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}

// Start the worker once the app has loaded and is idle, well before a reader picks a document.
if (typeof window !== 'undefined') {
  const start = () => void pdfWorker();
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 500);
}

/**
 * The document pdf.js loads PDF fonts into and in which pages are drawn: a hidden same-origin frame
 * (pdf.js's `ownerDocument`), not the app's own document.
 *
 * Why: every font added to a document's font set makes the browser restyle, re-lay out and repaint
 * that whole document, since the font might apply to any of its text. pdf.js adds several fonts per
 * page; in the app's document each one redid the toolbar, the agenda and the text layers in view,
 * on the main thread and in the compositor, while the reader waited for the page. The frame has
 * nothing to redo. A canvas draws text with the fonts of the document that made it, so pages are
 * drawn on canvases made here (`drawingCanvas`), then moved into the app, which keeps their pixels.
 */
let drawingFrame: HTMLIFrameElement | null = null;
export function pdfDrawingDocument(): Document {
  const current = drawingFrame?.isConnected ? drawingFrame.contentDocument : null;
  if (current) return current;
  const frame = document.createElement('iframe');
  frame.className = 'pdf-drawing-frame';
  frame.title = 'PDF drawing surface';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  document.body.append(frame);
  drawingFrame = frame;
  // about:blank: same origin and the same Content-Security-Policy as the app; usable at once.
  return frame.contentDocument ?? document;
}

/** A canvas that draws with the fonts pdf.js loaded (see `pdfDrawingDocument`). */
export function drawingCanvas(): HTMLCanvasElement {
  return pdfDrawingDocument().createElement('canvas');
}

/**
 * Bytes asked of the host per range request. The file is on this machine, so a request costs a round
 * trip, not bandwidth: bigger pieces than pdf.js's 64 KiB default mean fewer trips before page 1.
 */
export const rangeChunkSize = 512 * 1024;

/** Where the build puts pdf.js's WebAssembly decoders (renderer/vite.config.ts), beside index.html. */
const pdfjsWasmDir = 'pdfjs-wasm/';

export function openPdf(source: PdfSource, onPassword: PasswordRequest): PDFDocumentLoadingTask {
  const task = getDocument({
    ...(source.kind === 'bytes'
      ? // pdf.js transfers the buffer to its worker; give it a copy so a re-open still has the bytes.
        { data: source.bytes.slice() }
      : {
          url: source.url,
          length: source.length,
          httpHeaders: { ...source.httpHeaders },
          rangeChunkSize,
          // pdf.js streams the whole file in one response and asks for byte ranges only for what a page
          // needs before the stream gets there. From the host on this machine that measured a little
          // quicker to page 1 than ranges alone, with the file there in full well before a jump.
        }),
    worker: pdfWorker(),
    ownerDocument: pdfDrawingDocument(),
    // JPEG 2000 images (common in scanned papers) decode only with these; JBIG2 ones decode faster.
    wasmUrl: new URL(pdfjsWasmDir, document.baseURI).href,
    isEvalSupported: false,
    enableXfa: false,
    // Broken-but-readable files (bad xref, odd structure) should still show what can be shown.
    stopAtErrors: false,
  });
  task.onPassword = (submit: (password: string) => void, reason: number) =>
    onPassword(submit, reason === PasswordResponses.INCORRECT_PASSWORD);
  return task;
}

/** A page's viewport at `scale`, turned by its own /Rotate and then by the reader's rotation. */
export function turnedViewport(page: PDFPageProxy, scale: number, rotation: Rotation): PageViewport {
  return page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
}

/** Largest canvas we allow, in device pixels: keeps memory bounded at high zoom on dense screens. */
export const maxCanvasPixels = 4096 * 4096;

/** The device-pixel scale for a page of this CSS size, capped so the canvas stays under maxCanvasPixels. */
export function canvasOutputScale(cssWidth: number, cssHeight: number, devicePixelRatio: number): number {
  const areaCap = Math.sqrt(maxCanvasPixels / Math.max(1, cssWidth * cssHeight));
  return Math.max(0.1, Math.min(devicePixelRatio || 1, areaCap));
}
