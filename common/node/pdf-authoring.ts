/**
 * New PDF pages are authored with PDFKit, and only here is it set up: the
 * demo council's papers (collab-server/seed/), the agenda pack's front sheet
 * and page numbers (collab-server/pack/) and the minutes' export to come all
 * start from `createAuthoringDocument`, so they share one font, one way of
 * writing metadata and language, and one way of tagging content.
 *
 * The font is Liberation Sans (SIL Open Font License), the copy pdfjs-dist
 * ships in `standard_fonts/`: embedded and subset, as PDF/UA requires, it
 * covers Norwegian and other Latin, Greek and Cyrillic text that the standard
 * 14 fonts' WinAnsi encoding cannot. It is parsed once per process (fontkit,
 * PDFKit's own font engine) and handed to each document parsed, with the
 * glyph data it has read so far: parsing it for every document cost more than
 * the rest of a front sheet.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type AuthoringDocument = PDFKit.PDFDocument;
export type StructureElement = PDFKit.PDFStructureElement;

/** Names the fonts are registered under in every authoring document. */
export const authoringFonts = { regular: 'Chamber-Sans', bold: 'Chamber-Sans-Bold' } as const;
export type AuthoringFont = (typeof authoringFonts)[keyof typeof authoringFonts];

const fontFiles: Record<AuthoringFont, string> = {
  [authoringFonts.regular]: 'LiberationSans-Regular.ttf',
  [authoringFonts.bold]: 'LiberationSans-Bold.ttf',
};

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];

export interface AuthoringOptions {
  title: string;
  author: string;
  subject?: string;
  /** BCP 47 tag of the text's language ('en-GB', 'nb-NO'): screen readers pick their voice by it. */
  language: string;
  /** Fixed for reproducible bytes (the demo seed keeps its papers' SHA-256 stable); otherwise now. */
  createdAt?: Date;
  /** Tagged (structure tree, marked content) unless it is not meant to be read as a document of its own. */
  tagged?: boolean;
  /** Streams compressed (default) or not: tiny streams, like a page number, are smaller and faster left as they are. */
  compress?: boolean;
  /** Keep pages open so that `switchToPage` can add to them (running footers that need the page count). */
  bufferPages?: boolean;
}

let parsedFonts: Map<AuthoringFont, fontkit.Font> | null = null;

/** The fonts, read and parsed once per process (a worker thread has its own). */
function loadFonts(): Map<AuthoringFont, fontkit.Font> {
  if (parsedFonts) return parsedFonts;
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts');
  parsedFonts = new Map(
    Object.entries(fontFiles).map(([name, file]) => {
      const font = fontkit.create(readFileSync(path.join(folder, file)));
      if ('fonts' in font) throw new Error(`${file} is a font collection, not one font`);
      return [name as AuthoringFont, font];
    }),
  );
  return parsedFonts;
}

/**
 * A PDFKit document with Chamber's fonts registered, the title shown in the
 * viewer's title bar, the language set and (by default) tagged. It starts
 * without a page: add pages with the size and margins they need.
 */
export function createAuthoringDocument(options: AuthoringOptions): AuthoringDocument {
  const createdAt = options.createdAt ?? new Date();
  const tagged = options.tagged ?? true;
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: options.bufferPages ?? false,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged,
    lang: options.language,
    displayTitle: tagged,
    info: {
      Title: options.title,
      Author: options.author,
      ...(options.subject ? { Subject: options.subject } : {}),
      Creator: 'Chamber',
      Producer: 'Chamber (PDFKit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  // The name doubles as the family: PDFKit then finds the font again by that string when it switches
  // back after a table cell; without one it keys its cache on the font object and opens the font anew.
  for (const [name, font] of loadFonts()) doc.registerFont(name, font, name);
  doc.font(authoringFonts.regular);
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function authoredBytes(doc: AuthoringDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The root of the structure tree ('Document'): headings, paragraphs and tables are added under it. */
export function documentStructure(doc: AuthoringDocument): StructureElement {
  const root = doc.struct('Document');
  doc.addStructure(root);
  return root;
}

/**
 * Adds a structure element of `type` ('H1', 'P', …) under `parent`; what
 * `draw` puts on the page is its content, page breaks included.
 */
export function addTagged(doc: AuthoringDocument, parent: StructureElement, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, draw));
}

/**
 * Draws something that is not part of the text (page numbers, running
 * footers) as an artifact, which screen readers and reflow skip.
 */
export function drawArtifact(doc: AuthoringDocument, draw: () => void, type: 'Pagination' | 'Layout' = 'Pagination'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Words of `text` broken into lines no wider than `width` in `font` at `size` (a word wider than a line gets a line of its own). */
export function wrapLines(doc: AuthoringDocument, text: string, font: AuthoringFont, size: number, width: number): string[] {
  doc.font(font).fontSize(size);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && doc.widthOfString(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

declare global {
  // What PDFKit 0.20 takes that @types/pdfkit (0.17) does not list: parsed fonts, links to a page (by
  // 0-based index), and tables that tag themselves (Table, TR, TH, TD) under `structParent`.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace PDFKit.Mixins {
    interface PDFAnnotation {
      link(x: number, y: number, w: number, h: number, page: number, option?: AnnotationOption): this;
    }
    interface PDFFont {
      registerFont(name: string, src: fontkit.Font, family?: string): this;
    }
    interface TableOptions {
      structParent?: PDFKit.PDFStructureElement;
    }
    interface CellOptions {
      scope?: 'row' | 'column' | 'both';
    }
  }
}
