import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';

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

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 64;
const BODY_SIZE = 11;
const LEADING = 15;

/** Lays out a council report (title block, numbered headings, wrapped paragraphs, "Page n of m" footers) with pdf-lib. */
export async function renderReportPdf(spec: ReportSpec): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(spec.title);
  pdf.setAuthor(spec.council);
  pdf.setCreator('Chamber demo seed');
  // Fixed dates keep the bytes (and so the SHA-256) stable between runs.
  pdf.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const newPage = () => {
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - MARGIN;
  };
  const writeLines = (lines: string[], font: PDFFont, size: number, leading: number) => {
    for (const line of lines) {
      if (y - leading < MARGIN + 20) newPage();
      page.drawText(line, { x: MARGIN, y: y - size, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= leading;
    }
  };

  writeLines([spec.council.toUpperCase()], bold, 10, 16);
  writeLines(wrap(spec.title, bold, 20, PAGE.width - 2 * MARGIN), bold, 20, 26);
  writeLines(wrap(spec.subtitle, regular, 12, PAGE.width - 2 * MARGIN), regular, 12, 18);
  y -= 12;
  spec.sections.forEach((section, index) => {
    if (y < MARGIN + 120) newPage();
    y -= 8;
    writeLines(wrap(`${index + 1}. ${section.heading}`, bold, 13, PAGE.width - 2 * MARGIN), bold, 13, 19);
    section.paragraphs.forEach((paragraph, p) => {
      writeLines(wrap(`${index + 1}.${p + 1}  ${paragraph}`, regular, BODY_SIZE, PAGE.width - 2 * MARGIN), regular, BODY_SIZE, LEADING);
      y -= 6;
    });
  });

  const pages = pdf.getPages();
  pages.forEach((p: PDFPage, i) => {
    const footer = `${spec.title} - Page ${i + 1} of ${pages.length}`;
    const text = footer.length > 90 ? `Page ${i + 1} of ${pages.length}` : footer;
    p.drawText(text, { x: MARGIN, y: MARGIN / 2, size: 8, font: regular, color: rgb(0.35, 0.35, 0.35) });
  });
  return pdf.save({ useObjectStreams: false });
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
