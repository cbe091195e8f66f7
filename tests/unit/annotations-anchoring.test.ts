/**
 * Carrying annotations forward: highlights re-anchor by their quoted text in
 * the new version (real pdf.js text of a real paper and of a revised version
 * made from it), near the old page first, telling repeated phrases apart by
 * their surroundings; notes and ink keep their place when the page exists;
 * whatever cannot be placed comes back marked, never dropped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { findQuote, planCarryForward, searchOrder, type AnchorPageText } from '../../common/annotation-anchoring.ts';
import { carriedAnnotationId, type Annotation } from '../../common/annotations.ts';
import { corpusPath } from '../support/corpus.ts';
import { revisedPaper } from '../support/pdf-fixtures.ts';

const PAPER = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';

async function pageTexts(bytes: Uint8Array): Promise<AnchorPageText[]> {
  const task = getDocument({ data: bytes, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  try {
    const pdf = await task.promise;
    const pages: AnchorPageText[] = [];
    for (let page = 1; page <= pdf.numPages; page += 1) {
      const content = await (await pdf.getPage(page)).getTextContent();
      const items = content.items.flatMap((item) =>
        'str' in item ? [{ str: item.str, transform: item.transform as number[], width: item.width, height: item.height }] : [],
      );
      pages.push({ page, items });
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** The paper, and a version 2 with a new cover page first and the old page 3 left out. */
async function paperAndRevision(): Promise<{ v1: AnchorPageText[]; v2: AnchorPageText[] }> {
  const bytes = new Uint8Array(readFileSync(corpusPath(PAPER)));
  // Made first: pdf.js takes over (detaches) the bytes it is given.
  const revised = await revisedPaper(bytes, 'Revised agenda', [0, 1]);
  return { v1: await pageTexts(bytes), v2: await pageTexts(revised) };
}

const base = {
  colour: 'green',
  authorId: 'u1',
  authorName: 'Cllr Tom Evans',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
} as const;

function words(page: number, ...strs: Array<[string, number]>): AnchorPageText {
  // One item per word, 10 units per character, each on its own line (y) as given.
  return { page, items: strs.map(([str, y]) => ({ str, transform: [12, 0, 0, 12, 50, y], width: str.length * 10, height: 12 })) };
}

test('pages are searched from the old page outwards', () => {
  assert.deepEqual(searchOrder(3, 5), [3, 2, 4, 1, 5]);
  assert.deepEqual(searchOrder(1, 3), [1, 2, 3]);
  assert.deepEqual(searchOrder(9, 3), [3, 2, 1]);
  assert.deepEqual(searchOrder(1, 0), []);
});

test('a quote is found across items and lines whatever the whitespace, with its rectangles', () => {
  const pages = [words(1, ['Apologies', 700], ['for ', 700], ['Absence', 680])];
  const match = findQuote(pages, 'for\n  Absence', 1);
  assert.ok(match);
  assert.equal(match.page, 1);
  assert.equal(match.rects.length, 2, 'one rectangle per item');
  const [forRect, absenceRect] = match.rects;
  // "for" (3 of the item's 4 characters) starts at x=50 and is 30 units wide; boxes reach a little below the baseline.
  assert.deepEqual(forRect!.map((n) => Math.round(n * 10) / 10), [50, 697.6, 80, 712]);
  assert.equal(absenceRect![1] < forRect![1], true, 'the second line is lower on the page');
  assert.equal(findQuote(pages, 'not on the page', 1), null);
  assert.equal(findQuote(pages, '   ', 1), null);
  assert.ok(findQuote(pages, 'APOLOGIES for', 1), 'falls back to a case-insensitive match');
});

test('a repeated phrase is told apart by what surrounds it, and the old page wins over others', () => {
  const pages = [
    words(1, ['the committee resolved', 700]),
    words(2, ['first the committee noted', 700], ['then the committee resolved', 600]),
    words(3, ['the committee', 700]),
  ];
  const second = findQuote(pages, 'the committee', 2, { prefix: 'then ', suffix: ' resolved' });
  assert.equal(second?.page, 2);
  assert.equal(Math.round(second!.rects[0]![1]), 598, 'the occurrence on the second line');
  assert.equal(findQuote(pages, 'the committee', 3)?.page, 3);
  assert.equal(findQuote(pages, 'the committee resolved', 3)?.page, 2, 'nearest page holding the text');
});

test('a real paper’s highlights re-anchor in its revised version; what is gone is kept as unplaced', async () => {
  const { v1, v2 } = await paperAndRevision();
  const onPageOne = findQuote(v1, 'Summons to and', 1);
  const onPageThree = findQuote(v1, 'DEMOCRATIC SERVICES', 3);
  assert.ok(onPageOne && onPageThree, 'the quotes are on the original pages');
  assert.equal(onPageOne.page, 1);
  assert.equal(onPageThree.page, 3);

  const annotations: Annotation[] = [
    { ...base, id: 'h1', kind: 'highlight', page: 1, rects: onPageOne.rects, quote: 'Summons to and', prefix: '', suffix: '' },
    { ...base, id: 'h3', kind: 'highlight', page: 3, rects: onPageThree.rects, quote: 'DEMOCRATIC SERVICES', prefix: '', suffix: '' },
    { ...base, id: 'n1', kind: 'note', page: 1, at: { x: 100, y: 500 }, text: 'Check', replyTo: null },
    { ...base, id: 'r1', kind: 'note', page: 1, at: { x: 0, y: 0 }, text: 'On the summons', replyTo: 'h1' },
    { ...base, id: 'r3', kind: 'note', page: 3, at: { x: 0, y: 0 }, text: 'On the services', replyTo: 'h3' },
    { ...base, id: 'i3', kind: 'ink', page: 3, strokes: [[{ x: 1, y: 1 }]], width: 1 },
  ];
  const now = '2026-11-28T08:00:00.000Z';
  const plan = planCarryForward(annotations, 'doc-v1', v2, 3, now);
  const byOldId = new Map(plan.annotations.map((a) => [a.carriedFrom!.annotationId, a]));
  assert.equal(plan.annotations.length, annotations.length, 'nothing is dropped');

  const h1 = byOldId.get('h1')!;
  assert.equal(h1.id, carriedAnnotationId('h1', 'doc-v1'));
  assert.equal(h1.page, 2, 'moved down by the new cover page');
  assert.equal(h1.unplaced, undefined);
  assert.equal(h1.updatedAt, now);
  assert.equal(h1.kind, 'highlight');
  // The same page content was copied, so the highlight lands on the same spot of its new page.
  if (h1.kind === 'highlight') assert.deepEqual(h1.rects, onPageOne.rects);

  assert.equal(byOldId.get('h3')!.unplaced, true, 'its text is not in version 2');
  assert.equal(byOldId.get('n1')!.page, 1, 'a note keeps its page and place');
  assert.deepEqual((byOldId.get('n1') as Extract<Annotation, { kind: 'note' }>).at, { x: 100, y: 500 });
  const r1 = byOldId.get('r1') as Extract<Annotation, { kind: 'note' }>;
  assert.equal(r1.replyTo, h1.id, 'a reply follows its highlight');
  assert.equal(r1.page, 2);
  assert.equal(byOldId.get('r3')!.unplaced, true, 'a reply to something unplaced is unplaced with it');
  assert.equal(byOldId.get('i3')!.page, 3, 'page 3 exists in version 2, so the ink stays there');
  assert.deepEqual(plan.unplaced.map((a) => a.carriedFrom!.annotationId).sort(), ['h3', 'r3']);

  // A version with fewer pages: ink on a page that no longer exists is unplaced.
  const shorter = planCarryForward(annotations.filter((a) => a.id === 'i3'), 'doc-v1', v2.slice(0, 2), 2, now);
  assert.equal(shorter.unplaced.length, 1);
});
