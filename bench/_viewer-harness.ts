/**
 * What bench/viewer.ts measures, the same way in both viewers: paint probes
 * (render finished and canvas holding ink, timed in the page), the
 * JS heap sampler and the scroll through every page. Files starting with `_`
 * are not benchmarks of their own (bench/run.ts skips them).
 */
import type { Page } from 'playwright-core';

export const JUMP_TO = 900;
export const PAGE_COUNT = 1056;
export const TIMEOUT_MS = 120_000;
export const ROUNDS = Math.max(1, Number(process.env.CHAMBER_BENCH_ROUNDS ?? 7));
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const viewport = { width: 1280, height: 900 };

/** How each viewer marks a page's canvas whose render finished. */
export const oursCanvas = (n: number) => `.pdf-page[data-page-number="${n}"] canvas[data-painted="true"]`;
export const stockCanvas = (n: number) => `.page[data-page-number="${n}"][data-bench-rendered] canvas`;

export interface Timings {
  firstPageMs: number;
  page900Ms: number;
}

// ---------------------------------------------------------------- in-page measuring (the same for both)

/**
 * Plain JS run in both pages (the bench is type-checked without DOM types).
 * `benchPainted(selector, t0)` resolves with performance.now() - t0 at the first animation frame where
 * the canvas exists (its render finished) and has ink, and says whether it was in view; `benchScrollThrough` scrolls a container
 * from top to bottom in even steps (one per page: the pack's pages are all one size), two frames each.
 */
const pageHelpers = `
(() => {
  // A quarter-size copy keeps even a page holding one line of small print visibly inked.
  const probe = document.createElement('canvas');
  const context = probe.getContext('2d', { willReadFrequently: true });
  const hasInk = (canvas) => {
    if (canvas.width === 0 || canvas.height === 0) return false;
    probe.width = Math.max(1, Math.ceil(canvas.width / 4));
    probe.height = Math.max(1, Math.ceil(canvas.height / 4));
    context.fillStyle = '#fff';
    context.fillRect(0, 0, probe.width, probe.height);
    context.drawImage(canvas, 0, 0, probe.width, probe.height);
    const data = context.getImageData(0, 0, probe.width, probe.height).data;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) return true;
    return false;
  };
  const inView = (element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
  };
  window.benchPainted = (selector, t0) => new Promise((resolve) => {
    const check = () => {
      const canvas = document.querySelector(selector);
      if (canvas && hasInk(canvas)) resolve({ ms: performance.now() - t0, inView: inView(canvas) });
      else requestAnimationFrame(check);
    };
    check();
  });
  window.benchScrollThrough = async (containerSelector, steps) => {
    const root = document.querySelector(containerSelector);
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (let step = 0; step < steps; step += 1) {
      root.scrollTop = ((root.scrollHeight - root.clientHeight) * step) / (steps - 1);
      await frame();
      await frame();
    }
  };
})();
`;

/** A pause before a jump, the same for both viewers, so background work after the first page winds down. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

export async function installPaintProbe(page: Page): Promise<void> {
  await page.evaluate(pageHelpers);
}

export async function waitPainted(page: Page, selector: string, t0: number): Promise<number> {
  const painted = await waitInked(page, selector, t0);
  // A viewer whose layout shifts as page sizes arrive may paint the page and yet leave it out of view.
  if (!painted.inView) process.stderr.write(`# note: ${selector} painted but not in view\n`);
  return painted.ms;
}

async function waitInked(page: Page, selector: string, t0: number): Promise<{ ms: number; inView: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${selector} was not painted within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    const inked = page.evaluate(`window.benchPainted(${JSON.stringify(selector)}, ${t0})`) as Promise<{ ms: number; inView: boolean }>;
    return await Promise.race([inked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Samples the page's JS heap until stopped; returns the peak in MB. */
export async function heapSampler(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.send('Performance.enable');
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await session.send('Performance.getMetrics');
      peak = Math.max(peak, metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await session.detach();
    return peak / 1e6;
  };
}

/**
 * Scrolls `container` through every page (a page's height per two frames), as a reader flicking
 * through the pack. By scroll offset, not by page element: ours keeps only the pages near the view in
 * the DOM.
 */
export async function scrollThroughEveryPage(page: Page, container: string): Promise<void> {
  await page.evaluate(`window.benchScrollThrough(${JSON.stringify(container)}, ${PAGE_COUNT})`);
}

