/**
 * "Did pdf.js really paint?": the share of a canvas's pixels that are neither
 * white nor transparent. A blank or never-rendered canvas scores 0.
 */
import type { Page } from '@playwright/test';

export async function paintedPixelShare(page: Page, canvasSelector = '[data-page-number="1"] canvas'): Promise<number> {
  return page.locator(canvasSelector).evaluate((element) => {
    // Runs in the browser; the root tsconfig has no DOM types, hence the structural type.
    const canvas = element as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3] ?? 0;
      const isWhite = (data[i] ?? 0) > 245 && (data[i + 1] ?? 0) > 245 && (data[i + 2] ?? 0) > 245;
      if (alpha > 0 && !isWhite) inked += 1;
    }
    return inked / (data.length / 4);
  });
}

/** The colour (red, green, blue) at a point of a canvas, given as fractions of its width and height. */
export async function canvasColourAt(page: Page, canvasSelector: string, x: number, y: number): Promise<[number, number, number]> {
  return page.locator(canvasSelector).evaluate(
    (element, at) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
      const { data } = canvas.getContext('2d')?.getImageData(Math.floor(canvas.width * at.x), Math.floor(canvas.height * at.y), 1, 1) ?? { data: [] };
      return [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0] as [number, number, number];
    },
    { x, y },
  );
}
