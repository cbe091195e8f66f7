/**
 * What a reader's PDF viewer sees of a generated PDF, read with pdf.js's
 * legacy build (as common/node/pdf-text.ts does): the text of every page,
 * the outline (bookmarks), the roles in the structure tree (headings, lists,
 * tables), the document title and language, and the page count.
 */
import { getDocument, Util, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface InspectedPdf {
  pageCount: number;
  /** Every page's text, pages joined by a newline, words separated by spaces. */
  text: string;
  /** Top-level outline entries, in order. */
  outline: string[];
  /** Every role in the structure trees of all pages (H1, H2, P, L, LI, Table, TH, TD…), once each. */
  structureRoles: Set<string>;
  title: string | null;
  language: string | null;
}

interface StructNode {
  role?: string;
  children?: StructNode[];
}

function collectRoles(node: StructNode | null, into: Set<string>): void {
  if (!node) return;
  if (node.role) into.add(node.role);
  for (const child of node.children ?? []) collectRoles(child, into);
}

export async function inspectPdf(bytes: Uint8Array): Promise<InspectedPdf> {
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    const structureRoles = new Set<string>();
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ' '}` : '')).join('').replace(/[ \t]+/g, ' '));
      collectRoles((await page.getStructTree()) as StructNode | null, structureRoles);
      page.cleanup();
    }
    const outline = ((await pdf.getOutline()) ?? []).map((entry) => entry.title);
    const metadata = await pdf.getMetadata();
    const info = metadata.info as { Title?: string; Language?: string };
    return { pageCount: pdf.numPages, text: pages.join('\n'), outline, structureRoles, title: info.Title ?? null, language: info.Language ?? null };
  } finally {
    await task.destroy();
  }
}

/**
 * What one page of a PDF shows in its bottom-right corner (as shown: rotation applied), where an agenda
 * pack prints its page number, and the page's label (what a viewer calls the page).
 */
export async function pageCorner(bytes: Uint8Array, pageNumber: number): Promise<{ cornerTexts: string[]; label: string | null; text: string }> {
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true });
  try {
    const pdf = await task.promise;
    const page = await pdf.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const shown = content.items.flatMap((item) => ('str' in item ? [{ str: item.str, at: Util.transform(viewport.transform, item.transform) as number[] }] : []));
    const cornerTexts = shown.filter(({ str, at }) => str.trim() !== '' && at[4]! > viewport.width * 0.75 && at[5]! > viewport.height * 0.9).map(({ str }) => str.trim());
    const labels = await pdf.getPageLabels();
    return { cornerTexts, label: labels?.[pageNumber - 1] ?? null, text: shown.map(({ str }) => str).join(' ') };
  } finally {
    await task.destroy();
  }
}
