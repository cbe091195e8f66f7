/**
 * Between the page as drawn (CSS pixels from the page's top-left corner) and
 * PDF page coordinates, through pdf.js's viewport (which knows the zoom and
 * the rotation), so stored marks stay put at any zoom and rotation.
 */
import type { PageViewport } from 'pdfjs-dist';
import type { PdfPoint, PdfRect } from '../../../common/annotations.ts';

export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function toPdfPoint(viewport: PageViewport, x: number, y: number): PdfPoint {
  const [px = 0, py = 0] = viewport.convertToPdfPoint(x, y);
  return { x: round(px), y: round(py) };
}

export function toScreenPoint(viewport: PageViewport, point: PdfPoint): { x: number; y: number } {
  const [x = 0, y = 0] = viewport.convertToViewportPoint(point.x, point.y);
  return { x, y };
}

export function toPdfRect(viewport: PageViewport, rect: ScreenRect): PdfRect {
  const a = toPdfPoint(viewport, rect.left, rect.top);
  const b = toPdfPoint(viewport, rect.left + rect.width, rect.top + rect.height);
  return [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)];
}

export function toScreenRect(viewport: PageViewport, rect: PdfRect): ScreenRect {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = viewport.convertToViewportRectangle([...rect]);
  return { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

export function rectContains(rect: PdfRect, point: PdfPoint): boolean {
  return point.x >= rect[0] && point.x <= rect[2] && point.y >= rect[1] && point.y <= rect[3];
}

/**
 * A selection's client rectangles, relative to the page, without the empty and
 * page-sized ones, and joined where they touch on one line (pdf.js gives one
 * per text span).
 */
export function selectionRects(clientRects: Iterable<DOMRect>, page: DOMRect): ScreenRect[] {
  const rects: ScreenRect[] = [];
  for (const rect of clientRects) {
    if (rect.width < 1 || rect.height < 1) continue;
    if (rect.width >= page.width * 0.98 && rect.height >= page.height * 0.5) continue;
    const left = Math.max(rect.left, page.left) - page.left;
    const top = Math.max(rect.top, page.top) - page.top;
    const right = Math.min(rect.right, page.right) - page.left;
    const bottom = Math.min(rect.bottom, page.bottom) - page.top;
    if (right - left < 1 || bottom - top < 1) continue;
    rects.push({ left, top, width: right - left, height: bottom - top });
  }
  rects.sort((a, b) => a.top - b.top || a.left - b.left);
  const joined: ScreenRect[] = [];
  for (const rect of rects) {
    const last = joined.at(-1);
    const sameLine = last && Math.abs(last.top - rect.top) < last.height / 2 && Math.abs(last.height - rect.height) < last.height / 2;
    if (last && sameLine && rect.left <= last.left + last.width + 4) {
      const right = Math.max(last.left + last.width, rect.left + rect.width);
      const top = Math.min(last.top, rect.top);
      const bottom = Math.max(last.top + last.height, rect.top + rect.height);
      joined[joined.length - 1] = { left: last.left, top, width: right - last.left, height: bottom - top };
    } else {
      joined.push(rect);
    }
  }
  return joined;
}

/** Two decimals of a PDF unit are far below what anyone can see, and keep the stored JSON small. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
