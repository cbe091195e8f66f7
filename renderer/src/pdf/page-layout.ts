/**
 * Where every page of the continuous view sits, computed rather than read
 * from the DOM.
 *
 * Why: only the pages near the view are in the DOM (a window of a dozen, not
 * a thousand placeholders). A thousand page boxes made every layout of the
 * app cost 10–20 ms, and pdf.js adding a font (several per page) lays out the
 * whole document again, so a jump to page 900 painted at half speed. With the
 * positions known here, finding the current page or the pages in view is a
 * binary search, with no layout read at all.
 */
import type { Rotation } from './zoom.ts';

export interface PageSize {
  width: number;
  height: number;
}

export const samePageSize = (a: PageSize, b: PageSize): boolean => a.width === b.width && a.height === b.height;

/** A page's size as shown after the user's rotation (a quarter turn swaps its sides). */
export function turnedSize(size: PageSize, rotation: Rotation): PageSize {
  return rotation % 180 === 0 ? size : { width: size.height, height: size.width };
}

export interface PageLayout {
  /** Per page (index = page number - 1), in CSS pixels from the top of the pages' area. */
  tops: Float64Array;
  widths: Float64Array;
  heights: Float64Array;
  /** The area's height and width (the widest page). */
  totalHeight: number;
  maxWidth: number;
}

/** Space between pages, and above the page a jump lands on. */
export const pageGap = 16;

/** Lays out `pageCount` pages, each at its size at scale 1 times `scale`, turned by the user's rotation. */
export function layOutPages(pageCount: number, sizeAtScaleOne: (pageNumber: number) => PageSize, scale: number, rotation: Rotation): PageLayout {
  const tops = new Float64Array(pageCount);
  const widths = new Float64Array(pageCount);
  const heights = new Float64Array(pageCount);
  let top = 0;
  let maxWidth = 0;
  for (let index = 0; index < pageCount; index += 1) {
    const size = turnedSize(sizeAtScaleOne(index + 1), rotation);
    const width = Math.floor(size.width * scale);
    const height = Math.floor(size.height * scale);
    tops[index] = top;
    widths[index] = width;
    heights[index] = height;
    top += height + pageGap;
    maxWidth = Math.max(maxWidth, width);
  }
  return { tops, widths, heights, totalHeight: Math.max(0, top - pageGap), maxWidth };
}

/** The last page whose top is at or above `y` (page 1 above the first). */
export function pageAtOffset(layout: PageLayout, y: number): number {
  let low = 0;
  let high = layout.tops.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((layout.tops[middle] as number) <= y) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found + 1;
}

export interface PageRange {
  first: number;
  last: number;
}

/** The pages overlapping the band from `top` to `bottom` (at least one page). */
export function pagesBetween(layout: PageLayout, top: number, bottom: number): PageRange {
  const count = layout.tops.length;
  if (count === 0) return { first: 1, last: 0 };
  let first = pageAtOffset(layout, top);
  // The page found starts above the band; if it also ends above it, the band begins in the gap after it.
  const index = first - 1;
  if (first < count && (layout.tops[index] as number) + (layout.heights[index] as number) <= top) first += 1;
  const last = Math.max(first, pageAtOffset(layout, bottom));
  return { first, last };
}

export const sameRange = (a: PageRange, b: PageRange): boolean => a.first === b.first && a.last === b.last;
