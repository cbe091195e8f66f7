/**
 * Turning the reader's text selection on a page into a highlight: plain DOM
 * code, apart from React and the annotation state. A highlight keeps its
 * rectangles in PDF space, its quote and a little text either side (to
 * re-anchor it in a later version of the document).
 */
import type { PageViewport } from 'pdfjs-dist';
import type { Annotation } from '../../../common/annotations.ts';
import { selectionRects, toPdfRect } from './geometry.ts';

/** What a page tells the annotation state about itself while it is drawn. */
export interface PageGeometry {
  viewport: PageViewport;
  pageElement: HTMLElement;
  textLayer: HTMLElement;
}

/** A highlight to create: everything but what the annotation state fills in (id, author, colour, times). */
export type NewHighlight = Omit<Extract<Annotation, { kind: 'highlight' }>, 'id' | 'colour' | 'authorId' | 'authorName' | 'createdAt' | 'updatedAt'>;

/** The highlight `selection` makes when it lies on one drawn page; null when there is none. */
export function highlightOfSelection(selection: Selection | null, pages: ReadonlyMap<number, PageGeometry>): NewHighlight | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const pageElement = (range.startContainer.parentElement ?? null)?.closest<HTMLElement>('.pdf-page');
  const pageNumber = Number(pageElement?.dataset.pageNumber);
  const geometry = pages.get(pageNumber);
  if (!geometry || !geometry.pageElement.contains(range.endContainer)) return null;
  const quote = selection.toString().replace(/\s+/g, ' ').trim();
  const rects = selectionRects(range.getClientRects(), geometry.pageElement.getBoundingClientRect()).map((rect) =>
    toPdfRect(geometry.viewport, rect),
  );
  if (!quote || rects.length === 0) return null;
  return { kind: 'highlight', page: pageNumber, rects, quote, ...surroundings(geometry.textLayer, range) };
}

/** Up to 40 characters of the page's text either side of the selection, to re-anchor it later. */
function surroundings(textLayer: HTMLElement, range: Range): { prefix: string; suffix: string } {
  const before = document.createRange();
  before.setStart(textLayer, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.setStart(range.endContainer, range.endOffset);
  after.setEnd(textLayer, textLayer.childNodes.length);
  return { prefix: before.toString().slice(-40), suffix: after.toString().slice(0, 40) };
}
