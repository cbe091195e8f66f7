/**
 * Where a PDF link or outline entry leads: a page in this document, an
 * outside address we are willing to open (http, https, mailto — after the
 * reader confirms), or an address we refuse (javascript:, file:, anything else).
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';

export type LinkTarget =
  | { kind: 'page'; pageNumber: number }
  | { kind: 'external'; url: string }
  | { kind: 'refused'; url: string };

const openableProtocols = new Set(['http:', 'https:', 'mailto:']);

export function classifyUrl(url: string): LinkTarget {
  try {
    const parsed = new URL(url);
    if (openableProtocols.has(parsed.protocol)) return { kind: 'external', url: parsed.href };
  } catch {
    // Not an absolute URL: nothing we could open safely.
  }
  return { kind: 'refused', url };
}

/** The 1-based page an explicit or named destination points at, or null if it leads nowhere. */
export async function destinationPage(pdf: PDFDocumentProxy, dest: unknown): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const ref: unknown = explicit[0];
    if (typeof ref === 'number') return ref + 1;
    if (ref && typeof ref === 'object' && 'num' in ref && 'gen' in ref) {
      return (await pdf.getPageIndex(ref as { num: number; gen: number })) + 1;
    }
    return null;
  } catch {
    return null;
  }
}

/** Outline entries and link annotations carry a `dest` or a `url`; this says where one leads. */
export async function linkTarget(pdf: PDFDocumentProxy, link: { dest?: unknown; url?: string | null; unsafeUrl?: string | null }): Promise<LinkTarget | null> {
  const url = link.url ?? link.unsafeUrl;
  if (url) return classifyUrl(url);
  if (link.dest) {
    const pageNumber = await destinationPage(pdf, link.dest);
    return pageNumber ? { kind: 'page', pageNumber } : null;
  }
  return null;
}

export interface PageLink {
  /** In PDF user space: [x1, y1, x2, y2]. */
  rect: [number, number, number, number];
  target: LinkTarget;
}

/** The link annotations of a page (everything else in the annotation layer is ignored). */
export async function pageLinks(pdf: PDFDocumentProxy, page: PDFPageProxy): Promise<PageLink[]> {
  const annotations = (await page.getAnnotations({ intent: 'display' })) as Array<Record<string, unknown>>;
  const links: PageLink[] = [];
  for (const annotation of annotations) {
    if (annotation.subtype !== 'Link' || !Array.isArray(annotation.rect) || annotation.rect.length !== 4) continue;
    const target = await linkTarget(pdf, {
      dest: annotation.dest,
      url: typeof annotation.url === 'string' ? annotation.url : null,
      unsafeUrl: typeof annotation.unsafeUrl === 'string' ? annotation.unsafeUrl : null,
    });
    if (target) links.push({ rect: annotation.rect as PageLink['rect'], target });
  }
  return links;
}
