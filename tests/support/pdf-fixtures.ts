/**
 * PDFs the tests make, with the libraries Chamber itself uses: new pages
 * authored with PDFKit (common/node/pdf-authoring.ts), pages of real papers
 * copied with MuPDF.
 */
import * as mupdf from 'mupdf';
import { A4, authoredBytes, createAuthoringDocument } from '../../common/node/pdf-authoring.ts';

/**
 * A revised version of a paper: a new A4 cover page saying `coverText`, then
 * the original's pages `keptPages` (0-based), as a clerk's replacement upload.
 */
export async function revisedPaper(original: Uint8Array, coverText: string, keptPages: number[]): Promise<Uint8Array> {
  const cover = createAuthoringDocument({ title: coverText, author: 'Chamber tests', language: 'en-GB', tagged: false });
  cover.addPage({ size: A4, margin: 50 });
  cover.fontSize(14).text(coverText, 50, 62, { lineBreak: false, baseline: 'alphabetic' });
  const revised = new mupdf.PDFDocument(await authoredBytes(cover));
  const source = new mupdf.PDFDocument(original);
  try {
    const graft = revised.newGraftMap();
    for (const page of keptPages) graft.graftPage(-1, source, page);
    return new Uint8Array(revised.saveToBuffer('').asUint8Array());
  } finally {
    source.destroy();
    revised.destroy();
  }
}

/** A one-page PDF that is only a PNG picture filling the page: no text layer, like a scan. */
export async function imageOnlyPdf(png: Buffer): Promise<Uint8Array> {
  // A PNG's IHDR chunk, first after the signature, gives its size in pixels.
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const doc = createAuthoringDocument({ title: 'Scanned page', author: 'Chamber tests', language: 'en-GB', tagged: false });
  doc.addPage({ size: [width, height], margin: 0 });
  doc.image(png, 0, 0, { width, height });
  return authoredBytes(doc);
}
