/**
 * The accounts and storage screens in Chromium against `npm start` in
 * browser mode (embedded demo council): signing in fails clearly and then
 * works as another user, switching accounts changes everything on screen,
 * signing out marks the account; the storage screen reports disk use and
 * frees space. Both screens are checked with axe.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';
import { demoPassword } from '../support/host-council.ts';

const demoApp = useDemoAppPerFile();

/** The embedded demo server's address, as the app recorded it in its account list. */
function demoServerUrl(): string {
  const list = JSON.parse(readFileSync(path.join(demoApp().dataDir, 'accounts.json'), 'utf8')) as { accounts: { serverUrl: string }[] };
  const url = list.accounts[0]?.serverUrl;
  if (!url) throw new Error('no account in accounts.json');
  return url;
}

const serverDataDir = (): string => path.join(demoApp().dataDir, 'embedded-server');

async function openAccounts(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
}

async function signIn(page: Page, serverUrl: string, username: string, password: string): Promise<void> {
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Server address').fill(serverUrl);
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in, fail clearly, switch accounts and sign out', async ({ page }) => {
  await page.goto(demoApp().url);
  await expect(page.getByTestId('session')).toContainText('Signed in as Cllr Tom Evans', { timeout: 60_000 });
  await openAccounts(page);
  const accounts = page.getByTestId('account');
  await expect(accounts).toHaveCount(1);
  await expect(accounts.first()).toContainText('Open now');
  await expect(accounts.first()).toContainText('Demo council on this computer');
  // Browser mode has no keychain to encrypt with: the screen says where the sign-in token is kept.
  await expect(page.getByTestId('token-storage')).toHaveAttribute('data-storage', 'file');
  await expect(page.getByTestId('token-storage')).toContainText('in a file only your user account on this computer can read');
  await expectNoSeriousAxeViolations(page);

  // An address where nothing listens, then a wrong password: each says what went wrong, nothing changes.
  await signIn(page, 'http://127.0.0.1:9', 'chair', 'whatever');
  await expect(page.getByTestId('sign-in-error')).toHaveText('The server cannot be reached. Check the address and your connection.', {
    timeout: 30_000,
  });
  await signIn(page, demoServerUrl(), 'chair', 'not the password');
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong username or password.', { timeout: 30_000 });
  await expect(page.getByTestId('sign-in-form').getByLabel('Password')).toHaveValue('');
  await expect(accounts).toHaveCount(1);
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath('accounts-error.png'), fullPage: true });

  await signIn(page, demoServerUrl(), 'chair', demoPassword(serverDataDir(), 'chair'));
  // Switching closes one mirror and opens another: generous time on a loaded machine.
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('session')).toContainText('Signed in as Cllr Priya Shah', { timeout: 30_000 });
  await expect(page.getByTestId('meeting-card').first()).toBeVisible({ timeout: 60_000 });

  await openAccounts(page);
  await expect(accounts).toHaveCount(2);
  const member = accounts.filter({ hasText: 'Cllr Tom Evans' });
  const chair = accounts.filter({ hasText: 'Cllr Priya Shah' });
  await expect(chair).toHaveAttribute('aria-current', 'true');
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath('accounts.png'), fullPage: true });

  await member.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('session')).toContainText('Signed in as Cllr Tom Evans', { timeout: 60_000 });
  await expect(page.getByTestId('meeting-card').first()).toBeVisible({ timeout: 60_000 });

  await openAccounts(page);
  await chair.getByRole('button', { name: 'Sign out' }).click();
  await expect(chair).toContainText('Signed out', { timeout: 30_000 });
  await expect(chair.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(member).toHaveAttribute('aria-current', 'true');
});

test('the storage screen reports disk use and frees space', async ({ page }) => {
  await page.goto(demoApp().url);
  await expect(page.getByTestId('meeting-card').first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole('banner').getByRole('link', { name: 'Storage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Storage' })).toBeVisible();
  await expect(page.getByTestId('storage-database')).not.toHaveAttribute('data-bytes', '0');
  await expect(page.getByTestId('storage-meetings').getByRole('row').nth(1)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath('storage.png'), fullPage: true });

  await page.getByLabel('Keep papers of past meetings').selectOption({ label: 'For 1 month after the meeting' });
  await page.getByLabel('Also keep papers I opened in the last (days)').fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('storage-message')).toHaveText('Saved.', { timeout: 30_000 });
  await page.getByTestId('free-now').click();
  await expect(page.getByTestId('storage-message')).toHaveText(/^Removed \d+ files? \(/, { timeout: 30_000 });
});
