/**
 * The host's reading of a cached paper's page texts for its search index
 * (pdf.js through common/node/pdf-text.ts). A paper is already published, so
 * whatever text pdf.js can read of it is indexed, and words are spaced apart.
 */
import { readPdfPageTexts } from '../../../common/node/pdf-text.ts';

export type ExtractedText = { ok: true; pages: string[] } | { ok: false; message: string };

export async function extractPageTexts(file: string): Promise<ExtractedText> {
  try {
    return { ok: true, pages: await readPdfPageTexts(file, { spacing: 'spaced', stopAtErrors: false }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
