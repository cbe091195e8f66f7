/**
 * The pack's page number on every page, in the bottom-right corner as the
 * reader sees the page, upright whatever the page's /Rotate.
 *
 * PDFKit draws the numbers: one small page per pack page, of that page's
 * size, the number turned against the page's rotation so that it reads
 * upright once the viewer turns the page. MuPDF places them: each drawing
 * becomes a form XObject (the stamp page's own content stream and resources,
 * grafted across) that the pack page shows after its own content. The only
 * content-stream text written here is that call, `q /Name Do Q`, and the
 * `q` … `Q` around the page's own content that keeps its graphics state from
 * moving the number — what MuPDF's own baking of annotations and qpdf's
 * overlay write too. (Stamp annotations baked by MuPDF were the other way;
 * measured on the corpus they cost about 4 ms a page, ten times the merge.)
 */
import * as mupdf from 'mupdf';
import { type AuthoringDocument, authoredBytes, authoringFonts, createAuthoringDocument } from '../../common/node/pdf-authoring.ts';

/** Where the number sits: points from the right and bottom edges of the page as shown. */
export const pageNumberStyle = { size: 9, right: 28, baselineFromBottom: 20, colour: '#000000' } as const;

/** The visible area of a page in its own user space (crop box, else media box) and its rotation. */
export interface PageGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  rotate: 0 | 90 | 180 | 270;
}

/**
 * Draws `label` in the bottom-right corner of a page `width` × `height` as
 * shown, in PDFKit's top-down coordinates for that shown page.
 */
export function drawPageNumber(doc: AuthoringDocument, label: string, width: number, height: number): void {
  doc.font(authoringFonts.regular).fontSize(pageNumberStyle.size).fillColor(pageNumberStyle.colour);
  const x = width - pageNumberStyle.right - doc.widthOfString(label);
  doc.text(label, x, height - pageNumberStyle.baselineFromBottom, { lineBreak: false, baseline: 'alphabetic' });
}

/**
 * Maps the page as shown (x right, y down, turned by `rotate` clockwise) onto
 * PDFKit's top-down coordinates of the unturned page.
 */
function shownToUnturned(page: PageGeometry): [number, number, number, number, number, number] {
  switch (page.rotate) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, -1, 1, 0, 0, page.height];
    case 180:
      return [-1, 0, 0, -1, page.width, page.height];
    case 270:
      return [0, 1, -1, 0, page.width, 0];
  }
}

/** One PDFKit page per entry, each the size of its pack page and showing its label upright as that page is shown. */
export function authorPageNumbers(pages: PageGeometry[], labels: string[]): Promise<Uint8Array> {
  // Not tagged: these pages only lend their drawing to the pack's pages. Uncompressed: a number's stream is smaller as it is.
  const doc = createAuthoringDocument({ title: 'Page numbers', author: 'Chamber', language: 'en', tagged: false, compress: false });
  pages.forEach((page, index) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    const turned = page.rotate === 90 || page.rotate === 270;
    doc.save();
    doc.transform(...shownToUnturned(page));
    drawPageNumber(doc, labels[index] ?? '', turned ? page.height : page.width, turned ? page.width : page.height);
    doc.restore();
  });
  return authoredBytes(doc);
}

const number = (value: mupdf.PDFObject): number => (value.isNumber() ? value.asNumber() : 0);

/** The shown area and rotation of a page (its page object). */
export function readPageGeometry(page: mupdf.PDFObject): PageGeometry {
  const crop = page.getInheritable('CropBox');
  const box = crop.isArray() && crop.length === 4 ? crop : page.getInheritable('MediaBox');
  const [x0, y0, x1, y1] = box.isArray() && box.length === 4 ? [0, 1, 2, 3].map((i) => number(box.get(i))) : [0, 0, 612, 792];
  // /Rotate is a multiple of 90, possibly negative or above 360; anything else is ignored, as viewers do.
  const degrees = number(page.getInheritable('Rotate'));
  const rotate = degrees % 90 === 0 ? (((degrees % 360) + 360) % 360) as PageGeometry['rotate'] : 0;
  return { x: Math.min(x0!, x1!), y: Math.min(y0!, y1!), width: Math.abs(x1! - x0!), height: Math.abs(y1! - y0!), rotate };
}

const STAMP_NAME = 'ChamberPageNumber';

/**
 * Shows page `k` of `stamps` on `pages[k]` (a pack page's object and the
 * geometry its stamp was drawn for), for every page of `stamps`; `firstPage`
 * is the 0-based index of `pages[0]` in the pack.
 *
 * Each page names its stamp after its own page index, so a resources
 * dictionary several pages of a paper share can take every one of their
 * stamps without being copied (a name a page does not use is harmless).
 */
export function placePageNumbers(
  pack: mupdf.PDFDocument,
  firstPage: number,
  stamps: mupdf.PDFDocument,
  pages: Array<{ page: mupdf.PDFObject; geometry: PageGeometry }>,
): void {
  // Page objects are looked up before any is changed: a change drops MuPDF's page-number cache, and
  // looking pages up between changes made this quadratic (70 ms for 500 pages).
  const stampPages = pages.map((_, k) => stamps.findPage(k));
  const graft = pack.newGraftMap();
  // Every stamp page uses the same font; one resources dictionary serves every stamp.
  const stampResources = graft.graftObject(stampPages[0]!.get('Resources'));
  const xobjectType = pack.newName('XObject');
  const formSubtype = pack.newName('Form');
  const saveState = pack.addStream('q\n', {});
  const boxes = new Map<string, mupdf.PDFObject>();
  const boxOf = (width: number, height: number): mupdf.PDFObject => {
    const key = `${width} ${height}`;
    let box = boxes.get(key);
    if (!box) boxes.set(key, (box = pack.addObject([0, 0, width, height])));
    return box;
  };

  pages.forEach(({ page, geometry }, k) => {
    const form = graft.graftObject(stampPages[k]!.get('Contents'));
    form.put('Type', xobjectType);
    form.put('Subtype', formSubtype);
    form.put('BBox', boxOf(geometry.width, geometry.height));
    if (geometry.x !== 0 || geometry.y !== 0) form.put('Matrix', [1, 0, 0, 1, geometry.x, geometry.y]);
    form.put('Resources', stampResources);

    const xobjects = dictionaryIn(pack, dictionaryIn(pack, page, 'Resources'), 'XObject');
    let name = `${STAMP_NAME}${firstPage + k + 1}`;
    // Only a paper that is itself a Chamber pack could have used the name already.
    while (!xobjects.get(name).isNull()) name = `${name}x`;
    xobjects.put(name, form);

    const contents = pack.newArray();
    contents.push(saveState);
    const own = page.get('Contents');
    if (own.isArray()) own.forEach((part) => contents.push(part));
    else if (!own.isNull()) contents.push(own);
    contents.push(pack.addStream(`\nQ q /${name} Do Q\n`, {}));
    page.put('Contents', contents);
  });
  graft.destroy();
}

/** `parent[key]`, which must be a dictionary: a new one is put there when it is missing. */
function dictionaryIn(pack: mupdf.PDFDocument, parent: mupdf.PDFObject, key: string): mupdf.PDFObject {
  const current = parent.get(key);
  if (current.isDictionary()) return current;
  parent.put(key, pack.newDictionary());
  return parent.get(key);
}
