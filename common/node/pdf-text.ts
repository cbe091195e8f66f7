/**
 * The text of each page of a PDF file, read with pdf.js's legacy build (the
 * one that runs in Node). The server reads an upload's text to check and index
 * it; the host reads its cached papers for its own search index. Both run
 * this in a worker thread (pdf-worker-queue.ts), which bounds the time.
 */
import { readFile } from 'node:fs/promises';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextOptions {
  /**
   * How text items that do not end a line are joined: 'as-given' keeps pdf.js's items as they are (pdf.js gives
   * most gaps between words as items of their own); 'spaced' puts a space after each item and folds runs of
   * blanks, so two words in separate items never run together.
   */
  spacing: 'as-given' | 'spaced';
  /** Give up on the first error in the file rather than read what pdf.js can of a damaged one. */
  stopAtErrors: boolean;
}

/** One string per page, trimmed. Throws pdf.js's error when it cannot read the file (a `PasswordException` when encrypted). */
export async function readPdfPageTexts(file: string, options: PdfTextOptions): Promise<string[]> {
  const data = new Uint8Array(await readFile(file));
  const task = getDocument({
    data,
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: options.stopAtErrors,
  });
  const gap = options.spacing === 'spaced' ? ' ' : '';
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : gap) : '')).join('');
      pages.push((options.spacing === 'spaced' ? text.replace(/[ \t]+/g, ' ') : text).trim());
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
