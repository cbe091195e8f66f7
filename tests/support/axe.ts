/**
 * Accessibility check for end-to-end tests: runs axe-core in the page and
 * fails listing every serious or critical violation (or, strictest, every violation).
 *
 * The app's CSP forbids inline scripts, so `page.addScriptTag({ content })`
 * would be blocked; evaluating the source through the DevTools protocol is not
 * subject to the page's CSP and leaves the policy itself untouched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

function loadAxeSource(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the current page (or under `include`, a CSS selector) and returns serious/critical violations. */
export async function seriousAxeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  return (await axeViolations(page, include)).filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

/** Runs axe on the current page (or under `include`) and returns every violation, whatever its impact. */
export async function axeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  // The callbacks run in the browser; the root tsconfig has no DOM types, hence `globalThis` casts.
  const installed = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!installed) await page.evaluate(loadAxeSource());
  return page.evaluate(async (context) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const browser = globalThis as unknown as {
      axe: { run: (context: unknown, options: unknown) => Promise<AxeResult> };
      document: unknown;
    };
    const result = await browser.axe.run(context ?? browser.document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, include ?? null);
}

/** Fails the test with a readable list of every serious or critical axe violation on the page. */
export async function expectNoSeriousAxeViolations(page: Page, include?: string): Promise<void> {
  expectNone(await seriousAxeViolations(page, include), 'serious accessibility violations');
}

/** The strictest check: fails on any axe violation at all (minor and moderate too). */
export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  expectNone(await axeViolations(page, include), 'accessibility violations');
}

function expectNone(findings: AxeFinding[], what: string): void {
  const report = findings.map((f) => `- [${f.impact}] ${f.id}: ${f.help}\n    ${f.targets.slice(0, 8).join('\n    ')}`).join('\n');
  expect(findings, `${what}:\n${report}`).toEqual([]);
}
