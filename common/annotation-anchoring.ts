/**
 * Carrying annotations forward to a new version of a document: highlights
 * re-anchor by their quoted text in the new version's text (the old page
 * first, then outwards), notes and ink keep their page and coordinates when
 * that page exists. Whatever cannot be placed is returned marked `unplaced`,
 * never dropped.
 *
 * Text is matched with all whitespace removed: a selection's text and pdf.js's
 * text items split lines and words differently, the characters do not change.
 */
import { carriedAnnotationId, type Annotation, type PdfRect } from './annotations.ts';

/** One text item of a page, as pdf.js's `getTextContent()` gives it (user space). */
export interface AnchorTextItem {
  str: string;
  /** [a, b, c, d, e, f]: the text's transform in PDF user space. */
  transform: readonly number[];
  width: number;
  height: number;
}

export interface AnchorPageText {
  /** 1-based. */
  page: number;
  items: readonly AnchorTextItem[];
}

export interface QuoteMatch {
  page: number;
  rects: PdfRect[];
}

interface PageIndex {
  /** The page's characters with whitespace removed. */
  text: string;
  /** For each character of `text`: its item and its index in the item's string. */
  origin: Array<{ item: number; char: number }>;
}

const whitespace = /\s/u;

function squeeze(text: string): string {
  return text.replace(/\s+/gu, '');
}

function indexPage(items: readonly AnchorTextItem[]): PageIndex {
  let text = '';
  const origin: PageIndex['origin'] = [];
  items.forEach((item, itemIndex) => {
    for (let char = 0; char < item.str.length; char += 1) {
      const c = item.str[char]!;
      if (whitespace.test(c)) continue;
      text += c;
      origin.push({ item: itemIndex, char });
    }
  });
  return { text, origin };
}

/** Every start index of `needle` in `haystack`. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** How many characters of `a`'s end equal `b`'s end (or starts, with `fromStart`). */
function commonLength(a: string, b: string, fromStart: boolean): number {
  let n = 0;
  while (n < a.length && n < b.length) {
    const x = fromStart ? a[n] : a[a.length - 1 - n];
    const y = fromStart ? b[n] : b[b.length - 1 - n];
    if (x !== y) break;
    n += 1;
  }
  return n;
}

/** The bounding box, in user space, of characters [from, to) of one text item. */
function itemRect(item: AnchorTextItem, from: number, to: number): PdfRect {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  const length = Math.max(1, item.str.length);
  const start = (item.width * from) / length;
  const end = (item.width * to) / length;
  // Unit vectors along and across the text direction; the box reaches a little below the baseline.
  const along = Math.hypot(a, b) || 1;
  const across = Math.hypot(c, d) || 1;
  const [ux, uy] = [a / along, b / along];
  const [vx, vy] = [c / across, d / across];
  const height = item.height || across;
  const corners = [
    [start, -0.2 * height],
    [end, -0.2 * height],
    [start, height],
    [end, height],
  ].map(([s, h]) => [e + ux * s! + vx * h!, f + uy * s! + vy * h!] as const);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function rectsFor(index: PageIndex, items: readonly AnchorTextItem[], start: number, length: number): PdfRect[] {
  const spans = new Map<number, { from: number; to: number }>();
  for (let i = start; i < start + length; i += 1) {
    const { item, char } = index.origin[i]!;
    const span = spans.get(item);
    if (span) span.to = char + 1;
    else spans.set(item, { from: char, to: char + 1 });
  }
  return [...spans].map(([item, { from, to }]) => itemRect(items[item]!, from, to));
}

/** Pages in the order to search them: the old page, then its neighbours outwards. */
export function searchOrder(nearPage: number, pageCount: number): number[] {
  const order: number[] = [];
  const start = Math.min(Math.max(1, nearPage), pageCount);
  for (let distance = 0; order.length < pageCount; distance += 1) {
    if (start - distance >= 1 && distance > 0) order.push(start - distance);
    if (start + distance <= pageCount) order.push(start + distance);
    if (start - distance < 1 && start + distance > pageCount) break;
  }
  return order;
}

/**
 * Finds `quote` in the pages' text, near `nearPage` first; among several
 * matches on one page the one whose surroundings best fit `prefix`/`suffix`.
 */
export function findQuote(
  pages: readonly AnchorPageText[],
  quote: string,
  nearPage: number,
  context: { prefix?: string; suffix?: string } = {},
): QuoteMatch | null {
  const needle = squeeze(quote);
  if (!needle) return null;
  const byPage = new Map(pages.map((page) => [page.page, page]));
  const pageCount = Math.max(0, ...pages.map((page) => page.page));
  const prefix = squeeze(context.prefix ?? '');
  const suffix = squeeze(context.suffix ?? '');
  for (const pageNumber of searchOrder(nearPage, pageCount)) {
    const page = byPage.get(pageNumber);
    if (!page) continue;
    const index = indexPage(page.items);
    let found = occurrences(index.text, needle);
    let caseless = false;
    if (found.length === 0) {
      found = occurrences(index.text.toLocaleLowerCase(), needle.toLocaleLowerCase());
      caseless = true;
    }
    // Lower-casing may change lengths in rare scripts; then the indices cannot be trusted.
    if (found.length === 0 || (caseless && index.text.toLocaleLowerCase().length !== index.text.length)) continue;
    let best = found[0]!;
    let bestScore = -1;
    for (const at of found) {
      const score =
        commonLength(index.text.slice(Math.max(0, at - prefix.length), at), prefix, false) +
        commonLength(index.text.slice(at + needle.length, at + needle.length + suffix.length), suffix, true);
      if (score > bestScore) [best, bestScore] = [at, score];
    }
    return { page: pageNumber, rects: rectsFor(index, page.items, best, needle.length) };
  }
  return null;
}

export interface CarryForwardPlan {
  /** Annotations for the new version, under their carried ids; `unplaced` marks those that could not be placed. */
  annotations: Annotation[];
  unplaced: Annotation[];
}

/**
 * Plans carrying one layer's annotations from `fromDocumentId` to a version
 * with `pages` (its text) and `pageCount` pages. Replies follow their target.
 */
export function planCarryForward(
  annotations: readonly Annotation[],
  fromDocumentId: string,
  pages: readonly AnchorPageText[],
  pageCount: number,
  now: string,
): CarryForwardPlan {
  const carried = new Map<string, Annotation>();
  for (const annotation of annotations) {
    const base: Annotation = {
      ...annotation,
      id: carriedAnnotationId(annotation.id, fromDocumentId),
      carriedFrom: { documentId: fromDocumentId, annotationId: annotation.id },
      updatedAt: now,
    };
    delete base.unplaced;
    if (annotation.unplaced) {
      carried.set(annotation.id, { ...base, unplaced: true });
    } else if (base.kind === 'highlight') {
      const match = findQuote(pages, base.quote, base.page, base);
      carried.set(annotation.id, match ? { ...base, page: match.page, rects: match.rects } : { ...base, unplaced: true });
    } else {
      carried.set(annotation.id, annotation.page <= pageCount ? base : { ...base, unplaced: true });
    }
  }
  // A reply or comment lives where its target lives now.
  for (const [oldId, annotation] of carried) {
    if (annotation.kind !== 'note' || annotation.replyTo === null) continue;
    const target = carried.get(annotation.replyTo);
    if (!target) continue;
    const moved: Annotation = { ...annotation, replyTo: target.id, page: target.page };
    if (target.unplaced) moved.unplaced = true;
    else delete moved.unplaced;
    carried.set(oldId, moved);
  }
  const result = [...carried.values()];
  return { annotations: result, unplaced: result.filter((annotation) => annotation.unplaced) };
}
