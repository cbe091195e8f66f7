/**
 * The pack's first pages, authored with PDFKit and tagged for assistive
 * technology: council, committee (the H1), meeting, date and venue, the
 * membership and the agenda as tables with header cells, each item and paper
 * with the page it starts on. Each page carries its pack page number the way
 * the papers' pages do, as a pagination artifact.
 *
 * The agenda's page numbers depend on how many pages the front sheet itself
 * takes: it is laid out assuming one page, and again with the count it took
 * until the count holds (a layout that is not kept is never serialised).
 */
import {
  A4,
  type AuthoringDocument,
  type StructureElement,
  addTagged,
  authoredBytes,
  authoringFonts,
  createAuthoringDocument,
  documentStructure,
  drawArtifact,
} from '../../common/node/pdf-authoring.ts';
import { frontSheetWords, packHeading } from './front-sheet-words.ts';
import { drawPageNumber } from './page-numbers.ts';
import { type AgendaPackSpec, type PackItem, type PackNumbering, packPageLabel } from './pack-spec.ts';

const MARGIN = 56;
const [PAGE_WIDTH, PAGE_HEIGHT] = A4;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const MUTED = '#4d4d4d';
const WARNING = '#8b0000';

/** An item as the front sheet lists it: its papers' page counts are known, their start pages follow from the front sheet's length. */
export interface FrontSheetItem {
  item: PackItem;
  paperPageCounts: number[];
}

export interface FrontSheet {
  bytes: Uint8Array;
  pageCount: number;
  title: string;
}

/** Page (1-based, in the pack) where each paper starts, given the front sheet's length. */
export function paperStartPages(items: FrontSheetItem[], frontSheetPages: number): number[][] {
  let next = frontSheetPages + 1;
  return items.map(({ paperPageCounts }) =>
    paperPageCounts.map((count) => {
      const start = next;
      next += count;
      return start;
    }),
  );
}

export function packTitle(spec: AgendaPackSpec): string {
  return `${spec.meeting.title}: ${packHeading(spec).toLowerCase()}`;
}

export async function renderFrontSheet(spec: AgendaPackSpec, items: FrontSheetItem[]): Promise<FrontSheet> {
  // Most front sheets fit on one page: laid out once. A longer one is laid out again with its real length.
  let assumedPages = 1;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const doc = layOut(spec, items, assumedPages);
    const pageCount = doc.bufferedPageRange().count;
    if (pageCount === assumedPages) return { bytes: await authoredBytes(doc), pageCount, title: packTitle(spec) };
    assumedPages = pageCount;
  }
  throw new Error('The front sheet did not settle on a page count');
}

/** The whole front sheet on buffered pages, numbered as if it took `assumedPages` pages. */
function layOut(spec: AgendaPackSpec, items: FrontSheetItem[], assumedPages: number): AuthoringDocument {
  const words = frontSheetWords[spec.language];
  const doc = createAuthoringDocument({
    title: packTitle(spec),
    author: spec.council,
    subject: `${spec.committee}, ${formatMeetingTime(spec)}`,
    language: words.locale,
    bufferPages: true,
  });
  doc.addPage({ size: A4, margin: MARGIN });
  const root = documentStructure(doc);
  const paragraph = (type: string, text: string, font: string, size: number, colour = '#000000', gapAfter = 4) =>
    addTagged(doc, root, type, () => {
      doc.font(font).fontSize(size).fillColor(colour).text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
      doc.moveDown(gapAfter / size);
    });

  paragraph('P', spec.council.toUpperCase(), authoringFonts.bold, 10, MUTED, 10);
  paragraph('H1', spec.committee, authoringFonts.bold, 22, '#000000', 6);
  paragraph('P', spec.meeting.title, authoringFonts.regular, 13);
  if (spec.audience === 'confidential') {
    paragraph('P', packHeading(spec), authoringFonts.bold, 14, WARNING, 2);
    paragraph('P', words.confidentialNotice, authoringFonts.bold, 11, WARNING);
  } else {
    paragraph('P', packHeading(spec), authoringFonts.bold, 14);
  }
  if (spec.supplement !== null) paragraph('P', words.supplementNotice, authoringFonts.regular, 11);
  doc.moveDown(0.5);
  paragraph('P', `${words.date}: ${formatMeetingTime(spec)}`, authoringFonts.regular, 11);
  if (spec.meeting.venue) paragraph('P', `${words.venue}: ${spec.meeting.venue}`, authoringFonts.regular, 11);

  if (spec.membership.length > 0) {
    doc.moveDown(1);
    paragraph('H2', words.membership, authoringFonts.bold, 15, '#000000', 6);
    table(doc, root, [CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4], [
      [header(words.name), header(words.role)],
      ...spec.membership.map((member) => [cell(member.name), cell(words.roles[member.role])]),
    ]);
  }

  doc.moveDown(1);
  paragraph('H2', words.agenda, authoringFonts.bold, 15, '#000000', 6);
  const starts = paperStartPages(items, assumedPages);
  const label = (page: number | undefined) => (page === undefined ? '' : packPageLabel(spec.numbering, page));
  const rows = items.flatMap(({ item }, index) => {
    const itemStarts = starts[index] ?? [];
    const title = item.confidential && item.confidentialReason ? `${item.title}\n${words.confidentialReason}: ${item.confidentialReason}` : item.title;
    return [
      [cell(item.number, true), cell(title, true), cell(label(itemStarts[0]), true, 'right')],
      ...item.papers.map((paper, p) => [cell(''), cell(paper.name, false, 'left', 12), cell(label(itemStarts[p]), false, 'right')]),
    ];
  });
  table(doc, root, [48, CONTENT_WIDTH - 48 - 56, 56], [[header(words.item), header(words.title), header(words.page, 'right')], ...rows]);

  root.end();
  numberPages(doc, spec.numbering);
  return doc;
}

/** The front sheet's own pages carry pack numbers 1, 2, … (with the numbering's prefix and start) like every other page. */
function numberPages(doc: AuthoringDocument, numbering: PackNumbering): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    drawArtifact(doc, () => drawPageNumber(doc, packPageLabel(numbering, index + 1), PAGE_WIDTH, PAGE_HEIGHT));
  }
}

export function formatMeetingTime(spec: AgendaPackSpec): string {
  const format = new Intl.DateTimeFormat(frontSheetWords[spec.language].locale, { dateStyle: 'full', timeStyle: 'short', timeZone: spec.timeZone });
  return format.format(new Date(spec.meeting.startsAt));
}

type Cell = PDFKit.Mixins.CellOptions;

function header(text: string, align: 'left' | 'right' = 'left'): Cell {
  return { text, type: 'TH', scope: 'column', font: { src: authoringFonts.bold }, align: { x: align, y: 'top' }, border: { bottom: 1 } };
}

function cell(text: string, bold = false, align: 'left' | 'right' = 'left', indent = 0): Cell {
  return {
    text,
    font: { src: bold ? authoringFonts.bold : authoringFonts.regular },
    align: { x: align, y: 'top' },
    ...(indent ? { padding: { top: 3, bottom: 3, left: 4 + indent, right: 4 } } : {}),
  };
}

/** A tagged table (Table, TR, TH with column scope, TD) whose rows move to the next page whole. */
function table(doc: AuthoringDocument, root: StructureElement, widths: number[], rows: Cell[][]): void {
  doc.fontSize(10).fillColor('#000000');
  doc.table({
    structParent: root,
    position: { x: MARGIN, y: doc.y },
    columnStyles: widths,
    defaultStyle: { border: 0, padding: { top: 3, bottom: 3, left: 4, right: 4 } },
    data: rows,
  });
  doc.x = MARGIN;
}
