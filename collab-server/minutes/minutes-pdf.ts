/**
 * The minutes as a tagged PDF (PDFKit through common/node/pdf-authoring.ts):
 * document title and language set; the title an H1, each item an H2 with a
 * bookmark, the text as P, lists as L/LI, the attendance, vote counts, action
 * points and amendments as tables with header cells; "Page n of m" footers as
 * pagination artifacts. Text flows with PDFKit's own line breaking and page
 * breaks (continueOnNewPage keeps the open tags across pages), so it stays
 * selectable and in reading order.
 */
import {
  A4, type AuthoringDocument, type StructureElement, addTagged, authoredBytes, authoringFonts, createAuthoringDocument, documentStructure, drawArtifact,
} from '../../common/node/pdf-authoring.ts';
import type { Block, ListEntries, MinutesContent, Run } from './minutes-content.ts';

const MARGIN = 56;
const BODY_SIZE = 10.5;
const TEXT_COLOUR = '#1a1a1a';
const MUTED_COLOUR = '#595959';
const WIDTH = A4[0] - 2 * MARGIN;

export async function renderMinutesPdf(content: MinutesContent): Promise<Uint8Array> {
  const doc = createAuthoringDocument({
    title: `${content.title}: ${content.meetingLine}`,
    author: content.council,
    subject: content.audience === 'public' ? 'Minutes (public version)' : 'Minutes',
    language: 'en-GB',
    bufferPages: true,
  });
  doc.addPage({ size: A4, margin: MARGIN });
  const root = documentStructure(doc);
  const write = new BlockWriter(doc, root);

  write.text('P', content.council.toUpperCase(), { font: authoringFonts.bold, size: 9, colour: MUTED_COLOUR });
  write.text('H1', content.title, { font: authoringFonts.bold, size: 20, gapAfter: 4 });
  write.text('P', content.meetingLine, { size: 12 });
  write.text('P', content.statusLine, { size: 9, colour: MUTED_COLOUR, gapAfter: 10 });
  if (content.audience === 'public') {
    write.text('P', 'Public version: exempt items are shown by their reason only.', { size: 9, colour: MUTED_COLOUR, gapAfter: 10 });
  }
  for (const block of content.opening) write.block(block);

  for (const item of content.items) {
    write.section(item.heading);
    for (const block of item.blocks) write.block(block);
  }

  if (content.actions.length > 0) {
    write.heading(2, 'Action points');
    write.table(['Item', 'Action', 'Owner', 'Due'], content.actions.map((a) => [a.item, a.what, a.owner, a.due]));
  }
  if (content.amendments.length > 0) {
    write.heading(2, 'Amendments after approval');
    write.table(
      ['When', 'By', 'Reason', 'Approved wording', 'Corrected wording'],
      content.amendments.map((a) => [a.at.slice(0, 10), a.by.displayName, a.reason, a.before, a.after]),
    );
  }
  root.end();
  addPageNumbers(doc, content.title);
  return authoredBytes(doc);
}

interface TextStyle {
  font?: string;
  size?: number;
  colour?: string;
  gapAfter?: number;
}

/** Writes blocks one after another at the flowing cursor (doc.x, doc.y), each its own structure element under the root. */
class BlockWriter {
  constructor(
    private readonly doc: AuthoringDocument,
    private readonly root: StructureElement,
  ) {}

  /** An item: a new page when its heading would sit alone at the foot of one, the heading and its bookmark. */
  section(heading: string): void {
    if (this.doc.y > A4[1] - MARGIN - 90) this.doc.continueOnNewPage();
    this.doc.outline.addItem(heading);
    this.heading(0, heading);
  }

  /** H2 for items (level 0) and the closing lists; the minute-taker's own headings below them. */
  heading(level: number, text: string): void {
    const tag = `H${Math.min(6, level + 2)}`;
    const size = level === 0 ? 14 : level === 1 ? 12 : 11;
    this.doc.moveDown(0.6);
    this.text(tag, text, { font: authoringFonts.bold, size, gapAfter: 3 });
  }

  text(tag: string, text: string, style: TextStyle = {}): void {
    this.runs(tag, [{ text, bold: style.font === authoringFonts.bold, italic: false }], style);
  }

  /** One paragraph of runs; bold runs in the bold face (the font has no italic: italic is drawn oblique). */
  runs(tag: string, runs: Run[], style: TextStyle = {}): void {
    const doc = this.doc;
    const visible = runs.filter((run) => run.text.length > 0);
    if (visible.length === 0) return;
    addTagged(doc, this.root, tag, () => {
      visible.forEach((run, index) => {
        doc
          .font(run.bold ? authoringFonts.bold : authoringFonts.regular)
          .fontSize(style.size ?? BODY_SIZE)
          .fillColor(style.colour ?? TEXT_COLOUR);
        doc.text(run.text, MARGIN, undefined, { width: WIDTH, continued: index < visible.length - 1, oblique: run.italic ? 12 : false, lineGap: 2 });
      });
    });
    doc.moveDown(0.1);
    doc.y += style.gapAfter ?? 4;
  }

  block(block: Block): void {
    switch (block.kind) {
      case 'paragraph':
        return this.runs('P', block.runs);
      case 'heading':
        return this.heading(block.level, block.text);
      case 'list':
        return this.list(block.entries, block.ordered);
      case 'table':
        return this.table(block.header, block.rows);
      case 'action': {
        const { what, owner, due } = block.action;
        return this.runs('P', [
          { text: 'Action: ', bold: true, italic: false },
          { text: [what, owner && `owner: ${owner}`, due && `due: ${due}`].filter(Boolean).join('; '), bold: false, italic: false },
        ]);
      }
    }
  }

  list(entries: ListEntries, ordered: boolean): void {
    if (entries.length === 0) return;
    const list = this.doc.struct('L');
    this.root.add(list);
    this.doc.font(authoringFonts.regular).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
    this.doc.list(entries, MARGIN + 12, undefined, { width: WIDTH - 12, listType: ordered ? 'numbered' : 'bullet', structParent: list, lineGap: 2 });
    list.end();
    this.doc.x = MARGIN;
    this.doc.y += 4;
  }

  table(header: string[], rows: string[][]): void {
    if (rows.length === 0) return;
    const doc = this.doc;
    doc.font(authoringFonts.regular).fontSize(9).fillColor(TEXT_COLOUR);
    doc.x = MARGIN;
    const headerCells = header.map((text): PDFKit.Mixins.CellOptions => ({ text, type: 'TH', scope: 'column', font: { src: authoringFonts.bold } }));
    doc.table({
      structParent: this.root,
      maxWidth: WIDTH,
      data: [headerCells, ...rows],
      defaultStyle: { padding: 3, border: 0.5, borderColor: '#8a8a8a' },
    });
    doc.x = MARGIN;
    doc.y += 6;
  }
}

/** "<title> – Page n of m" at the foot of every page, once the page count is known. */
function addPageNumbers(doc: AuthoringDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    drawArtifact(doc, () => {
      doc.font(authoringFonts.regular).fontSize(8).fillColor(MUTED_COLOUR);
      doc.text(`${title} – Page ${index + 1} of ${count}`, MARGIN, A4[1] - MARGIN / 2, { lineBreak: false, baseline: 'alphabetic' });
    });
  }
}
