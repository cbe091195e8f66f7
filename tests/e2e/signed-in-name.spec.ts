/**
 * The header says who is signed in, at once, against a server that is not on
 * this computer: `npm start -- --server URL --user NAME` with the password in
 * CHAMBER_PASSWORD, a real authority server (demo council) behind a relay
 * that holds every answer for two seconds, as a distant council's server
 * would. The window is up before the server has confirmed the sign-in, so the
 * name must arrive when it does, not at some later navigation. Then another
 * account is signed in and the two are switched: the header follows each time.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoPassword } from '../support/host-council.ts';
import { useRemoteHostPerFile } from '../support/remote-host-fixture.ts';

/** Long enough that the page asks who is signed in before the server has answered the host's sign-in. */
const remote = useRemoteHostPerFile({ bytesPerSecond: Infinity, latencyMs: 2000 });

const banner = (page: Page) => page.getByRole('banner');

test('the header names the signed-in member from the first screen, and follows a switch of accounts', async ({ page }) => {
  test.setTimeout(180_000);
  const { server, relay, host } = remote();
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible({ timeout: 30_000 });
  await expect(banner(page)).toContainText('Signed in as Cllr Tom Evans', { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 3 }).getByRole('link').first()).toBeVisible({ timeout: 60_000 });
  await expect(banner(page)).toContainText('Signed in as Cllr Tom Evans');

  // A second account on the same server: signing in opens it, and the header says so.
  await banner(page).getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Server address').fill(relay.url);
  await form.getByLabel('Username').fill('chair');
  await form.getByLabel('Password').fill(demoPassword(server.dataDir, 'chair'));
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible({ timeout: 60_000 });
  await expect(banner(page)).toContainText('Signed in as Cllr Priya Shah', { timeout: 30_000 });
  await expect(banner(page)).not.toContainText('Cllr Tom Evans');

  // Back to the first account, then signed out of it: the header follows at once.
  await banner(page).getByRole('link', { name: 'Accounts' }).click();
  const memberAccount = page.getByRole('listitem').filter({ hasText: 'Cllr Tom Evans' });
  await memberAccount.getByRole('button', { name: 'Open' }).click();
  await expect(banner(page)).toContainText('Signed in as Cllr Tom Evans', { timeout: 60_000 });
  await expect(banner(page)).not.toContainText('Cllr Priya Shah');

  await banner(page).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Cllr Tom Evans' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(banner(page)).not.toContainText('Signed in as', { timeout: 30_000 });
});
