/**
 * OParl's value formats as the server writes and reads them, and the test
 * validator that reads the specification's schemas: it accepts the
 * specification's examples except for their known defects (README, "Known
 * defects"), and refuses what implementers most often get wrong.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FilterDateTime, epochSeconds, oparlDateIn, oparlDateTime } from '../../collab-server/oparl/oparl-format.ts';
import { publicFileName } from '../../collab-server/public/public-files.ts';
import { loadOparlValidator, oparlSchemaDir } from '../support/oparl-validator.ts';

const validator = loadOparlValidator();
const examplesDir = path.join(oparlSchemaDir, '..', 'examples');
const example = (name: string) => JSON.parse(readFileSync(path.join(examplesDir, name), 'utf8')) as Record<string, unknown>;

test('date-times are written as yyyy-mm-ddThh:mm:ss+00:00, never with Z or fractions', () => {
  assert.equal(oparlDateTime('2026-12-03T18:30:05.987Z'), '2026-12-03T18:30:05+00:00');
  assert.equal(oparlDateTime('2026-12-03T19:30:05+01:00'), '2026-12-03T18:30:05+00:00');
  assert.throws(() => oparlDateTime('yesterday'));
  assert.equal(epochSeconds('2026-12-03T18:30:05.987Z'), epochSeconds('2026-12-03T18:30:05+00:00'));
  // A date is the council's local day.
  assert.equal(oparlDateIn('Europe/London')('2026-07-01T23:30:00Z'), '2026-07-02');
  assert.equal(oparlDateIn('Europe/London')('2026-01-01T23:30:00Z'), '2026-01-01');
});

test('filter values: OParl form, Z and fractions accepted; a + that arrived as a space is read back; other text refused', () => {
  assert.equal(FilterDateTime.parse('2026-01-08T14:28:31+01:00'), '2026-01-08T14:28:31+01:00');
  assert.equal(FilterDateTime.parse('2026-01-08T14:28:31 01:00'), '2026-01-08T14:28:31+01:00');
  assert.equal(FilterDateTime.parse('2026-01-08T14:28:31.5Z'), '2026-01-08T14:28:31.5Z');
  for (const bad of ['2026-01-08', '2026-01-08T14:28:31', 'yesterday', '2026-13-08T14:28:31Z', '']) {
    assert.equal(FilterDateTime.safeParse(bad).success, false, bad);
  }
});

test('public file names end in .pdf and lose characters file systems refuse', () => {
  assert.equal(publicFileName({ name: 'Officer report: 14 Harbour Road' }), 'Officer report- 14 Harbour Road.pdf');
  assert.equal(publicFileName({ name: 'Agenda.PDF' }), 'Agenda.PDF');
  assert.equal(publicFileName({ name: 'a/b\\c\u0000d' }), 'a-b-c-d.pdf');
  assert.equal(publicFileName({ name: '***' }), 'paper.pdf');
});

test("the validator accepts the specification's examples, except for their documented defects", () => {
  const problems = Object.fromEntries(readdirSync(examplesDir).map((file) => [file, validator.problems(example(file))]));
  assert.deepEqual(Object.keys(problems).sort(), [
    'Body-01.json', 'File-01.json', 'Location-01.json', 'Meeting-01.json', 'Organization-01.json', 'Paper-01.json', 'Person-01.json', 'System-01.json',
  ]);
  for (const file of ['File-01.json', 'Location-01.json', 'Organization-01.json', 'Paper-01.json', 'Person-01.json', 'System-01.json']) {
    assert.deepEqual(problems[file], [], file);
  }
  assert.ok(problems['Body-01.json']!.some((p) => p.includes('legislativeTermList')), 'Body-01 lacks legislativeTermList');
  assert.ok(problems['Meeting-01.json']!.some((p) => p.includes('/agendaItem/0') && p.includes('order')), 'Meeting-01 has an item without order');
});

test('the validator refuses what implementers get wrong', () => {
  const file = example('File-01.json');
  const refused = (object: unknown, why: string) => assert.notDeepEqual(validator.problems(object), [], why);
  assert.deepEqual(validator.problems(file), []);
  refused({ ...file, modified: '2013-01-04T06:54:13.000Z' }, 'toISOString output');
  refused({ ...file, created: '2013-01-04T07:54:13Z' }, 'a Z suffix');
  refused({ ...file, date: '2013-01-04T00:00:00+01:00' }, 'a date-time where a date belongs');
  refused({ ...file, date: '2013-02-30' }, 'no such day');
  const { created: _created, ...withoutCreated } = file;
  refused(withoutCreated, 'created is mandatory on every object');
  const { accessUrl: _accessUrl, ...withoutAccessUrl } = file;
  refused(withoutAccessUrl, 'File requires accessUrl');
  refused({ ...file, type: 'oparl:File' }, 'the type is the full namespace URL');
  refused({ ...file, accessUrl: '/files/57737.pdf' }, 'URLs are absolute');
  refused({ ...file, size: '82930' }, 'size is an integer');
  const paper = example('Paper-01.json');
  refused({ ...paper, mainFile: withoutAccessUrl }, 'embedded objects are checked against their own schema');
  refused({ ...example('System-01.json'), body: 42 }, 'an external list is the URL of the list');
  // A deleted object needs only its identity and times.
  assert.deepEqual(validator.problems({ id: file.id, type: file.type, created: file.created, modified: file.modified, deleted: true }), []);
  refused({ id: file.id, type: file.type, deleted: true }, 'a deleted object keeps created and modified');
  refused({ ...example('Body-01.json'), legislativeTermList: 'https://oparl.example.org/bodies/0/terms', agendaItem: undefined }, 'Body lists 1.1 requires');
});
