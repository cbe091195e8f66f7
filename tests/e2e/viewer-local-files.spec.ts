/**
 * "Open a PDF from this computer": files a member got by e-mail or USB stick
 * never pass the authority's upload checks, so malformed and encrypted PDFs
 * reach the viewer this way. Each must end in a plain message (or, if pdf.js
 * can repair it, in pages) without an uncaught error, and the app must keep
 * working afterwards. Runs against `npm start` in browser mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as mupdf from 'mupdf';
import { authoredBytes, createAuthoringDocument } from '../../common/node/pdf-authoring.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { canvasColourAt, paintedPixelShare } from '../support/canvas-ink.ts';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';
import { corpusPath, repoRoot } from '../support/corpus.ts';

const demoApp = useDemoAppPerFile();
const appUrl = (): string => demoApp().url;
let scratchDir: string | undefined;

test.beforeAll(() => {
  scratchDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-local-files-'));
});

test.afterAll(() => {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

/** Collects uncaught page errors and console errors for the whole test. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

async function openMeetingsList(page: Page): Promise<void> {
  await page.goto(appUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  await expect(page.getByTestId('meeting-card').first()).toBeVisible({ timeout: 60_000 });
}

/** Chooses a file through the header's file input, as a member would. */
async function openFromComputer(page: Page, file: string): Promise<void> {
  await page.getByLabel('Open a PDF from this computer').setInputFiles(file);
  await expect(page).toHaveURL(/#\/local$/);
  await expect(page.getByRole('heading', { level: 1, name: 'PDF from this computer' })).toBeVisible();
}

/**
 * A one-page "scan" whose image is compressed as JPEG 2000, as scanners and Acrobat's scan
 * optimisation often write them: the left half red, the right half blue (tests/fixtures/colour-halves.jp2,
 * made with OpenJPEG's opj_compress from a 96×64 picture).
 */
async function jpeg2000Scan(): Promise<string> {
  if (!scratchDir) throw new Error('no scratch folder');
  // PDFKit embeds only JPEG and PNG: MuPDF adds the JPEG 2000 stream as it is and a page that shows it.
  const pdf = new mupdf.PDFDocument();
  const image = pdf.addRawStream(readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'colour-halves.jp2')), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: 96,
    Height: 64,
    Filter: 'JPXDecode',
  });
  pdf.insertPage(-1, pdf.addPage([0, 0, 300, 200], 0, { XObject: { Scan: image } }, 'q 300 0 0 200 0 0 cm /Scan Do Q'));
  const file = path.join(scratchDir, 'jpeg2000-scan.pdf');
  writeFileSync(file, pdf.saveToBuffer('').asUint8Array());
  return file;
}

/** A pack as councils make them: a portrait report, a landscape table, a portrait appendix (A4, in points). */
async function mixedOrientationPack(): Promise<string> {
  if (!scratchDir) throw new Error('no scratch folder');
  const doc = createAuthoringDocument({ title: 'Mixed orientation', author: 'Chamber tests', language: 'en-GB', tagged: false });
  const sizes: Array<[number, number]> = [
    [595, 842],
    [842, 595],
    [595, 842],
  ];
  for (const [width, height] of sizes) {
    doc.addPage({ size: [width, height], margin: 0 });
    doc.lineWidth(4).strokeColor('#333333').rect(40, 40, width - 80, height - 80).stroke();
  }
  const file = path.join(scratchDir, 'mixed-orientation.pdf');
  writeFileSync(file, await authoredBytes(doc));
  return file;
}

async function backToMeetings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Back to meetings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  await expect(page.getByTestId('meeting-card').first()).toBeVisible();
}

/** The first 40% of a real PDF: what an interrupted download or a full USB stick leaves behind. */
function truncatedTracemonkey(): string {
  if (!scratchDir) throw new Error('no scratch folder');
  const whole = readFileSync(corpusPath('pdfjs_tracemonkey.pdf'));
  const file = path.join(scratchDir, 'tracemonkey-truncated.pdf');
  writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.4)));
  return file;
}

/** What the page's window sees of a dropped file; the root tsconfig has no DOM types, hence the structural type. */
interface DropWindow {
  Blob: new (parts: unknown[]) => unknown;
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => { defaultPrevented: boolean };
  Uint8Array: Uint8ArrayConstructor;
  atob(data: string): string;
  document: { body: { dispatchEvent(event: unknown): boolean } };
}

/**
 * Drops a file on the window as the operating system would: dragover, then
 * drop, with the file in the DataTransfer. `repeat` builds a big file out of
 * one chunk by reference (Blob parts are not copied), to test the size limit
 * without allocating it. Returns whether the app took the drop (prevented the
 * browser's own "navigate to the file").
 */
async function dropFile(page: Page, name: string, bytes: Buffer, repeat = 1): Promise<boolean> {
  return page.evaluate(
    ({ name, base64, repeat }) => {
      const browser = globalThis as unknown as DropWindow;
      const binary = browser.atob(base64);
      const chunk = new browser.Blob([browser.Uint8Array.from(binary, (char) => char.charCodeAt(0))]);
      const file = new browser.File(Array.from({ length: repeat }, () => chunk), name, { type: 'application/pdf' });
      const dataTransfer = new browser.DataTransfer();
      dataTransfer.items.add(file);
      const init = { dataTransfer, bubbles: true, cancelable: true };
      browser.document.body.dispatchEvent(new browser.DragEvent('dragover', init));
      const drop = new browser.DragEvent('drop', init);
      browser.document.body.dispatchEvent(drop);
      return drop.defaultPrevented;
    },
    { name, base64: bytes.toString('base64'), repeat },
  );
}

const unreadableFiles = [
  'pdfjs_bug1020226_invalid-structure.pdf',
  'pdfjs_REDHAT-1531897-0_bad-xref-bytewidths.pdf',
  'duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf',
];

test('malformed files from this computer show a plain message in the viewer, and the app keeps working', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  // The chooser is a real file input, the next Tab stop after the header's links: keyboard users reach it like any control.
  await page.getByTestId('storage-link').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Open a PDF from this computer')).toBeFocused();
  await expect(page.getByLabel('Open a PDF from this computer')).toHaveAttribute('type', 'file');
  const files = [...unreadableFiles.map(corpusPath), truncatedTracemonkey()];
  for (const [index, file] of files.entries()) {
    await openFromComputer(page, file);
    const viewer = page.getByTestId('document-viewer');
    await expect(viewer, path.basename(file)).toHaveAttribute('data-local-name', path.basename(file));
    const message = viewer.getByTestId('viewer-error');
    await expect(message, path.basename(file)).toBeVisible({ timeout: 30_000 });
    await expect(message).toHaveAttribute('role', 'alert');
    await expect(message).toContainText('could not be opened as a PDF');
    await expect(viewer.getByTestId('pdf-scroll')).toHaveCount(0);
    if (index === 0) await expectNoSeriousAxeViolations(page);
    await backToMeetings(page);
  }
  expect(errors).toEqual([]);
});

test('a scanned page whose image is JPEG 2000 is drawn with its image', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  await openFromComputer(page, await jpeg2000Scan());
  const canvas = '[data-page-number="1"] canvas[data-painted="true"]';
  await expect(page.locator(canvas)).toBeVisible({ timeout: 30_000 });
  // pdf.js decodes JPEG 2000 only with its decoder (WebAssembly, or its JavaScript fallback) fetched from
  // the app; without it the page is drawn blank.
  const [leftRed, leftGreen, leftBlue] = await canvasColourAt(page, canvas, 0.25, 0.5);
  expect(leftRed, 'left half red').toBeGreaterThan(150);
  expect(Math.max(leftGreen, leftBlue), 'left half red').toBeLessThan(110);
  const [rightRed, rightGreen, rightBlue] = await canvasColourAt(page, canvas, 0.75, 0.5);
  expect(rightBlue, 'right half blue').toBeGreaterThan(150);
  expect(Math.max(rightRed, rightGreen), 'right half blue').toBeLessThan(110);
  await backToMeetings(page);
  expect(errors).toEqual([]);
});

test('thumbnails take each page\'s own shape, landscape pages among portrait ones, and turn with the view', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  await openFromComputer(page, await mixedOrientationPack());
  await expect(page.locator('[data-page-number="1"] canvas[data-painted="true"]')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('viewer-sidebar-toggle').click();
  const sidebar = page.getByTestId('pdf-sidebar');
  const shape = async (pageNumber: number) => {
    const thumbnail = sidebar.getByRole('button', { name: `Page ${pageNumber}`, exact: true });
    // Drawn, so the page's size is known by now.
    await expect(thumbnail.locator('canvas')).toBeVisible({ timeout: 30_000 });
    const frame = await thumbnail.locator('.pdf-thumbnail__frame').boundingBox();
    const canvas = await thumbnail.locator('canvas').boundingBox();
    if (!frame || !canvas) throw new Error(`thumbnail ${pageNumber} has no box`);
    // The drawing fills its frame: no page squeezed into another page's proportions.
    expect(Math.abs(canvas.height - frame.height), `page ${pageNumber}: drawing and frame as tall`).toBeLessThanOrEqual(2);
    return frame.width / frame.height;
  };
  await expect.poll(() => shape(2)).toBeCloseTo(842 / 595, 1);
  expect(await shape(1)).toBeCloseTo(595 / 842, 1);
  expect(await shape(3)).toBeCloseTo(595 / 842, 1);

  await page.getByTestId('viewer-rotate').click();
  await expect.poll(() => shape(1)).toBeCloseTo(842 / 595, 1);
  expect(await shape(2)).toBeCloseTo(595 / 842, 1);
  await expectNoSeriousAxeViolations(page);
  await backToMeetings(page);
  expect(errors).toEqual([]);
});

test('a PDF whose page tree refers to itself opens the page pdf.js can reach and says which page cannot be drawn', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  await openFromComputer(page, corpusPath('pdfjs_Pages-tree-refs_circular.pdf'));
  // pdf.js repairs enough of this file to count two pages and draw the first; the loop only bites on page 2.
  await expect(page.getByTestId('pdf-scroll')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 1 of 2');
  await expect(page.locator('[data-page-number="1"] canvas')).toHaveAttribute('data-painted', 'true', { timeout: 30_000 });
  expect(await paintedPixelShare(page)).toBeGreaterThan(0);
  await expect(page.locator('[data-page-number="1"]')).not.toContainText('This page could not be drawn.');

  await page.getByTestId('viewer-next').click();
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 2 of 2');
  await expect(page.locator('[data-page-number="2"]').getByRole('alert')).toHaveText('This page could not be drawn.', { timeout: 30_000 });

  await backToMeetings(page);
  // The viewer reports the page it could not draw (console.error, caught); nothing else may go wrong.
  expect(errors.filter((error) => !error.startsWith('console.error: Page 2 failed to render'))).toEqual([]);
});

test('a password-protected PDF asks for its password, refuses a wrong one and opens with the right one', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  await openFromComputer(page, corpusPath('pdfjs_issue6010_1_password-abc.pdf'));
  const form = page.getByTestId('viewer-password');
  await expect(form).toBeVisible({ timeout: 30_000 });
  await expect(form.getByRole('heading', { name: 'This document is protected with a password' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const password = form.getByLabel('Password');
  await expect(password).toBeFocused();
  await password.fill('not-the-password');
  await form.getByRole('button', { name: 'Open document' }).click();
  await expect(page.getByTestId('viewer-password').getByRole('alert')).toHaveText('That password is not right. Try again.');
  await expectNoSeriousAxeViolations(page);

  await page.getByTestId('viewer-password').getByLabel('Password').fill('abc');
  await page.getByTestId('viewer-password').getByRole('button', { name: 'Open document' }).click();
  await expect(page.getByTestId('pdf-scroll')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 2, name: 'pdfjs_issue6010_1_password-abc.pdf' })).toBeVisible();
  await expect.poll(() => paintedPixelShare(page), { timeout: 30_000, message: 'page 1 has ink' }).toBeGreaterThan(0.005);

  await backToMeetings(page);
  expect(errors).toEqual([]);
});

test('a PDF dropped on the window opens in the viewer; an over-large one is refused with its size', async ({ page }) => {
  const errors = watchForErrors(page);
  await openMeetingsList(page);
  const minutes = 'epa_planning-commission_minutes_2020-01-27.pdf';
  expect(await dropFile(page, minutes, readFileSync(corpusPath(minutes)))).toBe(true);
  await expect(page).toHaveURL(/#\/local$/);
  await expect(page.getByTestId('document-viewer')).toHaveAttribute('data-local-name', minutes);
  await expect(page.getByRole('heading', { level: 2, name: minutes })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => paintedPixelShare(page), { timeout: 30_000, message: 'page 1 has ink' }).toBeGreaterThan(0.005);

  // 501 chunks of 1 MB: just over the 500 MB limit.
  expect(await dropFile(page, 'huge.pdf', Buffer.alloc(1_000_000, 0x20), 501)).toBe(true);
  const refusal = page.getByTestId('document-viewer').getByTestId('viewer-error');
  await expect(refusal).toBeVisible();
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal).toContainText('huge.pdf is 501 MB. Chamber opens files up to 500 MB.');
  await expect(page.getByTestId('pdf-scroll')).toHaveCount(0);

  // Files from this computer live in memory only: after a reload the screen says so instead of showing a stale file.
  await page.reload();
  await expect(page.getByTestId('local-none')).toContainText('No file from this computer is open.');
  await backToMeetings(page);
  expect(errors).toEqual([]);
});
