/**
 * The agenda-pack engine (collab-server/pack/) on real corpus papers, through
 * its worker thread, read back with pdf.js as the viewer reads it: page count,
 * the pack number printed on every page in its bottom-right corner and upright
 * on rotated pages, page labels equal to those numbers, a bookmark per item
 * with one per paper at the right pages, the front sheet's page references and
 * tags; confidential items only in the confidential pack; a bad paper named in
 * the error, with nothing written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as mupdf from 'mupdf';
import { type PDFDocumentProxy, Util, VerbosityLevel, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  AgendaPackError,
  type AgendaPackRequest,
  type AgendaPackResult,
  buildAgendaPack,
  stopAgendaPackBuilder,
} from '../../collab-server/pack/agenda-pack.ts';
import { A4, authoredBytes, createAuthoringDocument } from '../../common/node/pdf-authoring.ts';
import { corpusPath } from '../support/corpus.ts';

const MINUTES = corpusPath('kent_county-council_printed-minutes_2025-02-13.pdf');
const BUDGET = corpusPath('kent_county-council_budget-amendments-pack_2025-02-13.pdf');
const STANDING_ORDERS = corpusPath('lametro_board-rules-procedures.pdf');
const CONFIDENTIAL_PAPER = corpusPath('epa_planning-commission_minutes_2020-01-27.pdf');
const ONE_PAGE = corpusPath('chi_police-district-council-001_notice-agenda_2023-06-06.pdf');

let dir: string;
/** A corpus agenda whose first three pages are turned 90°, 180° and 270° (/Rotate), as scanned or landscape papers are. */
let rotatedPaper: string;
/** Three pages that share one resources dictionary, as many generators write them. */
let sharedResourcesPaper: string;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-pack-'));
  const doc = new mupdf.PDFDocument(readFileSync(corpusPath('lametro_board_agenda_test.pdf')));
  [90, 180, 270].forEach((degrees, page) => doc.findPage(page).put('Rotate', degrees));
  rotatedPaper = path.join(dir, 'rotated.pdf');
  writeFileSync(rotatedPaper, doc.saveToBuffer('').asUint8Array());
  doc.destroy();

  const letters = createAuthoringDocument({ title: 'Letters', author: 'Chamber tests', language: 'en-GB', tagged: false });
  for (const n of [1, 2, 3]) letters.addPage({ size: A4, margin: 72 }).text(`Letter ${n} in support of the application.`);
  const shared = new mupdf.PDFDocument(await authoredBytes(letters));
  const resources = shared.findPage(0).get('Resources');
  assert.ok(resources.isIndirect());
  for (const page of [1, 2]) shared.findPage(page).put('Resources', resources);
  sharedResourcesPaper = path.join(dir, 'shared-resources.pdf');
  writeFileSync(sharedResourcesPaper, shared.saveToBuffer('').asUint8Array());
  shared.destroy();
});

after(async () => {
  await stopAgendaPackBuilder();
  rmSync(dir, { recursive: true, force: true });
});

function request(overrides: Partial<AgendaPackRequest> & Pick<AgendaPackRequest, 'items' | 'outPath'>): AgendaPackRequest {
  return {
    council: 'Demo Borough Council',
    committee: 'Planning Committee',
    meeting: { title: 'Planning Committee, 10 March 2026', startsAt: '2026-03-10T18:30:00Z', venue: 'Council Chamber, Town Hall' },
    membership: [
      { name: 'Cllr Ada Øvergård', role: 'chair' },
      { name: 'Cllr Ben Ng', role: 'member' },
    ],
    audience: 'public',
    timeZone: 'Europe/London',
    ...overrides,
  };
}

/** The agenda every pack below is built from (the turned paper exists once `before` ran). */
const agenda = (): AgendaPackRequest['items'] => [
  { number: '1', title: 'Apologies for absence', papers: [] },
  { number: '2', title: 'Minutes of the previous meeting', papers: [{ name: 'Printed minutes', path: MINUTES }] },
  {
    number: '3',
    title: 'Budget amendments',
    papers: [
      { name: 'Budget amendments pack', path: BUDGET },
      { name: 'Board agenda (turned pages)', path: rotatedPaper },
    ],
  },
  {
    number: '4',
    title: 'Exempt staffing matter',
    confidential: true,
    confidentialReason: 'Information relating to an individual',
    papers: [{ name: 'Staffing report', path: CONFIDENTIAL_PAPER }],
  },
  {
    number: '5',
    title: 'Review of standing orders',
    papers: [
      { name: 'Standing orders', path: STANDING_ORDERS },
      { name: 'Letters of support', path: sharedResourcesPaper },
    ],
  },
];

async function openPdf(file: string): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true, useSystemFonts: false })
    .promise;
}

async function pageCountOf(file: string): Promise<number> {
  const pdf = await openPdf(file);
  try {
    return pdf.numPages;
  } finally {
    await pdf.destroy();
  }
}

interface ShownText {
  str: string;
  /** The item's text matrix in the shown page's coordinates (the page's rotation applied, y down). */
  shown: number[];
}

/** Text items of a page with where and how they appear as the viewer shows the page. */
async function shownTexts(pdf: PDFDocumentProxy, pageNumber: number): Promise<{ width: number; height: number; items: ShownText[] }> {
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items = content.items.flatMap((item) => ('str' in item ? [{ str: item.str, shown: Util.transform(viewport.transform, item.transform) as number[] }] : []));
  return { width: viewport.width, height: viewport.height, items };
}

/** The page's text as lines (items grouped by their shown baseline, left to right). */
function lines(items: ShownText[]): string[] {
  const rows = new Map<number, ShownText[]>();
  for (const item of items) {
    const y = Math.round(item.shown[5]!);
    rows.set(y, [...(rows.get(y) ?? []), item]);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row.sort((a, b) => a.shown[4]! - b.shown[4]!).map((item) => item.str).join(' ').replace(/\s+/g, ' ').trim());
}

/** Outline entries as `{ title, page (1-based), children }`. */
async function outline(pdf: PDFDocumentProxy): Promise<Array<{ title: string; page: number; children: Array<{ title: string; page: number }> }>> {
  const pageOf = async (dest: unknown): Promise<number> => {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[] | null);
    assert.ok(Array.isArray(explicit), `a destination: ${JSON.stringify(dest)}`);
    return (await pdf.getPageIndex(explicit[0] as { num: number; gen: number })) + 1;
  };
  const entries = (await pdf.getOutline()) ?? [];
  return Promise.all(
    entries.map(async (entry) => ({
      title: entry.title,
      page: await pageOf(entry.dest),
      children: await Promise.all((entry.items as typeof entries).map(async (child) => ({ title: child.title, page: await pageOf(child.dest) }))),
    })),
  );
}

/** Every structure role under a node, depth first. */
function roles(node: { role?: string; children?: unknown[] } | null): string[] {
  if (!node) return [];
  return [node.role ?? '', ...(node.children ?? []).flatMap((child) => roles(child as { role?: string; children?: unknown[] }))];
}

test('a public pack: front sheet, every public paper in agenda order, numbered, labelled and bookmarked', async () => {
  const outPath = path.join(dir, 'public.pdf');
  const result: AgendaPackResult = await buildAgendaPack(request({ items: agenda(), outPath }));
  const paperFiles = [MINUTES, BUDGET, rotatedPaper, STANDING_ORDERS, sharedResourcesPaper];
  const paperPages = await Promise.all(paperFiles.map(pageCountOf));

  const pdf = await openPdf(outPath);
  try {
    await test.test('page count is the front sheet plus the public papers', () => {
      assert.equal(pdf.numPages, result.frontSheetPages + paperPages.reduce((a, b) => a + b, 0));
      assert.equal(result.pageCount, pdf.numPages);
      assert.equal(result.bytes, statSync(outPath).size);
    });

    await test.test('page 40 shows "40" in its corner and the viewer calls it "Page 40"', async () => {
      const labels = await pdf.getPageLabels();
      assert.equal(labels?.[39], '40');
      const page40 = await shownTexts(pdf, 40);
      assert.ok(page40.items.some((item) => item.str === '40'), 'the stamped number is in the text of page 40');
    });

    await test.test('on every page the label, the printed number and its place agree; rotated pages read upright', async () => {
      const labels = await pdf.getPageLabels();
      assert.ok(labels);
      const rotations = new Set<number>();
      for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber += 1) {
        assert.equal(labels[pageNumber - 1], String(pageNumber));
        rotations.add((await pdf.getPage(pageNumber)).rotate);
        const { width, height, items } = await shownTexts(pdf, pageNumber);
        // The number is the last text in the bottom-right corner of the page as shown.
        const stamp = items.filter((item) => item.str === String(pageNumber) && item.shown[4]! > width * 0.75 && item.shown[5]! > height * 0.9);
        assert.equal(stamp.length, 1, `page ${pageNumber}: one number in the bottom-right corner`);
        const [a, b, c, d] = stamp[0]!.shown;
        // Upright: runs left to right, glyphs stand up (y grows downwards on the shown page).
        assert.ok(a! > 0 && Math.abs(b!) < 1e-6 && Math.abs(c!) < 1e-6 && d! < 0, `page ${pageNumber}: upright, got ${stamp[0]!.shown.map((n) => n.toFixed(2)).join(' ')}`);
      }
      assert.deepEqual([...rotations].sort((x, y) => x - y), [0, 90, 180, 270], 'the pack holds turned pages');
    });

    await test.test('the outline has every public item, its papers under it, at their first pages', async () => {
      const first = result.frontSheetPages + 1;
      const budget = first + paperPages[0]!;
      const rotated = budget + paperPages[1]!;
      const standingOrders = rotated + paperPages[2]!;
      const letters = standingOrders + paperPages[3]!;
      assert.deepEqual(await outline(pdf), [
        { title: '1. Apologies for absence', page: 1, children: [] },
        { title: '2. Minutes of the previous meeting', page: first, children: [{ title: 'Printed minutes', page: first }] },
        {
          title: '3. Budget amendments',
          page: budget,
          children: [
            { title: 'Budget amendments pack', page: budget },
            { title: 'Board agenda (turned pages)', page: rotated },
          ],
        },
        {
          title: '5. Review of standing orders',
          page: standingOrders,
          children: [
            { title: 'Standing orders', page: standingOrders },
            { title: 'Letters of support', page: letters },
          ],
        },
      ]);
      assert.deepEqual(
        result.items.map((item) => [item.number, item.startPage, item.papers.map((paper) => [paper.startPage, paper.pageCount])]),
        [
          ['1', null, []],
          ['2', first, [[first, paperPages[0]]]],
          ['3', budget, [[budget, paperPages[1]], [rotated, paperPages[2]]]],
          ['5', standingOrders, [[standingOrders, paperPages[3]], [letters, paperPages[4]]]],
        ],
      );
    });

    await test.test('the front sheet names the meeting and gives each item and paper its first page; no confidential item', async () => {
      const frontSheet = lines((await shownTexts(pdf, 1)).items);
      for (const expected of ['Planning Committee', 'Agenda pack', 'Date: Tuesday, 10 March 2026 at 18:30', 'Venue: Council Chamber, Town Hall', 'Cllr Ada Øvergård Chair']) {
        assert.ok(frontSheet.includes(expected), `"${expected}" in ${JSON.stringify(frontSheet)}`);
      }
      for (const item of result.items) {
        assert.ok(frontSheet.includes(`${item.number} ${item.title}${item.label ? ` ${item.label}` : ''}`), `${item.title} in ${JSON.stringify(frontSheet)}`);
        for (const paper of item.papers) assert.ok(frontSheet.includes(`${paper.name} ${paper.label}`), `${paper.name} in ${JSON.stringify(frontSheet)}`);
      }
      const everything = (await Promise.all(Array.from({ length: result.frontSheetPages }, (_, i) => shownTexts(pdf, i + 1)))).flatMap((page) => lines(page.items));
      assert.ok(!everything.some((line) => /Exempt|Staffing/.test(line)), 'the confidential item is not named');
    });

    await test.test('the front sheet is tagged, in its language, with a title', async () => {
      const metadata = await pdf.getMetadata();
      const info = metadata.info as { Title?: string; Language?: string };
      assert.equal(info.Title, 'Planning Committee, 10 March 2026: agenda pack');
      assert.equal(info.Language, 'en-GB');
      assert.equal((await pdf.getMarkInfo())?.Marked, true);
      const structure = roles(await (await pdf.getPage(1)).getStructTree());
      for (const role of ['H1', 'H2', 'Table', 'TH', 'TD']) assert.ok(structure.includes(role), `${role} in ${structure.join(' ')}`);
    });
  } finally {
    await pdf.destroy();
  }
});

test('the confidential pack holds only the confidential items, marked as such', async () => {
  const outPath = path.join(dir, 'confidential.pdf');
  const result = await buildAgendaPack(request({ items: agenda(), outPath, audience: 'confidential' }));
  const pdf = await openPdf(outPath);
  try {
    assert.equal(pdf.numPages, result.frontSheetPages + (await pageCountOf(CONFIDENTIAL_PAPER)));
    const first = result.frontSheetPages + 1;
    assert.deepEqual(await outline(pdf), [{ title: '4. Exempt staffing matter', page: first, children: [{ title: 'Staffing report', page: first }] }]);
    const frontSheet = lines((await shownTexts(pdf, 1)).items);
    for (const expected of ['Confidential agenda pack', 'Not for publication. For the members of the committee only.', `4 Exempt staffing matter ${first}`]) {
      assert.ok(frontSheet.includes(expected), `"${expected}" in ${JSON.stringify(frontSheet)}`);
    }
    assert.ok(frontSheet.includes('Confidential: Information relating to an individual'));
    assert.ok(!frontSheet.some((line) => /Budget|Minutes of the previous/.test(line)), 'public items stay in the public pack');
  } finally {
    await pdf.destroy();
  }
});

test('a front sheet of several pages still points at the right pages; a supplement numbers its own pages', async () => {
  const outPath = path.join(dir, 'supplement.pdf');
  const items = Array.from({ length: 60 }, (_, i) => ({ number: String(i + 1), title: `Petition ${i + 1}`, papers: [{ name: `Petition letter ${i + 1}`, path: ONE_PAGE }] }));
  const result = await buildAgendaPack(request({ items, outPath, numbering: { prefix: 'S', start: 1 }, language: 'nb', timeZone: 'Europe/Oslo' }));
  assert.ok(result.frontSheetPages > 1, `front sheet pages: ${result.frontSheetPages}`);
  const pdf = await openPdf(outPath);
  try {
    const labels = await pdf.getPageLabels();
    assert.deepEqual(labels, Array.from({ length: pdf.numPages }, (_, i) => `S${i + 1}`));
    const frontSheet = (await Promise.all(Array.from({ length: result.frontSheetPages }, (_, i) => shownTexts(pdf, i + 1)))).flatMap((page) => lines(page.items));
    assert.ok(frontSheet.includes('Saksdokumenter'), JSON.stringify(frontSheet.slice(0, 8)));
    assert.ok(frontSheet.includes('Tid: tirsdag 10. mars 2026 kl. 19:30'), JSON.stringify(frontSheet.slice(0, 8)));
    for (const item of result.items) {
      const paper = item.papers[0]!;
      assert.equal(paper.startPage, result.frontSheetPages + Number(item.number));
      assert.ok(frontSheet.includes(`${paper.name} S${paper.startPage}`), paper.name);
      const printed = await shownTexts(pdf, paper.startPage);
      assert.ok(printed.items.some((text) => text.str === `S${paper.startPage}`), `page ${paper.startPage} shows S${paper.startPage}`);
    }
  } finally {
    await pdf.destroy();
  }
});

test('a paper that is not a usable PDF stops the pack with an error naming it, and nothing is written', async () => {
  const outPath = path.join(dir, 'bad.pdf');
  writeFileSync(outPath, 'the previous pack');
  const cases: Array<{ file: string; code: AgendaPackError['code'] }> = [
    { file: corpusPath('duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf'), code: 'not-a-pdf' },
    { file: corpusPath('pdfjs_issue6010_1_password-abc.pdf'), code: 'encrypted-pdf' },
    { file: corpusPath('pdfjs_bug1020226_invalid-structure.pdf'), code: 'unreadable-pdf' },
    { file: corpusPath('pdfjs_REDHAT-1531897-0_bad-xref-bytewidths.pdf'), code: 'unreadable-pdf' },
    { file: corpusPath('pdfjs_Pages-tree-refs_circular.pdf'), code: 'unreadable-pdf' },
    { file: path.join(dir, 'no-such-paper.pdf'), code: 'missing-file' },
  ];
  for (const { file, code } of cases) {
    const items = [
      { number: '1', title: 'Good paper first', papers: [{ name: 'Printed minutes', path: MINUTES }] },
      { number: '2', title: 'The bad one', papers: [{ name: `Paper from ${path.basename(file)}`, path: file }] },
    ];
    await assert.rejects(buildAgendaPack(request({ items, outPath })), (error: unknown) => {
      assert.ok(error instanceof AgendaPackError, String(error));
      assert.equal(error.code, code, `${path.basename(file)}: ${error.message}`);
      assert.equal(error.paper, `Paper from ${path.basename(file)}`);
      assert.match(error.message, new RegExp(`"Paper from ${path.basename(file).replace(/\./g, '\\.')}"`));
      return true;
    });
    assert.equal(readFileSync(outPath, 'utf8'), 'the previous pack', `${path.basename(file)}: the previous file is untouched`);
  }
  await assert.rejects(buildAgendaPack(request({ items: [], outPath, timeZone: 'Mars/Olympus_Mons' })), (error: unknown) => {
    assert.ok(error instanceof AgendaPackError && error.code === 'invalid-request', String(error));
    return true;
  });
  assert.deepEqual(readdirSync(dir).filter((file) => file.endsWith('.tmp')), [], 'no temporary file is left behind');
});
