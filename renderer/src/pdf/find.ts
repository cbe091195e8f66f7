/**
 * Find in document: each page's text (pdf.js `getTextContent`, cached per
 * document), the matches of a query page by page, and marking them on a
 * rendered page's text layer. Page text is the text items joined in order,
 * with a space where an item ends a line, exactly as the text layer lays
 * them out (a span per item, a <br> per line end), so the n-th match on a page
 * is the n-th match in its text layer.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

export interface FindMatch {
  pageNumber: number;
  /** Which match on its page (0-based). */
  indexOnPage: number;
}

const pageTexts = new WeakMap<PDFDocumentProxy, Map<number, Promise<string>>>();

export function pageText(pdf: PDFDocumentProxy, pageNumber: number): Promise<string> {
  let texts = pageTexts.get(pdf);
  if (!texts) {
    texts = new Map();
    pageTexts.set(pdf, texts);
  }
  let text = texts.get(pageNumber);
  if (!text) {
    text = (async () => {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      let joined = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        joined += item.str;
        if (item.hasEOL) joined += ' ';
      }
      return joined;
    })();
    // A page that fails to give its text is searched as empty rather than failing the whole search.
    text = text.catch(() => '');
    texts.set(pageNumber, text);
  }
  return text;
}

/** Start offsets of every (case-insensitive, non-overlapping) occurrence of `query` in `text`. */
export function matchOffsets(text: string, query: string): number[] {
  const needle = query.toLocaleLowerCase();
  if (!needle) return [];
  const haystack = text.toLocaleLowerCase();
  const offsets: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

/**
 * Searches every page in order, reporting matches as pages are done so the
 * first ones can be shown at once. Stops when `signal` aborts.
 */
export async function findInDocument(
  pdf: PDFDocumentProxy,
  query: string,
  signal: AbortSignal,
  onProgress: (matches: FindMatch[], pagesSearched: number) => void,
): Promise<void> {
  const matches: FindMatch[] = [];
  let reportedAt = 0;
  for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber += 1) {
    const text = await pageText(pdf, pageNumber);
    if (signal.aborted) return;
    matchOffsets(text, query).forEach((_, indexOnPage) => matches.push({ pageNumber, indexOnPage }));
    // Reporting every page would re-render the viewer hundreds of times for a long pack.
    if (pageNumber === pdf.numPages || pageNumber - reportedAt >= 16 || (matches.length > 0 && reportedAt === 0)) {
      reportedAt = pageNumber;
      onProgress([...matches], pageNumber);
    }
  }
}

const matchClass = 'find-match';
const activeClass = 'find-match--active';

/**
 * Marks every occurrence of `query` in a rendered text layer with <mark>, the
 * `activeIndex`-th one as the current match, and returns that one's element.
 */
export function highlightMatches(textLayer: HTMLElement, query: string, activeIndex: number): HTMLElement | null {
  clearHighlights(textLayer);
  if (!query) return null;
  // Leaf text nodes and line ends in layout order, with their offsets in the page text.
  const pieces: { node: Text | null; start: number; length: number }[] = [];
  let text = '';
  const walker = textLayer.ownerDocument.createTreeWalker(textLayer, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text) {
      pieces.push({ node, start: text.length, length: node.data.length });
      text += node.data;
    } else if (node instanceof HTMLBRElement) {
      text += ' ';
    }
  }
  let active: HTMLElement | null = null;
  const offsets = matchOffsets(text, query);
  // Wrap from the last match backwards so earlier offsets stay valid while text nodes are split.
  for (let index = offsets.length - 1; index >= 0; index -= 1) {
    const start = offsets[index] ?? 0;
    const end = start + query.length;
    for (let p = pieces.length - 1; p >= 0; p -= 1) {
      const piece = pieces[p];
      if (!piece?.node || piece.start >= end || piece.start + piece.length <= start) continue;
      const from = Math.max(start, piece.start) - piece.start;
      const to = Math.min(end, piece.start + piece.length) - piece.start;
      const mark = wrapRange(piece.node, from, to);
      mark.className = index === activeIndex ? `${matchClass} ${activeClass}` : matchClass;
      if (index === activeIndex) {
        // Said, not only shown: the current match is the one the reader (or a screen reader) is taken to.
        mark.setAttribute('aria-current', 'true');
        active = mark;
      }
    }
  }
  return active;
}

export function clearHighlights(textLayer: HTMLElement): void {
  for (const mark of textLayer.querySelectorAll(`mark.${matchClass}`)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

/** Wraps characters [from, to) of a text node in a <mark>; the node keeps the text before `from`. */
function wrapRange(node: Text, from: number, to: number): HTMLElement {
  const middle = node.splitText(from);
  middle.splitText(to - from);
  const mark = node.ownerDocument.createElement('mark');
  middle.replaceWith(mark);
  mark.append(middle);
  return mark;
}
