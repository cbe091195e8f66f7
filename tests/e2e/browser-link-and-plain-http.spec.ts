/**
 * Two ways a member's session could leak, in Chromium against `npm start` in
 * browser mode (embedded demo council):
 * - the way in: the printed link carries a one-time code that the page trades
 *   for the token and wipes from the address bar; opened again, it says the
 *   link has expired or was used and offers a new one in the terminal;
 * - signing in to a plain http:// server on another computer is refused with
 *   the reason, before anything connects, unless the user ticks the choice.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';
import { ownNonLoopbackAddress } from '../support/tcp-relay.ts';

const demoApp = useDemoAppPerFile();

test('the printed link opens the app once; opened again it explains and offers a new link', async ({ page, context }) => {
  const link = await demoApp().printNewLink();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible({ timeout: 60_000 });
  expect(new URL(page.url()).hash).not.toContain('code=');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();

  const later = await context.newPage();
  await later.goto(link);
  await expect(later.getByRole('heading', { level: 1, name: 'This link has expired or was already used' })).toBeVisible();
  expect(new URL(later.url()).hash).not.toContain('code=');
  await expectNoSeriousAxeViolations(later);
  const printedBefore = demoApp().output();
  await later.getByRole('button', { name: 'Print a new link' }).click();
  await expect(later.getByRole('status')).toHaveText('A new link is in the terminal where Chamber runs. Open it within a minute.');
  const newLink = /Chamber is running at (\S+)\n/.exec(demoApp().output().slice(printedBefore.length))?.[1];
  expect(newLink).toMatch(/#code=/);
  await later.goto(newLink as string);
  await expect(later.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
});

test('the sign-in form says why plain http:// to another computer is refused, and lets the user insist', async ({ page }) => {
  // This machine's own non-loopback address: the host must treat it as another computer's, and nothing leaves the machine.
  const address = ownNonLoopbackAddress();
  test.skip(address === undefined, 'this machine has no non-loopback IPv4 address');
  await page.goto(demoApp().url);
  await page.getByRole('banner').getByRole('link', { name: 'Accounts' }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Server address').fill(`http://${address}:9`);
  await form.getByLabel('Username').fill('chair');
  await form.getByLabel('Password').fill('whatever');
  await form.getByRole('button', { name: 'Sign in' }).click();
  const error = page.getByRole('alert');
  await expect(error).toContainText('your password and everything you read would cross the network readable by anyone', { timeout: 30_000 });
  await expect(error).toContainText('https://');
  await expectNoSeriousAxeViolations(page);

  // Insisting reaches the host's connection attempt (nothing listens on port 9 here, so it cannot be reached).
  await form.getByLabel('Allow an unencrypted connection to this server (not recommended)').check();
  await form.getByLabel('Password').fill('whatever');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(error).toHaveText('The server cannot be reached. Check the address and your connection.', { timeout: 30_000 });
});
