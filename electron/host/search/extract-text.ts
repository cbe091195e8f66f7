/**
 * Reads the text of each page of a cached PDF with pdf.js (legacy build, in
 * Node). Runs in the host process but yields between pages, and gives up
 * after a time limit so one odd file cannot hold the indexer for long.
 */
import { readFile } from 'node:fs/promises';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type ExtractedText = { ok: true; pages: string[] } | { ok: false; message: string };

export async function extractPageTexts(file: string, timeoutMs: number, signal: AbortSignal): Promise<ExtractedText> {
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(file));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const task = getDocument({ data, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  const deadline = Date.now() + timeoutMs;
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      if (signal.aborted) return { ok: false, message: 'Stopped' };
      if (Date.now() > deadline) return { ok: false, message: 'Reading the text took too long' };
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').replace(/[ \t]+/g, ' ').trim());
      page.cleanup();
    }
    return { ok: true, pages };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    await task.destroy();
  }
}
