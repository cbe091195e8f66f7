/** The public side's settings: documented defaults, bad values refused with a reason, and the sheets a copy takes. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_PUBLIC_SETTINGS, PublicSettings, sheetsPerCopy } from '../../collab-server/public/public-settings.ts';
import { tickStep } from '../../collab-server/public/pages/PaperSavedChart.tsx';
import { runCli, serverCliArgs } from '../support/server-process.ts';

test('the defaults are the documented ones, and the issue’s formula (a sheet per page)', () => {
  assert.deepEqual(DEFAULT_PUBLIC_SETTINGS, {
    timeZone: 'Europe/London',
    publicCopiesPerMeeting: 5,
    costPerSheet: 0.07,
    currency: 'GBP',
    gramsCo2ePerSheet: 4.6,
    printedSides: 'single',
  });
  assert.equal(sheetsPerCopy(7, DEFAULT_PUBLIC_SETTINGS.printedSides), 7);
  assert.equal(sheetsPerCopy(7, 'double'), 4);
  assert.equal(sheetsPerCopy(8, 'double'), 4);
});

test('a base URL loses its trailing slash; anything but a plain http(s) address, zone or currency is refused', () => {
  assert.equal(PublicSettings.parse({ baseUrl: 'https://meetings.example.gov.uk/' }).baseUrl, 'https://meetings.example.gov.uk');
  assert.equal(PublicSettings.parse({ timeZone: 'Europe/Oslo', currency: 'NOK' }).currency, 'NOK');
  for (const bad of [
    { baseUrl: 'ftp://example.org' },
    { baseUrl: 'https://example.org/?page=1' },
    { timeZone: 'Mars/Olympus_Mons' },
    { currency: 'gbp' },
    { currency: 'XYZ' },
    { costPerSheet: -1 },
    { publicCopiesPerMeeting: 1.5 },
    { printedSides: 'triple' },
    { unknownSetting: true },
  ]) {
    assert.equal(PublicSettings.safeParse(bad).success, false, JSON.stringify(bad));
  }
});

test('the server CLI names the flag of a bad public setting, and creates nothing', async () => {
  const dataDir = path.join(os.tmpdir(), `chamber-never-created-${process.pid}`);
  const result = await runCli(serverCliArgs('--data', dataDir, '--time-zone', 'Mars/Olympus_Mons'));
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--time-zone: an IANA time zone/);
  const cost = await runCli(serverCliArgs('--data', dataDir, '--paper-cost-per-sheet', 'ten pence'));
  assert.equal(cost.code, 2);
  assert.match(cost.stderr, /--paper-cost-per-sheet must be a non-negative number/);
  assert.equal(existsSync(dataDir), false, 'no data folder was made');
});

test('the chart’s axis steps are round numbers that divide the tallest bar into about four', () => {
  assert.equal(tickStep(0), 1);
  assert.equal(tickStep(3), 1);
  assert.equal(tickStep(270), 100);
  assert.equal(tickStep(36_720), 10_000);
  assert.equal(tickStep(110_160), 50_000);
});
