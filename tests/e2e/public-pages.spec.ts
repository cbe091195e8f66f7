/**
 * The public pages as a resident meets them, in Chromium with JavaScript
 * switched off, against the real server with the seeded public council
 * (tests/support/public-council.ts): every page type renders its content, axe
 * finds no violation of any impact, and a keyboard alone reaches every link
 * with a visible focus. The meeting page is also shot at phone width
 * (`meeting-phone.png` in the test's output folder) to be looked at.
 */
import path from 'node:path';
import { type BrowserContext, expect, test, type Page } from '@playwright/test';
import { publicPaths } from '../../collab-server/public/public-paths.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { EXEMPTION_REASON, type PublicCouncil, TITLE_PUBLIC_TITLE, startPublicCouncil } from '../support/public-council.ts';

test.describe.configure({ mode: 'serial' });
test.use({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1280, height: 900 } });

/** Set CHAMBER_SCREENSHOTS=dir to keep a screenshot of every page type for a look. */
const screenshotDir = process.env.CHAMBER_SCREENSHOTS;

let council: PublicCouncil;
/**
 * axe is a script: with JavaScript off its asynchronous run never finishes (no
 * timers run). The pages have no scripts, so the same URL in a context where
 * axe may run holds exactly the same document; axe checks it there.
 */
let axeContext: BrowserContext;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  council = await startPublicCouncil();
  axeContext = await browser.newContext({ javaScriptEnabled: true, locale: 'en-GB' });
});

test.afterAll(async () => {
  await axeContext?.close();
  await council?.server.stop();
});

/** No axe violation, of any impact, on the page at `pagePath` (at this viewport size). */
async function expectNoAxeViolationsAt(pagePath: string, viewport: { width: number; height: number }): Promise<void> {
  const page = await axeContext.newPage();
  try {
    await page.setViewportSize(viewport);
    await page.goto(url(pagePath));
    await expectNoAxeViolations(page);
  } finally {
    await page.close();
  }
}

const url = (pagePath: string) => new URL(pagePath, council.server.url).toString();

interface PageType {
  name: string;
  path: () => string;
  /** What a reader must see there. */
  check: (page: Page) => Promise<void>;
}

const pageTypes: PageType[] = [
  {
    name: 'home',
    path: () => publicPaths.home,
    check: async (page) => {
      await expect(page.getByRole('heading', { level: 1 })).toContainText('meetings, agendas and decisions');
      await expect(page.getByRole('heading', { name: 'Upcoming meetings' })).toBeVisible();
      await expect(page.getByRole('link', { name: /Licensing Committee, .*/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Paper saved', level: 2 })).toBeVisible();
    },
  },
  {
    name: 'committees',
    path: () => publicPaths.committees,
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Committees', level: 1 })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Planning Committee' })).toBeVisible();
    },
  },
  {
    name: 'committee',
    path: () => publicPaths.committee(council.committees.planning.id),
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Planning Committee', level: 1 })).toBeVisible();
      await expect(page.getByRole('listitem').filter({ hasText: 'Cllr Amira Hassan' })).toContainText('Chair');
      await expect(page.getByRole('link', { name: /^Add Planning Committee's meetings to your calendar/ })).toBeVisible();
    },
  },
  {
    name: 'meetings',
    path: () => publicPaths.meetings,
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Past meetings' })).toBeVisible();
      await expect(page.getByRole('heading', { name: '2025', level: 3 })).toBeVisible();
    },
  },
  {
    name: 'meeting',
    path: () => publicPaths.meeting(council.meetings.planningPast.id),
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Planning Committee', level: 1 })).toBeVisible();
      await expect(page.getByRole('link', { name: /^Officer report: 14 Harbour Road \(Report, PDF, [\d.]+ KB, 7 pages\)$/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: /Exempt item$/ })).toBeVisible();
      await expect(page.getByText(EXEMPTION_REASON)).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Decision: Carried' })).toBeVisible();
      await expect(page.getByText('Cllr Amira Hassan, Cllr Ben Okafor')).toBeVisible();
    },
  },
  {
    name: 'meeting with an exempt item whose title is public',
    path: () => publicPaths.meeting(council.meetings.planningUpcoming.id),
    check: async (page) => {
      await expect(page.getByRole('heading', { name: `Exempt item: ${TITLE_PUBLIC_TITLE}` })).toBeVisible();
    },
  },
  {
    name: 'cancelled meeting',
    path: () => publicPaths.meeting(council.meetings.licensingCancelled.id),
    check: async (page) => {
      await expect(page.getByText('This meeting is cancelled.')).toBeVisible();
    },
  },
  {
    name: 'person',
    path: () => publicPaths.person(council.people.planningMember.id),
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Cllr Ben Okafor', level: 1 })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Licensing Committee' })).toBeVisible();
    },
  },
  {
    name: 'search',
    path: () => `${publicPaths.search}?q=Metro`,
    check: async (page) => {
      await expect(page.getByRole('heading', { name: /for “Metro”/ })).toBeVisible();
      await expect(page.getByRole('searchbox', { name: 'Search published papers' })).toHaveValue('Metro');
      await expect(page.locator('mark').first()).toHaveText(/metro/i);
    },
  },
  {
    name: 'paper saved',
    path: () => publicPaths.paperSaved,
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Paper saved', level: 1 })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Paper saved by meeting' })).toBeVisible();
    },
  },
  {
    name: 'not found',
    path: () => publicPaths.meeting('no-such-meeting'),
    check: async (page) => {
      await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
    },
  },
];

/** Where keyboard focus is: which link (its index among the page's links, or -1), and whether the focus can be seen. */
async function focusState(page: Page): Promise<{ link: number; tag: string; visible: boolean } | null> {
  const focused = page.locator(':focus');
  if ((await focused.count()) === 0) return null;
  return focused.evaluate((element) => {
    // Runs in the page through DevTools (allowed with JavaScript off); the root tsconfig has no DOM types.
    const el = element as unknown as { tagName: string };
    const view = globalThis as unknown as {
      document: { querySelectorAll(selector: string): ArrayLike<unknown> };
      getComputedStyle(node: unknown): { outlineStyle: string; outlineWidth: string; outlineColor: string; boxShadow: string };
    };
    const style = view.getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && style.outlineColor !== 'rgba(0, 0, 0, 0)';
    const visible = style.boxShadow !== 'none' || outlined;
    return { link: Array.from(view.document.querySelectorAll('a[href]')).indexOf(el), tag: el.tagName, visible };
  });
}

for (const type of pageTypes) {
  test(`${type.name}: renders without JavaScript, has no axe violations, and the keyboard reaches every link`, async ({ page }) => {
    const response = await page.goto(url(type.path()));
    expect(response?.status()).toBe(type.name === 'not found' ? 404 : 200);
    await type.check(page);
    await expectNoAxeViolationsAt(type.path(), page.viewportSize()!);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `public-${type.name.replace(/\W+/g, '-')}.png`), fullPage: true });

    const links = await page.locator('a[href]').count();
    expect(links).toBeGreaterThan(5);
    const reached = new Set<number>();
    for (let presses = 0; presses < links + 30; presses += 1) {
      await page.keyboard.press('Tab');
      const state = await focusState(page);
      if (!state) break;
      expect(state.visible, `focus is visible on ${state.tag} (link ${state.link})`).toBe(true);
      if (state.link >= 0) {
        if (reached.has(state.link)) break;
        reached.add(state.link);
      }
    }
    expect(reached.size, 'Tab reaches every link').toBe(links);
  });
}

test('the skip link moves the keyboard past the navigation to the content', async ({ page }) => {
  await page.goto(url(publicPaths.meeting(council.meetings.planningPast.id)));
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  // The first link after the main landmark begins: the committee, in the facts.
  await expect(page.locator(':focus')).toHaveText('Planning Committee');
});

test('the search form works without JavaScript', async ({ page }) => {
  await page.goto(url(publicPaths.home));
  await page.getByRole('searchbox', { name: 'Search published papers' }).fill('Metro');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search\?q=Metro$/);
  await expect(page.getByRole('heading', { name: /for “Metro”/ })).toBeVisible();
});

test('the meeting page reads well at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url(publicPaths.meeting(council.meetings.planningPast.id)));
  await expect(page.getByRole('heading', { name: 'Decision: Carried' })).toBeVisible();
  // Nothing is wider than the screen: no sideways scrolling.
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolationsAt(publicPaths.meeting(council.meetings.planningPast.id), { width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('meeting-phone.png'), fullPage: true });
});
