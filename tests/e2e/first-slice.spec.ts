/**
 * The first slice, end to end, with real processes:
 *   clerk publishes a meeting with a real PDF on a real authority server →
 *   a member's desktop host mirrors it into its SQLite file and document cache →
 *   the renderer (Chromium, browser mode) lists it and pdf.js paints page 1 →
 *   the server stops, the host restarts, and the member still reads it offline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { apiPaths } from '../../common/wire.ts';
import { corpusPath } from '../support/corpus.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { createUser, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { paintedPixelShare } from '../support/canvas-ink.ts';

const PDF_FILE = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';
/** A word printed on page 1 of that PDF (checked with pdftotext). */
const WORD_ON_PAGE_ONE = 'Summons';
const MEETING_TITLE = 'Budget meeting of the County Council';
const ITEM_TITLE = 'Revenue budget 2025-26';

test.describe.configure({ mode: 'serial' });

let server: ServerProcess | undefined;
let host: HostProcess | undefined;

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

test('a published meeting reaches the member, renders, and stays readable offline', async ({ page }) => {
  test.setTimeout(240_000);
  server = await startServerProcess();

  // --- 1. The council's administrator and clerk set up and publish a meeting.
  const adminPassword = 'admin-password-for-tests-1';
  await createUser(server.dataDir, { username: 'admin', displayName: 'Council Admin', password: adminPassword, admin: true });
  const admin = await ApiClient.login(server.url, 'admin', adminPassword);
  const committee = await admin.post<{ id: string }>(apiPaths.adminCommittees, { name: 'Full Council' });
  const clerkPassword = 'clerk-password-for-tests-1';
  const memberPassword = 'member-password-for-tests-1';
  const clerkUser = await admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: 'clerk',
    displayName: 'Clara Clerk',
    password: clerkPassword,
  });
  const memberUser = await admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: 'member',
    displayName: 'Morgan Member',
    password: memberPassword,
  });
  await admin.put(apiPaths.adminMembership(committee.id, clerkUser.id), { role: 'clerk' });
  await admin.put(apiPaths.adminMembership(committee.id, memberUser.id), { role: 'member' });

  const clerk = await ApiClient.login(server.url, 'clerk', clerkPassword);
  const startsAt = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  const meeting = await clerk.post<{ id: string }>(apiPaths.meetings, {
    committeeId: committee.id,
    title: MEETING_TITLE,
    startsAt,
    venue: 'Council Chamber, Sessions House',
  });
  const item = await clerk.post<{ id: string }>(apiPaths.meetingItems(meeting.id), { number: '1', title: ITEM_TITLE });
  const pdfBytes = readFileSync(corpusPath(PDF_FILE));
  const uploaded = await clerk.uploadPdf<{ id: string; sha256: string; pageCount: number }>(
    `${apiPaths.itemDocuments(item.id)}?name=${encodeURIComponent('Agenda frontsheet.pdf')}&kind=agenda`,
    pdfBytes,
  );
  const expectedSha = createHash('sha256').update(pdfBytes).digest('hex');
  expect(uploaded.sha256).toBe(expectedSha);
  expect(uploaded.pageCount).toBe(3);
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });

  // --- 2. The member's desktop host mirrors it into SQLite and the document cache.
  host = await startHostProcess({ serverUrl: server.url, username: 'member', password: memberPassword });
  const mirrorPath = host.mirrorPath;
  await expect
    .poll(() => readMirror(mirrorPath), { timeout: 60_000, message: 'meeting and document mirrored' })
    .toMatchObject({ meetingTitles: [MEETING_TITLE], itemTitles: [ITEM_TITLE], documentHashes: [expectedSha] });
  const cachedFile = path.join(path.dirname(mirrorPath), 'documents', expectedSha.slice(0, 2), `${expectedSha}.pdf`);
  await expect.poll(() => existsSync(cachedFile), { timeout: 60_000, message: 'document cached' }).toBe(true);
  expect(createHash('sha256').update(readFileSync(cachedFile)).digest('hex')).toBe(expectedSha);

  // --- 3. The renderer lists the meeting, opens the item, and pdf.js paints page 1.
  await openAndRead(page, host.url);
  await expectNoSeriousAxeViolations(page);

  // --- 4. Offline: the server stops; the member restarts the host and still reads.
  const serverUrl = server.url;
  await server.stop();
  server = undefined;
  const dataDir = host.dataDir;
  await host.stop();
  host = await startHostProcess({ serverUrl, username: 'member', password: memberPassword, dataDir });
  await openAndRead(page, host.url);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'offline', { timeout: 30_000 });
});

/** Lists the meeting, opens its item and asserts page 1 is painted with a text layer. */
async function openAndRead(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('link', { name: new RegExp(MEETING_TITLE) }).click();
  await page.getByRole('button', { name: new RegExp(ITEM_TITLE) }).click();
  const firstPage = page.locator('[data-page-number="1"]');
  await expect(firstPage.locator('canvas')).toBeVisible({ timeout: 30_000 });
  await expect(firstPage.locator('.textLayer')).toContainText(WORD_ON_PAGE_ONE, { timeout: 30_000 });
  await expect.poll(() => paintedPixelShare(page), { timeout: 30_000, message: 'canvas has ink' }).toBeGreaterThan(0.01);
}

interface MirrorSnapshot {
  meetingTitles: string[];
  itemTitles: string[];
  documentHashes: string[];
}

/** Reads the member's mirror file directly: the rows must really be in SQLite. */
function readMirror(mirrorPath: string): MirrorSnapshot | null {
  if (!existsSync(mirrorPath)) return null;
  const db = new Database(mirrorPath, { readonly: true, fileMustExist: true });
  try {
    const column = (sql: string) => db.prepare(sql).pluck().all() as string[];
    return {
      meetingTitles: column('SELECT title FROM meetings ORDER BY title'),
      itemTitles: column('SELECT title FROM agenda_items ORDER BY title'),
      documentHashes: column('SELECT sha256 FROM documents ORDER BY sha256'),
    };
  } catch {
    return null; // schema not migrated yet
  } finally {
    db.close();
  }
}
