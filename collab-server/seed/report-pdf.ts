import {
  A4,
  type AuthoringDocument,
  type AuthoringFont,
  type StructureElement,
  addTagged,
  authoredBytes,
  authoringFonts,
  createAuthoringDocument,
  documentStructure,
  drawArtifact,
  wrapLines,
} from '../../common/node/pdf-authoring.ts';

export interface ReportSection {
  heading: string;
  paragraphs: string[];
}

export interface ReportSpec {
  council: string;
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

const [PAGE_WIDTH, PAGE_HEIGHT] = A4;
const MARGIN = 64;
const BODY_SIZE = 11;
const LEADING = 15;
const TEXT_COLOUR = '#1a1a1a';
const FOOTER_COLOUR = '#595959';

/**
 * Lays out a council report (title block, numbered headings, wrapped
 * paragraphs, "Page n of m" footers), tagged: the title is H1, each section's
 * heading H2, each paragraph P, the footers pagination artifacts.
 */
export async function renderReportPdf(spec: ReportSpec): Promise<Uint8Array> {
  const doc = createAuthoringDocument({
    title: spec.title,
    author: spec.council,
    subject: spec.subtitle,
    language: 'en-GB',
    // Fixed dates keep the bytes (and so the SHA-256) stable between runs.
    createdAt: new Date('2026-01-01T00:00:00Z'),
    bufferPages: true,
  });
  const root = documentStructure(doc);
  const layout = new ReportLayout(doc);
  const width = PAGE_WIDTH - 2 * MARGIN;

  layout.writeBlock(root, 'P', [spec.council.toUpperCase()], authoringFonts.bold, 10, 16);
  layout.writeBlock(root, 'H1', wrapLines(doc, spec.title, authoringFonts.bold, 20, width), authoringFonts.bold, 20, 26);
  layout.writeBlock(root, 'P', wrapLines(doc, spec.subtitle, authoringFonts.regular, 12, width), authoringFonts.regular, 12, 18);
  layout.skip(12);
  spec.sections.forEach((section, index) => addSection(doc, root, layout, section, index + 1));
  addFooters(doc, spec.title);
  root.end();
  return authoredBytes(doc);
}

function addSection(doc: AuthoringDocument, root: StructureElement, layout: ReportLayout, section: ReportSection, number: number): void {
  const width = PAGE_WIDTH - 2 * MARGIN;
  // A heading never sits alone at the foot of a page.
  if (layout.remaining() < 120) layout.newPage();
  layout.skip(8);
  const heading = wrapLines(doc, `${number}. ${section.heading}`, authoringFonts.bold, 13, width);
  layout.writeBlock(root, 'H2', heading, authoringFonts.bold, 13, 19);
  section.paragraphs.forEach((paragraph, p) => {
    const lines = wrapLines(doc, `${number}.${p + 1}  ${paragraph}`, authoringFonts.regular, BODY_SIZE, width);
    layout.writeBlock(root, 'P', lines, authoringFonts.regular, BODY_SIZE, LEADING);
    layout.skip(6);
  });
}

/** "<title> - Page n of m" at the foot of every page, once the page count is known. */
function addFooters(doc: AuthoringDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const footer = `${title} - Page ${index + 1} of ${count}`;
    const text = footer.length > 90 ? `Page ${index + 1} of ${count}` : footer;
    drawArtifact(doc, () => {
      doc.font(authoringFonts.regular).fontSize(8).fillColor(FOOTER_COLOUR);
      doc.text(text, MARGIN, PAGE_HEIGHT - MARGIN / 2, { lineBreak: false, baseline: 'alphabetic' });
    });
  }
}

/** Where the next line goes, measured down from the top margin; lines that would run into the footer go on a new page. */
class ReportLayout {
  private y = MARGIN;

  constructor(private readonly doc: AuthoringDocument) {
    doc.addPage({ size: A4, margin: MARGIN });
  }

  /** PDFKit's page break that closes the open tags on this page and opens them again on the next. */
  newPage(): void {
    this.doc.continueOnNewPage({ size: A4, margin: MARGIN });
    this.y = MARGIN;
  }

  /** Space left above the footer area. */
  remaining(): number {
    return PAGE_HEIGHT - MARGIN - this.y;
  }

  skip(points: number): void {
    this.y += points;
  }

  /** Lines as one structure element of `type` under `parent`, starting on a new page when not even its first line fits. */
  writeBlock(parent: StructureElement, type: string, lines: string[], font: AuthoringFont, size: number, leading: number): void {
    if (!this.fits(leading)) this.newPage();
    addTagged(this.doc, parent, type, () => this.writeLines(lines, font, size, leading));
  }

  private fits(leading: number): boolean {
    return this.y + leading <= PAGE_HEIGHT - MARGIN - 20;
  }

  private writeLines(lines: string[], font: AuthoringFont, size: number, leading: number): void {
    for (const line of lines) {
      if (!this.fits(leading)) this.newPage();
      this.doc.font(font).fontSize(size).fillColor(TEXT_COLOUR);
      this.doc.text(line, MARGIN, this.y + size, { lineBreak: false, baseline: 'alphabetic' });
      this.y += leading;
    }
  }
}
