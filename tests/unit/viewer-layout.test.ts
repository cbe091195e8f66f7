/**
 * The viewer's pure parts: where pages sit (page-layout.ts), per-page values
 * with one subscription per page (page-values.ts), and the paint queue's
 * nearest-first order with places kept for pages still loading (render-queue.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layOutPages, pageAtOffset, pageGap, pagesBetween } from '../../renderer/src/pdf/page-layout.ts';
import { PageValues } from '../../renderer/src/pdf/page-values.ts';
import { RenderQueue } from '../../renderer/src/pdf/render-queue.ts';

const portrait = { width: 100, height: 200 };
const landscape = { width: 200, height: 100 };

test('pages are stacked with a gap, each at its own size, centred on the widest', () => {
  const layout = layOutPages(4, (page) => (page === 3 ? landscape : portrait), 1.5, 0);
  assert.deepEqual([...layout.tops], [0, 300 + pageGap, 2 * (300 + pageGap), 2 * (300 + pageGap) + 150 + pageGap]);
  assert.deepEqual([...layout.heights], [300, 300, 150, 300]);
  assert.equal(layout.maxWidth, 300);
  assert.equal(layout.totalHeight, 3 * 300 + 150 + 3 * pageGap);
});

test('a quarter turn swaps each page’s width and height', () => {
  const layout = layOutPages(2, () => portrait, 1, 90);
  assert.deepEqual([...layout.widths], [200, 200]);
  assert.deepEqual([...layout.heights], [100, 100]);
});

test('the page at an offset, and the pages in a band, by binary search', () => {
  const layout = layOutPages(1000, () => portrait, 1, 0);
  const step = 200 + pageGap;
  assert.equal(pageAtOffset(layout, -50), 1, 'above the first page');
  assert.equal(pageAtOffset(layout, 0), 1);
  assert.equal(pageAtOffset(layout, step * 899), 900);
  assert.equal(pageAtOffset(layout, step * 899 - 1), 899);
  assert.equal(pageAtOffset(layout, 1e9), 1000, 'below the last page');
  assert.deepEqual(pagesBetween(layout, step * 899, step * 899 + 150), { first: 900, last: 900 });
  assert.deepEqual(pagesBetween(layout, step * 899 - 5, step * 900 + 10), { first: 900, last: 901 }, 'a band starting in the gap');
  assert.deepEqual(pagesBetween(layout, step * 899 - pageGap - 1, step * 899), { first: 899, last: 900 });
});

test('per-page values: only that page’s subscribers hear of a change, and only of a real one', () => {
  const sizes = new PageValues(portrait, (a, b) => a.width === b.width && a.height === b.height);
  const heard: string[] = [];
  sizes.subscribe(3, () => heard.push('page 3'));
  sizes.subscribe(4, () => heard.push('page 4'));
  sizes.subscribeAny(() => heard.push('any'));
  const before = sizes.version();
  sizes.set(3, { ...portrait });
  assert.deepEqual(heard, [], 'the same size as the fallback is no change');
  sizes.set(3, landscape);
  assert.deepEqual(heard, ['page 3', 'any']);
  assert.equal(sizes.get(3), landscape);
  assert.equal(sizes.get(4), portrait);
  assert.notEqual(sizes.version(), before);
  sizes.set(3, portrait);
  assert.deepEqual(sizes.pages(), [], 'back to the fallback: nothing held');
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('the paint queue gives the turn to the page nearest the reader, keeping it for a nearer page still loading', async () => {
  const queue = new RenderQueue();
  queue.focus(900);
  const started: number[] = [];
  const controllers = new Map<number, AbortController>();
  const join = (page: number) => {
    const controller = new AbortController();
    controllers.set(page, controller);
    return queue.join(page, controller.signal);
  };
  // Mounted in page order; 899 finishes loading first, 900 (the reader's) is still loading.
  const p899 = join(899);
  const p900 = join(900);
  const p901 = join(901);
  const releases = new Map<number, () => void>();
  const ready = (page: number, place: ReturnType<typeof join>) =>
    void place.turn().then((release) => {
      started.push(page);
      releases.set(page, release);
    });
  ready(899, p899);
  await tick();
  assert.deepEqual(started, [], '899 waits: 900 is nearer and still loading');
  ready(901, p901);
  ready(900, p900);
  await tick();
  assert.deepEqual(started, [900]);
  const releaseAt = (index: number) => {
    const page = started[index];
    assert.ok(page !== undefined, `a page started at turn ${index + 1}`);
    releases.get(page)?.();
  };
  releaseAt(0);
  await tick();
  assert.equal(started.length, 2);
  releaseAt(1);
  await tick();
  assert.deepEqual([...started].sort(), [899, 900, 901]);
  releaseAt(2);
  await queue.idle();
});

test('a page given up (scrolled away, or failed to load) no longer holds the turn for the others', async () => {
  const queue = new RenderQueue();
  queue.focus(10);
  const near = new AbortController();
  const far = new AbortController();
  queue.join(10, near.signal); // never becomes ready
  const farPlace = queue.join(20, far.signal);
  let farStarted = false;
  void farPlace.turn().then((release) => {
    farStarted = true;
    release();
  });
  await tick();
  assert.equal(farStarted, false);
  near.abort();
  await tick();
  assert.equal(farStarted, true);
  await queue.idle();
  // Aborting while waiting rejects the turn.
  const waiting = new AbortController();
  const blocker = new AbortController();
  const held = await queue.join(1, blocker.signal).turn();
  const turn = queue.join(2, waiting.signal).turn();
  waiting.abort(new Error('scrolled away'));
  await assert.rejects(turn, /scrolled away/);
  held();
});
