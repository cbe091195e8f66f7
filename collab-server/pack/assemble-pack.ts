/**
 * Builds one agenda pack in the calling thread (the worker, pack-worker.ts):
 *
 *   1. every paper is opened with MuPDF to check it and count its pages;
 *      papers stay open for step 3 while they add up to at most
 *      OPEN_PAPERS_BYTES, later ones are opened again then, so memory holds
 *      the pack and a bounded share of its papers whatever the pack's size;
 *   2. the front sheet is authored with PDFKit (front-sheet.ts), now that
 *      the page each paper starts on is known;
 *   3. the papers' pages are grafted after it, in agenda order: the front
 *      sheet's document is the pack, so its tags, language and title stay;
 *   4. every paper page gets its pack number (page-numbers.ts);
 *   5. a bookmark per item with one per paper under it, page labels equal
 *      to the printed numbers;
 *   6. saved and written atomically.
 *
 * Any paper that is missing, not a PDF, encrypted or unreadable stops it
 * with an `AgendaPackError` naming the paper; nothing is written then.
 */
import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';
import { type FrontSheetItem, paperStartPages, renderFrontSheet } from './front-sheet.ts';
import { authorPageNumbers, placePageNumbers, readPageGeometry } from './page-numbers.ts';
import {
  AgendaPackError,
  type AgendaPackResult,
  type AgendaPackSpec,
  type PackItemPlacement,
  type PackPaper,
  packPageLabel,
} from './pack-spec.ts';

// MuPDF reports what it repairs on the console; papers were checked on upload, and real failures throw.
mupdf.setLog({ warning: () => {}, error: () => {} });

/** How much of the papers' bytes may stay open between checking them and merging them. */
const OPEN_PAPERS_BYTES = 64 * 1024 * 1024;

export async function assembleAgendaPack(spec: AgendaPackSpec): Promise<AgendaPackResult> {
  const items = spec.items.filter((item) => item.confidential === (spec.audience === 'confidential'));
  const openPapers = new OpenPapers(OPEN_PAPERS_BYTES);
  try {
    const listed: FrontSheetItem[] = items.map((item) => ({ item, paperPageCounts: item.papers.map((paper) => openPapers.check(paper)) }));
    return await assemble(spec, listed, openPapers);
  } finally {
    openPapers.closeAll();
  }
}

async function assemble(spec: AgendaPackSpec, listed: FrontSheetItem[], openPapers: OpenPapers): Promise<AgendaPackResult> {
  const frontSheet = await renderFrontSheet(spec, listed);
  const pack = new mupdf.PDFDocument(frontSheet.bytes);
  try {
    for (const { item } of listed) for (const paper of item.papers) graftPaper(pack, paper, openPapers.take(paper));
    const pageCount = pack.countPages();
    const expected = frontSheet.pageCount + listed.reduce((sum, { paperPageCounts }) => sum + paperPageCounts.reduce((a, b) => a + b, 0), 0);
    // The front sheet's page references were computed from the counts: they must hold.
    if (pageCount !== expected) throw new Error(`The pack has ${pageCount} pages where its papers count ${expected}`);
    const paperPages = Array.from({ length: pageCount - frontSheet.pageCount }, (_, k) => {
      const page = pack.findPage(frontSheet.pageCount + k);
      return { page, geometry: readPageGeometry(page) };
    });
    if (paperPages.length > 0) {
      const labels = paperPages.map((_, k) => packPageLabel(spec.numbering, frontSheet.pageCount + k + 1));
      const stamps = new mupdf.PDFDocument(await authorPageNumbers(paperPages.map(({ geometry }) => geometry), labels));
      try {
        placePageNumbers(pack, frontSheet.pageCount, stamps, paperPages);
      } finally {
        stamps.destroy();
      }
    }

    const placements = placeItems(spec, listed, frontSheet.pageCount);
    addOutline(pack, placements);
    pack.setPageLabels(0, mupdf.PDFDocument.PAGE_LABEL_DECIMAL, spec.numbering.prefix, spec.numbering.start);
    // Viewers other than Chamber's open with the bookmarks showing.
    pack.getTrailer().get('Root').put('PageMode', pack.newName('UseOutlines'));

    const saved = pack.saveToBuffer('');
    try {
      await writeFileAtomic(spec.outPath, saved.asUint8Array());
      return { pageCount, frontSheetPages: frontSheet.pageCount, bytes: saved.getLength(), items: placements };
    } finally {
      saved.destroy();
    }
  } finally {
    pack.destroy();
  }
}

function placeItems(spec: AgendaPackSpec, listed: FrontSheetItem[], frontSheetPages: number): PackItemPlacement[] {
  const starts = paperStartPages(listed, frontSheetPages);
  return listed.map(({ item, paperPageCounts }, index) => {
    const papers = item.papers.map((paper, p) => {
      const startPage = starts[index]![p]!;
      return { name: paper.name, startPage, label: packPageLabel(spec.numbering, startPage), pageCount: paperPageCounts[p]! };
    });
    const first = papers[0];
    return { number: item.number, title: item.title, startPage: first?.startPage ?? null, label: first?.label ?? null, papers };
  });
}

/** A bookmark per item ("4. Title"), its papers' bookmarks under it; an item without papers points at the front sheet's first page. */
function addOutline(pack: mupdf.PDFDocument, items: PackItemPlacement[]): void {
  const target = (page: number) => pack.formatLinkURI(new mupdf.LinkDestination(0, page - 1, 'Fit'));
  const outline = pack.outlineIterator();
  try {
    for (const item of items) {
      outline.insert({ title: `${item.number}. ${item.title}`, uri: target(item.startPage ?? 1), open: true });
      if (item.papers.length === 0) continue;
      // insert() leaves the iterator after the new entry: step back onto it and into its (empty) children.
      outline.prev();
      outline.down();
      for (const paper of item.papers) outline.insert({ title: paper.name, uri: target(paper.startPage), open: false });
      outline.up();
      outline.next();
    }
  } finally {
    outline.destroy();
  }
}

/** Opens a paper with MuPDF, or throws the AgendaPackError that names it. The caller destroys the document. */
function openPaper(paper: PackPaper): { doc: mupdf.PDFDocument; bytes: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(paper.path);
  } catch (error) {
    throw new AgendaPackError('missing-file', `"${paper.name}" could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, paper.name);
  }
  // A PDF's header may follow up to 1 KB of other bytes; the server's uploads start with it.
  if (!bytes.subarray(0, 1024).includes('%PDF-')) {
    throw new AgendaPackError('not-a-pdf', `"${paper.name}" is not a PDF: the file has no %PDF- header`, paper.name);
  }
  let doc: mupdf.PDFDocument;
  try {
    doc = new mupdf.PDFDocument(bytes);
  } catch (error) {
    throw unreadable(paper, error);
  }
  if (doc.needsPassword()) {
    doc.destroy();
    throw new AgendaPackError('encrypted-pdf', `"${paper.name}" is password-protected; replace it with an unprotected copy`, paper.name);
  }
  return { doc, bytes: bytes.byteLength };
}

function unreadable(paper: PackPaper, error: unknown): AgendaPackError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AgendaPackError('unreadable-pdf', `"${paper.name}" could not be read as a PDF (${reason})`, paper.name);
}

/** Papers checked and still open for the merge, up to a budget of their file sizes. */
class OpenPapers {
  private readonly open = new Map<PackPaper, mupdf.PDFDocument>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  /** Opens the paper, checks it and counts its pages; keeps it open when the budget allows. */
  check(paper: PackPaper): number {
    const opened = openPaper(paper);
    let pages: number;
    try {
      pages = opened.doc.countPages();
    } catch (error) {
      opened.doc.destroy();
      throw unreadable(paper, error);
    }
    if (pages === 0) {
      opened.doc.destroy();
      throw new AgendaPackError('unreadable-pdf', `"${paper.name}" could not be read as a PDF (it has no pages)`, paper.name);
    }
    if (this.bytes + opened.bytes <= this.budget) {
      this.open.set(paper, opened.doc);
      this.bytes += opened.bytes;
    } else {
      opened.doc.destroy();
    }
    return pages;
  }

  /** The paper's document, open still or opened again; the caller destroys it. */
  take(paper: PackPaper): mupdf.PDFDocument {
    const doc = this.open.get(paper);
    if (!doc) return openPaper(paper).doc;
    this.open.delete(paper);
    return doc;
  }

  closeAll(): void {
    for (const doc of this.open.values()) doc.destroy();
    this.open.clear();
  }
}

/** Appends every page of the paper to the pack and closes it; one graft map per paper, so pages share the resources they shared before. */
function graftPaper(pack: mupdf.PDFDocument, paper: PackPaper, doc: mupdf.PDFDocument): void {
  const graft = pack.newGraftMap();
  try {
    const pages = doc.countPages();
    for (let page = 0; page < pages; page += 1) graft.graftPage(-1, doc, page);
  } catch (error) {
    throw unreadable(paper, error);
  } finally {
    graft.destroy();
    doc.destroy();
  }
}
