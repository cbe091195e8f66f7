/**
 * For `minutes.open_p95_ms`: how long opening a meeting's minutes takes in
 * Chromium, from the route changing to the editor accepting input.
 *
 * The page must already show the app (a host's browser-mode URL, signed in as
 * someone who writes the minutes). Each round goes to the meeting's agenda,
 * waits until the renderer has let go of the minutes document (it keeps a
 * released document 3 s for quick re-opens) so the replica is opened anew,
 * then sets the hash route `#/meetings/<id>/minutes` — the address the
 * agenda's Minutes link goes to — and times, inside the page, until the text
 * (`#minutes-text`) is editable and shows its item headings.
 */
import type { Page } from 'playwright-core';

/** The renderer's grace period before it closes a released Yjs document (renderer/src/yjs/bridge-doc.ts), and a little more. */
const releasedAfterMs = 3_500;

export async function minutesOpenTimes(page: Page, meetingId: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  const meetingRoute = `#/meetings/${encodeURIComponent(meetingId)}`;
  for (let round = 0; round < rounds; round++) {
    await page.evaluate((route) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = route;
    }, meetingRoute);
    await page.waitForSelector('[data-testid="agenda"]');
    await page.waitForTimeout(releasedAfterMs);
    const elapsed = await page.evaluate(
      (route) =>
        new Promise<number>((resolve) => {
          // The root tsconfig has no DOM types (this runs in the page), hence the cast. No named functions in
          // here either: tsx would wrap them in a helper the page does not have.
          const page = globalThis as unknown as {
            document: { body: unknown; querySelector(selector: string): unknown };
            location: { hash: string };
            MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
          };
          const started = performance.now();
          const observer = new page.MutationObserver(() => {
            if (page.document.querySelector('#minutes-text[contenteditable="true"] h3') === null) return;
            observer.disconnect();
            resolve(performance.now() - started);
          });
          observer.observe(page.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] });
          page.location.hash = route;
        }),
      `${meetingRoute}/minutes`,
    );
    times.push(elapsed);
  }
  return times;
}
