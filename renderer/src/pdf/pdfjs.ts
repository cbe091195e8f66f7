/**
 * pdf.js set up for untrusted council PDFs: no eval, no XFA, no scripting (we
 * never load the scripting sandbox), the worker shipped from our own origin.
 */
import {
  GlobalWorkerOptions,
  PasswordResponses,
  getDocument,
  type PDFDocumentLoadingTask,
} from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Called when the file is encrypted; call `submit` with the password to continue. */
export type PasswordRequest = (submit: (password: string) => void, previousWasWrong: boolean) => void;

export function openPdf(bytes: Uint8Array, onPassword: PasswordRequest): PDFDocumentLoadingTask {
  const task = getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    // Broken-but-readable files (bad xref, odd structure) should still show what can be shown.
    stopAtErrors: false,
  });
  task.onPassword = (submit: (password: string) => void, reason: number) =>
    onPassword(submit, reason === PasswordResponses.INCORRECT_PASSWORD);
  return task;
}

/** Largest canvas we allow, in device pixels: keeps memory bounded at high zoom on dense screens. */
export const maxCanvasPixels = 4096 * 4096;

/** The device-pixel scale for a page of this CSS size, capped so the canvas stays under maxCanvasPixels. */
export function canvasOutputScale(cssWidth: number, cssHeight: number, devicePixelRatio: number): number {
  const areaCap = Math.sqrt(maxCanvasPixels / Math.max(1, cssWidth * cssHeight));
  return Math.max(0.1, Math.min(devicePixelRatio || 1, areaCap));
}
